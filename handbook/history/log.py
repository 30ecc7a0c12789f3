"""Change history of each unit from git, in the managers' language.

For every commit under ``units/``, the unit files before and after it are
loaded with the handbook's own loader and each unit's merged data is compared
field by field (``changes.describe``). A commit that changed no value of a unit
(formatting, comments, another unit, a group it does not extend) is not part of
that unit's history. Results are cached per commit sha, which never changes.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..data.project import Unit
from ..labels import labels
from ..plan.approval import (
    APPROVED_KEY,
    CREATED,
    UNCOMPARED,
    UNKNOWN,
    VERSION_KEY,
    Change,
    ChangedAfterApproval,
    changed_after_approval,
    classify,
    content_keys,
)
from ..routes import HISTORY_CACHE_DIR, UNITS_DIR
from .cache import CommitCache, UnitChange
from .changes import changed_keys, describe
from .git import GitError, output, toplevel
from .states import GitReader, State

RECORD, FIELD = "\x1e", "\x1f"
CHANGE_LINES = 8  # per commit; more become "… och N ändringar till"


@dataclass(frozen=True)
class Commit:
    """One commit as the change history reads it: sha, parents, date and author."""

    sha: str
    parents: tuple[str, ...]
    date: str  # YYYY-MM-DD, the author date
    author: str
    files: tuple[str, ...]  # changed files under the folder; empty for a merge


@dataclass(frozen=True)
class Entry:
    """One commit as a unit's history shows it."""

    sha: str
    date: str
    author: str
    changes: tuple[str, ...]  # Swedish sentences, page order
    # Whether it changed the plan's content, and whether it approved it (plan/approval.py).
    change: Change = CREATED
    content: tuple[str, ...] = ()  # the content changes alone, as the binder prints them
    version: str | None = None  # document.version after the commit, when known
    approved: str | None = None  # document.approved after the commit, when known

    def lines(self, limit: int) -> list[str]:
        """At most ``limit`` lines: the first ones, then how many more."""
        if len(self.changes) <= limit:
            return list(self.changes)
        shown = list(self.changes[:limit - 1])
        more = str(labels()["history"]["more_lines"])
        return shown + [more.format(count=len(self.changes) - len(shown))]


@dataclass(frozen=True)
class History:
    """Each unit's entries, newest first."""

    entries: dict[str, tuple[Entry, ...]]

    def for_unit(self, unit: Unit) -> list[Entry]:
        """The unit's change history entries, newest first."""
        return list(self.entries.get(unit.id, ()))

    def changed_after_approval(self, unit: Unit) -> ChangedAfterApproval | None:
        """Whether the unit's content changed after its approval (document.approved)."""
        return changed_after_approval(unit.data["document"]["approved"],
                                      ((e.date, e.change) for e in self.entries.get(unit.id, ())))


def read_history(project: Path, folder: str = UNITS_DIR,
                 cache_dir: Path | None = None) -> History | None:
    """The history of ``folder``, or ``None`` when the project is not a git checkout."""
    commits = _log(project, folder)
    if commits is None:
        return None
    cache = CommitCache(cache_dir)
    entries: dict[str, list[Entry]] = {}
    try:
        with GitReader(project, folder) as reader:
            for commit in commits:
                changes = cache.get(commit.sha)
                if changes is None:
                    changes = commit_changes(reader, commit)
                    cache.put(commit.sha, changes)
                for unit_id, change in sorted(changes.items()):
                    entries.setdefault(unit_id, []).append(
                        Entry(commit.sha, commit.date, commit.author, tuple(change.sentences),
                              change.change, tuple(change.content), change.version,
                              change.approved))
    except (GitError, OSError, subprocess.TimeoutExpired):
        return None
    return History({unit_id: tuple(e) for unit_id, e in sorted(entries.items())})


def history_of(units: Path) -> History | None:
    """The history of the units folder ``units`` wherever it is in its repository (a
    command's ``--units``), cached as a build caches it; ``None`` outside git."""
    root = toplevel(units.resolve()) if units.is_dir() else None
    if root is None:
        return None
    folder = units.resolve().relative_to(root.resolve()).as_posix()
    return read_history(root, folder, root / HISTORY_CACHE_DIR)


