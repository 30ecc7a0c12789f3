"""Tagged PDFs: the structure a screen reader relies on, read back with pikepdf.

What is checked: a structure tree; every piece of page content is claimed by a
structure element or is an artifact; headings in order; tables with header
cells, each with a /Scope; every link annotation described (/Contents); alt
text; /Lang, title (info and XMP), DisplayDocTitle, MarkInfo and bookmarks; the
parent tree agreeing with the structure tree. For every unit binder and for
handbok.pdf, which joins the front's and the units' structure trees into one. What
is not: conformance to PDF/UA as a whole (no veraPDF or PAC here); see the README.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import markdown
import pdfplumber
import pikepdf
import pytest
import weasyprint
from pdftags import (
    figures,
    heading_problems,
    id_tree_problems,
    link_problems,
    links,
    open_pdf,
    parent_tree_problems,
    scope_problems,
    scopes_by_row,
    structure,
    table_problems,
    untagged_content,
)
from sitebuild import REPO, SharedBuild, example_unit_ids

from handbook import Handbook
from handbook.binder.build import MANIFEST
from handbook.binder.combine import FOLIO_DIGITS, folio_text, make_front, make_part
from handbook.binder.document import Chapter, Inputs, unit_document
from handbook.binder.front import UNIT_ANCHOR, folio_font
from handbook.binder.pdf import PDF_OPTIONS, UNTAGGED_OPTIONS, layout, render_pdf
from handbook.binder.pdfwrite import BookPart, write_book
from handbook.binder.tagging import describe_pdf_links, link_descriptions
from handbook.binder.weasy import write_pdf
from handbook.history.stamp import DRAFT, Stamp
from handbook.labels import labels
from handbook.plan.status import today
from handbook.routes import PDF_CACHE_DIR, WHOLE_HANDBOOK_FILE

pytestmark = [pytest.mark.build, pytest.mark.pdf]

UNITS = example_unit_ids()
L: dict[str, Any] = labels()
SITE_URL = "https://kontinuitet.intranat.example/"
# A page-margin box (running header) and a body: WeasyPrint on its own leaves the
# header's text in no structure element.
WITH_HEADER = ('<!DOCTYPE html><html lang="sv"><head><title>Prov</title><style>'
               '@page { @top-left { content: "Sidhuvud" } }</style></head>'
               '<body><h1>Rubrik</h1><p>Text</p></body></html>')


def region_chapters() -> list[Chapter]:
    """The region chapters in the navigation's order, as the build puts them."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    chapters = []
    for name in re.findall(r"^\s*- (kapitel/[a-z0-9-]+\.md)\s*$", config, re.M):
        path = REPO / "docs" / name
        source = path.read_text(encoding="utf-8")
        html = markdown.markdown(source, extensions=["admonition", "attr_list", "tables", "toc"])
        chapters.append(Chapter(path.stem, source.splitlines()[0].lstrip("# "), html))
    return chapters


@pytest.fixture(scope="module")
def built(example_site: SharedBuild) -> tuple[Path, Inputs, Stamp]:
    """Every example binder and the whole handbook, as the run's shared example build
    rendered them (``mkdocs build``, a draft), and the inputs that build gave them."""
    stamp = Stamp(DRAFT, example_site.after, "")
    inputs = Inputs(region_chapters(), stamp.release, SITE_URL, today())
    return example_site.site / "pdf", inputs, stamp


@pytest.fixture(scope="module")
def pdfs(built: tuple[Path, Inputs, Stamp]) -> dict[str, pikepdf.Pdf]:
    folder = built[0]
    return {path.stem: pikepdf.open(path) for path in sorted(folder.glob("*.pdf"))}


# --- unit binders -----------------------------------------------------------------------------

@pytest.mark.parametrize("unit_id", UNITS)
def test_binder_catalog_title_and_language(pdfs: dict[str, pikepdf.Pdf],
                                           built: tuple[Path, Inputs, Stamp],
                                           unit_id: str, example_handbook: Handbook) -> None:
    pdf = pdfs[unit_id]
    [unit] = [u for u in example_handbook.units if u.id == unit_id]
    title = unit_document(unit, built[1]).title
    assert pdf.Root.Lang == "sv"
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    assert str(pdf.docinfo.Title) == title
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == title
        assert xmp["pdfuaid:part"] == "1"
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        first = [item.title for item in outline.root[0].children[:2]]
    # The two parts of the plan, the action card first in the first part.
    assert titles[:2] == [L["parts"]["vid-avbrott"]["title"], L["parts"]["forberedelser"]["title"]]
    assert first[0] == f"{L['unit']['action_card']} – {unit.name}"


