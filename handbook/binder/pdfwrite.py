"""A PDF written object by object from pieces kept between builds (combine.py).

A *piece* is a run of pages taken out of one PDF (the whole handbook's front, or a
unit binder's own pages) with every object they use, serialised once, when that
PDF changes, into a small file of our own: each object's text with its references
to the piece's other objects left as numbers local to the piece, its stream data
as it is (still compressed), and the outline items and named destinations that
lead to its pages, by page index. Writing the whole handbook is then copying:
each piece's objects get the next free object numbers, their references are
renumbered in the text, the small objects are packed into compressed object
streams, and the page tree, outline, name tree and cross-reference stream are
written at the end. One piece is in memory at a time, so memory does not grow
with the number of units the way a qpdf book does (qpdf keeps every copied object
until it saves), and no PDF is opened or parsed except the one that changed.

The piece file is not a PDF and is read by nothing but ``read_piece``: a magic
line, a JSON index (objects, pages, outline, names, structure) and the objects'
bytes. It is data only (no pickle): a cache restored from elsewhere cannot run code.

Tagged pieces keep their structure: the piece's top structure elements, its
parent-tree entries renumbered from 0 (a page's ``/StructParents`` and a link's
``/StructParent`` are written as keys local to the piece, ``\0kN\0``), and its
elements' IDs. The writer gives each piece's keys the next free numbers, puts its
top elements under one ``Document`` and writes the structure tree root, the
parent tree and the ID tree at the end. Each page's contents end with a stream the
writer adds (``\0O\0``): the handbook's page number ("s. 123", an artifact) in the
font the front carries (``\0F\0``), so a page's number follows from the pieces
before it without the piece being made again."""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from ..errors import HandbookError

MAGIC = b"%handbook-piece 2\n"
REF = b"\x00"  # a reference to the piece's object N is written \0N\0 in its text
OBJECTS_PER_STREAM = 100  # small objects packed per compressed object stream
HEADER = b"%PDF-1.7\n%\xbf\xf7\xa2\xfe\n"
# Placeholders a piece's pages hold where the writer fills in book-wide objects: the
# page number's content stream (one per page) and its font (the front's).
FOLIO_STREAM = Name("/HandbookFolioStream")
FOLIO_FONT = Name("/HandbookFolioFont")
FOLIO_RESOURCE = "/HbFolio"  # the font's name in every page's resources
STRUCTURE_PARENT = b"S"  # in a piece's text \0S\0: the book's Document element
PLACEHOLDERS = {str(FOLIO_STREAM): b"O", str(FOLIO_FONT): b"F"}
NUMBER_TREE_LEAF = 128  # parent-tree entries per leaf of the number tree
XREF_ROWS = 65536  # cross-reference rows packed at a time
OBJECT_STREAM_LEVEL = 6  # zlib's level for the object streams
XREF_LEVEL = 6  # and for the cross-reference stream
# The page number: 7 pt, grey as the running feet, its baseline 5 mm above the
# bottom edge (below the feet) and 12 mm in from the edge that is not punched.
FOLIO_SIZE = 7
FOLIO_BOTTOM = 5 * 72 / 25.4
FOLIO_OUTER = 12 * 72 / 25.4


class PieceError(HandbookError):
    """A piece file that is not one this code wrote (then it is made again)."""


@dataclass
class Mark:
    """An outline item of a piece: title, page index in the piece (or None), the
    destination's view after the page ("/XYZ 56 780 0"), open, children."""

    title: str
    page: int | None
    view: str
    open: bool = False
    children: list[Mark] = field(default_factory=list)

    def to_json(self) -> list[object]:
        """The mark as JSON data (the piece file's index)."""
        return [self.title, self.page, self.view, self.open,
                [child.to_json() for child in self.children]]

    @staticmethod
    def from_json(value: list[object]) -> Mark:
        """The mark ``to_json`` gave."""
        title, page, view, is_open, children = value
        assert isinstance(children, list)
        return Mark(str(title), page if isinstance(page, int) else None, str(view),
                    bool(is_open), [Mark.from_json(child) for child in children])


@dataclass
class FolioFont:
    """The font the page numbers are written in (a piece's object) and, per
    character, its code (hex, two bytes: an Identity-H font) and width (1/1000 em)."""

    object: int
    codes: dict[str, str]
    widths: dict[str, float]


