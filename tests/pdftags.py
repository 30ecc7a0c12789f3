"""Reading a tagged PDF's structure with pikepdf, independently of handbook.binder.tagging.

Each check returns a list of problems (empty: passed), so a test can also show
that a check fails on a PDF that lacks what it looks for.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

HEADINGS = {f"/H{level}": level for level in range(1, 7)}
# Operators that put something on the page: text, XObjects (images, forms),
# inline images, shadings and path painting.
PAINTING = {"Tj", "TJ", "'", '"', "Do", "BI", "INLINE IMAGE", "sh",
            "f", "F", "f*", "B", "B*", "b", "b*", "S", "s"}


@dataclass
class Element:
    tag: str  # "/H1", "/Table", ...
    obj: Dictionary
    depth: int
    children: list[Element] = field(default_factory=list)

    def descendants(self) -> list[Element]:
        found = []
        for child in self.children:
            found.append(child)
            found.extend(child.descendants())
        return found


@dataclass
class Structure:
    """The structure tree in document order and the marked content it claims."""

    elements: list[Element]  # every element, depth first
    claimed: set[tuple[tuple[int, int], int]]  # (page objgen, MCID)
    # The element (objgen) that holds each (page objgen, MCID), and each annotation's
    # (by the annotation's objgen, from its OBJR).
    owners: dict[tuple[tuple[int, int], int], tuple[int, int]] = field(default_factory=dict)
    annotations: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


def structure(pdf: pikepdf.Pdf) -> Structure:
    root = pdf.Root.get("/StructTreeRoot")
    result = Structure([], set())
    if root is None:
        return result
    for kid in _kids(root):  # type: ignore[arg-type]  # pikepdf types it Object
        _visit(kid, None, 0, None, result)
    return result


def _kids(node: Dictionary) -> list[object]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _visit(kid: object, page: tuple[int, int] | None, depth: int, parent: Element | None,
           result: Structure) -> None:
    if isinstance(kid, int):
        assert page is not None, "an MCID without a page"
        result.claimed.add((page, kid))
        if parent is not None:
            result.owners[(page, kid)] = parent.obj.objgen
        return
    if not isinstance(kid, Dictionary):
        return
    kind = kid.get("/Type")
    if kind == Name.MCR:
        where = kid.Pg.objgen if "/Pg" in kid else page
        assert where is not None, "a marked-content reference without a page"
        result.claimed.add((where, int(kid.MCID)))
        if parent is not None:
            result.owners[(where, int(kid.MCID))] = parent.obj.objgen
        return
    if kind == Name.OBJR:
        if parent is not None and isinstance(kid.get("/Obj"), Dictionary):
            result.annotations[kid.Obj.objgen] = parent.obj.objgen
        return
    element = Element(str(kid.get("/S")), kid, depth)
    result.elements.append(element)
    if parent is not None:
        parent.children.append(element)
    here = kid.Pg.objgen if "/Pg" in kid else page
    for child in _kids(kid):
        _visit(child, here, depth + 1, element, result)


def untagged_content(pdf: pikepdf.Pdf) -> list[str]:
    """Marked content the tree does not claim and is no artifact; painting outside
    any marked content. Content inside an artifact or a claimed MCID may nest more."""
    claimed = structure(pdf).claimed
    problems: list[str] = []
    for number, page in enumerate(pdf.pages, start=1):
        stack: list[bool] = []  # per open sequence: is it (inside) tagged or artifact?
        for instruction in pikepdf.parse_content_stream(page):
            operands, operator = instruction.operands, instruction.operator
            op = str(operator)
            if op in ("BMC", "BDC"):
                covered = bool(stack) and stack[-1]
                tag = str(operands[0])
                mcid = None
                if op == "BDC" and isinstance(operands[1], Dictionary):
                    mcid = operands[1].get("/MCID")
                if tag == "/Artifact":
                    covered = True
                elif mcid is not None:
                    if (page.obj.objgen, int(mcid)) in claimed:
                        covered = True
                    elif not covered:
                        problems.append(f"page {number}: {tag} MCID {int(mcid)} is in no "
                                        f"structure element")
                elif not covered:
                    problems.append(f"page {number}: {tag} without MCID, not an artifact")
                stack.append(covered)
            elif op == "EMC":
                stack.pop()
            elif op in PAINTING and not stack:
                problems.append(f"page {number}: {op} outside marked content")
    return problems


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, object]:
    """The structure tree's parent tree (a number tree, flat or with kids), key → value."""
    found: dict[int, object] = {}
    root = pdf.Root.get("/StructTreeRoot")
    stack = [root.get("/ParentTree")] if isinstance(root, Dictionary) else []
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        nums = list(node.get("/Nums", Array()))
        for index in range(0, len(nums) - 1, 2):
            found[int(nums[index])] = nums[index + 1]
        stack.extend(node.get("/Kids", Array()))
    return found