@pytest.mark.parametrize("unit_id", UNITS)
def test_binder_content_is_all_tagged_or_artifact(pdfs: dict[str, pikepdf.Pdf],
                                                  unit_id: str) -> None:
    pdf = pdfs[unit_id]
    assert structure(pdf).elements[0].tag == "/Document"
    assert untagged_content(pdf) == []
    assert parent_tree_problems(pdf) == []


@pytest.mark.parametrize("unit_id", UNITS)
def test_binder_headings_in_order(pdfs: dict[str, pikepdf.Pdf], unit_id: str) -> None:
    elements = structure(pdfs[unit_id]).elements
    assert heading_problems(elements) == []
    # Every chapter heading is there: the cover, the action card, each chapter.
    assert sum(e.tag == "/H1" for e in elements) >= 6


@pytest.mark.parametrize("unit_id", UNITS)
def test_binder_tables_have_header_cells(pdfs: dict[str, pikepdf.Pdf], unit_id: str) -> None:
    elements = structure(pdfs[unit_id]).elements
    assert sum(e.tag == "/Table" for e in elements) >= 7  # calls, blank forms, data
    assert table_problems(elements) == []
    assert id_tree_problems(pdfs[unit_id], elements) == []


@pytest.mark.parametrize("unit_id", UNITS)
def test_binder_header_cells_have_scope(pdfs: dict[str, pikepdf.Pdf], unit_id: str) -> None:
    """Every TH says what it heads: /Row for a label of a label/value row, /Column
    for a head row's cell."""
    elements = structure(pdfs[unit_id]).elements
    assert scope_problems(elements) == []
    cells = {cell for row in scopes_by_row(elements) for cell in row}
    assert {"TH /Row", "TH /Column", "TD"} <= cells
    # A label/value row: its one header cell heads the row.
    assert ["TH /Row", "TD"] in scopes_by_row(elements)


@pytest.mark.parametrize("unit_id", UNITS)
def test_binder_links_are_described(pdfs: dict[str, pikepdf.Pdf], unit_id: str) -> None:
    """Every link annotation has a description: its text, "Ring <number>" for a phone
    number; never a bare anchor or tel: target (WeasyPrint's own /Contents)."""
    pdf = pdfs[unit_id]
    assert link_problems(pdf) == []
    found = links(pdf)
    assert len(found) > 20
    phones = [contents for target, contents in found if target.startswith("tel:")]
    assert phones and all(re.fullmatch(r"Ring [0-9+][0-9 -]+", str(c)) for c in phones)
    # A web address printed as the link's text is its description; a named destination
    # or a phone link's target never is.
    assert [target for target, contents in found if contents == target
            and not target.startswith(("https:", "http:"))] == []


@pytest.mark.parametrize("unit_id", UNITS)
def test_binder_qr_code_is_a_figure_with_alt_text(pdfs: dict[str, pikepdf.Pdf],
                                                  unit_id: str) -> None:
    assert figures(structure(pdfs[unit_id]).elements) == [L["binder"]["qr_alt"]]


def _page_of(element: Any, pages: dict[tuple[int, int], int]) -> int | None:
    """The page an element's content starts on (its /Pg, else its first kid's)."""
    if "/Pg" in element.obj:
        return pages[element.obj.Pg.objgen]
    return next((found for child in element.children
                 if (found := _page_of(child, pages)) is not None), None)


@pytest.mark.parametrize("unit_id", UNITS)
def test_binder_structure_tree_holds_every_chapter_on_its_page(pdfs: dict[str, pikepdf.Pdf],
                                                               built: tuple[Path, Inputs, Stamp],
                                                               unit_id: str) -> None:
    """A unit binder is one document since issue #26 (no appendix joined): the structure
    tree holds a heading for each chapter, on its page, in page order, the region
    routine in brief last of the outline."""
    pdf = pdfs[unit_id]
    manifest = json.loads((built[0].parent.parent / PDF_CACHE_DIR / MANIFEST)
                          .read_text(encoding="utf-8"))
    assert manifest[unit_id]["pages"] == len(pdf.pages)
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    elements = structure(pdf).elements
    headings = [(_page_of(e, pages), e.tag)  # type: ignore[arg-type]  # objgen is a tuple
                for e in elements if e.tag == "/H1"]
    assert None not in [page for page, _tag in headings]
    placed = [page for page, _tag in headings if page is not None]
    assert placed == sorted(placed)
    with pdf.open_outline() as outline:
        chapters = [item for part in outline.root for item in part.children]
        assert len(placed) >= len(chapters)
        assert chapters[-1].title.endswith(L["print"]["chapters"]["region"])