@dataclass
class Tagging:
    """A piece's structure, as pikepdf objects of its source: the source's structure
    tree root (a reference to it becomes the book's Document element), the top
    elements, the parent-tree values by the piece's own keys (0, 1, …), and each
    element with an ID."""

    root: Dictionary
    top: list[Dictionary]
    parents: list[pikepdf.Object]
    ids: list[tuple[str, Dictionary]]


@dataclass
class Piece:
    """Objects numbered 1..n within the piece (0 is the page tree node the writer
    adds), the local numbers of its pages in order, its outline and its named
    destinations (name, page index, view); tagged, its top structure elements, the
    object of each parent-tree key and the elements with IDs; each page's size; and
    the front's font for page numbers."""

    objects: list[tuple[bytes, bytes | None]]  # (text with \0N\0 references, stream data)
    pages: list[int]
    marks: list[Mark]
    names: list[tuple[str, int, str]]
    top: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    ids: list[tuple[str, int]] = field(default_factory=list)
    sizes: list[tuple[float, float]] = field(default_factory=list)
    font: FolioFont | None = None


# --- making a piece from pikepdf objects ---------------------------------------------------

def make_piece(pages: list[Dictionary], marks: list[Mark],
               names: list[tuple[str, int, str]],
               rename: dict[str, str] | None = None, tagging: Tagging | None = None,
               font: tuple[Dictionary, dict[str, str], dict[str, float]] | None = None
               ) -> Piece:
    """Serialise ``pages`` and every object they reach. A page's /Parent is not
    followed (the writer gives each piece a page tree node of its own), and a
    reference to a page that is not in ``pages`` becomes null. ``rename`` maps the
    named destinations of the pages' links to the names the piece gives them.
    ``tagging``: the structure that comes along (its elements may reach only these
    pages); ``font``: the page numbers' font (object, codes, widths), the front's."""
    root = tagging.root.objgen if tagging is not None else None
    writer = _Serialiser({page.objgen for page in pages}, rename or {}, root)
    local = [writer.number(page) for page in pages]
    piece = Piece([], local, marks, names,
                  sizes=[_size(page) for page in pages])
    if tagging is not None:
        piece.top = [writer.number(element) for element in tagging.top]
        piece.parents = [writer.number(value) for value in tagging.parents]
        piece.ids = [(name, writer.number(element)) for name, element in tagging.ids]
    if font is not None:
        piece.font = FolioFont(writer.number(font[0]), font[1], font[2])
    while len(piece.objects) < len(writer.order):
        piece.objects.append(writer.body(writer.order[len(piece.objects)]))
    return piece


def _size(page: Dictionary) -> tuple[float, float]:
    """The page's width and height (its media box)."""
    box = [float(v) for v in page.get("/MediaBox", [0, 0, 595.28, 841.89])]
    return abs(box[2] - box[0]), abs(box[3] - box[1])


