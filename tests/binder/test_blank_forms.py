"""The blank forms of each binder, read back from the PDF (pdfplumber, pypdf).

Forms are copied, filled in by hand and kept with the patient record, so the
checks are about paper: which forms a unit gets, the columns each log prints
(read from the header cells drawn on the page), boxes tall enough for
handwriting, each form on one page that it fills, and a footer that names the
form and the unit but not the binder's page count or validity.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfplumber.pdf import PDF
from pypdf import PdfReader
from sitebuild import SharedBuild, example_unit_ids, squash

from handbook import Handbook
from handbook.binder.chapters import print_chapters
from handbook.binder.forms import log, record_identity
from handbook.labels import labels
from handbook.plan.printed import printed_forms
from handbook.render.sections import unit_parts

pytestmark = [pytest.mark.build, pytest.mark.pdf]

L: dict[str, Any] = labels()
B = L["blank"]
C = B["columns"]
MM = 72 / 25.4  # PDF points per millimetre
MARGIN_MM = 20  # the binder's top and bottom page margin (print.css)
HANDWRITTEN_LINE_MM = 8
# Every form, in print order. A unit gets all of them unless a routine says it does not
# use the form (bvc-gardsten: free visits, no cashier routine in use).
EVERY_FORM = ["incidents", "fault_report", "record", "record_continuation", "lab",
              "prescriptions", "cashier", "callback", "post_registration", "sign", "read_copy",
              "read_and_understood"]
NOT_PRINTED = {"bvc-gardsten": {"cashier"}}
# The columns each log must print, in order: what its routine asks for.
LOG_COLUMNS = {
    "incidents": ["date", "time", "event", "decided_by", "informed", "signature"],
    "record_continuation": ["date", "time", "note", "signature"],
    "lab": ["sampled", "patient", "analyses", "urgent", "ordering_doctor", "result_received",
            "result_signed", "lab_entered"],
    "prescriptions": ["date", "patient", "drug", "amount", "prescriber", "pad_number",
                      "entered"],
    "cashier": ["date", "patient", "visit", "fee", "payment", "receipt", "invoice",
                "signature"],
    "callback": ["date", "patient", "phone", "booked", "matter", "callback_action", "new_time",
                 "done"],
    "post_registration": ["patient", "written", "paper_date", "entered", "signature"],
    "read_and_understood": ["name", "profession", "date", "signature"],
}
# The incident log's facts about the outage itself, above the log.
INCIDENT_FACTS = ["started", "ticket", "tib_decision", "ended"]


def expected_forms(unit_id: str) -> list[str]:
    return [k for k in EVERY_FORM if k not in NOT_PRINTED.get(unit_id, set())]


@dataclass
class Binder:
    path: Path
    pages: dict[str, int]  # form key -> 0-based page, from the PDF's outline
    # The file as pdfplumber reads it, open for the whole module (the tests read it in
    # ``with nullcontext(...)``): pdfplumber parses a page's drawing once and keeps it,
    # however many tests read that page.
    document: PDF


@pytest.fixture(scope="module")
def binders(example_site: SharedBuild, example_handbook: Handbook) -> Iterator[dict[str, Binder]]:
    """Each example unit's binder from the run's shared example build."""
    titles = {B[key]: key for key in EVERY_FORM}
    found = {}
    for unit in example_handbook.units:
        path = example_site.site / "pdf" / f"{unit.id}.pdf"
        reader = PdfReader(path)
        children = _children(reader.outline, forms_chapter(unit))
        pages = {titles[e.title]: reader.get_destination_page_number(e) for e in children}
        assert None not in pages.values(), pages
        found[unit.id] = Binder(path, {k: v for k, v in pages.items() if v is not None},
                                pdfplumber.open(path))
    yield found
    for binder in found.values():
        binder.document.close()


def forms_chapter(unit: Any) -> str:
    """The forms chapter's bookmark, as its heading reads: "3 Blanketter"."""
    [number] = [c.number for c in print_chapters(unit_parts(unit.data, gaps=False), unit.data)
                if c.anchor == "kap-blanketter"]
    return f"{number} {L['print']['chapters']['blanketter']}"


