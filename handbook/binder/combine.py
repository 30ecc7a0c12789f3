"""The whole-handbook PDF: a front (cover, contents, the region chapters once)
rendered here, followed by each unit binder's own pages as they are.

The front is laid out by WeasyPrint in two parts: the region chapters once, and
the cover and contents, which list the region chapters' pages ("Bilaga 2") and
each unit's first page. The contents are laid out again only when their own
length differs from the guess its page numbers were computed with (front.py).

The units' pages are copied with pikepdf (qpdf) from each binder's part: its own
pages (not its appendix), untagged, with their outline items and named
destinations, made once from the binder and kept until the binder changes
(``make_part``); so is the laid-out front, until what it prints changes. A build
where one unit changed opens one binder, not all of them: opening a binder costs
in proportion to its objects, nine in ten of which are its structure tree. The
page tree, the outline and the name tree are written once at the end, not page by
page. Memory still grows with the units: qpdf keeps part of each PDF it copied
from until the whole handbook is saved. Each unit's outline
items go under one item with the unit's name, leading to its first page. Of a
unit's named destinations, those its links use come along, renamed with the
unit's id if an earlier part has the name. A unit's link to a region chapter
names ``region-<id>``, whose page (in its appendix) is not copied: the front
has the same chapters under the same names, so the link leads to the front's
chapter, the unit's "Bilaga 2" to the front's page "Bilaga 2".

Unlike the binders it is not a tagged PDF: merging the units' structure trees is
not done, and the copied pages' links into those trees are removed (README,
"Accessible PDFs")."""

from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, String

from ..labels import labels
from ..project import Unit
from ..stamp import Stamp
from .document import Chapter
from .front import REGION, render_front
from .render import write_atomically

NAME_TREE_LEAF = 64  # named destinations per leaf of the name tree


@dataclass
class Bookmark:
    """An outline item to write: title, page (in the whole handbook), view, children."""

    title: str
    page: Dictionary | None
    view: list[Object] = field(default_factory=list)  # after the page: /XYZ left top zoom
    children: list[Bookmark] = field(default_factory=list)
    open: bool = False


@dataclass
class Part:
    """Pages copied from one PDF (the front or a unit's binder), not yet in the page
    tree, with the outline items and named destinations that lead to them."""

    pages: list[Dictionary]
    bookmarks: list[Bookmark]
    names: dict[str, Array]


@dataclass(frozen=True)
class Source:
    """One unit's binder as the whole handbook takes it."""

    unit: Unit
    binder: Path
    pages: int  # the binder's own pages, before its appendix
    # The same pages made ready for the whole handbook (``make_part``): made when missing,
    # so its name must change with the binder's (build.py names it by the binder's key).
    part: Path


def combine_handbook(units: list[Source], chapters: list[Chapter], stamp: Stamp, region: str,
                     target: Path, example: bool = False, front: Path | None = None,
                     duplex: bool = True) -> None:
    """Write the whole handbook to ``target`` from the units' binders; ``example`` marks
    its cover as the example handbook's, ``duplex`` lays the front out double-sided.
    ``front`` is where the laid-out front is kept between builds (build.py names it by
    what it prints); None lays it out every time."""
    front_pdf = _front(units, chapters, stamp, region, example, front, duplex)
    with pikepdf.new() as book:
        with pikepdf.open(io.BytesIO(front_pdf)) as source:
            parts = [_copy_part(book, source, len(source.pages), linked_only=False)]
        bookmarks = list(parts[0].bookmarks)
        names = dict(parts[0].names)
        for unit in units:
            if not unit.part.exists():
                make_part(unit.binder, unit.pages, unit.part)
            with pikepdf.open(unit.part) as source:
                # A part holds only the destinations its links use (make_part chose them).
                part = _copy_part(book, source, len(source.pages), linked_only=False)
            _merge_names(part, names, f"{unit.unit.id}--")
            parts.append(part)
            bookmarks.append(Bookmark(unit.unit.name, part.pages[0], [Name.Fit], part.bookmarks))
        _add_page_tree(book, [part.pages for part in parts])
        _add_outline(book, bookmarks)
        _add_name_tree(book, names)
        _describe(book, region)
        _save_atomically(book, target)


