"""Findable pages: every line of a unit binder's contents names a number that is
printed in the footer of the page its link leads to, and in no other page's footer,
so a reader can find the page by leafing through the binder. The contents lists
every blank form, and the contents page carries a number of its own.

Read from the real PDFs of the example build: the contents' links (annotations)
with pypdf, the text on each link's line with pdfplumber, and each page's footer
as binder/pagetext.py reads it (the page furniture WeasyPrint marks as artifacts).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject, NameObject
from sitebuild import EXAMPLE_DAY, SharedBuild, example_unit_ids, squash

from handbook import Handbook
from handbook.binder.chapters import fixes
from handbook.binder.pagetext import page_texts
from handbook.data.project import Unit
from handbook.labels import labels
from handbook.plan.printed import printed_forms
from handbook.plan.status import unit_status
from handbook.routes import PDF_DIR

pytestmark = [pytest.mark.build, pytest.mark.pdf]

L: dict[str, Any] = labels()
UNITS = pytest.mark.parametrize("unit", example_unit_ids(), indirect=True)
# What follows the leader dots of a contents line: its reference ("3·2", "Blankett 4").
LEADERS = re.compile(r"\.{3,}\s*(.+?)\s*$")


@dataclass(frozen=True)
class Line:
    """One line of a contents: its title, its reference and the page its link opens."""

    title: str
    reference: str
    target: int  # 0-based page index


def _target(reader: PdfReader, annotation: Any) -> int | None:
    """The 0-based page an internal link annotation leads to, or None for another link."""
    destination = annotation.get("/Dest")
    action = annotation.get("/A")
    if destination is None and action is not None and action.get("/S") == "/GoTo":
        destination = action.get("/D")
    if destination is None:
        return None
    if isinstance(destination, IndirectObject):
        destination = destination.get_object()
    if not isinstance(destination, ArrayObject):
        destination = reader.named_destinations[str(destination)]
        return reader.get_destination_page_number(destination)
    page = destination[0]
    return next(i for i, p in enumerate(reader.pages)
                if p.indirect_reference == page.indirect_reference
                or p.indirect_reference == page)


def contents_pages(pdf: Any) -> list[int]:
    """The pages (0-based) whose first line of text is the contents' heading."""
    found = []
    for index, page in enumerate(pdf.pages):
        words = page.extract_words()
        body = [w for w in words if 40 < w["top"] < page.height - 60]
        if body and min(body, key=lambda w: (round(w["top"]), w["x0"]))["text"] == \
                L["binder"]["contents"]:
            found.append(index)
    return found


def contents_lines(path: Any) -> tuple[list[int], list[Line]]:
    """The contents pages of the binder at ``path`` and each of their linked lines."""
    reader = PdfReader(path)
    lines: list[Line] = []
    with pdfplumber.open(path) as pdf:
        pages = contents_pages(pdf)
        seen: set[tuple[int, int]] = set()
        for index in pages:
            page = pdf.pages[index]
            for annotation in reader.pages[index].get("/Annots") or []:
                annotation = annotation.get_object()
                if annotation.get("/Subtype") != NameObject("/Link"):
                    continue
                target = _target(reader, annotation)
                if target is None:
                    continue
                # One link may be several annotations (a line's pieces): one line each.
                xa, ya, xb, yb = (float(v) for v in annotation["/Rect"])
                middle = page.height - (ya + yb) / 2
                if (target, round(middle)) in seen:
                    continue
                seen.add((target, round(middle)))
                words = sorted((w for w in page.extract_words()
                                if w["top"] <= middle <= w["bottom"]
                                and min(xa, xb) - 1 <= w["x0"]
                                and w["x1"] <= max(xa, xb) + 1), key=lambda w: w["x0"])
                text = " ".join(w["text"] for w in words)
                match = LEADERS.search(text)
                assert match, f"{path.name} p. {index + 1}: no reference on the line {text!r}"
                title = squash(text[:match.start()])
                lines.append(Line(title, squash(match[1]), target))
    return pages, lines


def in_footer(reference: str, footer: str) -> bool:
    """``reference`` stands in ``footer`` as a whole: "3·2" not inside "13·2" or "3·21"."""
    return re.search(rf"(?<![\w·/]){re.escape(reference)}(?![\w·/])", footer) is not None


@pytest.fixture(scope="module")
def binders(example_site: SharedBuild) -> Any:
    folder = example_site.project / "site" / PDF_DIR
    return lambda unit_id: folder / f"{unit_id}.pdf"


@UNITS
def test_every_contents_entry_is_printed_on_the_page_it_leads_to(binders: Any, unit: Unit,
                                                                  example_handbook: Handbook
                                                                  ) -> None:
    """Each contents line's number is in the footer of the page its link opens, and in
    no other page's footer; every blank form is listed; the contents page is numbered."""
    path = binders(unit.id)
    day = dt.date.fromisoformat(EXAMPLE_DAY)
    pages, lines = contents_lines(path)
    assert pages, f"{unit.id}: no contents page"
    footers = [" ".join(page.footer) for page in page_texts(path.read_bytes())]
    wrong = []
    for line in lines:
        found = [index for index, footer in enumerate(footers)
                 if in_footer(line.reference, footer)]
        if found != [line.target]:
            wrong.append(f"{line.title} «{line.reference}» leads to p. {line.target + 1} "
                         f"(footer {footers[line.target]!r}), printed on "
                         f"{[i + 1 for i in found]}")
    assert not wrong, f"{unit.id}:\n" + "\n".join(wrong)
    # Every blank form the binder prints is a line of the contents.
    titles = {line.title for line in lines}
    forms = [str(L["blank"][key]) for key in printed_forms(unit.data)]
    assert [t for t in forms if squash(t) not in titles] == [], unit.id
    # The head of unit's sheet, when the plan has something to fix, is listed: "sista
    # sidan", which its footer repeats (checked above), and it is the last page.
    fix_lines = [line for line in lines if line.title == squash(L["print"]["fixes_title"])]
    if fixes(unit.data, day, unit_status(unit, day)):
        assert [(line.reference, line.target) for line in fix_lines] == \
            [(L["print"]["fixes_where"], len(footers) - 1)], unit.id
    else:
        assert fix_lines == [], unit.id
    # The contents pages carry a page number of their own.
    for index in pages:
        assert re.search(r"\b([ivx]+|\d+)\b", footers[index]), \
            f"{unit.id} p. {index + 1}: the contents page's footer {footers[index]!r} has no number"
