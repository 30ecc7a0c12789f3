"""The printed binder's layout: every value beside its own label, task lists as boxes.

One real ``mkdocs build`` of the example handbook plus stress units (very long
values, a value longer than a page, long lists, an empty list) renders the
binders; the print HTML of each unit says which value belongs to which label,
and the word positions in the PDF (pdfplumber) say where each was drawn. See
``placement.py`` for the rule.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
import weasyprint
from hostile import full_unit, unit_yaml
from paper import off_paper
from placement import (
    Row,
    call_people,
    html_rows,
    misplaced,
    numbers_apart,
    pdf_words,
    place,
)
from pypdf import PdfReader
from sitebuild import (
    EXAMPLE_DAY,
    REPO,
    SharedBuild,
    copy_project,
    mkdocs_build,
    page_content,
    squash,
)

from handbook import load_handbook
from handbook.binder.document import Inputs, stylesheet, unit_document
from handbook.binder.pdf import render_binder, render_pdf
from handbook.data.project import Handbook
from handbook.history.stamp import DRAFT, Stamp, current_stamp
from handbook.labels import field_label, labels
from handbook.render.card import call_order
from handbook.render.values import fields_html
from handbook.routes import PDF_CACHE_DIR

pytestmark = [pytest.mark.build, pytest.mark.pdf]

L = labels()
CONTINUED = L["binder"]["continued"]
HEADER_PT = 45.0  # the page-head band (top margin is 20 mm = 57 pt)

PARAGRAPH = ("Kontrollera att varje pappersjournal har patientens namn och "
             "personnummer, datum och signatur innan den läggs i lådan. ")
LONG_TEXT = "\n\n".join(f"Stycke {n}: {PARAGRAPH * 5}" for n in range(1, 41))


def _indent(text: str, spaces: int) -> str:
    return "\n".join(" " * spaces + line if line else "" for line in text.splitlines())


def _records(items: list[dict[str, str]], spaces: int) -> str:
    """A YAML list of mappings, indented by ``spaces``."""
    lines = []
    for item in items:
        for number, (key, value) in enumerate(item.items()):
            lines.append(" " * spaces + ("- " if number == 0 else "  ") + f"{key}: {value}")
    return "\n".join(lines)


DOCUMENT = """document:
  version: "1.0"
  owner: Anna Andersson, verksamhetschef
  approved: 2026-10-01
  approved_by: Anna Andersson
"""

# Units that push the layout: the example's own values are short.
STRESS_UNITS = {
    # A value longer than a page, in the middle of a section.
    "stress-over-sidbrytning": f"""name: Vårdcentralen Stresstest sidbrytning
extends: [narhalsan]
{DOCUMENT}
routines:
  documentation:
    responsible: Respektive vårdpersonal
    text: |
{_indent(LONG_TEXT, 6)}
    template_location: Expeditionen, hylla 1
""",
    # Very long values of every shape, and an empty list.
    "stress-langa-varden": f"""name: {"Vårdcentralen med ett mycket långt namn " * 3}
extends: [fyrbodal]
organisation: {"Förvaltningen för primärvård och specialiserad vård " * 3}
address: {"Mycket långa gatan 123, uppgång B, " * 6}
{DOCUMENT}
contacts:
  - id: lang-roll
    role: {"Samordnande sjuksköterska med ansvar för kontinuitet " * 2}
    name: {"Anna-Karin Johansson-Lindqvist " * 3}
    phone: 031-345 00 01
    alt_phone: 070-123 45 67
    call_order: 1
routines:
  documentation:
    keywords: []
    template_location: {"Expeditionen, hylla 1, den gula pärmen längst till vänster " * 8}
  calendar:
    printed_by: {"Medicinsk sekreterare i receptionen eller den som ersätter " * 4}
    print_time: "15:00"
    print_path: {"Sök/välj patient → Vårdenhetslistor → Bokningar → " * 6}
    storage: Receptionen
  prescriptions:
    pad_location: Låst skåp
    pad_ordering: {"Verksamhetschefen beställer nya receptblock, minst tjugo i lager, " * 5}
    links:
{_records([{"title": f"Länk nummer {n} till en rutin med ett långt namn",
            "url": f"https://exempel.se/rutiner/{'mycket-lang-adress-' * 6}{n}"}
           for n in range(1, 4)], 6)}
