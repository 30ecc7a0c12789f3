"""The binder's change history: the controlled document's versions, each with the
content changes it took in, in plain Swedish (issue #26).

The site shows every commit with its author; paper shows what a head of unit
signs: one row per approved version, newest first, dated by its approval, with
the changes of content made since the version before it. Changes made after the
newest approval stand above it, marked as not yet approved. Commit dates,
authors and changes of document control alone (owner, copies, maintainers) are
left off the paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..history.log import Entry
from ..labels import labels


@dataclass(frozen=True)
class Row:
    """One row of the binder's change history: a version, or the changes not yet
    approved (``approval`` False), and the content changes it holds."""

    date: str
    title: str
    changes: tuple[str, ...]
    approval: bool


@dataclass
class _Group:
    version: str | None
    date: str
    approval: bool
    changes: list[str] = field(default_factory=list)

    def add(self, lines: tuple[str, ...]) -> None:
        self.changes.extend(line for line in lines if line not in self.changes)


def paper_rows(entries: list[Entry], change_lines: int, approved: str) -> list[Row]:
    """The rows of the binder's history from a unit's entries (newest first).

    ``approved`` is the plan's approval date (YYYY-MM-DD) as it stands. An entry that
    set a new version or approval date on or before it is an approval; the content
    changes of the entries below it, down to the next approval, are what that version
    took in. A version approved twice (a new date for the same version) is one row,
    on its newest date, with the changes of both. An approval dated after the plan's
    own (made on a branch whose merge kept the older date) never reached the plan and
    counts as the content changes it made. Each version lists at most
    ``change_lines`` changes, the rest counted."""
    words = labels()["history"]
    pending = _Group(None, "", False)  # changed since the newest approval
    groups: list[_Group] = []
    current = pending
    for entry in entries:
        when = entry.approved or entry.date
        if entry.change.approval and when <= approved:
            same = next((g for g in groups if g.version == entry.version
                         and (entry.version is not None or g.date == when)), None)
            if same is None:
                same = _Group(entry.version, when, True)
                groups.append(same)
            current = same
            current.add(entry.content)
        elif entry.change.content:
            if current is pending and not pending.date:
                pending.date = entry.date  # the newest change not yet approved
            current.add(entry.content or (str(words["not_compared"]),))
    rows = []
    if pending.changes:
        newest = groups[0].version if groups and groups[0].version else ""
        title = str(words["unapproved_version" if newest else "unapproved"]).format(
            version=newest)
        rows.append(Row(pending.date, title, _limited(pending.changes, change_lines), False))
    for group in sorted(groups, key=lambda g: g.date, reverse=True):  # stable on a day
        title = str(words["approved_version"]).format(version=group.version) \
            if group.version else str(words["approved"])
        rows.append(Row(group.date, title, _limited(group.changes, change_lines), True))
    return rows


def _limited(lines: list[str], limit: int) -> tuple[str, ...]:
    """At most ``limit`` lines: the first ones, then how many more."""
    if len(lines) <= limit:
        return tuple(lines)
    shown = lines[:limit - 1]
    more = str(labels()["history"]["more_lines_paper"])
    return (*shown, more.format(count=len(lines) - len(shown)))
