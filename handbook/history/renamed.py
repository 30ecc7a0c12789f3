"""A renamed unit file must list its former ids (``former_ids:``), checked against
the units at the base: ``origin/main`` (else the local ``main``) and the newest
published release.

A unit id that is at a base but no longer a file is a rename when a unit that is
at no base carries on its plan: the same HSA-id or the same name (a file only
renamed has both; a unit renamed with a new name keeps its HSA-id). Its page,
data and PDF were published at ``/enheter/<old>/`` and printed in QR codes, so
``validate`` refuses the rename until the new file lists the old id; the site
then redirects the old addresses (handbook/render/redirects.py). A unit deleted
without a successor is not a rename. Without git or a base there is nothing to
compare with, and ``validate`` says so when it runs in a git work tree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..data.former import FIELD, former_ids
from ..data.project import Handbook, Unit
from ..errors import HandbookError, Problem
from ..labels import message
from .git import (
    file_at,
    files_at,
    in_work_tree,
    published_ref,
    published_versions,
    ref_exists,
    release_tag,
)

MAIN = "main"
UNIT_SUFFIX = ".yml"


def base_refs(units_dir: Path) -> list[tuple[str, str]]:
    """Each base as (git ref, how a message names it)."""
    bases: list[tuple[str, str]] = []
    for ref, kind in ((f"origin/{MAIN}", "remotes"), (MAIN, "heads")):
        if ref_exists(units_dir, f"refs/{kind}/{ref}"):
            bases.append((ref, ref))
            break
    branch = published_ref(units_dir)
    if branch is not None:
        try:
            versions = published_versions(units_dir, branch) or []
        except HandbookError:
            versions = []
        tag = release_tag(units_dir, versions[0]) if versions else None
        if tag is not None:
            bases.append((tag, message("editor.renamed.release_base", release=versions[0],
                                       tag=tag)))
    return bases


def renamed_problems(units_dir: Path, handbook: Handbook) -> tuple[list[Problem], str | None]:
    """The renamed units that do not list their former id, and a note for the editor
    when there is no base to compare with (None when there is one, or no git)."""
    if not in_work_tree(units_dir):
        return [], None
    bases = base_refs(units_dir)
    if not bases:
        return [], message("editor.renamed.no_base",
                           tried=f"origin/{MAIN}, {MAIN}, gh-pages")
    at_base: dict[str, tuple[str, str]] = {}  # id → (ref, shown)
    for ref, shown in bases:
        for name in files_at(units_dir, ref) or []:
            if name.endswith(UNIT_SUFFIX) and not name.startswith("_"):
                at_base.setdefault(name.removesuffix(UNIT_SUFFIX), (ref, shown))
    current = {unit.id for unit in handbook.units}
    listed = {old for unit in handbook.units for old in former_ids(unit)}
    new = [unit for unit in handbook.units if unit.id not in at_base]
    problems: list[Problem] = []
    for old, (ref, shown) in at_base.items():
        if old in current or old in listed or not new:
            continue
        successor = _successor(file_at(units_dir, ref, old + UNIT_SUFFIX) or b"", new)
        if successor is not None:
            where = successor.data.keys_at.get("name") or successor.data.origin
            line, col = (where.line, where.col) if where.path == successor.path else (1, 1)
            problems.append(Problem(successor.path, line, col, FIELD,
                                    message("editor.renamed.missing", old=old, base=shown)))
    return problems, None


def _successor(before: bytes, candidates: list[Unit]) -> Unit | None:
    """The new unit that carries on the plan of the file ``before``: the same HSA-id,
    else the same name."""
    try:
        data: Any = yaml.safe_load(before.decode("utf-8", errors="replace"))
    except yaml.YAMLError:
        return None
    old = data if isinstance(data, dict) else {}
    for key in ("hsa_id", "name"):
        for unit in candidates:
            if old.get(key) and str(old[key]).strip() == str(unit.data.get(key, "")).strip():
                return unit
    return None
