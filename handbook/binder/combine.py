"""The whole-handbook PDF: a front (cover, contents, the region chapters once)
rendered here, followed by each unit binder's own pages as they are.

The front is laid out by WeasyPrint in two parts: the region chapters once, and
the cover and contents, which list the region chapters' pages ("Bilaga 2") and
each unit's first page. The contents are laid out again only when their own
length differs from the guess its page numbers were computed with (front.py).

The units' pages are copied with pikepdf (qpdf): one unit binder is open at a
time and closed once its pages are copied, so memory does not grow with the
number of units beyond the copied pages' objects; qpdf writes the page contents
from the source files when it saves. Each unit's outline items go under one item
with the unit's name; the unit's named destinations come along with the pages
that hold them. A unit's link to a region chapter names ``region-<id>``, whose
page (its appendix) is not copied: the front has the same chapters under the
same names, so the link leads to the front's chapter, the unit's "Bilaga 2" to
the front's page "Bilaga 2".

Unlike the binders it is not a tagged PDF: merging the units' structure trees is
not done, and the copied pages' links into those trees are removed (README,
"Accessible PDFs")."""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, String

from ..labels import labels
from ..project import Unit
from ..stamp import Stamp
from .document import Chapter
from .front import render_front


@dataclass
class Bookmark:
    """An outline item to write: its title, page in the whole handbook, view, children."""

    title: str
    page: int | None
    view: list[Object] = field(default_factory=list)  # after the page: /XYZ left top zoom
    children: list[Bookmark] = field(default_factory=list)
    open: bool = False


def combine_handbook(units: list[tuple[Unit, Path, int]], chapters: list[Chapter],
                     stamp: Stamp, region: str, target: Path, example: bool = False) -> None:
    """Write the whole handbook to ``target`` from the unit PDFs (each with the count of
    its own pages, before its appendix); ``example`` marks its cover as the example
    handbook's."""
    front = render_front([(unit, pages) for unit, _pdf, pages in units], chapters, stamp,
                         region, example)
    with pikepdf.open(io.BytesIO(front)) as book:
        bookmarks = [_append_unit(book, unit, pdf, pages) for unit, pdf, pages in units]
        _append_outline(book, bookmarks)
        _describe(book, region)
        _save_atomically(book, target)


def _append_unit(book: pikepdf.Pdf, unit: Unit, pdf: Path, pages: int) -> Bookmark:
    """Copy the unit's own pages to the end of ``book``; the unit's outline item."""
    first = len(book.pages)
    with pikepdf.open(pdf) as source:
        book.add_pages_from(source, range(pages), layers="ignore", outlines="ignore")
        copied = {source.pages[index].obj.objgen: first + index for index in range(pages)}
        children = _bookmarks(source.Root.get("/Outlines"), copied)
    for page in book.pages[first:]:
        _untag(page.obj)
    return Bookmark(unit.name, first, [Name.Fit], children)


def _bookmarks(parent: object, pages: dict[tuple[int, int], int]) -> list[Bookmark]:
    """The outline items under ``parent`` that lead to a copied page (or hold one that
    does), with their pages in the whole handbook."""
    found: list[Bookmark] = []
    item = parent.get("/First") if isinstance(parent, Dictionary) else None
    while isinstance(item, Dictionary):
        destination = _destination(item)
        page = pages.get(destination[0].objgen) if destination else None
        children = _bookmarks(item, pages)
        if page is not None or children:
            view = list(destination)[1:] if destination and page is not None else []
            found.append(Bookmark(str(item.get("/Title", "")), page, view, children,
                                  int(item.get("/Count", 0)) > 0))
        item = item.get("/Next")
    return found


def _destination(item: Dictionary) -> Array | None:
    """An outline item's explicit destination ([page /XYZ left top zoom]), if any."""
    destination = item.get("/Dest")
    if destination is None and isinstance(item.get("/A"), Dictionary):
        destination = item.A.get("/D")
    if isinstance(destination, Array) and len(destination) and \
            isinstance(destination[0], Dictionary):
        return destination
    return None


def _untag(page: Dictionary) -> None:
    """Remove the page's keys into its binder's structure tree, which is not copied."""
    if "/StructParents" in page:
        del page["/StructParents"]
    for annotation in page.get("/Annots") or []:
        if isinstance(annotation, Dictionary) and "/StructParent" in annotation:
            del annotation["/StructParent"]


def _append_outline(book: pikepdf.Pdf, bookmarks: list[Bookmark]) -> None:
    """Add ``bookmarks`` after the front's own outline items (written directly, once:
    pikepdf's Outline would rewrite the whole outline for every unit)."""
    root = book.Root.get("/Outlines")
    if not isinstance(root, Dictionary):
        root = book.Root.Outlines = book.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
    last = root.get("/Last")
    for bookmark in bookmarks:
        item = _write_bookmark(book, root, bookmark)
        if isinstance(last, Dictionary):
            last.Next, item.Prev = item, last
        else:
            root.First = item
        root.Last = last = item
    root.Count = int(root.get("/Count", 0)) + sum(1 + _visible(b) for b in bookmarks)


def _write_bookmark(book: pikepdf.Pdf, parent: Dictionary, bookmark: Bookmark) -> Dictionary:
    item = book.make_indirect(Dictionary(Title=String(bookmark.title), Parent=parent))
    if bookmark.page is not None:
        item.Dest = Array([book.pages[bookmark.page].obj, *bookmark.view])
    previous = None
    for child in bookmark.children:
        written = _write_bookmark(book, item, child)
        if previous is None:
            item.First = written
        else:
            previous.Next, written.Prev = written, previous
        previous = written
    if previous is not None:
        item.Last = previous
        count = sum(1 + _visible(child) for child in bookmark.children)
        item.Count = count if bookmark.open else -count
    return item


def _visible(bookmark: Bookmark) -> int:
    """Items below ``bookmark`` shown with it (an outline's /Count)."""
    if not bookmark.open:
        return 0
    return sum(1 + _visible(child) for child in bookmark.children)


def _describe(book: pikepdf.Pdf, region: str) -> None:
    L = labels()["binder"]
    book.docinfo[Name.Title] = L["handbook_title"]
    book.docinfo[Name.Author] = region
    book.docinfo[Name.Subject] = L["description"]
    book.docinfo[Name.Creator] = "Kontinuitetshandboken"
    book.Root.Lang = String("sv")
    # The title, not the file name, in the viewer's title bar.
    book.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def _save_atomically(book: pikepdf.Pdf, target: Path) -> None:
    """Save next to ``target`` and rename, so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        book.save(temporary, deterministic_id=True)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