def _children(outline: list[Any], title: str) -> list[Any]:
    """The bookmarks under the one titled ``title``, at any depth (chapters sit in parts)."""
    for index, entry in enumerate(outline):
        if isinstance(entry, list):
            found = _children(entry, title)
            if found:
                return found
        elif entry.title == title and index + 1 < len(outline) \
                and isinstance(outline[index + 1], list):
            return list(outline[index + 1])
    return []


UNITS = pytest.mark.parametrize("unit", example_unit_ids(), indirect=True)


def words(page: Any) -> list[dict[str, Any]]:
    return list(page.extract_words())


def line_text(found: list[dict[str, Any]]) -> str:
    return " ".join(w["text"] for w in sorted(found, key=lambda w: (round(w["top"]), w["x0"])))


def gray(rect: dict[str, Any]) -> bool:
    """A header cell: the forms draw header cells on light grey (#eee)."""
    color = rect.get("non_stroking_color")
    return isinstance(color, tuple) and len(color) == 3 and all(.9 < c < .96 for c in color)


def header_rows(page: Any) -> list[list[tuple[str, dict[str, Any]]]]:
    """Each row of two or more grey header cells, left to right, with the text drawn in
    each cell: the column heads of a log as the reader sees them."""
    rows: dict[float, list[dict[str, Any]]] = {}
    for rect in page.rects:
        if gray(rect):
            rows.setdefault(round(rect["top"], 1), []).append(rect)
    drawn = words(page)
    found = []
    for top in sorted(rows):
        cells = sorted(rows[top], key=lambda r: r["x0"])
        if len(cells) < 2:
            continue
        found.append([(cell_text(drawn, r), r) for r in cells])
    return found


def cell_text(drawn: list[dict[str, Any]], rect: dict[str, Any]) -> str:
    """The words drawn wholly inside ``rect``, line by line."""
    return line_text([w for w in drawn if w["x0"] >= rect["x0"] - .5
                      and w["x1"] <= rect["x1"] + .5 and w["top"] >= rect["top"] - .5
                      and w["bottom"] <= rect["bottom"] + .5])


def row_lines(page: Any, below: float) -> list[float]:
    """The tops of the horizontal rules below ``below``: a grid's row boundaries."""
    return sorted({round(line["top"], 1) for line in page.lines
                   if abs(line["top"] - line["bottom"]) < .5 and line["top"] > below})


# --- which forms a unit gets ------------------------------------------------------------------

@UNITS
def test_a_unit_gets_the_forms_its_routines_use(binders: dict[str, Binder], unit: Any) -> None:
    binder = binders[unit.id]
    assert list(binder.pages) == expected_forms(unit.id)
    # The chapter's own list names the same forms, in the same order, under the
    # list of where each paper form is kept.
    with nullcontext(binder.document) as pdf:
        first = min(binder.pages.values())
        listing = squash(pdf.pages[first - 1].extract_text())
    assert squash(L["print"]["form_place"]) in listing
    listing = listing[listing.index(squash(L["print"]["in_binder"])):]
    positions = [listing.find(squash(B[key])) for key in expected_forms(unit.id)]
    assert -1 not in positions and positions == sorted(positions)
    for key in set(EVERY_FORM) - set(expected_forms(unit.id)):
        assert squash(B[key]) not in listing


def test_the_new_forms_are_in_every_binder(binders: dict[str, Binder]) -> None:
    for binder in binders.values():
        assert {"fault_report", "callback", "sign", "read_and_understood"} <= set(binder.pages)


def test_a_routine_not_in_use_drops_its_form(example_handbook: Handbook) -> None:
    """``in_use: false`` on a routine drops the forms that serve it; other forms stay."""
    unit = next(u for u in example_handbook.units if u.id == "vc-angen")
    assert printed_forms(unit.data) == EVERY_FORM
    routines = {**unit.data["routines"], "lab": {"in_use": False},
                "documentation": {"in_use": False}}
    assert printed_forms({**unit.data, "routines": routines}) == [
        k for k in EVERY_FORM
        if k not in ("lab", "record", "record_continuation", "post_registration")]
    without_calendar = {k: v for k, v in unit.data["routines"].items() if k != "calendar"}
    assert "callback" not in printed_forms({**unit.data, "routines": without_calendar})