# --- the checks catch what they look for ------------------------------------------------------

def test_untagged_render_fails_the_checks() -> None:
    pdf = open_pdf(render_pdf(WITH_HEADER, tagged=False))
    assert "/StructTreeRoot" not in pdf.Root
    problems = untagged_content(pdf)
    assert problems and all("outside marked content" in p for p in problems)
    assert heading_problems(structure(pdf).elements) == ["no headings"]


def test_weasyprint_alone_leaves_margin_text_untagged() -> None:
    """Why render_pdf post-processes: without it the running header is in no element."""
    raw = weasyprint.HTML(string=WITH_HEADER).write_pdf(**PDF_OPTIONS)
    problems = untagged_content(open_pdf(raw))
    assert problems and all("is in no structure element" in p for p in problems)
    fixed = open_pdf(render_pdf(WITH_HEADER))
    assert untagged_content(fixed) == []
    assert [e.tag for e in structure(fixed).elements if e.tag in ("/H1", "/P")] == ["/H1", "/P"]


def test_skipped_heading_level_and_headerless_table_are_found() -> None:
    html = ('<!DOCTYPE html><html lang="sv"><body><h1>A</h1><h3>B</h3>'
            '<table><tr><td>x</td></tr></table></body></html>')
    elements = structure(open_pdf(render_pdf(html))).elements
    assert heading_problems(elements) == ["heading 2: H1 followed by H3"]
    assert table_problems(elements)[0] == "table 1: no TH cell"


SCOPED = ('<!DOCTYPE html><html lang="sv"><head><title>Prov</title></head><body><h1>A</h1>'
          '<table><thead><tr><th>Namn</th><th>Telefon</th></tr></thead><tbody><tr><td>Jour'
          '</td><td><a href="tel:0313456789">031-345 67 89</a></td></tr></tbody></table>'
          '<table><tr><th scope="row">Rutin</th><td><a href="#b">Åtgärdskort</a></td></tr>'
          '</table><p id="b"><a href="mailto:jour@example.se">skriv</a> '
          '<a href="https://example.se/x">Regionens sida</a></p></body></html>')


def test_header_cells_get_scope_and_links_descriptions() -> None:
    """WeasyPrint 70 alone writes no /Scope and a link's target as its /Contents;
    render_pdf gives each TH its scope and each link its description."""
    raw = open_pdf(weasyprint.HTML(string=SCOPED).write_pdf(**PDF_OPTIONS))
    assert len(scope_problems(structure(raw).elements)) == 3
    assert links(raw)[0] == ("tel:0313456789", "tel:0313456789")
    pdf = open_pdf(render_pdf(SCOPED))
    assert scopes_by_row(structure(pdf).elements) == [
        ["TH /Column", "TH /Column"], ["TD", "TD"], ["TH /Row", "TD"]]
    assert links(pdf) == [("tel:0313456789", "Ring 031-345 67 89"), ("b", "Åtgärdskort"),
                          ("mailto:jour@example.se", "E-post till jour@example.se"),
                          ("https://example.se/x", "Regionens sida")]


def test_untagged_links_are_described_too() -> None:
    """An untagged render's links get descriptions the same way (describe_pdf_links)."""
    document = layout(SCOPED)
    raw = write_pdf(document, **UNTAGGED_OPTIONS)
    assert len(link_problems(open_pdf(raw))) == 4
    described = open_pdf(describe_pdf_links(raw, link_descriptions(document)))
    assert link_problems(described) == []
    assert links(described)[0] == ("tel:0313456789", "Ring 031-345 67 89")


