"""The whole-handbook PDF: a front part (cover, contents, region chapters)
rendered here, followed by every unit's binder PDF as it is.

Unlike the binders it is not a tagged PDF: appending pages with pypdf drops
each part's structure tree (README, "Accessible PDFs")."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..labels import labels
from ..project import Unit
from ..stamp import Stamp
from .document import Chapter, handbook_front
from .render import render_pdf, write_atomically

MAX_ROUNDS = 4
REGION = "region-"  # _appendix.html.j2: the region chapters' ids


def combine_handbook(units: list[tuple[Unit, Path, int]], chapters: list[Chapter],
                     stamp: Stamp, region: str, target: Path, example: bool = False) -> None:
    """Write the whole handbook to ``target`` from the unit PDFs; ``example`` marks
    its cover as the example handbook's."""
    front = _render_front(units, chapters, stamp, region, example)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)), import_outline=True)
    for unit, pdf, pages in units:
        # The unit's own pages; the region chapters are in the front once.
        first = len(writer.pages)
        reader = PdfReader(pdf)
        writer.append(reader, outline_item=unit.name, pages=(0, pages), import_outline=True)
        _link_region_chapters(writer, reader, first, pages)
    writer.add_metadata({"/Title": labels()["binder"]["handbook_title"], "/Author": region,
                         "/Subject": labels()["binder"]["description"],
                         "/Creator": "Kontinuitetshandboken"})
    writer._root_object[NameObject("/Lang")] = TextStringObject("sv")
    # The title, not the file name, in the viewer's title bar. The unit PDFs' structure
    # trees are not carried over by pypdf: this PDF is untagged (see the README).
    writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)})
    output = io.BytesIO()
    writer.write(output)
    write_atomically(target, output.getvalue())


def _link_region_chapters(writer: PdfWriter, reader: PdfReader, first: int,
                          pages: int) -> None:
    """Lead a unit's links to its appendix (left out here) to the front's region chapters.

    pypdf drops a link whose target page is not appended. The front prints the
    appendix with the same markup and the same destination names (``region-<id>``),
    so the unit's "Bilaga 2" is page "Bilaga 2" of the front, and its link goes there."""
    for index in range(pages):
        for annotation in reader.pages[index].get("/Annots") or []:
            link = annotation.get_object()
            target = link.get("/Dest")
            if link.get("/Subtype") != "/Link" or not str(target or "").startswith(REGION):
                continue
            writer.add_annotation(first + index, DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): link["/Rect"],
                NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                NameObject("/Dest"): TextStringObject(str(target))}))


def _render_front(units: list[tuple[Unit, Path, int]], chapters: list[Chapter],
                  stamp: Stamp, region: str, example: bool) -> bytes:
    """Render the front until its own length agrees with the page numbers it prints."""
    unit_pages = [(unit, pages) for unit, _pdf, pages in units]
    front_pages = 3
    for _ in range(MAX_ROUNDS):
        total = front_pages + sum(pages for _unit, pages in unit_pages)
        document = handbook_front(unit_pages, chapters, stamp.release, front_pages + 1,
                                  total, region, example)
        pdf = render_pdf(document.filled(stamp))
        actual = len(PdfReader(io.BytesIO(pdf)).pages)
        if actual == front_pages:
            return pdf
        front_pages = actual
    return pdf
