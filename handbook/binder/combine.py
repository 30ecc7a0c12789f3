"""The whole-handbook PDF: a front (cover, contents, the region chapters once)
rendered here, followed by each unit binder's own pages as they are.

The front is laid out by WeasyPrint in two parts: the region chapters once, and
the cover and contents, which list the region chapters' pages ("Bilaga 2") and
each unit's first page. The contents are laid out again only when their own
length differs from the guess its page numbers were computed with (front.py).

Each unit's own pages (not its appendix), with their outline items and
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

It is tagged as the binders are, by joining: the front is rendered tagged, each
piece keeps the structure elements on its pages (an appendix's are cut off) with
its parent-tree entries and IDs (prefixed with the unit's id), and the writer
puts every piece's elements under one Document. Every page but the cover gets its
page number in the whole handbook ("s. 17", an artifact) as the book is written;
the contents give those numbers (README, "Printing"; ARCHITECTURE.md)."""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ..data.project import Unit
from ..history.stamp import Stamp
from ..labels import labels
from ..routes import HANDBOOK
from .document import Chapter
from .front import REGION, UNIT_ANCHOR, folio_font, render_front
from .pdf import RenderError, write_atomically
from .pdfwrite import (
    FOLIO_FONT,
    FOLIO_RESOURCE,
    FOLIO_STREAM,
    MAGIC,
    BookPart,
    Mark,
    Piece,
    Tagging,
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
    L = labels()["binder"]
    with tempfile.TemporaryDirectory(prefix="handbook-front-") as scratch:
        kept = front if front is not None else Path(scratch) / "front.piece"
        if not _is_piece(kept):
            try:
                laid_out = render_front([(unit.unit, unit.pages) for unit in units], chapters,
                                        stamp, region, example, duplex)
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as error:  # noqa: BLE001 - WeasyPrint's refused fetch
                # is a BaseException, which a worker process does not send back:
                # named like a binder that cannot be rendered. Since issue #26 the
                # region chapters are printed here only.
                raise RenderError(HANDBOOK, f"{type(error).__name__}: {error}") from None
            make_front(laid_out, kept, folio_font(folio_text(FOLIO_DIGITS)))
        for unit in units:
            if not _is_piece(unit.part):
                make_part(unit.binder, unit.pages, unit.part, f"{unit.unit.id}--")
        book = [BookPart(kept, None)] + [BookPart(unit.part, unit.unit.name,
                                                  f"{UNIT_ANCHOR}{unit.unit.id}")
                                         for unit in units]
        info = {"Title": L["handbook_title"], "Author": region, "Subject": L["description"],
                "Creator": "Kontinuitetshandboken"}
        # The title, not the file name, in the viewer's title bar.
        catalog = b"/Lang" + text_string("sv") + b"/ViewerPreferences<</DisplayDocTitle true>>"
        write_atomically(target, lambda out: write_book(
            out, book, info, catalog, xmp(L["handbook_title"]),
            lambda page: folio_text(str(page)) if page > 1 else None, duplex))


# Every page but the cover prints its page number in the whole handbook ("s. 17"),
# the number its contents gives (labels: binder.handbook_page).
FOLIO_DIGITS = "0123456789"


def folio_text(page: str) -> str:
    """A page's number as the whole handbook prints it ("s. 17")."""
    return str(labels()["binder"]["handbook_page"]).format(page=page)


def xmp(title: str) -> bytes:
    """The XMP metadata: the title and the PDF/UA identification."""
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
            'pdfuaid:part="1"/>'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
            f'{escape(title)}</rdf:li></rdf:Alt></dc:title></rdf:Description>'
            '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
            '<xmp:CreatorTool>Kontinuitetshandboken</xmp:CreatorTool></rdf:Description>'
            '</rdf:RDF></x:xmpmeta>\n<?xpacket end="r"?>').encode()


def make_part(binder: Path, pages: int, target: Path, prefix: str) -> None:
    """A binder's own pages as the whole handbook takes them (a piece, pdfwrite.py):
    with their structure (the elements on them), the outline items and the named
    destinations that lead to them. Of the destinations, only those its links use
    come along, each renamed with ``prefix`` (the unit's id) so that no two units'
    names meet, and no region destination (``region-<id>``): its page, the unit's
    appendix, is not taken, and the front has the same one. The elements' IDs get
    the prefix too."""
    with pikepdf.open(binder) as source:
        write_piece(_piece(source, pages, prefix), target)