read_copy:
  monthly_start_by: {"Undersköterska i receptionen enligt schema " * 5}
  computers:
{_records([{"id": f"dator-{n}", "location": f"Rum {n}", "name": f"VGR{41200 + n}"}
           for n in range(1, 30)], 4)}
""",
}


# The longest unbroken word and address the layout must break where a reader expects.
LONG_WORD = "Kontinuitetsplaneringsadministrationsansvarighetsdokumentationssamordnaren"
LONG_URL = ("https://intranat.exempel.se/verksamhet/narhalsan/kontinuitetsplanering/"
            "blanketter-och-rutiner/" + "mycket-lang-adress-utan-mellanslag-" * 4 + "slut.pdf")


def _widest_unit() -> str:
    """A unit with every field filled in (the widest tables: every column of every
    list), each text holding a long unbroken word, every address a long one."""
    def text(path: str, kind: str) -> str:
        return f"Text med {LONG_WORD} och fler ord efter det"
    written = unit_yaml(full_unit(text)).replace("https://exempel.se/sida", LONG_URL)
    return f"extends: [fyrbodal]\n{written}"


STRESS_UNITS["stress-bredast"] = _widest_unit()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory,
          example_site: SharedBuild) -> tuple[Path, Handbook]:
    """The example with the stress units. The example's binders come from the run's
    shared build (its PDF cache, copied), so only the stress units' binders render."""
    project = copy_project(tmp_path_factory.mktemp("placement"))
    shutil.copytree(example_site.project / PDF_CACHE_DIR, project / PDF_CACHE_DIR)
    for unit_id, text in STRESS_UNITS.items():
        (project / "units" / f"{unit_id}.yml").write_text(text, encoding="utf-8")
    result = mkdocs_build(project, pdf=True, env={"HANDBOOK_TODAY": EXAMPLE_DAY})
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"PDF binders: rendered {len(STRESS_UNITS)} " in result.stderr, result.stderr
    return project, load_handbook(project / "units", base=project)


def expected_rows(project: Path, book: Handbook, unit_id: str) -> list[Row]:
    """The label/value rows of the unit's print HTML, as the build made it."""
    [unit] = [u for u in book.units if u.id == unit_id]
    inputs = Inputs([], DRAFT, "https://kontinuitet.intranat.example/",
                    dt.date.fromisoformat(EXAMPLE_DAY),
                    group_names=book.group_names())  # as build_binders passes them
    return html_rows(unit_document(unit, inputs).html)


UNIT_IDS = sorted(p.stem for p in (REPO / "units").glob("[!_]*.yml")) + sorted(STRESS_UNITS)


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_every_value_starts_on_its_labels_first_line(built: tuple[Path, Handbook],
                                                     unit_id: str) -> None:
    project, book = built
    rows = expected_rows(project, book, unit_id)
    [unit] = [u for u in book.units if u.id == unit_id]
    # The check covers the cover facts, every field list and the whole call list.
    # (A deputy with a number is a row of its own, beside the deputy's name.)
    deputies = [c for c in call_order(unit.data) if c.get("deputy") and c.get("deputy_phone")]
    assert len([r for r in rows if r.kind == "calls"]) == \
        len(call_order(unit.data)) + len(deputies)
    assert [r.label for r in rows[:2]] == [L["fields"]["organisation"], L["fields"]["region"]] \
        or rows[0].label == L["fields"]["version"]
    placed = place(rows, pdf_words(project / "site" / "pdf" / f"{unit_id}.pdf"))
    assert misplaced(placed) == []


def _document_html(book: Handbook, unit_id: str) -> str:
    [unit] = [u for u in book.units if u.id == unit_id]
    inputs = Inputs([], DRAFT, "https://kontinuitet.intranat.example/",
                    dt.date.fromisoformat(EXAMPLE_DAY), group_names=book.group_names())
    return unit_document(unit, inputs).html


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_every_number_in_the_call_list_stands_beside_its_own_name(
        built: tuple[Path, Handbook], unit_id: str) -> None:
    """A contact's numbers on its own line or under it, the deputy's beside the deputy:
    never a number level with another name (issue #26)."""
    project, book = built
    people = call_people(_document_html(book, unit_id))
    assert people and all(p.numbers for p in people if not p.start.startswith(DEPUTY))
    card = [w for w in pdf_words(project / "site" / "pdf" / f"{unit_id}.pdf") if w.page == 1]
    assert numbers_apart(people, card) == []