def commit_changes(reader: GitReader, commit: Commit) -> dict[str, UnitChange]:
    """Unit id → what the commit changed in that unit's plan (only units it changed)."""
    subset = _subset(reader, commit)
    after = reader.state(commit.sha, subset)
    if commit.sha in reader.shallow:  # a shallow clone: the parents are not here
        return {unit_id: UnitChange([labels()["history"]["not_compared"]], UNKNOWN)
                for unit_id in after.unit_files}
    befores = [reader.state(parent, subset) for parent in commit.parents]
    result: dict[str, UnitChange] = {}
    for unit_id in after.unit_files:
        change = _unit_changes(unit_id, after, befores, commit)
        if change is not None:
            result[unit_id] = change
    return result


def _subset(reader: GitReader, commit: Commit) -> set[str] | None:
    """The files to load: all for a merge or a layer change, else the changed
    units (the loader adds the layers, without which a unit cannot be merged)."""
    if len(commit.parents) != 1 or any(reader.is_layer(f) for f in commit.files):
        return None
    return {f for f in commit.files if reader.is_unit_file(f)}


def _unit_changes(unit_id: str, after: State, befores: list[State],
                  commit: Commit) -> UnitChange | None:
    words = labels()["history"]
    present = [b for b in befores if unit_id in b.unit_files]
    if not present:
        control = after.fields(unit_id) if after.comparable(unit_id) else {}
        return UnitChange([words["created"]], CREATED, [], *_control(control))
    if all(b.signature(unit_id) == after.signature(unit_id) for b in present):
        return None  # none of the files the unit is made from changed
    if not all(s.comparable(unit_id) for s in [after, *present]):
        # A version that did not load: say the plan changed if the commit
        # touched any file the unit is made from, rather than drop it.
        relevant = after.relevant_files(unit_id).union(
            *(b.relevant_files(unit_id) for b in present))
        touched = not commit.files or bool(relevant & set(commit.files))
        return UnitChange([words["not_compared"]], UNCOMPARED) if touched else None
    new = after.fields(unit_id)
    olds = [b.fields(unit_id) for b in present]
    # A merge counts only what differs from every parent (git's combined diff).
    only = set.intersection(*(changed_keys(old, new) for old in olds)) \
        if len(olds) > 1 else None
    sentences = describe(olds[0], new, only)
    if not sentences and any(b.problems(unit_id) != after.problems(unit_id)
                             for b in present):
        # Same values, but a part today's schema rejects was changed.
        return UnitChange([words["not_compared"]], UNCOMPARED)
    if not sentences:
        return None
    keys = changed_keys(olds[0], new)
    keys = keys & only if only is not None else keys
    paper = describe(olds[0], new, content_keys(keys), values=True)
    return UnitChange(sentences, classify(keys), paper, *_control(new))


def _control(fields: Mapping[str, Mapping[str, str]]) -> tuple[str | None, str | None]:
    """The plan's version and approval date in its flattened fields."""
    return tuple((fields.get(key) or {}).get("value") or None  # type: ignore[return-value]
                 for key in (VERSION_KEY, APPROVED_KEY))


def _log(project: Path, folder: str) -> list[Commit] | None:
    try:
        found = output(project, "log", f"--format={RECORD}%H{FIELD}%P{FIELD}%ad{FIELD}%an",
                       "--date=short", "--name-only", "--no-renames", "--", folder,
                       timeout=120)
    except GitError:
        return None
    return None if found is None else _parse(found.decode("utf-8", errors="replace"))


def _parse(output: str) -> list[Commit]:
    commits = []
    for record in output.split(RECORD)[1:]:
        head, _, names = record.partition("\n")
        sha, parents, date, author = head.split(FIELD, 3)
        files = tuple(sorted(line.strip() for line in names.splitlines() if line.strip()))
        commits.append(Commit(sha, tuple(parents.split()), date, author, files))
    return commits
