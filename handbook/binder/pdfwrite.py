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
line, a JSON index (objects, pages, outline, names) and the objects' bytes. It is
data only (no pickle): a cache restored from elsewhere cannot run code."""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from ..errors import HandbookError

MAGIC = b"%handbook-piece 1\n"
REF = b"\x00"  # a reference to the piece's object N is written \0N\0 in its text
OBJECTS_PER_STREAM = 100  # small objects packed per compressed object stream
HEADER = b"%PDF-1.7\n%\xbf\xf7\xa2\xfe\n"


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
class Piece:
    """Objects numbered 1..n within the piece (0 is the page tree node the writer
    adds), the local numbers of its pages in order, its outline and its named
    destinations (name, page index, view)."""

    objects: list[tuple[bytes, bytes | None]]  # (text with \0N\0 references, stream data)
    pages: list[int]
    marks: list[Mark]
    names: list[tuple[str, int, str]]


# --- making a piece from pikepdf objects ---------------------------------------------------

def make_piece(pages: list[Dictionary], marks: list[Mark],
               names: list[tuple[str, int, str]],
               rename: dict[str, str] | None = None) -> Piece:
    """Serialise ``pages`` and every object they reach. A page's /Parent is not
    followed (the writer gives each piece a page tree node of its own), and a
    reference to a page that is not in ``pages`` becomes null. ``rename`` maps the
    named destinations of the pages' links to the names the piece gives them."""
    writer = _Serialiser({page.objgen for page in pages}, rename or {})
    local = [writer.number(page) for page in pages]
    objects: list[tuple[bytes, bytes | None]] = []
    while len(objects) < len(writer.order):
        objects.append(writer.body(writer.order[len(objects)]))
    return Piece(objects, local, marks, names)


class _Serialiser:
    def __init__(self, pages: set[tuple[int, int]], rename: dict[str, str]) -> None:
        self.pages = pages
        self.rename = rename
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
            out.append(self.value(value))
        out.append(b">>")
        return b"".join(out)

    def value(self, value: object, direct: bool = False) -> bytes:
        if isinstance(value, pikepdf.Object) and not direct and value.is_indirect:
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
             "names": [list(n) for n in piece.names]}
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
        at += max(data_size, 0)
        objects.append((text, data))
    if at != len(raw):
        raise PieceError(f"{path}: {len(raw) - at} bytes left over")
    return Piece(objects, list(index["pages"]), [Mark.from_json(m) for m in index["marks"]],
                 [(str(n), int(p), str(v)) for n, p, v in index["names"]])


# --- writing the book --------------------------------------------------------------------

@dataclass
class BookPart:
    """A piece in the book, with the outline item that holds its marks (None: its
    marks stand at the top of the outline, as the front's do)."""

    path: Path
    title: str | None


class _Output:
    """The file being written: its offset, its hash (for /ID) and its xref entries."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.at = 0
        self.hash = hashlib.md5(usedforsecurity=False)
        self.entries: dict[int, tuple[int, int, int]] = {}  # number → (type, field 2, field 3)
        self.packed: list[tuple[int, bytes]] = []  # small objects waiting for an object stream
        self.next = 1

    def allocate(self, count: int = 1) -> int:
        first = self.next
        self.next += count
        return first

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.hash.update(data)
        self.at += len(data)

    def stream(self, num: int, text: bytes, data: bytes) -> None:
        self.entries[num] = (1, self.at, 0)
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
            self.entries[num] = (2, stream, index)
            offsets.append(b"%d %d" % (num, at))
            bodies.append(text)
            at += len(text) + 1
        head = b" ".join(offsets) + b"\n"
        data = zlib.compress(head + b"\n".join(bodies) + b"\n", 6)
        self.packed = []
        self.stream(stream, b"<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>"
                    % (len(offsets), len(head), len(data)), data)


def ref(num: int) -> bytes:
    """A reference to object ``num``."""
    return b"%d 0 R" % num


def write_book(target: BinaryIO, parts: list[BookPart], info: dict[str, str],
               catalog: bytes = b"") -> int:
    """Write the book of ``parts`` (each a piece file, in order) to ``target``:
    one page tree node per piece, the outline (each part with a title holds its
    piece's marks under an item of that title leading to its first page), the
    named destinations, ``info`` as the document information and ``catalog``'s
    entries in the catalog. Returns the number of pages."""
    out = _Output(target)
    out.write(HEADER)
    root, pages_root, outline_root, names_root, info_num = (out.allocate() for _ in range(5))
    nodes: list[int] = []
    top: list[tuple[Mark, list[int]]] = []  # outline items at the top, with their pages
    names: list[tuple[str, int, str]] = []
    total = 0
    for part in parts:
        piece = read_piece(part.path)
        node, globals_ = _copy(out, piece, pages_root)
        nodes.append(node)
        total += len(piece.pages)
        names.extend((name, globals_[page], view) for name, page, view in piece.names)
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
    out.small(root, b"<</Type/Catalog/Pages %s/Outlines %s/Names<</Dests %s>>%s>>"
              % (ref(pages_root), ref(outline_root), ref(names_root), catalog))
    out.flush()
    _xref(out, root, info_num)
    return total


def _copy(out: _Output, piece: Piece, parent: int) -> tuple[int, list[int]]:
    """Write the piece's objects under new numbers; (its page tree node, its pages)."""
    base = out.allocate(len(piece.objects) + 1)  # base itself is the piece's page tree node
    for local, (text, data) in enumerate(piece.objects, start=1):
        text = _renumber(text, base)
        if data is None:
            out.small(base + local, text)
        else:
            out.stream(base + local, text, data)
    pages = [base + local for local in piece.pages]
    out.small(base, b"<</Type/Pages/Kids[%s]/Count %d/Parent %s>>"
              % (b" ".join(ref(n) for n in pages), len(pages), ref(parent)))
    return base, pages


def _renumber(text: bytes, base: int) -> bytes:
    if REF not in text:
        return text
    parts = text.split(REF)
    parts[1::2] = [b"%d 0 R" % (base + int(local)) for local in parts[1::2]]
    return b"".join(parts)


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
    out.entries[num] = (1, start, 0)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF)]
    for n in range(1, out.next):
        kind, second, third = out.entries[n]
        rows.append(struct.pack(">BIH", kind, second, third))
    data = zlib.compress(b"".join(rows), 6)
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