def make_front(front: bytes, target: Path, folio_font: bytes | None = None) -> None:
    """The laid-out front as a piece: all its pages, structure, outline and
    destinations, and the font of ``folio_font`` (a PDF of one font, front.py), in
    which the writer prints every page's number."""
    with pikepdf.open(io.BytesIO(front)) as source:
        font = None
        if folio_font is not None:
            with pikepdf.open(io.BytesIO(folio_font)) as glyphs:
                font = _folio_font(source, glyphs)
                write_piece(_piece(source, len(source.pages), None, font), target)
                return
        write_piece(_piece(source, len(source.pages), None, font), target)


def _folio_font(target: pikepdf.Pdf, glyphs: pikepdf.Pdf
                ) -> tuple[Dictionary, dict[str, str], dict[str, float]]:
    """The one font of ``glyphs`` (WeasyPrint's Identity-H font with a ToUnicode map),
    copied into ``target``, with each character's code (hex) and width (1/1000 em)."""
    [font] = list(glyphs.pages[0].Resources.Font.values())
    codes = {chr(int(unicode, 16)): code.lower() for code, unicode in
             re.findall(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]{4})>",
                        font.ToUnicode.read_bytes().split(b"beginbfchar", 1)[-1])}
    widths = _widths(font.DescendantFonts[0].get("/W", Array()))  # type: ignore[arg-type]
    default = float(font.DescendantFonts[0].get("/DW", 1000))
    copied: Dictionary = target.copy_foreign(font)  # type: ignore[assignment]
    return (copied, {c: code.decode() for c, code in codes.items()},
            {c: widths.get(int(code, 16), default) for c, code in codes.items()})


def _widths(array: Array) -> dict[int, float]:
    """A CID font's /W array as code → width."""
    found: dict[int, float] = {}
    items, index = list(array), 0
    while index < len(items):
        first = int(items[index])
        if isinstance(items[index + 1], Array):
            for offset, width in enumerate(items[index + 1]):
                found[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(items[index + 1]) + 1):
                found[code] = float(items[index + 2])
            index += 3
    return found


