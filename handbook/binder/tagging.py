"""Finish WeasyPrint's tagged PDF: running headers and footers become artifacts,
the header cells' IDs get the ID tree they need, every header cell a /Scope and
every link a description.

WeasyPrint 70 tags the text of page-margin boxes with marked-content ids
(MCIDs) and parent-tree entries, but leaves their structure elements out of
the structure tree (an artifact there needs PDF 2.0, its comment says). A
reader then finds text on every page that belongs to no structure element.
Here every MCID that the tree does not reach is marked ``/Artifact`` instead
(pagination artifacts: headers, footers, page numbers) and its dead
parent-tree entry is cleared.

It also adds the /IDTree that PDF requires once elements have IDs (WeasyPrint
gives header cells IDs for the data cells' /Headers but writes no ID tree).

WeasyPrint 70 writes no /Scope on a TH (its table attributes hold /O, /ColSpan,
/RowSpan and, on a TD, /Headers): each TH gets /Row when it heads a row of data
cells, else /Column. And it gives a link annotation its target as /Contents
(``vc-angen--kontakter``, ``tel:0313457116``) in a tagged PDF and none in an
untagged one: each link's description is taken from the laid-out document
instead (``link_descriptions``), the link's own text, "Ring 031-345 71 16" for a
phone number, "E-post till …" for an e-mail address.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from ..labels import labels

PAGINATION = Dictionary(Type=Name.Pagination)
MARKED = re.compile(rb"/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC\b")
ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


# The labels the descriptions are made with (binder: in labels.yml); they are in
# no print HTML, so a binder's cache key lists them (keys.py).
LINK_LABELS = ("link_call", "link_mail")
# Per page, each link's (target, description), in the order WeasyPrint writes them.
Descriptions = Sequence[Sequence[tuple[str, str]]]


def finish_tagged_pdf(pdf_bytes: bytes, links: Descriptions = ()) -> bytes:
    """Return the PDF with content that no structure element owns as artifacts,
    an ID tree, a /Scope on every header cell and ``links``' descriptions (from
    ``link_descriptions``) on its link annotations."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if not isinstance(tree, Dictionary):
            return pdf_bytes
        elements = list(_elements(tree))
        _add_id_tree(pdf, tree, elements)
        _add_scopes(elements)
        _mark_orphans(pdf, tree, {element.objgen for element in elements})
        describe_links(pdf, links)
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True)
        return output.getvalue()


