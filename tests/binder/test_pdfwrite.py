"""The whole handbook's PDF writer (handbook/binder/pdfwrite.py), on small PDFs made
here with pikepdf: the book it writes is a valid PDF (qpdf's own check), every
page keeps its content, the outline and the named destinations lead to the right
pages, each unit's links lead into its own pages although two units use the same
names, and text that looks like PDF syntax survives byte for byte. The real
binders are checked in test_binder.py (``test_whole_handbook_*``)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from handbook.binder.combine import make_front, make_part
from handbook.binder.pdfwrite import (
    BookPart,
    PieceError,
    number,
    read_piece,
    text_string,
    write_book,
)

pytestmark = pytest.mark.unit

# Text a PDF writer could take for its own syntax: a reference, parentheses, a
# backslash, a NUL byte and the piece file's own reference marker.
TRICKY = b"see 3 0 R (and) \\ \x00 5 \x00 end \xff"


def page_text(pdf: pikepdf.Pdf, page: pikepdf.Page) -> bytes:
    return b"".join(b.read_bytes() for b in
                    ([page.obj.Contents] if isinstance(page.obj.Contents, pikepdf.Stream)
                     else list(page.obj.Contents)))


def source(label: str, count: int, appendix: int = 0) -> bytes:
    """A PDF of ``count`` own pages then ``appendix`` pages, each drawing its label;
    named destinations "start" and "kontakter" (page 0 and 1), an outline, and on
    page 0 a link to each name, a GoTo action to "kontakter", a link into the
    appendix by explicit destination, and a note holding TRICKY."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                        BaseFont=Name.Helvetica))
    total = count + appendix
    for number_ in range(total):
        content = f"BT /F1 12 Tf 72 720 Td ({label} sida {number_ + 1}) Tj ET".encode()
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(content)
    pages = [p.obj for p in pdf.pages]
    names = pikepdf.NameTree.new(pdf)
    names["start"] = Array([pages[0], Name.XYZ, 0, Decimal("800.5"), 0])
    names["kontakter"] = Array([pages[1], Name.Fit])
    pdf.Root.Names = Dictionary(Dests=names.obj)
    annotations = [
        Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 10, 10],
                   Dest=String("kontakter")),
        Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 10, 10, 20],
                   Dest=String("start")),
        Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 20, 10, 30],
                   A=Dictionary(S=Name.GoTo, D=String("kontakter"))),
        Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=[0, 30, 10, 40],
                   Contents=String(TRICKY)),
    ]
    if appendix:
        annotations.append(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 40, 10, 50],
                                      Dest=Array([pages[count], Name.Fit])))
    pages[0].Annots = pdf.make_indirect(Array([pdf.make_indirect(a) for a in annotations]))
    with pdf.open_outline() as outline:
        first = pikepdf.OutlineItem(f"{label} början", 0)
        first.children.append(pikepdf.OutlineItem(f"{label} kontakter", 1))
        outline.root.append(first)
        if appendix:
            outline.root.append(pikepdf.OutlineItem("Bilaga", count))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[pikepdf.Pdf, list[str]]:
    folder = tmp_path_factory.mktemp("book")
    make_front(source("Framsida", 2), folder / "front.piece")
    titles = []
    parts = [BookPart(folder / "front.piece", None)]
    for unit in ("vc-a", "vc-b"):
        binder = folder / f"{unit}.pdf"
        binder.write_bytes(source(unit, 3, appendix=2))
        make_part(binder, 3, folder / f"{unit}.piece", f"{unit}--")
        parts.append(BookPart(folder / f"{unit}.piece", f"Enhet {unit} – å"))
        titles.append(f"Enhet {unit} – å")
    out = io.BytesIO()
    assert write_book(out, parts, {"Title": "Hela handboken"}, b"/Lang<7376>") == 2 + 3 + 3
    (folder / "book.pdf").write_bytes(out.getvalue())
    return pikepdf.open(folder / "book.pdf"), titles


def test_the_book_is_a_valid_pdf_with_every_page_in_order(book: tuple[pikepdf.Pdf, list[str]]
                                                          ) -> None:
    pdf, _titles = book
    assert pdf.check_pdf_syntax() == []
    texts = [page_text(pdf, page) for page in pdf.pages]
    expected = [f"{label} sida {n}".encode() for label, count in
                (("Framsida", 2), ("vc-a", 3), ("vc-b", 3)) for n in range(1, count + 1)]
    assert [next(e for e in expected if e in t) for t in texts] == expected
    assert all(e in t for e, t in zip(expected, texts, strict=True))
    assert str(pdf.docinfo.Title) == "Hela handboken"
    assert str(pdf.Root.Lang) == "sv"