DEPUTY = L["unit"]["card_deputy"]
# The call list's markup until issue #26: the deputy a line inside the contact's cell,
# so the contact's second number stood level with the deputy's name.
OLD_CALLS = ('<div class="hb-action-card"><table class="hb-calls"><tbody><tr><th scope="row">'
             '<span class="hb-call-role">Enhetschef och kontinuitetsansvarig</span> '
             '<span class="hb-call-name">Johanna Eklöf</span> <span class="hb-call-deputy">'
             f'{DEPUTY}: Nora Haddad, barnsjuksköterska <a class="hb-card-number" '
             'href="tel:031-3459064">031-345 90 64</a></span></th><td class="hb-call-number">'
             '<a href="tel:031-3459061">031-345 90 61</a> <a class="hb-call-alt" '
             'href="tel:0702845511">0702845511</a></td></tr></tbody></table></div>')


def test_the_call_check_finds_a_number_beside_another_name(tmp_path: Path) -> None:
    pdf = _render(OLD_CALLS, stylesheet() + ".hb-call-deputy { display: block; }", tmp_path)
    problems = numbers_apart(call_people(OLD_CALLS), pdf_words(pdf))
    assert problems == ["page 1: '0702845511' of 'Enhetschef och kontinuitetsansvarig' "
                        f"stands beside or under '{DEPUTY}:', another name"]


def test_an_empty_list_leaves_its_row_out(built: tuple[Path, Handbook]) -> None:
    """Nothing known (``keywords: []``): no bare label and no lone dash that may mean
    "not needed" or "unknown" (issue #26); the routine's other rows stay, placed."""
    project, book = built
    rows = expected_rows(project, book, "stress-langa-varden")
    found = [r.label for r in rows]
    assert field_label("keywords") not in found
    assert field_label("template_location") in found
    assert L["unit"]["no_value"] not in {r.value.strip() for r in rows}
    placed = place(rows, pdf_words(project / "site" / "pdf" / "stress-langa-varden.pdf"))
    [item] = [p for p in placed if p.row.label == field_label("template_location")]
    assert item.value is not None


def _head(words: list, page: int) -> str:  # type: ignore[type-arg]
    return " ".join(w.text for w in words if w.page == page and w.top < HEADER_PT)


def test_a_value_across_pages_says_whose_it_is_on_each_new_page(
        built: tuple[Path, Handbook]) -> None:
    project, _book = built
    words = pdf_words(project / "site" / "pdf" / "stress-over-sidbrytning.pdf")
    label = field_label("text")
    first = min(w.page for w in words if w.text == "Stycke" and w.top > HEADER_PT)
    last = max(w.page for w in words if w.text == "Stycke" and w.top > HEADER_PT)
    assert last - first >= 2, "the stress value should run over at least three pages"
    marked = {w.page for w in words if w.text == CONTINUED and w.top < HEADER_PT}
    # Exactly the pages the value runs onto say "forts. <label>"; no other page does.
    assert marked == set(range(first + 1, last + 1))
    for page in marked:
        assert _head(words, page).count(f"{CONTINUED} {label}") == 1, _head(words, page)


@pytest.mark.parametrize("unit_id", sorted(p.stem for p in (REPO / "units").glob("[!_]*.yml")))
def test_no_page_of_the_example_claims_a_continued_value(built: tuple[Path, Handbook],
                                                         unit_id: str) -> None:
    """The example's values are short: a "forts." head would be a wrong claim."""
    project, _book = built
    words = pdf_words(project / "site" / "pdf" / f"{unit_id}.pdf")
    assert [w.page + 1 for w in words if w.text == CONTINUED and w.top < HEADER_PT] == []


# --- the check itself: it finds the float layout's drift ---------------------------------------

# The label/value CSS the binder used until issue 9: floats. A wrapped label let
# the following values float up one row.
FLOAT_CSS = """
.hb-fields { margin: 0 0 3mm; }
.hb-fields::after { content: ""; display: block; clear: both; }
.hb-fields dt { font-weight: bold; float: left; clear: left; width: 48mm; margin: 0 0 1mm; }
.hb-fields dd { margin: 0 0 1mm 52mm; }
"""
CALENDAR = [(field_label("printed_by"), "Medicinsk sekreterare i receptionen"),
            (field_label("print_time"), "15:00"),
            (field_label("print_path"), "Sök/välj patient → Vårdenhetslistor → Bokningar"),
            (field_label("storage"), "Receptionen, röd mapp Morgondagens bokningar")]