def test_row_header_tables_pass() -> None:
    """Label/value tables (<th scope="row"> + <td>) count as tables with headers."""
    html = ('<!DOCTYPE html><html lang="sv"><body><h1>A</h1><table class="hb-fields">'
            '<tr><th scope="row">Namn</th><td>Värde</td></tr>'
            '<tr><th scope="row">Telefon</th><td>010-123 45 67</td></tr></table></body></html>')
    assert table_problems(structure(open_pdf(render_pdf(html))).elements) == []


# --- the whole handbook -----------------------------------------------------------------------

def test_handbook_catalog_title_and_language(pdfs: dict[str, pikepdf.Pdf]) -> None:
    pdf = pdfs[Path(WHOLE_HANDBOOK_FILE).stem]
    title = L["binder"]["handbook_title"]
    assert pdf.Root.Lang == "sv"
    assert str(pdf.docinfo.Title) == title
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    assert bool(pdf.Root.MarkInfo.Marked) is True
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == title
        assert xmp["pdfuaid:part"] == "1"
    with pdf.open_outline() as outline:
        assert len(outline.root) > len(UNITS)


def test_handbook_links_are_described(pdfs: dict[str, pikepdf.Pdf]) -> None:
    """Every link in handbok.pdf has a description: the front's (described when the
    front is rendered, as a binder's) and the units' (from their binders)."""
    pdf = pdfs[Path(WHOLE_HANDBOOK_FILE).stem]
    assert link_problems(pdf) == []
    assert [target for target, contents in links(pdf) if contents == target
            and not target.startswith(("https:", "http:"))] == []
    # The contents lead to each unit by its name.
    names = {contents for target, contents in links(pdf) if target.startswith(UNIT_ANCHOR)}
    assert len(names) == len(UNITS)


def test_handbook_is_one_tagged_document(pdfs: dict[str, pikepdf.Pdf]) -> None:
    """One structure tree for the front and every unit's pages: a Document holding a
    Part per piece; every piece of content on every page (the page numbers added when
    joining too, as artifacts) is claimed by an element or is an artifact; the parent
    tree agrees with the tree for every page and link; headings, tables, /Scope on
    every TH and the ID tree hold across the whole book."""
    pdf = pdfs[Path(WHOLE_HANDBOOK_FILE).stem]
    found = structure(pdf)
    document = found.elements[0]
    assert document.tag == "/Document" and document.depth == 0
    assert [e.tag for e in document.children] == ["/Part"] * (1 + len(UNITS))
    assert untagged_content(pdf) == []
    assert parent_tree_problems(pdf) == []
    assert heading_problems(found.elements) == []
    assert table_problems(found.elements) == []
    assert scope_problems(found.elements) == []
    assert sum(e.tag == "/TH" for e in found.elements) > 50 * len(UNITS)
    assert id_tree_problems(pdf, found.elements) == []
    # The tree reaches content on every page that has any besides artifacts (running
    # heads and feet, page numbers; a page left empty has only those).
    claimed_pages = {page for page, _mcid in found.claimed}
    assert len(claimed_pages) > len(pdf.pages) * 0.6


def _pages_of(element: Any, pages: dict[tuple[int, int], int]) -> set[int]:
    """The pages (from 0) of every element under ``element`` that names its page."""
    found = {pages[element.obj.Pg.objgen]} if "/Pg" in element.obj else set()
    for child in element.children:
        found |= _pages_of(child, pages)
    return found


def test_handbook_parts_hold_each_units_own_pages(pdfs: dict[str, pikepdf.Pdf]) -> None:
    """Each unit's Part has its elements on that unit's pages only (its binder's
    appendix is cut off the tree with its pages), in the outline's order; the first
    Part is the front's."""
    pdf = pdfs[Path(WHOLE_HANDBOOK_FILE).stem]
    pages: dict[tuple[int, int], int] = {
        page.objgen: index for index, page in enumerate(pdf.pages)}  # type: ignore[misc]
    parts = structure(pdf).elements[0].children
    with pdf.open_outline() as outline:
        starts = [pages[item.destination[0].objgen]  # type: ignore[index]
                  for item in outline.root[-len(UNITS):]]
    ends = [*starts[1:], len(pdf.pages)]
    assert _pages_of(parts[0], pages) <= set(range(starts[0]))
    for part, start, end in zip(parts[1:], starts, ends, strict=True):
        held = _pages_of(part, pages)
        assert min(held) == start and max(held) < end
        assert len([e for e in part.descendants() if e.tag == "/H1"]) >= 6


