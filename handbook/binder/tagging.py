"""Finish WeasyPrint's tagged PDF: running headers and footers become artifacts,
and the header cells' IDs get the ID tree they need.

WeasyPrint 70 tags the text of page-margin boxes with marked-content ids
(MCIDs) and parent-tree entries, but leaves their structure elements out of
the structure tree (an artifact there needs PDF 2.0, its comment says). A
reader then finds text on every page that belongs to no structure element.
Here every MCID that the tree does not reach is marked ``/Artifact`` instead
(pagination artifacts: headers, footers, page numbers) and its dead
parent-tree entry is cleared.

It also adds the /IDTree that PDF requires once elements have IDs (WeasyPrint
gives header cells IDs for the data cells' /Headers but writes no ID tree).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

PAGINATION = Dictionary(Type=Name.Pagination)
MARKED = re.compile(rb"/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC\b")
ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def finish_tagged_pdf(pdf_bytes: bytes) -> bytes:
    """Return the PDF with content that no structure element owns as artifacts,
    and with an ID tree."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if not isinstance(tree, Dictionary):
            return pdf_bytes
        elements = list(_elements(tree))
        reached = {element.objgen for element in elements}
        _add_id_tree(pdf, tree, elements)
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
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True)
        return output.getvalue()


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