LONG_LABELS = [("Ett mycket långt fältnamn som bryts över flera rader i kolumnen " * 2,
                "Kort värde"),
               ("Kort", "Ett värde " * 40),
               ("Ännu ett långt fältnamn som bryts över tre eller fyra rader " * 2, "Ja")]


def _render(body: str, css: str, tmp_path: Path) -> Path:
    html = f'<html lang="sv"><head><meta charset="utf-8"><style>{css}</style></head>' \
           f"<body>{body}</body></html>"
    target = tmp_path / "fields.pdf"
    weasyprint.HTML(string=html).write_pdf(target)
    return target


def _float_markup(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<dl class="hb-fields">{cells}</dl>'


def test_the_check_finds_the_float_layouts_drift(tmp_path: Path) -> None:
    body = _float_markup(CALENDAR)
    problems = misplaced(place(html_rows(body), pdf_words(_render(body, FLOAT_CSS, tmp_path))))
    # Values stand one row up, and the last label is left bare.
    assert any(" stands " in p for p in problems), problems
    assert any(f"{field_label('storage')!r} has nothing beside it" in p for p in problems)


@pytest.mark.parametrize("rows", [CALENDAR, LONG_LABELS], ids=["calendar", "long-labels"])
def test_label_value_tables_hold_with_long_labels_and_values(
        rows: list[tuple[str, str]], tmp_path: Path) -> None:
    body = str(fields_html(rows)) * 3
    pdf = _render(body, stylesheet(), tmp_path)
    expected = html_rows(body)
    assert len(expected) == 3 * len(rows)
    assert misplaced(place(expected, pdf_words(pdf))) == []


# --- task lists: boxes to tick, on the site and on paper ----------------------------------------

CHAPTER = REPO / "docs" / "kapitel" / "forberedande-atgarder.md"
TASK = re.compile(r"^\s*[-*] \[ \] (.+)$", re.M)
BOX_PT = (8.0, 12.0)  # the drawn box is 3.6 mm


def _tasks() -> list[str]:
    found = TASK.findall(CHAPTER.read_text(encoding="utf-8"))
    assert found, f"{CHAPTER.name} has no task list to test"
    return [squash(re.sub(r"[*_`]", "", t)) for t in found]


def test_task_lists_are_named_checkboxes_on_the_site(built: tuple[Path, Handbook]) -> None:
    project, _book = built
    page = (project / "site" / "kapitel" / CHAPTER.stem / "index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<input type="checkbox" aria-label="([^"]*)"', page)
    assert [html.unescape(b) for b in boxes] == _tasks()
    assert "[ ]" not in page_content(page)


def test_task_lists_print_as_boxes_in_the_binder(built: tuple[Path, Handbook]) -> None:
    """The region chapters' task lists, printed once in handbok.pdf since issue #26 (a
    unit binder sums the routine up on one page)."""
    project, _book = built
    pdf = project / "site" / "pdf" / "handbok.pdf"
    words = pdf_words(pdf)
    assert not any("[" in w.text and "]" in w.text for w in words)
    tasks = _tasks()
    with pdfplumber.open(pdf) as document:
        for task in tasks:
            first = task.split()[:3]
            [start] = [i for i, w in enumerate(words)
                       if [x.text for x in words[i:i + 3]] == first]
            word = words[start]
            page = document.pages[word.page]
            boxes = [r for r in page.rects if BOX_PT[0] <= r["width"] <= BOX_PT[1]
                     and abs(r["width"] - r["height"]) < 0.5 and r["x1"] <= word.x0
                     and abs(r["top"] - word.top) < 4.0]
            # One box (its border may be drawn as two rectangles, outer and inner edge).
            assert boxes, f"{task!r}: no box beside it on page {word.page + 1}"
            assert max(b["x0"] for b in boxes) - min(b["x0"] for b in boxes) < 2.0


# --- hostile text in the running header (issue 11) -----------------------------------------------

HOSTILE_NAMES = {
    "carriage return": "Vårdcentralen Test\r} html { display: none } @page { x: \"",
    "line break": "Vårdcentralen Test\n} body { color: white } .x { y: \"",
}


HOSTILE_INPUTS = Inputs([], DRAFT, None, dt.date(2026, 11, 27))


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory,
          example_handbook: Handbook) -> tuple[Stamp, list[str]]:
    """vc-angen's binder as the hostile-name tests render it, with its own name, rendered
    once for the module: the stamp it was filled with (each test fills its binder with
    the same) and its words."""
    unit = example_handbook.unit("vc-angen")
    stamp = current_stamp(REPO)
    path = tmp_path_factory.mktemp("plain") / "plain.pdf"
    path.write_bytes(render_pdf(unit_document(unit, HOSTILE_INPUTS).filled(stamp)))
    # (A contents line's leader dots are one "word" whose length may vary.)
    return stamp, [w.text for w in pdf_words(path) if "...." not in w.text]


@pytest.mark.parametrize("name", list(HOSTILE_NAMES.values()), ids=list(HOSTILE_NAMES))
def test_a_control_character_in_the_name_cannot_become_print_css(
        name: str, tmp_path: Path, example_handbook: Handbook,
        plain: tuple[Stamp, list[str]]) -> None:
    """The name goes into the binder's running header as a CSS string: a control
    character there once ended the string, and the rest of the name became print CSS
    that hid most of the binder."""
    unit = example_handbook.unit("vc-angen")
    data = {**unit.data, "name": name}  # a plain dict is all the renderer reads
    hostile = type(unit)(unit.id, unit.path, data, unit.layers,  # type: ignore[arg-type]
                         unit.groups)
    stamp, plain_words = plain
    target = tmp_path / "hostile.pdf"
    target.write_bytes(render_pdf(unit_document(hostile, HOSTILE_INPUTS).filled(stamp)))
    hostile_words = {w.text for w in pdf_words(target)}
    # Every word of the normal binder is still drawn (nothing hidden or recoloured away)…
    assert set(plain_words) - hostile_words - set(unit.name.split()) == set()
    # …and the running header shows the name as text on the pages after the cover (the
    # card and the contents; then a page may be left empty, double-sided).
    with pdfplumber.open(target) as document:
        for page in document.pages[1:3]:
            head = " ".join(w["text"] for w in page.extract_words() if w["top"] < HEADER_PT)
            assert "Vårdcentralen Test" in head, head
            assert "display: none" in head or "color: white" in head or "visibility" in head


# Double-sided (the default binder.sides): the binding margin is on the punched edge,
# the left of a right-hand (odd) page and the right of a left-hand one, and each
# chapter starts on a right-hand page; single-sided it is on the left of every page.
BINDING_PT = 25 / 25.4 * 72
EDGE_SLACK_PT = 0.5  # glyph boxes may start a hair left of their line box


def _outside_binding_margin(pdf: Path, double_sided: bool) -> list[str]:
    boxes = [page.mediabox for page in PdfReader(pdf).pages]
    widths = [float(box.width) for box in boxes]
    wrong = []
    for word in pdf_words(pdf):
        number = word.page + 1
        if widths[word.page] > float(boxes[word.page].height):
            # A landscape form is punched along its top (paper.py).
            if word.top < BINDING_PT - EDGE_SLACK_PT:
                wrong.append(f"page {number}: {word.text!r} {word.top / 72 * 25.4:.1f} mm "
                             "from the top edge")
            continue
        left_binding = not double_sided or number % 2 == 1
        margin = word.x0 if left_binding else widths[word.page] - word.x1
        if margin < BINDING_PT - EDGE_SLACK_PT:
            side = "left" if left_binding else "right"
            wrong.append(f"page {number}: {word.text!r} {margin / 72 * 25.4:.1f} mm from the "
                         f"{side} edge")
    return wrong


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_double_sided_binders_keep_the_binding_margin_on_the_punched_edge(
        built: tuple[Path, Handbook], unit_id: str) -> None:
    pdf = built[0] / "site" / "pdf" / f"{unit_id}.pdf"
    assert _outside_binding_margin(pdf, double_sided=True) == []
    # The cover tells the printer so: single-sided, every even page's text is punched.
    cover = " ".join(w.text for w in pdf_words(pdf) if w.page == 0)
    assert L["binder"]["cover_print_duplex"] in cover, cover


@pytest.mark.parametrize("unit_id", UNIT_IDS)
def test_nothing_is_drawn_off_the_paper(built: tuple[Path, Handbook], unit_id: str) -> None:
    """Every glyph, rule and box of every page lies in the printable
    area; running heads and feet in the top and bottom margins, never in the punched
    one (a landscape blank form is punched along its top). See ``paper.py``."""
    wrong = off_paper(built[0] / "site" / "pdf" / f"{unit_id}.pdf", double_sided=True)
    assert wrong == [], f"{len(wrong)} drawn off the paper, e.g. {wrong[:5]}"


def test_single_sided_binders_draw_nothing_off_the_paper(built: tuple[Path, Handbook],
                                                        tmp_path: Path) -> None:
    project, book = built
    inputs = Inputs([], DRAFT, None, dt.date.today(), group_names=book.group_names(),
                    duplex=False)
    document = unit_document(book.unit("stress-bredast"), inputs)
    pdf, _own = render_binder(document.filled(current_stamp(project)), "")
    (tmp_path / "enkel.pdf").write_bytes(pdf)
    assert off_paper(tmp_path / "enkel.pdf", double_sided=False) == []


def _chapter_starts(pdf: Path) -> dict[str, int]:
    """The page (from 1) of each bookmark of level 1 and 2: the parts, the card and the
    chapters."""
    reader = PdfReader(pdf)
    found: dict[str, int] = {}
    for item in reader.outline:
        for child in [item] if not isinstance(item, list) else item:
            if not isinstance(child, list):
                page = reader.get_destination_page_number(child)
                assert child.title is not None and page is not None
                found[child.title] = page + 1
    return found


@pytest.mark.parametrize("unit_id", ["vc-angen", "stress-langa-varden"])
def test_every_chapter_starts_on_a_right_hand_page(built: tuple[Path, Handbook],
                                                   unit_id: str) -> None:
    starts = _chapter_starts(built[0] / "site" / "pdf" / f"{unit_id}.pdf")
    # The two parts, the card, the print chapters ("1 Kontakter och ledning" …) and,
    # last, the region routine in brief (binder/chapters.py).
    region = [title for title in starts if title.endswith(L["print"]["chapters"]["region"])]
    chapters = [title for title in starts if re.match(r"\d+ ", title)]
    assert len(region) == 1 and len(chapters) >= 5 and chapters[-1] == region[0]
    # The action card is the back of the cover (page 2), the contents page 3; every
    # chapter after them starts on a right-hand page. Not the one page of the region
    # routine in brief, which never changes with a chapter of the unit's: it may take
    # the back of the last chapter's last sheet rather than leave a page empty.
    card = [title for title in starts if title.startswith(L["unit"]["action_card"])]
    assert [starts[title] for title in card] == [2]
    assert {title: page for title, page in starts.items()
            if page % 2 == 0 and title not in card and page != 2 and title not in region} == {}
    # A page left empty for it says so and shows no chapter's number, stamp or validity.
    # (Its words as pdfplumber reads them, kept from the tests above.)
    pages: dict[int, list[str]] = {}
    for word in pdf_words(built[0] / "site" / "pdf" / f"{unit_id}.pdf"):
        pages.setdefault(word.page, []).append(word.text)
    blank = [text for words in pages.values()
             if L["binder"]["blank_page"] in (text := " ".join(words))]
    assert blank and set(blank) == {L["binder"]["blank_page"]}


def test_single_sided_binders_keep_the_binding_margin_on_the_left(
        built: tuple[Path, Handbook], tmp_path: Path) -> None:
    project, book = built
    unit = book.unit("vc-angen")
    inputs = Inputs([], DRAFT, None, dt.date.today(), group_names=book.group_names(),
                    duplex=False)
    document = unit_document(unit, inputs)
    assert document.blank == ""
    pdf, own = render_binder(document.filled(current_stamp(project)), "")
    (tmp_path / "enkel.pdf").write_bytes(pdf)
    assert _outside_binding_margin(tmp_path / "enkel.pdf", double_sided=False) == []
    assert own == len(PdfReader(tmp_path / "enkel.pdf").pages)
    cover = " ".join(w.text for w in pdf_words(tmp_path / "enkel.pdf") if w.page == 0)
    assert L["binder"]["cover_print_simplex"] in cover, cover
    # No page is left empty: its words as pdfplumber read them for the margins above.
    pages: dict[int, list[str]] = {}
    for word in pdf_words(tmp_path / "enkel.pdf"):
        pages.setdefault(word.page, []).append(word.text)
    assert len(pages) == own  # every page has words
    assert not any(L["binder"]["blank_page"] in " ".join(words) for words in pages.values())