def test_the_lab_log_names_the_receiving_lab_only_when_there_are_several() -> None:
    one, two = {"labs": [{"id": "a"}]}, {"labs": [{"id": "a"}, {"id": "b"}]}
    assert C["sent_to"] not in [c.label for c in log("lab", one).columns]
    assert C["sent_to"] in [c.label for c in log("lab", two).columns]


# --- each form on its page --------------------------------------------------------------------

@UNITS
def test_each_form_is_one_page_with_a_form_footer(binders: dict[str, Binder], unit: Any) -> None:
    binder = binders[unit.id]
    keys = list(binder.pages)
    pages = [binder.pages[k] for k in keys]
    # One page each: the next form starts on the very next page.
    assert pages == list(range(pages[0], pages[0] + len(pages)))
    with nullcontext(binder.document) as pdf:
        after = squash(pdf.pages[pages[-1] + 1].extract_text())
        assert squash(B[keys[-1]]) not in after  # the last form does not run on either
        for key, index in binder.pages.items():
            page = pdf.pages[index]
            drawn = words(page)
            foot = [w for w in drawn if w["top"] > page.height - MARGIN_MM * MM]
            head = [w for w in drawn if w["bottom"] < MARGIN_MM * MM]
            left = [w for w in foot if w["x0"] < page.width / 2]
            right = [w for w in foot if w["x0"] >= page.width / 2]
            # "Blankett N · <title>": N is the form's place in print order, which the
            # action card refers to.
            assert line_text(left) == squash(f"{B['number']} {keys.index(key) + 1} · {B[key]}"), key
            # The unit and the plan's version, so an old copy can be told from a new one.
            version = unit.data["document"]["version"]
            assert line_text(right) == squash(f"{unit.name} · {L['fields']['version']} "
                                              f"{version}"), key
            # No page count, no validity, no running head ("forts.", unit, version).
            assert head == [], (key, line_text(head))
            assert L["binder"]["page_of"] not in line_text(foot)
            assert L["unit"]["valid_until"] not in line_text(foot)


@UNITS
def test_log_columns_read_from_the_page(binders: dict[str, Binder], unit: Any) -> None:
    binder = binders[unit.id]
    with nullcontext(binder.document) as pdf:
        for key, columns in LOG_COLUMNS.items():
            if key not in binder.pages:
                continue
            page = pdf.pages[binder.pages[key]]
            expected = [squash(C[c]) for c in columns]
            rows = [row for row in header_rows(page) if [t for t, _ in row] == expected]
            assert len(rows) == 1, (key, [[t for t, _ in r] for r in header_rows(page)])
            cells = dict(rows[0])
            if "patient" in columns:
                # Room for a twelve-digit personnummer and a name, written by hand.
                assert cells[squash(C["patient"])]["width"] >= 50 * MM, key
            if key == "read_and_understood":
                continue
            # Rows to write on, a handwritten line each, down to the foot of the page.
            header = cells[expected[0]]
            rules = row_lines(page, header["bottom"] - 1)
            heights = [b - a for a, b in zip(rules, rules[1:], strict=False)]
            assert len(heights) >= 10, key
            assert min(heights) >= HANDWRITTEN_LINE_MM * MM, (key, min(heights) / MM)
            assert rules[-1] > page.height - (MARGIN_MM + 30) * MM, (key, rules[-1] / MM)


@UNITS
def test_read_copy_grid_has_a_row_per_computer_and_a_column_per_month(
        binders: dict[str, Binder], unit: Any) -> None:
    with nullcontext(binders[unit.id].document) as pdf:
        page = pdf.pages[binders[unit.id].pages["read_copy"]]
        heads = [[t for t, _ in row] for row in header_rows(page)]
        drawn = words(page)
        row_heads = [cell_text(drawn, r) for r in page.rects if gray(r)]
    assert [B["computer"], *B["months"]] in heads
    for computer in unit.data["read_copy"].get("computers", []):
        assert any(text.startswith(squash(computer["location"])) for text in row_heads)