def make_part(binder: Path, pages: int, target: Path) -> None:
    """A binder's own pages as a small PDF of their own, as the whole handbook takes
    them: untagged, with the outline items and the named destinations that lead to
    them. Opening a binder costs in proportion to its objects, most of them its
    structure tree; a part has a tenth of them, so a build where one unit changed
    opens one binder, not every binder (README, "The whole-handbook PDF")."""
    with pikepdf.open(binder) as source, pikepdf.new() as part:
        copied = _copy_part(part, source, pages, linked_only=True)
        _add_page_tree(part, [copied.pages])
        _add_outline(part, copied.bookmarks)
        _add_name_tree(part, copied.names)
        _save_atomically(part, target)


def _front(units: list[Source], chapters: list[Chapter], stamp: Stamp, region: str,
           example: bool, kept: Path | None, duplex: bool) -> bytes:
    """The front, laid out again only when ``kept`` does not exist."""
    if kept is not None and kept.exists():
        return kept.read_bytes()
    front = render_front([(unit.unit, unit.pages) for unit in units], chapters, stamp,
                         region, example, duplex)
    if kept is not None:
        write_atomically(kept, front)
    return front


def _copy_part(book: pikepdf.Pdf, source: pikepdf.Pdf, count: int, linked_only: bool) -> Part:
    """Copy the first ``count`` pages of ``source`` into ``book``, with what leads to them.

    Pages are copied as objects and put into the page tree at the end, once:
    pikepdf's page list costs time in proportion to the pages already there for
    every page added, so appending thousands of pages one by one grows as their
    square. ``linked_only`` (a unit's pages) takes only the named destinations that
    its links use, and no region destination (``region-<id>``): its page, the
    unit's appendix, is not copied, and the front has the same one."""
    originals: list[Dictionary] = [page.obj for _n, page
                                   in zip(range(count), source.pages, strict=False)]
    pages: list[Dictionary] = []
    for page in originals:
        _untag(page)
        if "/Parent" in page:
            del page["/Parent"]  # or the copy would bring the source's whole page tree
        pages.append(cast(Dictionary, book.copy_foreign(page)))
    copied = {page.objgen: copy for page, copy in zip(originals, pages, strict=True)}
    # The front's destinations all; a unit's those its links use (the others are ids
    # such as a checklist step's, which every unit has).
    wanted = {name for _owner, _key, name in _link_names(pages)} if linked_only else None
    names: dict[str, Array] = {}
    tree = source.Root.get("/Names", Dictionary()).get("/Dests")
    for name, value in pikepdf.NameTree(tree).items() if tree is not None else []:
        if wanted is not None and (name not in wanted or name.startswith(REGION)):
            continue
        destination = _explicit(value.get("/D") if isinstance(value, Dictionary) else value)
        target = copied.get(destination[0].objgen) if destination is not None else None
        if target is not None and destination is not None:
            names[name] = Array([target, *list(destination)[1:]])
    return Part(pages, _bookmarks(source.Root.get("/Outlines"), copied), names)


def _link_names(pages: list[Dictionary]) -> list[tuple[Dictionary, str, str]]:
    """(annotation or action, key, name) of every link to a named destination."""
    found = []
    for page in pages:
        for annotation in page.get("/Annots") or []:
            for owner in (annotation, annotation.get("/A")):
                for key in ("/Dest", "/D"):
                    if isinstance(owner, Dictionary) and isinstance(owner.get(key), String):
                        found.append((owner, key, str(owner[key])))
    return found