def _marked_ids(page: pikepdf.Page) -> list[int]:
    """The MCIDs of the page's marked content, in order."""
    found = []
    for instruction in pikepdf.parse_content_stream(page, "BDC"):
        properties = instruction.operands[1]
        if isinstance(properties, Dictionary) and "/MCID" in properties:
            found.append(int(properties.MCID))
    return found


def parent_tree_problems(pdf: pikepdf.Pdf) -> list[str]:
    """The parent tree agrees with the structure tree: every page with marked content
    has /StructParents, whose entry gives for each MCID the element that holds it;
    every link annotation has a /StructParent whose entry is the element (in the tree)
    with an OBJR to it; no key serves twice; ParentTreeNextKey (optional) is past
    every key."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary):
        return ["no structure tree"]
    tree = parent_tree(pdf)
    found = structure(pdf)
    reached = {element.obj.objgen for element in found.elements}
    problems = []
    if tree and "/ParentTreeNextKey" in root and int(root.ParentTreeNextKey) <= max(tree):
        problems.append(f"ParentTreeNextKey {root.get('/ParentTreeNextKey')} <= {max(tree)}")
    used: set[int] = set()
    for number, page in enumerate(pdf.pages, start=1):
        mcids = _marked_ids(page)
        key = page.obj.get("/StructParents")
        if key is None:
            if mcids:
                problems.append(f"page {number}: marked content and no /StructParents")
        else:
            if int(key) in used:
                problems.append(f"page {number}: key {int(key)} used twice")
            used.add(int(key))
            entry = tree.get(int(key))
            if not isinstance(entry, Array):
                problems.append(f"page {number}: no parent-tree array for key {int(key)}")
                entry = Array()
            for mcid in mcids:
                owner = found.owners.get((page.obj.objgen, mcid))
                value: object = entry[mcid] if mcid < len(entry) else None
                got = value.objgen if isinstance(value, Dictionary) else None
                if owner is not None and got != owner:
                    problems.append(f"page {number}: MCID {mcid} held by {owner}, "
                                    f"parent tree says {got}")
        for annotation in page.obj.get("/Annots") or []:
            if annotation.get("/Subtype") != Name.Link:
                continue
            key = annotation.get("/StructParent")
            if key is None:
                problems.append(f"page {number}: a link annotation without /StructParent")
                continue
            if int(key) in used:
                problems.append(f"page {number}: key {int(key)} used twice")
            used.add(int(key))
            value = tree.get(int(key))
            got = value.objgen if isinstance(value, Dictionary) else None
            if got is None or got not in reached or \
                    found.annotations.get(annotation.objgen) != got:
                problems.append(f"page {number}: link's /StructParent {int(key)} leads to "
                                f"{got}, its OBJR is in {found.annotations.get(annotation.objgen)}")
    return problems


def heading_problems(elements: list[Element]) -> list[str]:
    """The first heading is H1 and no heading goes more than one level deeper."""
    levels = [HEADINGS[e.tag] for e in elements if e.tag in HEADINGS]
    if not levels:
        return ["no headings"]
    problems = [] if levels[0] == 1 else [f"first heading is H{levels[0]}"]
    for number, (before, after) in enumerate(itertools.pairwise(levels), start=2):
        if after > before + 1:
            problems.append(f"heading {number}: H{before} followed by H{after}")
    return problems


def table_problems(elements: list[Element]) -> list[str]:
    """Every Table has TH cells; every TD names its headers, and those exist."""
    problems = []
    ids = {str(e.obj.ID) for e in elements if e.tag == "/TH" and "/ID" in e.obj}
    for number, table in enumerate((e for e in elements if e.tag == "/Table"), start=1):
        cells = _cells(table)
        if not any(cell.tag == "/TH" for cell in cells):
            problems.append(f"table {number}: no TH cell")
        for cell in cells:
            if cell.tag != "/TD":
                continue
            headers = [str(h) for h in cell.obj.get("/A", Dictionary()).get("/Headers", [])]
            if not headers or not set(headers) <= ids:
                problems.append(f"table {number}: a TD without headers ({headers})")
    return problems


SCOPES = ("/Row", "/Column", "/Both")


def scope_problems(elements: list[Element]) -> list[str]:
    """Every TH has a /Scope (/Row, /Column or /Both) among its /Table attributes."""
    problems = []
    for number, cell in enumerate((e for e in elements if e.tag == "/TH"), start=1):
        scopes = [str(a.Scope) for a in _attributes(cell.obj)
                  if a.get("/O") == Name.Table and "/Scope" in a]
        if len(scopes) != 1 or scopes[0] not in SCOPES:
            problems.append(f"TH {number}: scope {scopes}")
    return problems


def _attributes(obj: Dictionary) -> list[Dictionary]:
    """An element's attribute dictionaries (/A is one, or an array of them)."""
    found = obj.get("/A")
    items = [found] if isinstance(found, Dictionary) else list(found or [])
    return [item for item in items if isinstance(item, Dictionary)]


