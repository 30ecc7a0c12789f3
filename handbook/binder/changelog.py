"""The binder's change history: the controlled document's versions and approvals,
and the changes of its content since each, in plain Swedish (issue #26).

The site shows every commit with its author; paper shows what a head of unit
signs: "Version 1.11 fastställd" on its approval date, and the content changes
between approvals on the day they were made. Changes of document control alone
(owner, copies, maintainers) and who typed a change are left off the paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..history.log import Entry
from ..labels import labels


@dataclass(frozen=True)
class Row:
    """One row of the binder's change history."""

    date: str
    lines: tuple[str, ...]
    approval: bool


def paper_rows(entries: list[Entry], change_lines: int, approved: str) -> list[Row]:
    """The rows of the binder's history from a unit's entries, newest first.

    ``approved`` is the plan's approval date (YYYY-MM-DD) as it stands. A history with
    branches holds approvals that never reached the plan (a branch approved 2026-12-05
    whose merge kept 2026-01-20) and the same approval made on two branches: those are
    told as the content changes they made, so each version is named once, on the date
    the plan's own approval agrees with."""
    words = labels()["history"]
    rows = []
    shown: set[tuple[str | None, str | None]] = set()
    for entry in entries:
        content = _lines(entry, change_lines)
        when = entry.approved or entry.date
        key = (entry.version, when)
        if entry.change.approval and when <= approved and key not in shown:
            shown.add(key)
            title = str(words["approved_version"]).format(version=entry.version) \
                if entry.version else str(words["approved"])
            rows.append(Row(when, (title, *content), True))
        elif entry.change.content:
            rows.append(Row(entry.date, content or (str(words["not_compared"]),), False))
    return rows


def _lines(entry: Entry, limit: int) -> tuple[str, ...]:
    """The entry's content changes, at most ``limit`` lines."""
    if len(entry.content) <= limit:
        return entry.content
    shown = entry.content[:limit - 1]
    more = str(labels()["history"]["more_lines"])
    return (*shown, more.format(count=len(entry.content) - len(shown)))