def _is_piece(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _piece(source: pikepdf.Pdf, count: int, prefix: str | None,
           font: tuple[Dictionary, dict[str, str], dict[str, float]] | None = None) -> Piece:
    """The first ``count`` pages of ``source`` as a piece. With a ``prefix`` (a unit's
    pages) only the named destinations that its links use come along, renamed."""
    pages: list[Dictionary] = [page.obj for _n, page in zip(range(count), source.pages,
                                                             strict=False)]
    tagging = _tagging(source, pages, prefix)
    restore = source.make_stream(b"\nQ\n")
    save = source.make_stream(b"q\n")
    for page in pages:
        if tagging is None:
            _untag(page)
        _folio_ready(page, save, restore)
    index = {page.objgen: number for number, page in enumerate(pages)}
    wanted = {name for _owner, _key, name in _link_names(pages)} if prefix is not None else None
    names: list[tuple[str, int, str]] = []
    rename: dict[str, str] = {}
    tree = source.Root.get("/Names", Dictionary()).get("/Dests")
    for name, value in pikepdf.NameTree(tree).items() if tree is not None else []:
        if (wanted is not None and (name not in wanted or name.startswith(REGION))) or \
                name.startswith(UNIT_ANCHOR):
            continue
        destination = _explicit(value.get("/D") if isinstance(value, Dictionary) else value)
        at = index.get(destination[0].objgen) if destination is not None else None
        if at is not None and destination is not None:
            final = name if prefix is None else f"{prefix}{name}"
            rename[name] = final
            names.append((final, at, view_of(list(destination)[1:])))
    marks = _marks(source.Root.get("/Outlines"), index)
    return make_piece(pages, marks, names, rename if prefix is not None else None, tagging,
                      font)


def _folio_ready(page: Dictionary, save: pikepdf.Stream, restore: pikepdf.Stream) -> None:
    """Make room for the page number the writer adds: the page's own contents between
    q and Q (so the number is drawn in the page's default coordinates), then the
    writer's stream; the writer's font in its resources."""
    contents = page.get("/Contents")
    own = list(contents) if isinstance(contents, Array) else \
        [contents] if contents is not None else []
    page.Contents = Array([save, *own, restore, FOLIO_STREAM])
    if "/Resources" not in page:
        page.Resources = Dictionary()
    if "/Font" not in page.Resources:
        page.Resources.Font = Dictionary()
    page.Resources.Font[FOLIO_RESOURCE] = FOLIO_FONT


def _tagging(source: pikepdf.Pdf, pages: list[Dictionary], prefix: str | None
             ) -> Tagging | None:
    """The structure of ``pages``: the elements with content on them (the others, an
    appendix's, are cut off the tree), each page's and link's parent-tree entry under
    keys numbered from 0, and the IDs, with ``prefix`` (and the data cells' /Headers
    that name them). None for an untagged source."""
    root = source.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        return None
    taken = {page.objgen for page in pages}
    top = [kid for kid in _kids(root) if isinstance(kid, Dictionary) and
           kid.get("/Type") not in (Name.MCR, Name.OBJR) and _prune(kid, None, taken)]
    for element in top:
        if element.get("/S") == Name.Document:  # one Document in the book: the writer's
            element.S = Name.Part
    entries = _parent_tree(root)
    parents: list[pikepdf.Object] = []
    for page in pages:
        for owner, key in [(page, "/StructParents"),
                           *[(annotation, "/StructParent") for annotation in
                             page.get("/Annots") or [] if isinstance(annotation, Dictionary)]]:
            if key not in owner:
                continue
            value = entries.get(int(owner[key]))
            if value is None:
                del owner[key]
                continue
            owner[key] = len(parents)
            parents.append(value if value.is_indirect else source.make_indirect(value))
    ids = []
    for element in _elements(top):
        if prefix is not None:
            for attributes in _attributes(element):
                if "/Headers" in attributes:
                    attributes.Headers = Array([String(prefix + str(header))
                                                for header in attributes.Headers])
            if "/ID" in element:
                element.ID = String(prefix + str(element.ID))
        if "/ID" in element:
            ids.append((str(element.ID), element))
    return Tagging(root, top, parents, ids)


def _prune(element: Dictionary, page: tuple[int, int] | None,
           taken: set[tuple[int, int]]) -> bool:
    """Keep of ``element`` only the content on ``taken`` pages; whether anything is
    left (an element that never had content stays if its page is taken)."""
    here = element.Pg.objgen if isinstance(element.get("/Pg"), Dictionary) else page
    kids = _kids(element)
    kept: list[object] = []
    for kid in kids:
        if isinstance(kid, int):
            if here in taken:
                kept.append(kid)
        elif isinstance(kid, Dictionary):
            if kid.get("/Type") in (Name.MCR, Name.OBJR):
                on = kid.Pg.objgen if isinstance(kid.get("/Pg"), Dictionary) else here
                if on in taken:
                    kept.append(kid)
            elif _prune(kid, here, taken):
                kept.append(kid)
    if not kids:
        return here is None or here in taken
    if len(kept) != len(kids):
        element.K = Array(kept)
    return bool(kept)


def _kids(node: Dictionary) -> list[object]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _elements(top: list[Dictionary]) -> Iterator[Dictionary]:
    """Every structure element under ``top`` (and those), depth first."""
    stack = list(reversed(top))
    while stack:
        element = stack.pop()
        yield element
        stack.extend(reversed([kid for kid in _kids(element) if isinstance(kid, Dictionary)
                               and kid.get("/Type") not in (Name.MCR, Name.OBJR)]))


def _attributes(element: Dictionary) -> list[Dictionary]:
    found = element.get("/A")
    items = [found] if isinstance(found, Dictionary) else list(found or [])
    return [item for item in items if isinstance(item, Dictionary)]


def _parent_tree(root: Dictionary) -> dict[int, pikepdf.Object]:
    """The parent tree (a number tree, flat or with kids) as key → value."""
    found: dict[int, pikepdf.Object] = {}
    stack = [root.get("/ParentTree")]
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        nums = list(node.get("/Nums", Array()))
        for index in range(0, len(nums) - 1, 2):
            found[int(nums[index])] = nums[index + 1]
        stack.extend(node.get("/Kids", Array()))
    return found


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