def scopes_by_row(elements: list[Element]) -> list[list[str]]:
    """Each TR's cells as "TH /Row", "TH /Column" or "TD", in order."""
    rows = []
    for row in (e for e in elements if e.tag == "/TR"):
        rows.append([" ".join([cell.tag[1:], *[str(a.Scope) for a in _attributes(cell.obj)
                                                if "/Scope" in a]])
                     for cell in row.children if cell.tag in ("/TH", "/TD")])
    return rows


def links(pdf: pikepdf.Pdf) -> list[tuple[str, str | None]]:
    """Every link annotation's target (named destination or URI) and /Contents
    (None: it has none)."""
    found = []
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots") or []:
            if annotation.get("/Subtype") != Name.Link:
                continue
            action = annotation.get("/A", Dictionary())
            target = annotation.get("/Dest", action.get("/URI", action.get("/D", "")))
            found.append((str(target), str(annotation.Contents)
                          if "/Contents" in annotation else None))
    return found


def link_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every link annotation has a description (/Contents, not empty)."""
    return [f"link to {target}: description {contents!r}" for target, contents in links(pdf)
            if not (contents or "").strip()]


def _cells(table: Element) -> list[Element]:
    """The table's own cells (not those of a table inside a cell)."""
    cells = []
    for child in table.children:
        if child.tag in ("/TH", "/TD"):
            cells.append(child)
        elif child.tag != "/Table":
            cells.extend(_cells(child))
    return cells


def id_tree_problems(pdf: pikepdf.Pdf, elements: list[Element]) -> list[str]:
    """Elements with an /ID are found under it in the structure tree root's /IDTree."""
    identified = {str(e.obj.ID): e.obj.objgen for e in elements if "/ID" in e.obj}
    if not identified:
        return []
    tree = pdf.Root.StructTreeRoot.get("/IDTree")
    if tree is None:
        return [f"{len(identified)} element IDs and no /IDTree"]
    names = pikepdf.NameTree(tree)
    return [f"ID {key} not in /IDTree" for key, objgen in sorted(identified.items())
            if key not in names or names[key].objgen != objgen]


def figures(elements: list[Element]) -> list[str | None]:
    """Each Figure's alternative text (None: it has none)."""
    return [str(e.obj.Alt) if "/Alt" in e.obj else None
            for e in elements if e.tag == "/Figure"]


def open_pdf(path: Path | bytes) -> pikepdf.Pdf:
    if isinstance(path, bytes):
        import io
        return pikepdf.open(io.BytesIO(path))
    return pikepdf.open(path)