def describe_pdf_links(pdf_bytes: bytes, links: Descriptions) -> bytes:
    """Return the PDF (tagged or not) with ``links``' descriptions on its link
    annotations (``describe_links``)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        describe_links(pdf, links)
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True)
        return output.getvalue()


def _mark_orphans(pdf: pikepdf.Pdf, tree: Dictionary, reached: set[tuple[int, int]]) -> None:
    """Mark content whose parent-tree element is not in the tree as an artifact."""
    page_parents = _page_parents(tree)
    for page in pdf.pages:
        parents = page_parents.get(int(page.obj.get("/StructParents", -1)))
        if parents is None:
            continue
        orphans = {mcid for mcid, parent in enumerate(parents)
                   if isinstance(parent, Dictionary) and parent.objgen not in reached}
        if orphans:
            _mark_artifacts(pdf, page, orphans)
            for mcid in orphans:
                parents[mcid] = None


def _add_scopes(elements: list[Dictionary]) -> None:
    """Give every TH of a row a /Scope: /Row when it heads a row that holds data
    cells (it is the row's first cell, or a TD of the row names it in /Headers),
    /Column otherwise (a head row, a row of header cells)."""
    for row in elements:
        if row.get("/S") != Name.TR:
            continue
        cells = [kid for kid in _kids(row) if isinstance(kid, Dictionary)
                 and kid.get("/S") in (Name.TH, Name.TD)]
        data = [cell for cell in cells if cell.S == Name.TD]
        named = {bytes(header) for cell in data
                 for header in _table_attributes(cell).get("/Headers", Array())}
        for index, cell in enumerate(cells):
            if cell.S != Name.TH:
                continue
            heads_row = bool(data) and (index == 0 or bytes(cell.get("/ID", b"")) in named)
            _table_attributes(cell).Scope = Name.Row if heads_row else Name.Column


def _table_attributes(cell: Dictionary) -> Dictionary:
    """The cell's attribute dictionary of owner /Table (added if it has none)."""
    attributes = cell.get("/A")
    found = [attributes] if isinstance(attributes, Dictionary) else list(attributes or [])
    for candidate in found:
        if isinstance(candidate, Dictionary) and candidate.get("/O") == Name.Table:
            return candidate
    table = Dictionary(O=Name.Table)
    cell.A = Array([*found, table]) if found else table
    return table


def link_descriptions(document: Any) -> list[list[tuple[str, str]]]:
    """Per page of a laid-out WeasyPrint document, the (target, description) of
    each link that becomes a link annotation, in the order WeasyPrint writes them."""
    return [[(target, describe_link(target, _text(box.element)))
             for kind, target, _rectangle, box in page.links
             if kind in ("internal", "external") and box.element is not None]
            for page in document.pages]


def describe_link(target: str, text: str) -> str:
    """A link's description: "Ring <number>" for a phone number, "E-post till
    <address>" for an e-mail address, else its text (its target if it has none)."""
    L = labels()["binder"]
    if target.startswith("tel:"):
        return str(L["link_call"]).format(number=text or target.removeprefix("tel:"))
    if target.startswith("mailto:"):
        address = target.removeprefix("mailto:").split("?")[0]
        return str(L["link_mail"]).format(address=address)
    return text or target


def _text(element: Any) -> str:
    """An HTML element's text, spaces collapsed; its images' alt text if it has none."""
    text = " ".join("".join(element.itertext()).split())
    if text:
        return text
    return " ".join(str(image.get("alt", "")).strip() for image in element.iter()
                    if str(image.tag).rsplit("}", 1)[-1] == "img").strip()


def describe_links(pdf: pikepdf.Pdf, links: Descriptions) -> None:
    """Set each link annotation's /Contents to its description in ``links`` (matched
    by target in order, page by page); a link not found there is described by its
    target."""
    for number, page in enumerate(pdf.pages):
        waiting = list(links[number]) if number < len(links) else []
        for annotation in page.obj.get("/Annots") or []:
            if not isinstance(annotation, Dictionary) or annotation.get("/Subtype") != Name.Link:
                continue
            target = _link_target(annotation)
            found = next((index for index, (name, _d) in enumerate(waiting)
                          if name == target), None)
            description = (waiting.pop(found)[1] if found is not None
                           else describe_link(target, ""))
            if description:
                annotation.Contents = pikepdf.String(description)


def _link_target(annotation: Dictionary) -> str:
    """A link annotation's named destination or URI ("" for neither)."""
    if isinstance(annotation.get("/Dest"), pikepdf.String):
        return str(annotation.Dest)
    action = annotation.get("/A")
    if isinstance(action, Dictionary) and "/URI" in action:
        return str(action.URI)
    if isinstance(action, Dictionary) and isinstance(action.get("/D"), pikepdf.String):
        return str(action.D)
    return ""


def _elements(root: Dictionary) -> Iterator[Dictionary]:
    """Every structure element reachable from the root, in document order."""
    stack = list(reversed(_kids(root)))
    while stack:
        kid = stack.pop()
        if isinstance(kid, Dictionary) and kid.get("/Type") not in (Name.MCR, Name.OBJR):
            yield kid
            stack.extend(reversed(_kids(kid)))


def _add_id_tree(pdf: pikepdf.Pdf, tree: Dictionary, elements: list[Dictionary]) -> None:
    identified = sorted(((bytes(e.ID), e) for e in elements if "/ID" in e), key=lambda p: p[0])
    if not identified:
        return
    names = Array()
    for identifier, element in identified:
        names.append(pikepdf.String(identifier))
        names.append(element)
    tree.IDTree = pdf.make_indirect(Dictionary(Names=names))


def _kids(node: Dictionary) -> list[object]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _page_parents(tree: Dictionary) -> dict[int, Array]:
    """Parent-tree arrays (MCID to structure element) by StructParents key.

    WeasyPrint writes the parent tree as one flat /Nums array.
    """
    nums = tree.ParentTree.get("/Nums", Array())
    parents = {}
    for index in range(0, len(nums), 2):
        key, value = nums[index], nums[index + 1]
        if isinstance(value, Array):
            parents[int(key)] = value
    return parents


def _mark_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, orphans: set[int]) -> None:
    """Turn the marked-content sequences with these MCIDs into artifacts."""
    content = page.obj.Contents
    if isinstance(content, pikepdf.Stream):
        # Fast path for WeasyPrint's own layout of the operator; a token-by-token
        # rewrite costs about a fifth of the render time of a binder.
        found: set[int] = set()

        def replace(match: re.Match[bytes]) -> bytes:
            mcid = int(match[1])
            if mcid not in orphans:
                return match[0]
            found.add(mcid)
            return ARTIFACT

        data = MARKED.sub(replace, content.read_bytes())
        if found == orphans:
            content.write(data)
            return
    instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    for instruction in pikepdf.parse_content_stream(page):
        if (isinstance(instruction, pikepdf.ContentStreamInstruction)
                and str(instruction.operator) == "BDC"
                and isinstance(instruction.operands[1], Dictionary)
                and int(instruction.operands[1].get("/MCID", -1)) in orphans):
            instruction = pikepdf.ContentStreamInstruction([Name.Artifact, PAGINATION],
                                                           instruction.operator)
        instructions.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