def test_the_appendix_is_left_out_and_a_link_into_it_leads_nowhere(
        book: tuple[pikepdf.Pdf, list[str]]) -> None:
    pdf, _titles = book
    contents = b"".join(o.read_bytes() for o in pdf.objects if isinstance(o, pikepdf.Stream)
                        and "/Type" not in o.stream_dict)
    assert b"vc-a sida 3" in contents
    assert b"vc-a sida 4" not in contents and b"vc-b sida 5" not in contents
    explicit = [a for page in pdf.pages for a in page.obj.get("/Annots") or []
                if isinstance(a.get("/Dest"), Array)]
    assert len(explicit) == 2
    assert all(a.Dest[0] is None for a in explicit)


def page_of(pdf: pikepdf.Pdf, destination: object) -> int:
    assert isinstance(destination, Array)
    return pikepdf.Page(destination[0]).index


def test_the_outline_leads_to_the_right_pages(book: tuple[pikepdf.Pdf, list[str]]) -> None:
    pdf, titles = book
    with pdf.open_outline() as outline:
        top = [(item.title, page_of(pdf, item.destination)) for item in outline.root]
        children = [[(c.title, page_of(pdf, c.destination)) for c in item.children]
                    for item in outline.root]
    assert top == [("Framsida början", 0), (titles[0], 2), (titles[1], 5)]
    assert children[1] == [("vc-a början", 2)]
    assert children[2] == [("vc-b början", 5)]
    with pdf.open_outline() as outline:
        assert [(c.title, page_of(pdf, c.destination))
                for c in outline.root[2].children[0].children] == [("vc-b kontakter", 6)]
        assert outline.root[0].children[0].title == "Framsida kontakter"


def test_each_units_links_lead_into_its_own_pages(book: tuple[pikepdf.Pdf, list[str]]) -> None:
    """Both units name a destination "kontakter"; each one's links lead to its own."""
    pdf, _titles = book
    names = {name: page_of(pdf, dest) for name, dest in
             pikepdf.NameTree(pdf.Root.Names.Dests).items()}
    assert names == {"start": 0, "kontakter": 1, "vc-a--start": 2, "vc-a--kontakter": 3,
                     "vc-b--start": 5, "vc-b--kontakter": 6}
    for first, own in ((2, 3), (5, 6)):
        annotations = list(pdf.pages[first].obj.Annots)
        targets = [str(a.Dest) if "/Dest" in a and isinstance(a.Dest, String)
                   else str(a.A.D) for a in annotations[:3]]
        assert [names[t] for t in targets] == [own, first, own]


def test_text_that_looks_like_pdf_syntax_survives(book: tuple[pikepdf.Pdf, list[str]]) -> None:
    pdf, _titles = book
    notes = [bytes(a.Contents) for page in pdf.pages for a in page.obj.get("/Annots") or []
             if a.get("/Subtype") == Name.Text]
    assert notes == [TRICKY] * 3


def test_the_same_pieces_give_the_same_bytes(tmp_path: Path) -> None:
    make_front(source("Framsida", 2), tmp_path / "front.piece")
    outputs = []
    for _ in range(2):
        out = io.BytesIO()
        write_book(out, [BookPart(tmp_path / "front.piece", None)], {"Title": "x"})
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    other = io.BytesIO()
    write_book(other, [BookPart(tmp_path / "front.piece", None)], {"Title": "y"})
    assert pikepdf.open(io.BytesIO(other.getvalue())).trailer.ID[0] != \
        pikepdf.open(io.BytesIO(outputs[0])).trailer.ID[0]


def test_a_damaged_piece_is_refused(tmp_path: Path) -> None:
    make_front(source("Framsida", 2), tmp_path / "front.piece")
    raw = (tmp_path / "front.piece").read_bytes()
    (tmp_path / "cut.piece").write_bytes(raw[:-10])
    (tmp_path / "pdf.piece").write_bytes(source("x", 2))
    for name in ("cut.piece", "pdf.piece"):
        with pytest.raises(PieceError):
            read_piece(tmp_path / name)


@pytest.mark.parametrize(("value", "written"), [
    (Decimal("1E+1"), b"10"), (Decimal("0.50"), b"0.5"), (Decimal("-0.000"), b"0"),
    (Decimal("841.890"), b"841.89"), (Decimal("1E-7"), b"0.0000001"), (3, b"3"),
])
def test_numbers_are_written_without_exponents(value: Decimal | int, written: bytes) -> None:
    assert number(value) == written


@pytest.mark.parametrize(("text", "raw"), [
    ("Bilaga", b"Bilaga"), ("Närhälsan – Åmål", "Närhälsan – Åmål".encode("pdfdoc")),
    ("Ring ☎", b"\xfe\xff" + "Ring ☎".encode("utf-16-be")),
])
def test_text_strings_use_pdfdoc_where_they_can(text: str, raw: bytes) -> None:
    assert text_string(text) == b"<" + raw.hex().encode() + b">"
    assert str(pikepdf.String(raw)) == text
