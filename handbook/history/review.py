"""What a pull request changed in each unit's plan, against its base: ``validate --base``.

A change of a unit's content (any field outside document control, as the
change history compares them, ``plan/approval.py``) needs a new version and a
new approval date in the same pull request; otherwise the binder would carry an
approval that does not cover its content. A new version whose approval date is
today's (``settings.today()``) is a re-approval on the day of the last one, as
``plan/approval.py`` counts it, and needs no new date; on any other day an
unchanged date is taken for a date forgotten. Such a unit gets a warning on the
line of its ``document.version``. The units are compared at the merge base of
the base and HEAD with the working tree, so what the base branch gained since
does not count, and what is not committed yet does.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..data.project import Handbook, Unit
from ..errors import Problem, UsageError
from ..labels import message
from ..plan.approval import APPROVED_KEY, VERSION_KEY, content_keys
from ..settings import today
from .changes import changed_keys, describe, join_words, unit_fields
from .git import GitError, output, toplevel
from .states import GitReader, is_layer, is_unit_file

SHOWN_CHANGES = 3  # sentences named in the warning; more become "…"


def unapproved_changes(units_dir: Path, base: str, handbook: Handbook,
                       units: Iterable[Unit]) -> list[Problem]:
    """A warning for each of ``units`` (loaded from ``units_dir``, without a private
    layer) whose content differs from the merge base with ``base`` while its version
    or approval date does not."""
    root = toplevel(units_dir.resolve()) if units_dir.is_dir() else None
    if root is None:
        raise UsageError(message("editor.approval.no_git", folder=units_dir.as_posix()))
    folder = units_dir.resolve().relative_to(root.resolve()).as_posix()
    found = output(root, "merge-base", base, "HEAD", timeout=120)
    if not found:
        raise UsageError(message("editor.approval.no_base", base=base))
    merge_base = found.decode().split()[0]
    changed = output(root, "diff", "--name-only", "--no-renames", merge_base, "--", folder,
                     timeout=120)
    files = {line for line in (changed or b"").decode("utf-8").splitlines() if line}
    if not files:
        return []
    broken = {p.path for p in handbook.problems}
    # Only a layer's change can change a unit whose file did not change.
    subset = None if any(is_layer(folder, f) for f in files) else \
        {f for f in files if is_unit_file(folder, f)}
    try:
        with GitReader(root, folder) as reader:
            before = reader.state(merge_base, subset)
            return [warning for unit in units if unit.path not in broken
                    for warning in _unit_warning(unit, before.units.get(unit.id),
                                                 before.fields(unit.id)
                                                 if unit.id in before.units else {})]
    except (GitError, OSError) as error:
        raise UsageError(message("editor.approval.no_base", base=f"{base} ({error})")) \
            from None


def _unit_warning(unit: Unit, old_unit: Unit | None,
                  old: dict[str, dict[str, str]]) -> list[Problem]:
    if old_unit is None:
        return []  # a new plan comes with its version and approval
    new = unit_fields(unit.data)
    keys = changed_keys(old, new)
    content = content_keys(keys)
    missing = [key for key in (VERSION_KEY, APPROVED_KEY) if key not in keys]
    if missing == [APPROVED_KEY] and unit.data["document"]["approved"] == today():
        missing = []  # approved again today, on the day of the last approval
    if not content or not missing:
        return []
    words = {VERSION_KEY: message("editor.approval.version"),
             APPROVED_KEY: message("editor.approval.approved")}
    sentences = describe(old, new, content)
    what = "; ".join(sentences[:SHOWN_CHANGES]) + ("; …" if len(sentences) > SHOWN_CHANGES
                                                     else "")
    document = unit.data["document"]
    where = document.origins.get("version") or unit.data.keys_at.get("document")
    line, col = (where.line, where.col) if where and where.path == unit.path else (1, 1)
    said = message("editor.approval.unapproved", what=what,
                   missing=join_words([words[key] for key in missing]),
                   version=document["version"], approved=document["approved"].isoformat())
    return [Problem(unit.path, line, col, VERSION_KEY, said)]