def test_a_broken_parent_tree_is_found(pdfs: dict[str, pikepdf.Pdf]) -> None:
    """parent_tree_problems catches a link whose key leads to another element, a page
    without /StructParents, and an untagged PDF."""
    pdf = pikepdf.open(pdfs[Path(WHOLE_HANDBOOK_FILE).stem].filename)
    linked = [page for page in pdf.pages if any(
        annotation.get("/Subtype") == pikepdf.Name.Link for annotation in
        page.obj.get("/Annots") or [])]
    annotations = [a for a in linked[0].obj.Annots if "/StructParent" in a]
    annotations[0].StructParent = linked[1].obj.StructParents
    del pdf.pages[5].obj["/StructParents"]
    problems = parent_tree_problems(pdf)
    assert any("used twice" in p or "leads to" in p for p in problems)
    assert any(p.startswith("page 6: marked content and no /StructParents") for p in problems)
    assert parent_tree_problems(open_pdf(render_pdf(WITH_HEADER, tagged=False))) == \
        ["no structure tree"]


TWO_PAGES = ('<!DOCTYPE html><html lang="sv"><head><title>Enhet</title></head><body>'
             '<h1 id="start">Enhet</h1><table><thead><tr><th>Namn</th><th>Telefon</th></tr>'
             '</thead><tbody><tr><td>Jour</td><td><a href="tel:0313456789">031-345 67 89</a>'
             '</td></tr></tbody></table><p><a href="#start">Till början</a></p>'
             '<h1 style="break-before: page" id="bilaga">Bilaga</h1><p>Lämnas bort</p>'
             '<table><tr><th scope="row">Rad</th><td>x</td></tr></table></body></html>')


def test_joined_pieces_make_one_structure_tree(tmp_path: Path) -> None:
    """The writer joins tagged pieces into one tree, on two-page renders of which each
    unit gives only its first page: the second page's elements are cut off; each
    unit's header-cell IDs (the same in both renders) get its id, and so do the data
    cells' /Headers; the parent tree is renumbered; every page but the first prints
    its number as an artifact."""
    html = TWO_PAGES
    make_front(render_pdf(html.replace("Enhet", "Framsida")), tmp_path / "front.piece",
               folio_font(folio_text(FOLIO_DIGITS)))
    parts = [BookPart(tmp_path / "front.piece", None)]
    for unit in ("a", "b"):
        (tmp_path / f"{unit}.pdf").write_bytes(render_pdf(html))
        make_part(tmp_path / f"{unit}.pdf", 1, tmp_path / f"{unit}.piece", f"{unit}--")
        parts.append(BookPart(tmp_path / f"{unit}.piece", f"Enhet {unit}", f"hb-unit-{unit}"))
    out = io.BytesIO()
    assert write_book(out, parts, {"Title": "Bok"}, b"/Lang<7376>",
                      folio=lambda page: folio_text(str(page)) if page > 1 else None) == 4
    pdf = open_pdf(out.getvalue())
    found = structure(pdf)
    assert [e.tag for e in found.elements[0].children] == ["/Part"] * 3
    assert untagged_content(pdf) == []
    assert parent_tree_problems(pdf) == []
    assert scope_problems(found.elements) == []
    assert table_problems(found.elements) == []
    assert id_tree_problems(pdf, found.elements) == []
    ids = [str(e.obj.ID) for e in found.elements if "/ID" in e.obj]
    assert len(ids) == len(set(ids)) == 3 * 2 + 1  # the front's 2 + 1; each unit's 2
    assert sum(i.startswith("a--") for i in ids) == sum(i.startswith("b--") for i in ids) == 2
    # The units' second page (their "Bilaga") is not in the book, nor in its tree.
    headings = [e for e in found.elements if e.tag == "/H1"]
    assert len(headings) == 2 + 1 + 1
    assert bool(pdf.Root.MarkInfo.Marked)
    texts = [pdf.pages[n].obj for n in range(4)]
    assert "/StructParents" in texts[2] and "/StructParents" in texts[3]
    # The page numbers: none on the first page, then "s. 2" …
    assert [link for link in links(pdf) if link[1] is None] == []
    with pdfplumber.open(io.BytesIO(out.getvalue())) as plumber:
        last = [page.extract_text().splitlines()[-1] for page in plumber.pages]
    assert last[1:] == [folio_text(str(n)) for n in (2, 3, 4)]
    assert folio_text("1") not in last[0]