class _Serialiser:
    def __init__(self, pages: set[tuple[int, int]], rename: dict[str, str],
                 root: tuple[int, int] | None = None) -> None:
        self.pages = pages
        self.rename = rename
        self.root = root
        self.numbers: dict[tuple[int, int], int] = {}
        self.order: list[pikepdf.Object] = []

    def number(self, obj: pikepdf.Object) -> int:
        key = obj.objgen
        if key not in self.numbers:
            self.numbers[key] = len(self.order) + 1
            self.order.append(obj)
        return self.numbers[key]

    def body(self, obj: pikepdf.Object) -> tuple[bytes, bytes | None]:
        if isinstance(obj, Stream):
            data = obj.read_raw_bytes()
            items = [(k, v) for k, v in obj.stream_dict.items() if k != "/Length"]
            text = self.dictionary(items)[:-2] + b"/Length %d>>" % len(data)
            return text, data
        if isinstance(obj, Dictionary) and obj.objgen in self.pages:
            items = [(k, v) for k, v in obj.items() if k != "/Parent"]
            return self.dictionary(items)[:-2] + b"/Parent " + REF + b"0" + REF + b">>", None
        return self.value(obj, direct=True), None

    def dictionary(self, items: Iterable[tuple[str, object]]) -> bytes:
        out = [b"<<"]
        for key, value in items:
            out.append(Name(key).unparse())
            out.append(b" ")
            if key in ("/Dest", "/D") and isinstance(value, String) and \
                    str(value) in self.rename:  # a link or GoTo action to a renamed name
                value = String(self.rename[str(value)])
            if key in ("/StructParents", "/StructParent") and self.root is not None:
                out.append(REF + b"k%d" % int(value) + REF)  # type: ignore[call-overload]
                continue
            out.append(self.value(value))
        out.append(b">>")
        return b"".join(out)

    def value(self, value: object, direct: bool = False) -> bytes:
        if isinstance(value, pikepdf.Object) and not direct and value.is_indirect:
            if value.objgen == self.root:
                return REF + STRUCTURE_PARENT + REF
            if isinstance(value, Dictionary) and value.get("/Type") == Name.Page and \
                    value.objgen not in self.pages:
                return b"null"  # a page not in the piece: its links lead nowhere here
            return REF + b"%d" % self.number(value) + REF
        if isinstance(value, Dictionary):
            return self.dictionary(value.items())
        if isinstance(value, Array):
            return b"[" + b" ".join(self.value(v) for v in value) + b"]"
        if isinstance(value, String):
            return b"<" + bytes(value).hex().encode("ascii") + b">"
        if isinstance(value, Name):
            if str(value) in PLACEHOLDERS:
                return REF + PLACEHOLDERS[str(value)] + REF
            return value.unparse()
        if isinstance(value, bool):
            return b"true" if value else b"false"
        if isinstance(value, int):
            return b"%d" % value
        if isinstance(value, Decimal):
            return number(value)
        if value is None:
            return b"null"
        if isinstance(value, pikepdf.Object):
            return value.unparse()
        raise TypeError(f"cannot write {type(value).__name__} into a PDF")