def _merge_names(part: Part, names: dict[str, Array], prefix: str) -> None:
    """Add the part's destinations to ``names``. One whose name is taken (an id that
    two units' binders share) gets the unit's prefix, and so do the part's links to it."""
    renamed = {}
    for name, destination in part.names.items():
        final = name if name not in names else f"{prefix}{name}"
        names[final] = destination
        if final != name:
            renamed[name] = final
    for owner, key, name in _link_names(part.pages) if renamed else []:
        if name in renamed:
            owner[key] = String(renamed[name])


def _bookmarks(parent: object, pages: dict[tuple[int, int], Dictionary]) -> list[Bookmark]:
    """The outline items under ``parent`` that lead to a copied page (or hold one that
    does), leading to the copy."""
    found: list[Bookmark] = []
    item = parent.get("/First") if isinstance(parent, Dictionary) else None
    while isinstance(item, Dictionary):
        destination = _explicit(item.get("/Dest") if "/Dest" in item else
                                item.get("/A", Dictionary()).get("/D"))
        page = pages.get(destination[0].objgen) if destination is not None else None
        children = _bookmarks(item, pages)
        if page is not None or children:
            view = list(destination)[1:] if destination is not None and page is not None \
                else []
            found.append(Bookmark(str(item.get("/Title", "")), page, view, children,
                                  int(item.get("/Count", 0)) > 0))
        item = item.get("/Next")
    return found


def _explicit(destination: object) -> Array | None:
    """An explicit destination ([page /XYZ left top zoom]), or None."""
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


def _add_page_tree(book: pikepdf.Pdf, parts: list[list[Dictionary]]) -> None:
    """Each part's pages under a page tree node of their own, in order."""
    root = book.Root.Pages
    for pages in parts:
        node = book.make_indirect(Dictionary(Type=Name.Pages, Kids=Array(pages),
                                             Count=len(pages), Parent=root))
        for page in pages:
            page.Parent = node
        root.Kids.append(node)
    root.Count = sum(len(pages) for pages in parts)


def _add_name_tree(book: pikepdf.Pdf, names: dict[str, Array]) -> None:
    """The named destinations as a name tree of two levels, sorted (as the PDF
    format requires) and cut into leaves so that a viewer need not read them all."""
    ordered = sorted(names.items(), key=lambda item: item[0].encode("utf-16-be"))
    leaves = Array()
    for start in range(0, len(ordered), NAME_TREE_LEAF):
        chunk = ordered[start:start + NAME_TREE_LEAF]
        flat = Array([value for name, destination in chunk
                      for value in (String(name), destination)])
        leaves.append(book.make_indirect(Dictionary(
            Names=flat, Limits=Array([String(chunk[0][0]), String(chunk[-1][0])]))))
    book.Root.Names = Dictionary(Dests=book.make_indirect(Dictionary(Kids=leaves)))


def _add_outline(book: pikepdf.Pdf, bookmarks: list[Bookmark]) -> None:
    """The outline, written directly, once."""
    root = book.make_indirect(Dictionary(Type=Name.Outlines))
    _write_children(book, root, bookmarks)
    root.Count = sum(1 + _visible(b) for b in bookmarks)
    book.Root.Outlines = root


def _write_children(book: pikepdf.Pdf, parent: Dictionary, bookmarks: list[Bookmark]) -> None:
    previous = None
    for bookmark in bookmarks:
        item = book.make_indirect(Dictionary(Title=String(bookmark.title), Parent=parent))
        if bookmark.page is not None:
            item.Dest = Array([bookmark.page, *bookmark.view])
        _write_children(book, item, bookmark.children)
        if bookmark.children:
            count = sum(1 + _visible(child) for child in bookmark.children)
            item.Count = count if bookmark.open else -count
        if previous is None:
            parent.First = item
        else:
            previous.Next, item.Prev = item, previous
        previous = item
    if previous is not None:
        parent.Last = previous


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
        # Object streams compress the many small objects (links, outline, names):
        # measured at 60 units, 15.5 MB → 8.6 MB for 0.3 s.
        book.save(temporary, deterministic_id=True,
                  object_stream_mode=pikepdf.ObjectStreamMode.generate)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
