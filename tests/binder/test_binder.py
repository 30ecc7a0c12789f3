"""The printed binders: real ``mkdocs build`` runs with PDFs on, read back with pypdf.

The example handbook is the run's shared build (tests/conftest.py, ``example_site``);
the builds that change something and build again are in test_binder_builds.py.
Expected texts come from the unit data, the labels and the templates, never from the
PDFs themselves.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import stat
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import PIL.Image
import pytest
import weasyprint.urls
import yaml
import zxingcpp
from pypdf import PdfReader
from sitebuild import (
    EXAMPLE_DAY,
    REPO,
    SharedBuild,
    bare_text,
    example_unit_ids,
    expected_texts,
    mkdocs_build,
    require_tool,
    squash,
)

from handbook import Handbook, routes
from handbook.binder.build import MANIFEST
from handbook.binder.chapters import PrintChapter, fixes, print_chapters
from handbook.binder.combine import folio_text
from handbook.binder.document import blank_page_document
from handbook.binder.pagetext import page_texts
from handbook.binder.pdf import (
    APPENDIX_PAGE as APPENDIX_PLACEHOLDER,
)
from handbook.binder.pdf import (
    Job,
    Rendered,
    RenderError,
    appendix_layout,
    render_binder,
    render_pdf,
    run_job,
)
from handbook.data.dates import valid_until
from handbook.data.project import Unit
from handbook.history.stamp import DRAFT
from handbook.labels import labels
from handbook.plan.printed import printed_forms
from handbook.plan.status import unit_status
from handbook.render.card import call_order
from handbook.render.pages import units_by_name
from handbook.render.phones import display_phone
from handbook.render.sections import unit_parts

pytestmark = [pytest.mark.build, pytest.mark.pdf]

L: dict[str, Any] = labels()
BINDER = REPO / "handbook" / "binder"
CACHE_DIR, PDF_DIR = routes.PDF_CACHE_DIR, routes.PDF_DIR
BINDER_HTML = (BINDER / "templates" / "binder.html.j2").read_text(encoding="utf-8")
# The language the binder's HTML declares; WeasyPrint copies it into the catalog.
HTML_LANG = re.search(r'<html lang="([^"]+)"', BINDER_HTML).group(1)  # type: ignore[union-attr]
# The appendix of region chapters is numbered apart: "Bilaga 2".
APPENDIX_PAGE = f"{L['binder']['appendix_page']} "
LEADER_LINE = re.compile(r"^(.+?)\s*\.{4,}\s*(\d+)$")
# A contents line: title, then a reference as the footers give it ("3·2" for a
# chapter's or a section's page, "Blankett 4" for a blank form, "ii" in the front
# matter; in the whole handbook, "Bilaga 2" for a region chapter).
SEP = L["print"]["separator"]
REFERENCE_LINE = re.compile(rf"^(.+?)\s*\.{{4,}}\s*(.*?)\s*(\d+(?:[/{SEP}]\d+)?|[ivx]+)$")
LOG_LINE = re.compile(r"PDF binders: rendered (\d+) \(([^)]*)\), unchanged (\d+); "
                      r"whole handbook (rendered|unchanged)")


# --- reading PDFs -----------------------------------------------------------------------------

@dataclass
class Entry:
    """An outline (bookmark) entry: its title, 0-based page and its children."""

    title: str
    page: int
    children: list[Entry] = field(default_factory=list)


class Pdf:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = PdfReader(path)
        self._texts: dict[int, str] = {}  # each page's text, extracted when first asked

    def raw(self, index: int) -> str:
        """One page's text as extracted (0-based index), extracted once."""
        if index not in self._texts:
            self._texts[index] = self.reader.pages[index].extract_text()
        return self._texts[index]

    @cached_property
    def pages(self) -> list[str]:
        return [self.raw(index) for index in range(len(self.reader.pages))]

    def page(self, index: int) -> str:
        """One page's text, whitespace squashed (0-based index)."""
        return squash(self.raw(index))

    @cached_property
    def text(self) -> str:
        return squash("\n".join(self.pages))

    @cached_property
    def bare(self) -> str:
        return bare_text(self.text)

    @cached_property
    def outline(self) -> list[Entry]:
        return self._entries(self.reader.outline)

    def _entries(self, items: list[Any]) -> list[Entry]:
        entries: list[Entry] = []
        for item in items:
            if isinstance(item, list):
                entries[-1].children = self._entries(item)
            else:
                page = self.reader.get_destination_page_number(item)
                assert page is not None, item.title
                entries.append(Entry(str(item.title), page))
        return entries

    def entry(self, title: str) -> Entry:
        [found] = [e for e in self.outline if e.title == title]
        return found

    def find(self, title: str) -> Entry:
        """The outline entry ``title`` at any depth."""
        def walk(entries: list[Entry]) -> list[Entry]:
            return [found for e in entries
                    for found in ([e] if e.title == title else []) + walk(e.children)]
        [found] = walk(self.outline)
        return found

    def destination(self, name: str) -> int:
        """The 0-based page of the named destination (an element id) ``name``."""
        page = self.reader.get_destination_page_number(self.reader.named_destinations[name])
        assert page is not None, name
        return page

    def references(self, first: int, last: int) -> list[tuple[str, str]]:
        """The (title, reference) lines of a binder's contents on pages ``first``..``last``."""
        found = []
        for index in range(first, last + 1):
            for line in self.raw(index).splitlines():
                if match := REFERENCE_LINE.match(line.strip()):
                    found.append((squash(match[1]), squash(f"{match[2]} {match[3]}")))
        return found

    @property
    def own_pages(self) -> int:
        """The unit's own pages: since issue #26 a unit binder has no appendix of region
        chapters (its last chapter sums the routine up), so every page of it."""
        return len(self.reader.pages)

    def contents(self, first: int, last: int) -> list[tuple[str, int]]:
        """The (title, page number) lines of a contents on pages ``first``..``last``."""
        found = []
        for index in range(first, last + 1):
            for line in self.raw(index).splitlines():
                if match := LEADER_LINE.match(line.strip()):
                    found.append((match[1].strip(), int(match[2])))
        return found

    def tops(self, index: int) -> Any:
        """``top(text)``: how far down page ``index`` the first fragment starting with
        ``text`` is (WeasyPrint's text matrix counts from the top of the page)."""
        found: list[tuple[float, str]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            if text.strip():
                found.append((float(tm[5]), squash(text)))

        self.reader.pages[index].extract_text(visitor_text=visit)

        def top(text: str) -> float:
            return min(y for y, fragment in found if fragment.startswith(squash(text)))
        return top

    def has(self, value: str) -> bool:
        """``value`` is in the text; a value broken across lines may lose its spaces."""
        return squash(value) in self.text or re.sub(r"\s+", "", value) in self.bare


@dataclass
class Build:
    project: Path
    output: str
    before: dt.date
    after: dt.date

    @property
    def site_pdf(self) -> Path:
        return self.project / "site" / PDF_DIR

    @property
    def cache(self) -> Path:
        return self.project / CACHE_DIR


def build(project: Path, env: dict[str, str] | None = None) -> Build:
    before = dt.date.today()
    result = mkdocs_build(project, pdf=True, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return Build(project, output, before, dt.date.today())


def log_report(output: str) -> tuple[list[str], int, bool]:
    """(units rendered, units unchanged, whole handbook rendered) from the hook's log line."""
    [match] = LOG_LINE.findall(output)
    rendered = [] if match[1] == "none" else match[1].split(", ")
    assert int(match[0]) == len(rendered)
    return rendered, int(match[2]), match[3] == "rendered"


def cover_png(pdf: Path, folder: Path) -> Path:
    """Page 1 rendered at 150 dpi by poppler's pdftoppm."""
    exe = require_tool("pdftoppm")  # poppler-utils; skips locally, fails in CI
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([exe, "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf),
                    str(folder / "cover")], check=True, timeout=60)
    [png] = sorted(folder.glob("cover*.png"))
    return png


def qr_codes(png: Path) -> list[str]:
    with PIL.Image.open(png) as image:
        return [code.text for code in zxingcpp.read_barcodes(image)
                if code.format == zxingcpp.BarcodeFormat.QRCode]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; MkDocs' own tags (``!relative``, ``!ENV``) are kept as plain values."""


_ConfigLoader.add_multi_constructor(
    "!", lambda loader, _tag, node: loader.construct_scalar(node)
    if isinstance(node, yaml.ScalarNode) else None)


def mkdocs_config(project: Path) -> dict[str, Any]:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config: dict[str, Any] = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506
    return config


def site_url(project: Path) -> str | None:
    return mkdocs_config(project).get("site_url")


def nav_pages(project: Path) -> list[str]:
    """Every page of mkdocs.yml's nav, in order (source paths)."""
    def flatten(items: Any) -> list[str]:
        if isinstance(items, str):
            return [items]
        if isinstance(items, dict):
            return [p for v in items.values() for p in flatten(v)]
        return [p for item in items for p in flatten(item)]
    return flatten(mkdocs_config(project)["nav"])


def chapter_titles(project: Path) -> list[str]:
    """The region chapters (docs/kapitel) in nav order, titled by their first heading."""
    titles = []
    for page in nav_pages(project):
        if routes.chapter_id(page) is not None:
            text = (project / "docs" / page).read_text(encoding="utf-8")
            titles.append(re.search(r"^# (.+)$", text, re.M).group(1).strip())  # type: ignore[union-attr]
    return titles


WHOLE_BINDER_FOOTER = re.compile(rf"{L['binder']['page_of']} \d+ {L['binder']['of']} \d+")


def chapter_footer(title: str, chapter: int, page: int) -> re.Pattern[str]:
    """A chapter's page number as its footer prints it: "Kontakter och ledning 1·2"."""
    return re.compile(rf"(?<![\w/{SEP}]){re.escape(squash(title))} {chapter}{SEP}{page}"
                      rf"(?![\d/{SEP}])")


def footers(text: str) -> list[str]:
    """Every "N·k" page number on a page."""
    return re.findall(rf"\d+{SEP}\d+(?![\d{SEP}])", text)


def label(path: str) -> str:
    value: Any = L
    for key in path.split("."):
        value = value[key]
    return str(value)


def unit_chapters(unit: Unit) -> list[PrintChapter]:
    """The print chapters that number their own pages ("3·2"), in print order; the
    region routine in brief follows them as chapter N+1 (binder.html.j2)."""
    return print_chapters(unit_parts(unit.data, gaps=False), unit.data)


REGION_BRIEF = "kap-region"  # binder.html.j2: the region routine in brief


def outline_title(anchor: str, title: str, unit: Unit) -> str:
    """A chapter's bookmark: its heading, which for the action card names the unit."""
    return f"{title} – {unit.name}" if anchor == "atgardskort" else title


def valid_text(unit: Unit) -> str:
    until = valid_until(unit.data["document"])
    return until.isoformat() if until else L["unit"]["no_value"]


# --- the example handbook, built once ---------------------------------------------------------

@pytest.fixture(scope="module")
def example(example_site: SharedBuild, example_handbook: Handbook) -> Build:
    """The run's shared example build (tests/conftest.py), rendered from a cold cache."""
    return shared_example(example_site, example_handbook)


def shared_example(example_site: SharedBuild, example_handbook: Handbook) -> Build:
    """The shared build as a ``Build``, checked to have rendered every binder."""
    built = Build(example_site.project, example_site.output, example_site.before,
                  example_site.after)
    rendered, unchanged, whole = log_report(built.output)
    assert sorted(rendered) == sorted(u.id for u in example_handbook.units)
    assert (unchanged, whole) == (0, True)
    return built


_pdfs: dict[Path, Pdf] = {}


@pytest.fixture(scope="module")
def binder(example: Build) -> Any:
    """``binder(name)``: the built PDF ``name``.pdf, its text extracted once per module."""

    def get(name: str) -> Pdf:
        path = example.site_pdf / f"{name}.pdf"
        if path not in _pdfs:
            _pdfs[path] = Pdf(path)
        return _pdfs[path]

    return get


UNITS = pytest.mark.parametrize("unit", example_unit_ids(), indirect=True)


@UNITS
def test_every_value_of_a_unit_is_in_its_binder(binder: Any, unit: Unit,
                                                example_handbook: Handbook) -> None:
    pdf = binder(unit.id)
    # Not on paper: the groups a unit shares values with and the kinds of checklist the
    # region requires (for editors; a missing checklist is on the fix-before-shelving
    # sheet). Both are on the site page.
    off_paper = ("extends[", "required_checklists[")
    values = [(where, value) for where, value in expected_texts(unit.data)
              if not where.startswith(off_paper)]
    assert values
    # The forms table is the site's: on paper, the binder lists where each paper form
    # is kept (its title and place), the addresses and descriptions are on the site.
    forms = [(where, value) for where, value in values if where.startswith("forms[")]
    values = [(where, value) for where, value in values if not where.startswith("forms[")]
    for form in unit.data.get("forms", []):
        if form.get("paper_location"):
            values += [("forms.title", form["title"]), ("forms.paper_location",
                                                        form["paper_location"])]
    assert forms and any(where == "forms.paper_location" for where, _v in values)
    # A phone number written as a bare run of digits prints grouped (display_phone).
    missing = [(where, value) for where, value in values
               if not pdf.has(value) and not pdf.has(display_phone(str(value)))]
    assert not missing


@UNITS
def test_action_card_on_page_two_has_every_number_in_the_call_order(binder: Any,
                                                                     unit: Unit) -> None:
    """The contacts with a call_order; the others stand in the chapter Kontakter."""
    page = binder(unit.id).page(1)
    assert squash(f"{L['unit']['action_card']} – {unit.name}") in page
    numbers = [display_phone(str(c[key])) for c in call_order(unit.data)
               for key in ("phone", "alt_phone", "deputy_phone") if key in c]
    assert numbers
    assert [n for n in numbers if squash(n) not in page] == []


@UNITS
def test_action_card_fits_on_one_page(binder: Any, unit: Unit) -> None:
    """card.py and print.css: the action card is one page, so the contents is page 3."""
    pdf = binder(unit.id)
    card = pdf.find(f"{L['unit']['action_card']} – {unit.name}")
    assert card.page == 1
    assert pdf.raw(2).lstrip().startswith(L["binder"]["contents"]), \
        f"the action card runs onto page 3: {pdf.page(2)[:200]!r}"


@UNITS
def test_cover_shows_the_document_facts(example: Build, binder: Any, unit: Unit) -> None:
    cover = binder(unit.id).page(0)
    document = unit.data["document"]
    assert squash(unit.name) in cover
    assert valid_text(unit) in cover
    for fact in (document["version"], document["owner"],
                 f"{document['approved'].isoformat()} {L['binder']['by']} "
                 f"{document['approved_by']}",
                 unit.data.get("organisation", ""), unit.data.get("region", "")):
        assert squash(str(fact)) in cover
    assert f"{DRAFT} ({L['binder']['commit']} " in cover
    assert example.before.isoformat() in cover or example.after.isoformat() in cover
    # The example handbook says so right under the title, before the facts.
    top = binder(unit.id).tops(0)
    assert top(unit.name.split()[0]) < top(L["example"]["notice"]) < top(L["fields"]["version"])


@UNITS
def test_each_chapter_numbers_its_own_pages_and_the_front_matter_in_roman(binder: Any,
                                                                          unit: Unit) -> None:
    """A chapter's pages read "Kontakter och ledning 1·1", "… 1·2": chapter 1, pages 1
    and 2, so one chapter can be replaced alone and a page found from the contents. The
    card and the contents count in roman numerals (ii, iii). No page counts the whole
    binder, and the binder has no appendix ("Bilaga N")."""
    pdf = binder(unit.id)
    valid = f"{L['unit']['valid_until']} {valid_text(unit)}"
    # On the cover only the facts say it (one row), no running footer.
    assert pdf.page(0).count(valid) == 1
    assert pdf.page(1).endswith(" ii") and pdf.page(2).endswith(" iii")
    chapters = [(c.anchor, c.number, c.title) for c in unit_chapters(unit)]
    chapters.append((REGION_BRIEF, len(chapters) + 1, L["print"]["chapters"]["region"]))
    numbered: dict[int, str] = {}
    for anchor, number, title in chapters:
        first = pdf.destination(f"{unit.id}--{anchor}")
        last = pdf.destination(f"{unit.id}--{anchor}-end")
        assert last >= first, title
        for index in range(first, last + 1):
            assert index not in numbered, (title, numbered.get(index))
            numbered[index] = title
            text = pdf.page(index)
            assert chapter_footer(title, number, index - first + 1).search(text), \
                (title, index, text[-200:])
            assert len(footers(text)) == 1
    # The blank forms: every page from the forms chapter's end to the next chapter.
    forms = [c.anchor for c in unit_chapters(unit)].index("kap-blanketter")
    blank_pages = set(range(pdf.destination(f"{unit.id}--kap-blanketter-end") + 1,
                            pdf.destination(f"{unit.id}--{chapters[forms + 1][0]}")))
    # Double-sided, a page may be left empty before a chapter; the last page may be the
    # sheet for the head of unit (test_fix_sheet...).
    empty = empty_pages(pdf)
    # The sign-off page is front matter, in no chapter.
    signoff = pdf.destination(f"{unit.id}--faststallande")
    assert signoff == 3, signoff
    rest = set(range(3, len(pdf.reader.pages))) - set(numbered) - blank_pages - empty \
        - {signoff}
    fixes = {i for i in rest if pdf.page(i).endswith(FIX_FOOTER)}
    assert rest - fixes == set(), sorted(rest - fixes)
    assert fixes <= {len(pdf.reader.pages) - 1}
    for index in sorted(set(range(1, len(pdf.reader.pages))) - empty):
        # A blank form's page names the form and the unit instead
        # (tests/binder/test_blank_forms.py):
        # on a filled-in copy, a validity date would read like part of the record.
        if index in blank_pages:
            assert valid not in pdf.page(index), index
            assert f"{L['blank']['number']} " in pdf.page(index), index
            continue
        assert valid in pdf.page(index), index
    for index in range(len(pdf.reader.pages)):
        assert not WHOLE_BINDER_FOOTER.search(pdf.page(index)), index
        assert not re.search(rf"{re.escape(APPENDIX_PAGE)}\d", pdf.page(index)), index


@UNITS
def test_each_blank_form_is_on_a_page_of_its_own(binder: Any, unit: Unit) -> None:
    pdf = binder(unit.id)
    titles = [L["blank"][key] for key in printed_forms(unit.data)]
    assert titles
    [number] = [c.number for c in unit_chapters(unit) if c.anchor == "kap-blanketter"]
    chapter = pdf.find(f"{number} {L['print']['chapters']['blanketter']}")
    assert [e.title for e in chapter.children] == titles
    pages = [e.page for e in chapter.children]
    assert len(set(pages)) == len(pages)
    assert chapter.page < min(pages) and max(pages) < pdf.own_pages
    for entry in chapter.children:
        text = pdf.page(entry.page)
        assert squash(entry.title) in text
        others = [t for t in titles if t != entry.title and squash(t) in text]
        assert not others, (entry.title, others)
        assert squash(unit.name) in text  # each form is filled in with the unit's name


@UNITS
def test_metadata_and_language(binder: Any, unit: Unit) -> None:
    reader = binder(unit.id).reader
    assert unit.name in reader.metadata.title
    assert reader.metadata.author == unit.data["document"]["owner"]
    assert reader.trailer["/Root"]["/Lang"] == HTML_LANG


@UNITS
def test_outline_has_the_two_parts_and_their_chapters(binder: Any, unit: Unit) -> None:
    """Bookmarks: the two parts; under them the card and the numbered print chapters
    ("1 Kontakter och ledning"), the region routine in brief last; under a chapter its
    sections (and under the forms chapter, each blank form)."""
    pdf = binder(unit.id)
    during, before = unit_parts(unit.data)
    texts = L["parts"]
    assert (during.title, before.title) == (texts["vid-avbrott"]["title"],
                                            texts["forberedelser"]["title"])
    assert [e.title for e in pdf.outline] == [during.title, before.title]
    chapters = unit_chapters(unit)
    region = f"{len(chapters) + 1} {L['print']['chapters']['region']}"
    assert [e.title for e in pdf.outline[0].children] == [
        f"{L['unit']['action_card']} – {unit.name}",
        *[f"{c.number} {c.title}" for c in chapters if c.part == during.id]]
    assert [e.title for e in pdf.outline[1].children] == [
        *[f"{c.number} {c.title}" for c in chapters if c.part == before.id], region]
    # The part's bookmark is the page its first chapter starts on.
    for entry in pdf.outline:
        assert entry.page == entry.children[0].page
    # Every section of the outage part is under a chapter of its part, in the order of
    # the chapters, but the forms table (the binder lists where each paper form is kept
    # instead).
    found = [e.title for entry in pdf.outline[0].children for e in entry.children]
    sections = [s.title for s in during.sections if s.level == 2 and s.anchor != "forms"]
    grouped = [s.title for c in chapters if c.part == during.id
               for s in c.sections if s.level == 2]
    assert sections and sorted(grouped) == sorted(sections)
    assert [t for t in found if t in sections] == grouped
    assert [c.title for c in chapters][:2] == [L["print"]["chapters"]["kontakter"],
                                               L["print"]["chapters"]["rutiner"]]
    pages = [e.page for part in pdf.outline for e in [part, *part.children]]
    assert pages == sorted(pages)


@UNITS
def test_contents_references_match_the_footers(binder: Any, unit: Unit) -> None:
    """The contents lists the card ("ii") and the sign-off page ("iv"), each chapter
    ("3·1") with its sections and checklists on the page their chapter numbers them
    ("3·2"), each blank form by the
    number its footer prints ("Blankett 4"), and the region routine in brief, as the
    layout puts them (tests/binder/test_contents.py checks them against the footers)."""
    pdf = binder(unit.id)
    contents = pdf.references(2, 2)
    chapters = unit_chapters(unit)
    expected: list[tuple[str, str]] = [(L["unit"]["action_card"], "ii"),
                                       (L["binder"]["signoff"]["title"], "iv")]
    forms = printed_forms(unit.data)
    for chapter in chapters:
        first = pdf.destination(f"{unit.id}--{chapter.anchor}")

        def at(anchor: str, number: int = chapter.number, start: int = first) -> str:
            return f"{number}{SEP}{pdf.destination(f'{unit.id}--{anchor}') - start + 1}"

        expected.append((f"{chapter.number} {chapter.title}", f"{chapter.number}{SEP}1"))
        if chapter.anchor == "kap-forberedelser":
            expected.append((L["binder"]["unit_facts"], at("enheten")))
        expected += [(s.title, at(f"ch-{s.anchor}")) for s in chapter.listed]
        if chapter.anchor == "kap-blanketter":
            expected += [(L["blank"][key], f"{L['blank']['number']} {number}")
                         for number, key in enumerate(forms, start=1)]
        if chapter.anchor == "kap-forberedelser":
            expected.append((L["history"]["title"], at("andringshistorik")))
    region = len(chapters) + 1
    expected.append((f"{region} {L['print']['chapters']['region']}", f"{region}{SEP}1"))
    assert [t for t, _r in contents] == [squash(t) for t, _r in expected]
    assert contents == [(squash(t), r) for t, r in expected]
    # The checklists are listed under their chapter, all of them (the one the card
    # prints step by step says so where it stands).
    listed = [s.title for c in chapters for s in c.listed if s.anchor.startswith("checklists-")]
    assert listed == [c["title"] for c in unit.data.get("checklists", [])]


@UNITS
def test_the_binder_sums_up_the_region_routine_and_says_where_it_is(
        binder: Any, unit: Unit, example: Build) -> None:
    """No appendix of region chapters (14 pages in every binder before issue #26): one
    page sums the routine up and names each chapter's address on the site and the whole
    handbook's, where the full routine is printed once; no link leads to a region
    chapter."""
    pdf = binder(unit.id)
    page = pdf.destination(f"{unit.id}--{REGION_BRIEF}")
    assert page == pdf.destination(f"{unit.id}--{REGION_BRIEF}-end")  # one page
    text = pdf.page(page)
    root = str(site_url(example.project)).rstrip("/")
    bare = re.sub(r"\s+", "", text)
    for title, page_src in zip(chapter_titles(REPO), [p for p in nav_pages(REPO)
                                                      if routes.chapter_id(p)], strict=True):
        assert squash(title) in text
        assert f"{root}/latest/{page_src.removesuffix('.md')}/" in bare, title
    assert "handbok.pdf" in bare
    for point in L["print"]["region_points"]:
        # Around the IT Servicedesk number (tests/render/test_service_portal.py).
        for piece in point.split("{servicedesk}"):
            assert squash(piece) in text
    assert _region_links(pdf) == []


def _region_links(pdf: Pdf) -> list[tuple[int, str, int]]:
    """(page, destination, target page) of every link to a region chapter, 0-based."""
    found = []
    for index, page in enumerate(pdf.reader.pages):
        for annotation in page.get("/Annots") or []:
            target = str(annotation.get_object().get("/Dest") or "")
            if target.startswith("region-"):
                found.append((index, target, pdf.destination(target)))
    return found


def test_region_brief_prints_the_same_in_every_binder(binder: Any,
                                                      example_handbook: Handbook) -> None:
    """The region routine in brief belongs to no unit: its own text (not the running
    head and foot) is the same in every binder."""
    texts = set()
    for unit in example_handbook.units:
        pdf = binder(unit.id)
        page = pdf.destination(f"{unit.id}--{REGION_BRIEF}")
        own = page_texts(pdf.path.read_bytes())[page].text
        assert not any(unit.name in line for line in own), unit.id
        # Only its chapter number may differ, with the number of the unit's chapters.
        texts.add(tuple(re.sub(r"^\d+ ", "", line) for line in own))
    assert len(texts) == 1


def test_manifest_stores_each_binders_own_pages(example: Build, binder: Any,
                                                example_handbook: Handbook) -> None:
    """The renderer counts the unit's own pages (the whole handbook takes those): since
    the binder has no appendix, all of them."""
    manifest = json.loads((example.cache / MANIFEST).read_text(encoding="utf-8"))
    for unit in example_handbook.units:
        pdf = binder(unit.id)
        assert manifest[unit.id]["pages"] == pdf.own_pages, unit.id
        # Double-sided, the own pages are even: the last may be the page left empty.
        last = pdf.own_pages - (2 if pdf.page(pdf.own_pages - 1) == EMPTY_PAGE else 1)
        # The region routine in brief ends the unit's chapters; the last page may be
        # the sheet for the head of unit.
        assert pdf.destination(f"{unit.id}--binder-end") in (last, last - 1)
        assert "bilaga" not in pdf.reader.named_destinations


@UNITS
def test_cover_qr_code_opens_the_unit_page(example: Build, binder: Any, unit: Unit,
                                          tmp_path: Path) -> None:
    url = site_url(example.project)
    assert url
    # A versioned site (mike): the stable address of the newest release, never a
    # release's own folder, so a binder printed today opens the current plan next year.
    expected = url.rstrip("/") + f"/latest/enheter/{unit.id}/"
    # The address under the code wraps after a hyphen or slash when it is long.
    assert expected in re.sub(r"(?<=[-/]) (?=[a-z0-9])", "", binder(unit.id).page(0))
    assert qr_codes(cover_png(example.site_pdf / f"{unit.id}.pdf", tmp_path)) == [expected]


# --- the whole handbook -----------------------------------------------------------------------

def test_whole_handbook_outline_and_contents(binder: Any, example_handbook: Handbook) -> None:
    """The region chapters stand once, in the front, as the binders' appendix."""
    book = binder("handbok")
    chapters = chapter_titles(REPO)
    names = [u.name for u in units_by_name(example_handbook)]
    assert chapters and names
    assert [e.title for e in book.outline] == [L["binder"]["appendix"], *names]
    appendix = book.outline[0]
    assert [e.title for e in appendix.children] == chapters
    front = book.outline[1].page
    # Each unit by the page number the whole handbook prints on its first page ("s. 17").
    contents = [(t, r) for t, r in book.references(0, front - 1)
                if not r.startswith(APPENDIX_PAGE)]
    assert contents == [(e.title, folio_text(str(e.page + 1))) for e in book.outline[1:]]
    references = [(t, r) for t, r in book.references(0, appendix.page - 1)
                  if r.startswith(APPENDIX_PAGE)]
    assert references == [(squash(e.title), f"{APPENDIX_PAGE}{e.page - appendix.page + 1}")
                          for e in appendix.children]


def test_whole_handbook_contents_numbers_are_printed_where_they_lead(
        binder: Any, example_handbook: Handbook) -> None:
    """Every entry of handbok.pdf's contents gives a number that is printed on the page
    its link leads to: "s. 17" (the whole handbook's page number) for a unit, "Bilaga 3"
    for a region chapter. Issue #26: they gave numbers (17, 73, 185) printed on no page."""
    book = binder("handbok")
    appendix = book.outline[0].page
    checked = []
    for index in range(1, appendix):
        lines = {squash(m[1]): squash(f"{m[2]} {m[3]}") for line in book.raw(index).splitlines()
                 if (m := REFERENCE_LINE.match(line.strip()))}
        for annotation in book.reader.pages[index].get("/Annots") or []:
            annotation = annotation.get_object()
            title = squash(str(annotation["/Contents"]))
            target = book.destination(str(annotation["/Dest"]))
            reference = lines[title]
            printed = re.compile(rf"(?<![\w.:/-]){re.escape(reference)}(?!\d)")
            assert printed.search(book.page(target)), \
                f"{title}: the contents say {reference}, page {target + 1} does not"
            checked.append((title, reference))
    # (A link is an annotation per box it was laid out in: its text, the leader, the number.)
    assert len(set(checked)) == len(book.outline[0].children) + len(example_handbook.units)
    assert {r for _t, r in checked if not r.startswith(APPENDIX_PAGE)} == \
        {folio_text(str(e.page + 1)) for e in book.outline[1:]}


def test_whole_handbook_front_numbers_the_region_chapters(binder: Any) -> None:
    """The region routine is printed once, in the whole handbook's front: each chapter's
    page reads "Bilaga N" as its contents says (the unit binders only sum it up)."""
    book = binder("handbok")
    appendix = book.outline[0]
    front_pages = {e.title: e.page - appendix.page + 1 for e in appendix.children}
    assert front_pages
    for entry in appendix.children:
        number = front_pages[entry.title]
        assert re.search(rf"{re.escape(APPENDIX_PAGE)}{number}(?!\d)", book.page(entry.page)), \
            entry.title


def test_whole_handbook_is_the_front_and_each_units_own_pages(binder: Any,
                                                              example_handbook: Handbook) -> None:
    book = binder("handbok")
    units = units_by_name(example_handbook)
    entries = book.outline[-len(units):]
    start = entries[0].page
    assert start > 0
    for unit, entry in zip(units, entries, strict=True):
        assert entry.title == unit.name
        assert entry.page == start, unit.id
        start += binder(unit.id).own_pages
    assert len(book.reader.pages) == start


def _link_targets(pdf: Pdf) -> list[tuple[int, int]]:
    """(page, target page) of every internal link, 0-based."""
    found = []
    for index, page in enumerate(pdf.reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            target = annotation.get("/Dest") or (annotation.get("/A") or {}).get("/D")
            if target is None:
                continue
            if not isinstance(target, list):
                target = pdf.reader.named_destinations[str(target)]
                number = pdf.reader.get_destination_page_number(target)
                assert number is not None, target
                found.append((index, number))
            else:
                number = pdf.reader.get_page_number(target[0].get_object())
                assert number is not None, target
                found.append((index, number))
    return found


def test_whole_handbook_links_stay_in_their_own_unit(binder: Any,
                                                     example_handbook: Handbook) -> None:
    """A unit's contents lead to its own chapters (or the region chapters in the front),
    never to the same chapter of another unit."""
    book = binder("handbok")
    units = units_by_name(example_handbook)
    entries = book.outline[-len(units):]
    starts = [e.page for e in entries] + [len(book.reader.pages)]
    links = _link_targets(book)
    appendix = book.outline[0]
    region_pages = {e.page for e in appendix.children}
    for unit, first, end in zip(units, starts, starts[1:], strict=False):
        own = [(source, target) for source, target in links if first <= source < end]
        assert len(own) > 5, unit.id  # the unit's contents page links every chapter
        # and none leads out of the unit: not even to the front's region chapters (the
        # binder sums the routine up and names where it is).
        assert not region_pages & {t for _s, t in own}, unit.id
        wrong = [(s + 1, t + 1) for s, t in own if not first <= t < end]
        assert wrong == [], f"{unit.id}: links (page, target) leave the unit: {wrong}"


def test_whole_handbook_text_and_metadata(binder: Any, example_handbook: Handbook) -> None:
    book = binder("handbok")
    for unit in example_handbook.units:
        assert squash(unit.name) in book.text
    assert book.reader.metadata.title == L["binder"]["handbook_title"]
    assert book.reader.trailer["/Root"]["/Lang"] == HTML_LANG
    top = book.tops(0)
    assert top(L["binder"]["title"].upper()) < top(L["example"]["notice"]) < \
        top(L["fields"]["region"])


def region_chapter_ids(project: Path) -> list[str]:
    """The region chapters' destination names (``region-<id>``) in nav order, as the
    hooks name them (``handbook.routes.chapter_id``)."""
    return [f"region-{routes.chapter_id(page)}" for page in nav_pages(project)
            if routes.chapter_id(page) is not None]


def test_whole_handbook_has_each_units_own_pages_in_order(binder: Any,
                                                          example_handbook: Handbook) -> None:
    """Page for page, each unit's own part is its binder's (text and outline), in the
    units' order, after the front; the unit's outline item leads to its first page."""
    book = binder("handbok")
    units = units_by_name(example_handbook)
    start = book.outline[-len(units)].page
    for unit, entry in zip(units, book.outline[-len(units):], strict=True):
        pdf = binder(unit.id)
        own = pdf.own_pages
        assert (entry.title, entry.page) == (unit.name, start)
        # The same text, and after it the page's number in the whole handbook.
        assert [book.page(start + i) for i in range(own)] == \
            [squash(f"{pdf.page(i)} {folio_text(str(start + i + 1))}") for i in range(own)], \
            unit.id
        shifted = [(e.title, e.page + start) for e in pdf.outline]
        assert [(e.title, e.page) for e in entry.children] == shifted, unit.id
        start += own
    assert start == len(book.reader.pages)


def test_whole_handbook_units_have_no_region_links(binder: Any,
                                                   example_handbook: Handbook) -> None:
    """A unit's pages name the region routine's addresses in words (its last chapter);
    no link of a unit's leads to a region chapter (``region-<id>``)."""
    book = binder("handbok")
    units = units_by_name(example_handbook)
    first = book.outline[-len(units)].page
    assert [(i, t) for i, t, _p in _region_links(book) if i >= first] == []


EMPTY_PAGE = L["binder"]["blank_page"]
# The footer of the head of unit's sheet "Att åtgärda innan pärmen ställs in".
FIX_FOOTER = squash(f"{L['print']['fixes_title']} · {L['print']['fixes_where']}")


def empty_pages(pdf: Any) -> set[int]:
    """The pages (from 0) left empty so that the next chapter starts on the right."""
    return {index for index in range(len(pdf.reader.pages)) if pdf.page(index) == EMPTY_PAGE}


def test_whole_handbook_front_footers(binder: Any) -> None:
    """No page number on the cover; the contents number their own pages ("Innehåll 1/2"),
    as a binder's chapter does; every other page ends with its page number in the whole
    handbook ("s. 2"), which the contents give; no footer says "Sida N av M"."""
    book = binder("handbok")
    appendix = book.outline[0].page
    blank = squash(f"{EMPTY_PAGE} {folio_text('')}")
    contents = [index for index in range(1, appendix) if not book.page(index).startswith(blank)]
    assert len(contents) >= 1
    assert not re.search(rf"{re.escape(L['binder']['contents'])} \d+/\d+", book.page(0))
    assert not re.search(re.escape(folio_text("")) + r"\d", book.page(0))
    for number, index in enumerate(contents, start=1):
        assert book.page(index).endswith(f"{L['binder']['contents']} {number}/{len(contents)} "
                                         f"{folio_text(str(index + 1))}"), book.page(index)[-80:]
    assert [i + 1 for i in range(1, len(book.reader.pages))
            if not book.page(i).endswith(folio_text(str(i + 1)))] == []
    assert [i for i in range(len(book.reader.pages))
            if WHOLE_BINDER_FOOTER.search(book.page(i))] == []


# --- a binder that cannot be rendered ---------------------------------------------------------

GOOD = f'<!DOCTYPE html><html lang="{HTML_LANG}"><body><p>Hej</p>{{}}</body></html>'
# Far deeper than WeasyPrint's recursive box building can go: a real rendering failure.
TOO_DEEP = GOOD.format("<div>" * 2000)
REFUSED = {
    "img file": '<img src="file:///etc/hostname">',
    "stylesheet file": '<link rel="stylesheet" href="file:///etc/hostname">',
    "css import": "<style>@import url(file:///etc/hostname);</style>",
    "img https": '<img src="https://example.invalid/x.png">',
}
PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
         "mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def images(pdf: bytes) -> int:
    reader = PdfReader(io.BytesIO(pdf))
    count = 0
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        count += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return count


@pytest.fixture
def good_pdf(tmp_path: Path) -> Path:
    target = tmp_path / "out" / "enhet.pdf"
    assert run_job(Job("enhet", GOOD.format(""), target)) == Rendered("enhet", 1)
    assert target.read_bytes().startswith(b"%PDF")
    return target


def test_appendix_is_laid_out_once_and_joined_after_the_units_pages(tmp_path: Path) -> None:
    """A worker keeps the laid-out appendix and joins its pages to each binder: the
    reused layout writes the same PDF as a fresh one; the contents' "Bilaga N" is the
    page the appendix laid its chapter out on, and the link there lands on it."""
    appendix = (f'<!DOCTYPE html><html lang="{HTML_LANG}"><body><h1>Bilaga {tmp_path.name}</h1>'
                '<h1 id="region-b" style="break-before: page">B</h1></body></html>')
    ref = APPENDIX_PLACEHOLDER.format("region-b")
    unit = GOOD.format(f'<a href="#region-b" data-page="{ref}">B</a>'
                       '<style>a::after { content: " Bilaga " attr(data-page) }</style>'
                       '<p style="break-before: page">Sista sidan</p>')
    first, own = render_binder(unit, appendix)
    laid_out = appendix_layout(appendix)
    assert appendix_layout(appendix) is laid_out
    second, again = render_binder(unit, appendix)
    assert (own, again) == (2, 2)
    assert first == second
    path = tmp_path / "binder.pdf"
    path.write_bytes(second)
    pdf = Pdf(path)
    assert len(pdf.reader.pages) == own + len(laid_out.pages) == 4
    assert "B Bilaga 2" in pdf.page(0)
    assert set(_region_links(pdf)) == {(0, "region-b", 3)}


def test_double_sided_an_odd_unit_part_gets_a_page_left_empty_before_the_appendix(
        tmp_path: Path) -> None:
    """The appendix starts on a right-hand page: after one page of the unit's own, a
    page that says it is empty (and nothing else); after two, none. The count returned
    (kept in the manifest, used by handbok.pdf) includes the empty page."""
    appendix = f'<!DOCTYPE html><html lang="{HTML_LANG}"><body><h1>Regionen</h1></body></html>'
    blank = blank_page_document(True)
    empty = labels()["binder"]["blank_page"]
    for unit, second in ((GOOD.format(""), empty),
                         (GOOD.format('<p style="break-before: page">Två</p>'), "Två")):
        pdf, own = render_binder(unit, appendix, blank=blank)
        path = tmp_path / "binder.pdf"
        path.write_bytes(pdf)
        reader = PdfReader(path)
        assert (own, len(reader.pages)) == (2, 3)
        assert reader.pages[2].extract_text().strip() == "Regionen"
        assert reader.pages[1].extract_text().strip() == second
    pdf, own = render_binder(GOOD.format(""), appendix)  # single-sided: nothing added
    assert own == 1


def test_failed_render_names_the_binder_and_keeps_the_good_pdf(good_pdf: Path) -> None:
    before = good_pdf.read_bytes()
    with pytest.raises(RenderError) as caught:
        run_job(Job("vc-exempel", TOO_DEEP, good_pdf))
    assert caught.value.name == "vc-exempel"
    assert str(caught.value).startswith("vc-exempel: ")
    assert good_pdf.read_bytes() == before
    assert sorted(p.name for p in good_pdf.parent.iterdir()) == [good_pdf.name]


def test_unwritable_target_is_a_render_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"a file")
    with pytest.raises(RenderError) as caught:
        run_job(Job("vc-exempel", GOOD.format(""), blocker / "vc-exempel.pdf"))
    assert caught.value.name == "vc-exempel"
    assert blocker.read_bytes() == b"a file"


@pytest.mark.parametrize("html", REFUSED.values(), ids=REFUSED.keys())
def test_render_fetches_nothing_but_data_urls(html: str) -> None:
    """WeasyPrint's fetcher refuses the URL and stops the rendering: nothing is read."""
    with pytest.raises(weasyprint.urls.FatalURLFetchingError) as caught:
        render_pdf(GOOD.format(html))
    assert isinstance(caught.value.__cause__, ValueError)
    assert "disallowed protocol" in str(caught.value.__cause__)


def test_render_fetches_data_urls() -> None:
    """A data: URL is the one kind that is fetched (the cover's QR code is one)."""
    assert images(render_pdf(GOOD.format(f'<img src="{PIXEL}">'))) == 1
    assert images(render_pdf(GOOD.format(""))) == 0


def test_refused_url_is_a_render_error_naming_the_binder(good_pdf: Path) -> None:
    """run_job promises that any failure is reported with the binder's name."""
    before = good_pdf.read_bytes()
    escaped: BaseException | None = None
    try:
        run_job(Job("vc-exempel", GOOD.format(REFUSED["img file"]), good_pdf))
    except RenderError as error:
        assert error.name == "vc-exempel"
    except weasyprint.urls.FatalURLFetchingError as error:
        escaped = error
    else:
        pytest.fail("a binder that fetches a non-data URL was rendered")
    assert escaped is None, (f"run_job let {type(escaped).__name__} (a BaseException, not an "
                             f"Exception) escape instead of raising RenderError: {escaped}")
    assert good_pdf.read_bytes() == before


def test_a_web_server_running_as_another_user_can_read_every_pdf(example: Build) -> None:
    # The binders were once written with the temporary file's mode, 0600: nginx, which
    # runs as www-data, answered 403 for every binder on a server the site was copied to.
    mask = os.umask(0o022)
    os.umask(mask)
    expected = 0o666 & ~mask
    modes = {path.name: stat.S_IMODE(path.stat().st_mode)
             for path in sorted(example.site_pdf.glob("*.pdf"))}
    assert len(modes) == 7
    assert {name: oct(mode) for name, mode in modes.items() if mode != expected} == {}


@UNITS
def test_gaps_are_on_the_last_page_for_the_head_of_unit(binder: Any, unit: Unit) -> None:
    """A plan past its review date, a missing checklist, a form with no paper place, a
    stale read-copy check: not in the plan's chapters, but on the binder's last page
    "Att åtgärda innan pärmen ställs in", only when there is something to fix; the cover
    says the page is there."""
    pdf = binder(unit.id)
    day = dt.date.fromisoformat(EXAMPLE_DAY)
    # The test build has no git history: no "changed after approval" to list.
    found = fixes(unit.data, day, unit_status(unit, day))
    # Its footer names it and says it is the last page (the contents lists it,
    # tests/binder/test_contents.py); a fixed plan has none.
    pages = [i for i in range(len(pdf.reader.pages)) if pdf.page(i).endswith(FIX_FOOTER)]
    cover_says = squash(L["print"]["fixes_cover"]) in pdf.page(0)
    if not found:
        assert pages == [] and not cover_says
        return
    assert cover_says
    # The last page indeed, as the cover says: double-sided no empty page follows it
    # (it is the back of the last sheet; before #26's review it could be the front).
    last = len(pdf.reader.pages) - 1
    assert pages == [last], (pages, last)
    for item in found:
        assert squash(item) in pdf.page(last)
    # Not in the chapters: the gap sentences the site shows stand on no other page.
    gap = squash(L["unit"]["checklists_missing"].split("{", 1)[0])
    assert [i for i in range(last) if gap in pdf.page(i)] == []


def test_the_fix_page_lists_an_overdue_plan_and_one_changed_after_approval(
        example_handbook: Handbook) -> None:
    """The head of unit's page names first what stops her signing: a review date that
    has passed, content changed since the approval (issue #26 review)."""
    from handbook.plan.approval import ChangedAfterApproval

    unit = example_handbook.unit("vc-kortedala")
    day = dt.date(2026, 12, 5)
    status = unit_status(unit, day, ChangedAfterApproval(dt.date(2026, 1, 20), "2026-11-27"))
    found = fixes(unit.data, day, status)
    assert found[:2] == [
        str(L["print"]["fix_overdue"]).format(date=status.valid_until.isoformat()),
        str(L["print"]["fix_changed"]).format(date="2026-01-20")]
    current = unit_status(example_handbook.unit("vc-angen"), day)
    assert not [f for f in fixes(example_handbook.unit("vc-angen").data, day, current)
                if "fastställ" in f]