@UNITS
def test_incident_log_records_the_outage_itself(binders: dict[str, Binder], unit: Any) -> None:
    with nullcontext(binders[unit.id].document) as pdf:
        page = pdf.pages[binders[unit.id].pages["incidents"]]
        drawn = words(page)
        labels_drawn = [cell_text(drawn, r) for r in page.rects if gray(r)]
    for fact in INCIDENT_FACTS:
        assert squash(B["incident_facts"][fact]) in labels_drawn, fact


@UNITS
def test_record_sheet_fits_a_patient_record(binders: dict[str, Binder], unit: Any) -> None:
    """Identity on every sheet, sign-off with profession, the responsible doctor, the
    'entered in AsynjaVisph' box, and writing boxes of at least three handwritten lines
    that fill the page."""
    with nullcontext(binders[unit.id].document) as pdf:
        page = pdf.pages[binders[unit.id].pages["record"]]
        text = squash(page.extract_text())
        for key in ("patient_name", "personal_number", "sheet", "doctor", "signature",
                    "name_clarification", "profession", "entered"):
            assert squash(B[key]) in text, key
        assert f"{B['sheet']} ____ {B['sheet_of']} ____" in text
        keywords = unit.data["routines"]["documentation"].get("keywords") or \
            B["default_keywords"]
        # The writing boxes: the pattern-filled cells (feint lines 8 mm apart).
        boxes = sorted((r for r in page.rects if not gray(r) and r["height"] > 15 * MM),
                       key=lambda r: r["top"])
        assert len(boxes) == len(keywords)
        assert min(b["height"] for b in boxes) >= 3 * HANDWRITTEN_LINE_MM * MM
        # The page is filled: what is printed reaches the last 30 mm above the margin.
        body = [w for w in words(page) if w["bottom"] < page.height - MARGIN_MM * MM]
        assert max(w["bottom"] for w in body) > page.height - (MARGIN_MM + 30) * MM


@UNITS
def test_waiting_room_sign_is_large(binders: dict[str, Binder], unit: Any) -> None:
    with nullcontext(binders[unit.id].document) as pdf:
        page = pdf.pages[binders[unit.id].pages["sign"]]
        drawn = page.extract_words(extra_attrs=["size"])
    # Read from across the room: the lead in 40 pt or more, the rest in 16 pt or more.
    assert line_text([w for w in drawn if w["size"] >= 40]) == squash(B["sign_lead"])
    assert squash(B["sign_text"]) in line_text([w for w in drawn if w["size"] >= 16])
    assert squash(unit.name) in line_text([w for w in drawn if w["size"] >= 16])


# --- a record the forms can rely on (issue #26) -----------------------------------------------

# A date column's head: "Datum", or a head that asks for the date ("Provtaget (datum, kl.,
# sign.)", "Datum på papper").
DATE_HEAD = re.compile(r"^Datum\b|\(datum\b")


def log_heads(page: Any) -> list[list[str]]:
    """The column heads of each log grid on the page: three or more grey header cells
    side by side, each touching the next (a row of label/box pairs leaves boxes between
    its grey cells)."""
    heads = []
    for row in header_rows(page):
        touching = all(abs(b["x0"] - a["x1"]) < 1.5 for (_, a), (_, b)
                       in zip(row, row[1:], strict=False))
        if len(row) >= 3 and touching:
            heads.append([text for text, _ in row])
    return heads


