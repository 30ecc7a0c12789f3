"""The whole handbook's front, laid out by WeasyPrint: cover and contents, then the
region chapters once.

The two are laid out apart and joined into one PDF: the region chapters once, the
cover and contents as often as their own length changes the page numbers they
print (each unit's first page comes after the whole front). A first guess of that
length from the number of lines usually holds, so the contents are laid out once.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from ..data.project import Unit
from ..history.stamp import Stamp
from .document import Chapter, blank_page_document, handbook_appendix, handbook_front
from .pdf import PDF_OPTIONS, UNTAGGED_OPTIONS, layout
from .tagging import finish_tagged_pdf, link_descriptions
from .weasy import write_pdf

MAX_ROUNDS = 4
REGION = "region-"  # _appendix.html.j2: the region chapters' ids
# handbook.html.j2: the contents' entry of each unit, whose link the whole handbook
# leads to the unit's first page (a named destination the writer adds, pdfwrite.py).
UNIT_ANCHOR = "hb-unit-"
# The first guess of the cover and contents' length: the cover, then contents lines
# (headings, one per region chapter and per unit) at about this many a page.
CONTENTS_HEADINGS = 4
CONTENTS_LINES_PER_PAGE = 42


def render_front(units: list[tuple[Unit, int]], chapters: list[Chapter], stamp: Stamp,
                 region: str, example: bool, duplex: bool = True) -> bytes:
    """The front as a tagged PDF (its structure becomes part of the whole handbook's).

    Double-sided, the cover and contents and the region chapters each fill an even
    number of pages (a page left empty if need be), as every binder's own pages do
    (pdf.py): every part then starts on a right-hand page."""
    # No region chapters, no appendix (laid out, an empty document is a blank page).
    appendix = (layout(handbook_appendix(chapters, region, duplex).filled(stamp))
                if chapters else None)
    blank = layout(blank_page_document(duplex)).pages if duplex else []
    appendix_part = appendix.pages if appendix is not None else []
    if len(appendix_part) % 2:
        appendix_part = [*appendix_part, *blank]
    appendix_pages = chapter_pages(appendix) if appendix is not None else {}
    length = 1 + math.ceil((CONTENTS_HEADINGS + len(chapters) + len(units))
                           / CONTENTS_LINES_PER_PAGE)
    for _ in range(MAX_ROUNDS):
        first_unit_page = _even(length, duplex) + len(appendix_part) + 1
        front = layout(handbook_front(units, chapters, stamp.release, first_unit_page, region,
                                       example, appendix_pages, duplex).filled(stamp))
        if len(front.pages) == length:
            break
        length = len(front.pages)
    pad = blank if _even(length, duplex) > length else []
    document = front.copy([*front.pages, *pad, *appendix_part])
    return finish_tagged_pdf(write_pdf(document, **PDF_OPTIONS), link_descriptions(document))


def folio_font(text: str) -> bytes:
    """A PDF whose one font has the glyphs of ``text``, in the running feet's font
    and colour: the whole handbook's page numbers are written in it (combine.py)."""
    html = ('<!DOCTYPE html><html lang="sv"><body style="margin: 0"><p style="font: 7pt '
            '\'DejaVu Sans\', sans-serif">' + escape(text) + '</p></body></html>')
    return write_pdf(layout(html), **UNTAGGED_OPTIONS)


def _even(pages: int, duplex: bool) -> int:
    """The pages a part fills: double-sided, an odd count gets a page left empty."""
    return pages + pages % 2 if duplex else pages


def chapter_pages(appendix: Any) -> dict[str, int]:
    """Each region chapter's page as the appendix numbers it (its first page is 1)."""
    found: dict[str, int] = {}
    for number, page in enumerate(appendix.pages, start=1):
        for anchor in page.anchors:
            if anchor.startswith(REGION):
                found.setdefault(anchor.removeprefix(REGION), number)
    return found
