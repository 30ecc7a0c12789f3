"""The whole-handbook PDF: a front (cover, contents, the region chapters once)
rendered here, followed by each unit binder's own pages as they are.

The front is laid out by WeasyPrint in two parts: the region chapters once, and
the cover and contents, which list the region chapters' pages ("Bilaga 2") and
each unit's first page. The contents are laid out again only when their own
length differs from the guess its page numbers were computed with (front.py).

Each unit's own pages (not its appendix), untagged, with their outline items and
named destinations, are made once into a *piece* (pdfwrite.py) when its binder
changes (``make_part``), and so is the laid-out front, when what it prints
changes. The book is then written piece after piece with new object numbers, and
the page tree, outline and name tree at the end: no PDF is opened but the one that
changed, and one piece is in memory at a time. Each unit's outline items go under
one item with the unit's name, leading to its first page. Of a unit's named
destinations, those its links use come along, each renamed with the unit's id
(``vc-angen--kontakter``), so two units' names never meet. A unit's link to a
region chapter names ``region-<id>``, whose page (in its appendix) is not taken:
the front has the same chapters under the same names, so the link leads to the
front's chapter, the unit's "Bilaga 2" to the front's page "Bilaga 2".

Unlike the binders it is not a tagged PDF: merging the units' structure trees is
not done, and the copied pages' links into those trees are removed (README,
"Accessible PDFs")."""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, String

from ..data.project import Unit
from ..history.stamp import Stamp
from ..labels import labels
from ..routes import HANDBOOK
from .document import Chapter
from .front import REGION, render_front
from .pdf import RenderError, write_atomically
from .pdfwrite import (
    MAGIC,
    BookPart,
    Mark,
    Piece,
    make_piece,
    text_string,
    view_of,
    write_book,
    write_piece,
)


@dataclass(frozen=True)
class Source:
    """One unit's binder as the whole handbook takes it."""

    unit: Unit
    binder: Path
    pages: int  # the binder's own pages, before its appendix
    # The same pages made ready for the whole handbook (``make_part``, a piece): made
    # when missing, so its name must change with the binder's (build.py names it by
    # the binder's key).
    part: Path


def combine_handbook(units: list[Source], chapters: list[Chapter], stamp: Stamp, region: str,
                     target: Path, example: bool = False, front: Path | None = None,
                     duplex: bool = True) -> None:
    """Write the whole handbook to ``target`` from the units' binders; ``example`` marks
    its cover as the example handbook's, ``duplex`` lays the front out double-sided.
    ``front`` is where the laid-out front is kept between builds, as a piece (build.py
    names it by what it prints); None lays it out every time."""
    with tempfile.TemporaryDirectory(prefix="handbook-front-") as scratch:
        kept = front if front is not None else Path(scratch) / "front.piece"
        if not _is_piece(kept):
            try:
                laid_out = render_front([(unit.unit, unit.pages) for unit in units], chapters,
                                        stamp, region, example, duplex)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as error:  # noqa: BLE001 - WeasyPrint's refused fetch
                # is a BaseException, which a pool's worker does not send back (the build
                # waited for ever): named like a binder that cannot be rendered. Since
                # issue #26 the region chapters are printed here only.
                raise RenderError(HANDBOOK, f"{type(error).__name__}: {error}") from None
            make_front(laid_out, kept)
        for unit in units:
            if not _is_piece(unit.part):
                make_part(unit.binder, unit.pages, unit.part, f"{unit.unit.id}--")
        book = [BookPart(kept, None)] + [BookPart(unit.part, unit.unit.name) for unit in units]
        L = labels()["binder"]
        info = {"Title": L["handbook_title"], "Author": region, "Subject": L["description"],
                "Creator": "Kontinuitetshandboken"}
        # The title, not the file name, in the viewer's title bar.
        catalog = b"/Lang" + text_string("sv") + b"/ViewerPreferences<</DisplayDocTitle true>>"
        write_atomically(target, lambda out: write_book(out, book, info, catalog))


def make_part(binder: Path, pages: int, target: Path, prefix: str) -> None:
    """A binder's own pages as the whole handbook takes them (a piece, pdfwrite.py):
    untagged, with the outline items and the named destinations that lead to them.
    Of the destinations, only those its links use come along, each renamed with
    ``prefix`` (the unit's id) so that no two units' names meet, and no region
    destination (``region-<id>``): its page, the unit's appendix, is not taken, and
    the front has the same one."""
    with pikepdf.open(binder) as source:
        write_piece(_piece(source, pages, prefix), target)


def make_front(front: bytes, target: Path) -> None:
    """The laid-out front as a piece: all its pages, outline and destinations."""
    with pikepdf.open(io.BytesIO(front)) as source:
        write_piece(_piece(source, len(source.pages), None), target)


def _is_piece(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _piece(source: pikepdf.Pdf, count: int, prefix: str | None) -> Piece:
    """The first ``count`` pages of ``source`` as a piece. With a ``prefix`` (a unit's
    pages) only the named destinations that its links use come along, renamed."""
    pages: list[Dictionary] = [page.obj for _n, page in zip(range(count), source.pages,
                                                             strict=False)]
    for page in pages:
        _untag(page)
    index = {page.objgen: number for number, page in enumerate(pages)}
    wanted = {name for _owner, _key, name in _link_names(pages)} if prefix is not None else None
    names: list[tuple[str, int, str]] = []
    rename: dict[str, str] = {}
    tree = source.Root.get("/Names", Dictionary()).get("/Dests")
    for name, value in pikepdf.NameTree(tree).items() if tree is not None else []:
        if wanted is not None and (name not in wanted or name.startswith(REGION)):
            continue
        destination = _explicit(value.get("/D") if isinstance(value, Dictionary) else value)
        at = index.get(destination[0].objgen) if destination is not None else None
        if at is not None and destination is not None:
            final = name if prefix is None else f"{prefix}{name}"
            rename[name] = final
            names.append((final, at, view_of(list(destination)[1:])))
    marks = _marks(source.Root.get("/Outlines"), index)
    return make_piece(pages, marks, names, rename if prefix is not None else None)


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


def _marks(parent: object, pages: dict[tuple[int, int], int]) -> list[Mark]:
    """The outline items under ``parent`` that lead to a taken page (or hold one that
    does), by page index."""
    found: list[Mark] = []
    item = parent.get("/First") if isinstance(parent, Dictionary) else None
    while isinstance(item, Dictionary):
        destination = _explicit(item.get("/Dest") if "/Dest" in item else
                                item.get("/A", Dictionary()).get("/D"))
        page = pages.get(destination[0].objgen) if destination is not None else None
        children = _marks(item, pages)
        if page is not None or children:
            view = view_of(list(destination)[1:]) if destination is not None and \
                page is not None else ""
            found.append(Mark(str(item.get("/Title", "")), page, view,
                              int(item.get("/Count", 0)) > 0, children))
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