@UNITS
def test_every_log_has_a_date_column(binders: dict[str, Binder], unit: Any) -> None:
    """Each log grid of every form, read from its header cells on the page, has a column
    for the date: a time alone does not say which day an entry was made."""
    binder = binders[unit.id]
    with nullcontext(binder.document) as pdf:
        grids = {key: log_heads(pdf.pages[index]) for key, index in binder.pages.items()}
    months = [B["computer"], *B["months"]]
    logs = {key: heads for key, heads in grids.items()
            if heads and heads != [months]}
    # The logs: every one the unit prints, and the fault report's follow-up.
    assert {*LOG_COLUMNS, "fault_report"} & set(binder.pages) <= set(logs), sorted(logs)
    undated = {key: head for key, heads in logs.items() for head in heads
               if not any(DATE_HEAD.search(cell) for cell in head)}
    assert undated == {}
    # The incident log and the fault report's follow-up (time-only before): "Datum"
    # first, then "Klockslag".
    for key in ("incidents", "fault_report"):
        assert [B["columns"]["date"], B["columns"]["time"]] == logs[key][-1][:2], key


@UNITS
def test_paper_record_has_the_allergy_check_and_a_continuation_sheet(
        binders: dict[str, Binder], unit: Any) -> None:
    binder = binders[unit.id]
    with nullcontext(binder.document) as pdf:
        record = pdf.pages[binder.pages["record"]]
        drawn = words(record)
        labels_drawn = [cell_text(drawn, r) for r in record.rects if gray(r)]
        assert squash(B["allergies"]) in labels_drawn
        # The continuation sheet follows the record sheet, and asks for who the patient
        # is and which sheet it is, as the record does.
        assert binder.pages["record_continuation"] == binder.pages["record"] + 1
        sheet = pdf.pages[binder.pages["record_continuation"]]
        text = squash(sheet.extract_text())
        assert "Fortsättningsblad" in text
        for key in ("patient_name", "personal_number", "sheet"):
            assert squash(B[key]) in text, key
        assert f"{B['sheet']} ____ {B['sheet_of']} ____" in text


@UNITS
def test_record_has_the_fields_the_units_type_needs(binders: dict[str, Binder],
                                                     unit: Any) -> None:
    """A unit's ``record_fields`` (the guardian at a BVC) stand on its record sheet, each
    a label cell."""
    extra = unit.data["routines"]["documentation"].get("record_fields", [])
    if unit.id == "bvc-gardsten":
        assert any(field.startswith("Vårdnadshavare") for field in extra)
    binder = binders[unit.id]
    with nullcontext(binder.document) as pdf:
        page = pdf.pages[binder.pages["record"]]
        drawn = words(page)
        labels_drawn = [cell_text(drawn, r) for r in page.rects if gray(r)]
    for field in extra:
        assert squash(field) in labels_drawn, field


def field_name(label: str) -> str:
    """What a label asks for, without its explanation in brackets: "Besökstyp (ålder,
    hälsobesök eller extrabesök)" asks for the same as "Besökstyp"."""
    return label.split("(")[0].strip().casefold()


@UNITS
def test_no_field_twice_on_any_form(binders: dict[str, Binder], unit: Any) -> None:
    """No label or column head asks for the same thing twice on one form (the BVC's
    record sheet printed "Besökstyp" as a field and as a writing box)."""
    binder = binders[unit.id]
    twice = {}
    with nullcontext(binder.document) as pdf:
        for key, index in binder.pages.items():
            page = pdf.pages[index]
            drawn = words(page)
            # Each grey cell once (a cell drawn as several rectangles counts once).
            cells = {(round(r["x0"]), round(r["top"])): cell_text(drawn, r)
                     for r in page.rects if gray(r)}
            names = Counter(field_name(text) for text in cells.values() if text)
            repeated = sorted(name for name, count in names.items() if count > 1)
            if repeated:
                twice[key] = repeated
    assert twice == {}


def test_record_identity_leaves_a_field_to_the_box_that_asks_for_it() -> None:
    labels_of = [label for label, _ in record_identity(
        ["Besökstyp (ålder, hälsobesök eller extrabesök)", "Vikt"],
        ["Vårdnadshavare (namn, telefon)", "Personnummer"])]
    assert B["visit"] not in labels_of  # the keyword box asks for it
    assert labels_of.count(B["personal_number"]) == 1
    assert labels_of[-1] == "Vårdnadshavare (namn, telefon)"
    assert B["sheet"] in labels_of and B["patient_name"] in labels_of