def number(value: Decimal | float | int) -> bytes:
    """A PDF number: no exponent, no trailing zeros."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").encode("ascii")


def text_string(text: str) -> bytes:
    """A PDF text string as hex: PDFDocEncoding where it can, else UTF-16BE."""
    try:
        raw = text.encode("pdfdoc")
    except UnicodeEncodeError:
        raw = b"\xfe\xff" + text.encode("utf-16-be")
    return b"<" + raw.hex().encode("ascii") + b">"


def view_of(destination: Iterable[object]) -> str:
    """The part of an explicit destination after its page, as PDF text."""
    serialiser = _Serialiser(set(), {})
    return " ".join(serialiser.value(v).decode("latin-1") for v in destination)


# --- the piece file ----------------------------------------------------------------------

def write_piece(piece: Piece, target: Path) -> None:
    """Write ``piece`` to ``target`` (atomically, as every cache file)."""
    from .pdf import write_atomically

    index = {"objects": [[len(text), -1 if data is None else len(data)]
                         for text, data in piece.objects],
             "pages": piece.pages, "marks": [m.to_json() for m in piece.marks],
             "names": [list(n) for n in piece.names], "top": piece.top,
             "parents": piece.parents, "ids": [list(i) for i in piece.ids],
             "sizes": [list(size) for size in piece.sizes],
             "font": None if piece.font is None else [piece.font.object, piece.font.codes,
                                                      piece.font.widths]}
    head = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    blob = b"".join(text + (data or b"") for text, data in piece.objects)
    write_atomically(target, MAGIC + struct.pack(">Q", len(head)) + head + blob)


def read_piece(path: Path) -> Piece:
    """The piece in ``path``; PieceError if it is not one."""
    raw = path.read_bytes()
    if not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + 8:
        raise PieceError(f"{path}: not a piece")
    start = len(MAGIC) + 8
    (size,) = struct.unpack(">Q", raw[len(MAGIC):start])
    try:
        index = json.loads(raw[start:start + size])
    except ValueError as error:
        raise PieceError(f"{path}: {error}") from error
    at = start + size
    objects: list[tuple[bytes, bytes | None]] = []
    for text_size, data_size in index["objects"]:
        text = raw[at:at + text_size]
        at += text_size
        data = None if data_size < 0 else raw[at:at + data_size]
        if data_size > 0:
            at += data_size
        objects.append((text, data))
    if at != len(raw):
        raise PieceError(f"{path}: {len(raw) - at} bytes left over")
    font = index.get("font")
    return Piece(objects, list(index["pages"]), [Mark.from_json(m) for m in index["marks"]],
                 [(str(n), int(p), str(v)) for n, p, v in index["names"]],
                 [int(n) for n in index["top"]], [int(n) for n in index["parents"]],
                 [(str(name), int(n)) for name, n in index["ids"]],
                 [(float(w), float(h)) for w, h in index["sizes"]],
                 None if font is None else FolioFont(int(font[0]), dict(font[1]),
                                                     dict(font[2])))


# --- writing the book --------------------------------------------------------------------

@dataclass
class BookPart:
    """A piece in the book, with the outline item that holds its marks (None: its
    marks stand at the top of the outline, as the front's do)."""

    path: Path
    title: str | None
    anchor: str | None = None  # a named destination to the piece's first page


class _Output:
    """The file being written: its offset, its hash (for /ID) and its xref entries."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.at = 0
        self.hash = hashlib.md5(usedforsecurity=False)
        # The xref entry of each object number (type, field 2, field 3), in arrays: a
        # book has over a million objects at 300 units (most of them structure elements).
        self.kinds = array("B", b"\0")  # 0: not written (yet)
        self.seconds = array("Q", bytes(8))
        self.thirds = array("I", bytes(4))
        self.packed: list[tuple[int, bytes]] = []  # small objects waiting for an object stream
        self.next = 1

    def allocate(self, count: int = 1) -> int:
        first = self.next
        self.next += count
        self.kinds.frombytes(bytes(count))
        self.seconds.frombytes(bytes(8 * count))
        self.thirds.frombytes(bytes(4 * count))
        return first

    def entry(self, num: int, kind: int, second: int, third: int) -> None:
        self.kinds[num], self.seconds[num], self.thirds[num] = kind, second, third

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.hash.update(data)
        self.at += len(data)

    def stream(self, num: int, text: bytes, data: bytes) -> None:
        self.entry(num, 1, self.at, 0)
        self.write(b"%d 0 obj\n%s\nstream\n" % (num, text))
        self.write(data)
        self.write(b"\nendstream\nendobj\n")

    def small(self, num: int, text: bytes) -> None:
        self.packed.append((num, text))
        if len(self.packed) >= OBJECTS_PER_STREAM:
            self.flush()

    def flush(self) -> None:
        if not self.packed:
            return
        stream = self.allocate()
        offsets, bodies, at = [], [], 0
        for index, (num, text) in enumerate(self.packed):
            self.entry(num, 2, stream, index)
            offsets.append(b"%d %d" % (num, at))
            bodies.append(text)
            at += len(text) + 1
        head = b" ".join(offsets) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n", OBJECT_STREAM_LEVEL)
        self.packed = []
        self.stream(stream, b"<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>"
                    % (len(offsets), len(head), len(data)), data)


def ref(num: int) -> bytes:
    """A reference to object ``num``."""
    return b"%d 0 R" % num


@dataclass
class _Structure:
    """What the book's structure tree collects while the pieces are copied: its
    Document element's number, the pieces' top elements, the parent tree's entries
    (key, object) and the elements' IDs."""

    document: int
    top: list[int] = field(default_factory=list)
    parents: list[tuple[int, int]] = field(default_factory=list)
    ids: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class _Folios:
    """Where the page numbers come from: the text of each page's number (None:
    none), whether the book is double-sided (the outer edge changes sides), the
    font once the front gave it, and a content stream that draws nothing."""

    text: Callable[[int], str | None] | None
    duplex: bool
    empty: int
    font: FolioFont | None = None
    font_number: int | None = None


def write_book(target: BinaryIO, parts: list[BookPart], info: dict[str, str],
               catalog: bytes = b"", metadata: bytes | None = None,
               folio: Callable[[int], str | None] | None = None,
               duplex: bool = True) -> int:
    """Write the book of ``parts`` (each a piece file, in order) to ``target``:
    one page tree node per piece, the outline (each part with a title holds its
    piece's marks under an item of that title leading to its first page; a part
    with an ``anchor`` gets a named destination of that name there), the named
    destinations, ``info`` as the document information, ``catalog``'s entries in
    the catalog and ``metadata`` (XMP) as its metadata stream. Tagged pieces give
    the book one structure tree (its root a Document holding each piece's
    elements), MarkInfo Marked. ``folio`` gives each page's number as printed
    ("s. 12"; None: none), at the foot on the edge that is not punched (double-sided
    the right on odd pages, the left on even ones), in the first piece's font.
    Returns the number of pages."""
    out = _Output(target)
    out.write(HEADER)
    root, pages_root, outline_root, names_root, info_num, document = \
        (out.allocate() for _ in range(6))
    folios = _Folios(folio, duplex, out.allocate())
    out.stream(folios.empty, b"<</Length 0>>", b"")
    structure = _Structure(document)
    nodes: list[int] = []
    top: list[tuple[Mark, list[int]]] = []  # outline items at the top, with their pages
    names: list[tuple[str, int, str]] = []
    total = 0
    for part in parts:
        piece = read_piece(part.path)
        node, globals_ = _copy(out, piece, pages_root, structure, folios, total)
        nodes.append(node)
        total += len(piece.pages)
        names.extend((name, globals_[page], view) for name, page, view in piece.names)
        if part.anchor is not None and globals_:
            names.append((part.anchor, globals_[0], "/Fit"))
        if part.title is None:
            top.extend((mark, globals_) for mark in piece.marks)
        else:
            top.append((Mark(part.title, 0, "/Fit", False, piece.marks), globals_))
    out.small(pages_root, b"<</Type/Pages/Kids[%s]/Count %d>>"
              % (b" ".join(ref(n) for n in nodes), total))
    _outline(out, outline_root, top)
    _name_tree(out, names_root, names)
    out.small(info_num, b"<<" + b"".join(b"/%s %s" % (key.encode("ascii"), text_string(value))
                                         for key, value in info.items()) + b">>")
    if structure.top:
        catalog += b"/StructTreeRoot %s/MarkInfo<</Marked true>>" % ref(_structure(out, structure))
    else:
        out.small(document, b"null")  # untagged pieces: no structure tree
    if metadata is not None:
        stream = out.allocate()
        out.stream(stream, b"<</Type/Metadata/Subtype/XML/Length %d>>" % len(metadata), metadata)
        catalog += b"/Metadata " + ref(stream)
    out.small(root, b"<</Type/Catalog/Pages %s/Outlines %s/Names<</Dests %s>>%s>>"
              % (ref(pages_root), ref(outline_root), ref(names_root), catalog))
    out.flush()
    _xref(out, root, info_num)
    return total


def _copy(out: _Output, piece: Piece, parent: int, structure: _Structure,
          folios: _Folios, before: int) -> tuple[int, list[int]]:
    """Write the piece's objects under new numbers, each page's number after its
    contents; (its page tree node, its pages). ``before``: the pages written so far."""
    base = out.allocate(len(piece.objects) + 1)  # base itself is the piece's page tree node
    keys = len(structure.parents)  # the piece's parent-tree keys follow those before it
    if piece.font is not None and folios.font is None:
        folios.font, folios.font_number = piece.font, base + piece.font.object
    tokens = {STRUCTURE_PARENT: ref(structure.document),
              b"F": ref(folios.font_number) if folios.font_number is not None else b"null"}
    pages = {local: index for index, local in enumerate(piece.pages)}
    # Every object but the pages renumbered at once (a piece holds thousands of
    # structure elements); each page with its own page-number stream.
    texts = _renumber_all([text for local, (text, _data) in enumerate(piece.objects, start=1)
                           if local not in pages], base, keys, tokens)
    others = iter(texts)
    for local, (text, data) in enumerate(piece.objects, start=1):
        if local in pages:
            index = pages[local]
            size = piece.sizes[index] if index < len(piece.sizes) else (595.28, 841.89)
            tokens[b"O"] = ref(_folio(out, folios, before + index + 1, size))
            text = _renumber(text, base, keys, tokens)
        else:
            text = next(others)
        if data is None:
            out.small(base + local, text)
        else:
            out.stream(base + local, text, data)
    structure.top.extend(base + local for local in piece.top)
    structure.parents.extend((keys + key, base + local)
                             for key, local in enumerate(piece.parents))
    structure.ids.extend((name, base + local) for name, local in piece.ids)
    numbers = [base + local for local in piece.pages]
    out.small(base, b"<</Type/Pages/Kids[%s]/Count %d/Parent %s>>"
              % (b" ".join(ref(n) for n in numbers), len(numbers), ref(parent)))
    return base, numbers


SEPARATOR = b"\x01"  # between objects' texts renumbered at once (never in a text)


def _renumber_all(texts: list[bytes], base: int, keys: int,
                  tokens: dict[bytes, bytes]) -> list[bytes]:
    """``_renumber`` of each text, in one pass over them all."""
    parts = SEPARATOR.join(texts).split(REF)

    def fill(token: bytes) -> bytes:
        if token[:1] == b"k":
            return b"%d" % (keys + int(token[1:]))
        return tokens.get(token, b"null")

    parts[1::2] = [b"%d 0 R" % (base + int(token)) if token.isdigit() else fill(token)
                   for token in parts[1::2]]
    renumbered = b"".join(parts).split(SEPARATOR)
    assert len(renumbered) == len(texts)
    return renumbered


_TOKEN = re.compile(b"\\x00([^\\x00]*)\\x00")


def _renumber(text: bytes, base: int, keys: int = 0,
              tokens: dict[bytes, bytes] | None = None) -> bytes:
    """The piece's text with its references (\\0N\\0) to the book's numbers, its
    parent-tree keys (\\0kN\\0) after ``keys`` and its other placeholders filled."""
    if REF not in text:
        return text
    filled = tokens or {}

    def fill(match: re.Match[bytes]) -> bytes:
        token = match[1]
        if token.isdigit():
            return b"%d 0 R" % (base + int(token))
        if token[:1] == b"k":
            return b"%d" % (keys + int(token[1:]))
        return filled.get(token, b"null")

    return _TOKEN.sub(fill, text)


def _folio(out: _Output, folios: _Folios, page: int, size: tuple[float, float]) -> int:
    """The content stream that prints page ``page``'s number (an artifact), or the
    empty one."""
    text = folios.text(page) if folios.text is not None else None
    font = folios.font
    if not text or font is None:
        return folios.empty
    missing = sorted(set(text) - set(font.codes))
    if missing:
        raise ValueError(f"the page numbers' font has no {''.join(missing)!r}")
    width = sum(font.widths[c] for c in text) * FOLIO_SIZE / 1000
    right = not folios.duplex or page % 2 == 1
    x = size[0] - FOLIO_OUTER - width if right else FOLIO_OUTER
    data = (b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq\nBT\n0.267 g\n"
            b"%s %d Tf\n1 0 0 1 %s %s Tm\n<%s> Tj\nET\nQ\nEMC\n"
            % (FOLIO_RESOURCE.encode("ascii"), FOLIO_SIZE, number(Decimal(f"{x:.2f}")),
               number(Decimal(f"{FOLIO_BOTTOM:.2f}")),
               "".join(font.codes[c] for c in text).encode("ascii")))
    num = out.allocate()
    out.stream(num, b"<</Length %d>>" % len(data), data)
    return num


def _structure(out: _Output, structure: _Structure) -> int:
    """The structure tree root, its Document, parent tree and ID tree; the root's number."""
    root, parents = out.allocate(), out.allocate()
    out.small(structure.document, b"<</Type/StructElem/S/Document/P %s/K[%s]>>"
              % (ref(root), b" ".join(ref(n) for n in structure.top)))
    entries = [(b"%d" % key, b"%d" % key, ref(value)) for key, value in structure.parents]
    _tree(out, parents, entries, b"Nums", NUMBER_TREE_LEAF)
    id_tree = b""
    if structure.ids:
        ids = out.allocate()
        named = sorted(((name.encode("utf-8"), text_string(name), ref(value))
                        for name, value in structure.ids), key=lambda item: item[0])
        _tree(out, ids, named, b"Names", NAME_TREE_LEAF)
        id_tree = b"/IDTree " + ref(ids)
    out.small(root, b"<</Type/StructTreeRoot/K %s/ParentTree %s/ParentTreeNextKey %d%s>>"
              % (ref(structure.document), ref(parents), len(structure.parents), id_tree))
    return root


def _tree(out: _Output, root: int, entries: list[tuple[bytes, bytes, bytes]], kind: bytes,
          leaf_size: int) -> None:
    """A number tree (``kind`` Nums) or name tree (Names) of two levels from sorted
    (sort key, key as PDF, value as PDF) entries."""
    leaves = []
    for start in range(0, len(entries), leaf_size):
        chunk = entries[start:start + leaf_size]
        leaf = out.allocate()
        flat = b" ".join(b"%s %s" % (key, value) for _sort, key, value in chunk)
        out.small(leaf, b"<</%s[%s]/Limits[%s %s]>>" % (kind, flat, chunk[0][1], chunk[-1][1]))
        leaves.append(leaf)
    out.small(root, b"<</Kids[%s]>>" % b" ".join(ref(n) for n in leaves))


def _outline(out: _Output, root: int, top: list[tuple[Mark, list[int]]]) -> None:
    count = _items(out, root, top)
    out.small(root, b"<</Type/Outlines%s/Count %d>>" % (count[0], count[1]))


def _items(out: _Output, parent: int, marks: list[tuple[Mark, list[int]]]) -> tuple[bytes, int]:
    """Write ``marks`` as the children of ``parent``; (/First and /Last, visible count)."""
    if not marks:
        return b"", 0
    numbers = [out.allocate() for _ in marks]
    visible = 0
    for index, ((mark, pages), num) in enumerate(zip(marks, numbers, strict=True)):
        entries = [b"/Title " + text_string(mark.title), b"/Parent " + ref(parent)]
        if mark.page is not None:
            entries.append(b"/Dest[%s %s]" % (ref(pages[mark.page]), mark.view.encode("latin-1")))
        if index:
            entries.append(b"/Prev " + ref(numbers[index - 1]))
        if index + 1 < len(numbers):
            entries.append(b"/Next " + ref(numbers[index + 1]))
        first_last, below = _items(out, num, [(child, pages) for child in mark.children])
        if mark.children:
            entries.append(first_last + b"/Count %d" % (below if mark.open else -below))
        out.small(num, b"<<" + b"".join(entries) + b">>")
        visible += 1 + (below if mark.open else 0)
    return b"/First %s/Last %s" % (ref(numbers[0]), ref(numbers[-1])), visible


NAME_TREE_LEAF = 64  # named destinations per leaf of the name tree


def _name_tree(out: _Output, root: int, names: list[tuple[str, int, str]]) -> None:
    """The named destinations as a name tree of two levels, sorted (as the PDF
    format requires) and cut into leaves so that a viewer need not read them all."""
    ordered = sorted(names, key=lambda item: item[0].encode("utf-16-be"))
    leaves = []
    for start in range(0, len(ordered), NAME_TREE_LEAF):
        chunk = ordered[start:start + NAME_TREE_LEAF]
        leaf = out.allocate()
        flat = b"".join(b"%s[%s %s]" % (text_string(name), ref(page), view.encode("latin-1"))
                        for name, page, view in chunk)
        out.small(leaf, b"<</Names[%s]/Limits[%s %s]>>"
                  % (flat, text_string(chunk[0][0]), text_string(chunk[-1][0])))
        leaves.append(leaf)
    out.small(root, b"<</Kids[%s]>>" % b" ".join(ref(n) for n in leaves))


def _xref(out: _Output, root: int, info: int) -> None:
    """The cross-reference stream, which is also the trailer."""
    num = out.allocate()
    start = out.at
    digest = out.hash.hexdigest().encode("ascii")
    out.entry(num, 1, start, 0)
    if 0 in out.kinds[1:]:
        raise ValueError(f"object {out.kinds.index(0, 1)} was allocated and never written")
    row = struct.Struct(">BIH").pack
    compressor = zlib.compressobj(XREF_LEVEL)
    chunks = [compressor.compress(row(0, 0, 0xFFFF))]
    for first in range(1, out.next, XREF_ROWS):  # a slice of rows at a time: less memory
        last = min(first + XREF_ROWS, out.next)
        chunks.append(compressor.compress(b"".join(map(
            row, out.kinds[first:last], out.seconds[first:last], out.thirds[first:last]))))
    chunks.append(compressor.flush())
    data = b"".join(chunks)
    out.write(b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %s/Info %s/ID[<%s><%s>]"
              b"/Filter/FlateDecode/Length %d>>\nstream\n"
              % (num, out.next, ref(root), ref(info), digest, digest, len(data)))
    out.write(data)
    out.write(b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start)


def iter_marks(marks: list[Mark]) -> Iterator[Mark]:
    """Every mark, depth first."""
    for mark in marks:
        yield mark
        yield from iter_marks(mark.children)
