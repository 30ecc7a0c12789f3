"""Approval bound to content: whether a plan changed after it was approved.

A binder is a controlled document: its version and approval date stand for the
content the verksamhetschef approved. A plan whose content changed after that
says so ("Ändrad efter fastställande 2026-01-20 – ska fastställas igen").

The rule reads the change history (``handbook/history/log.py``), the same one
the site and the binder print. Each commit of a unit's history is classified by
the fields it changed (``classify``): a change of any field outside document
control (``CONTROL`` in the schema: ``document.*``, ``maintainers``) is a change
of content; a change of ``document.approved`` or of ``document.version`` is a
new approval (a new version counts even with the same date, so a plan can be
approved twice on one day). Going from the
newest commit back, a content change met before the newest approval means the
plan changed after its approval. The commit that created the unit counts as
both (the plan came with its approval); a commit the history could not compare
in detail counts as a content change; a history cut short (a shallow clone)
claims nothing. Without git history nothing is claimed at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..labels import labels
from ..schema.fields import CONTROL

APPROVED_KEY = "document.approved"  # a new approval date is a new approval,
VERSION_KEY = "document.version"  # and so is a new version (same day or not)
APPROVAL_KEYS = frozenset({APPROVED_KEY, VERSION_KEY})


@dataclass(frozen=True)
class Change:
    """What one commit did to a unit's plan, as its approval sees it."""

    content: bool  # changed a value outside document control
    approval: bool  # set a new approval date or version


CREATED = Change(content=True, approval=True)  # a new plan comes with its approval
UNCOMPARED = Change(content=True, approval=False)  # changed, but not known how
UNKNOWN = Change(content=False, approval=False)  # the history starts here (shallow)


def top_key(key: str) -> str:
    """The top-level field of a flattened key: 'contacts[chef].phone' → 'contacts'."""
    return key.split(".", 1)[0].split("[", 1)[0]


def content_keys(keys: Iterable[str]) -> list[str]:
    """The keys that are the plan's content (not document control), sorted."""
    return sorted(k for k in keys if top_key(k) not in CONTROL)


def classify(keys: Iterable[str]) -> Change:
    """What a commit that changed the flattened ``keys`` did to the plan."""
    changed = set(keys)
    return Change(content=bool(content_keys(changed)), approval=bool(APPROVAL_KEYS & changed))


@dataclass(frozen=True)
class ChangedAfterApproval:
    """A plan whose content changed after its approval."""

    approved: dt.date  # the approval the content no longer matches
    changed: str  # the day of the newest change of content, YYYY-MM-DD

    @property
    def text(self) -> str:
        """"Ändrad efter fastställande 2026-01-20 – ska fastställas igen"."""
        return str(labels()["status"]["changed_after_approval"]).format(
            approved=self.approved.isoformat())

    def as_json(self) -> dict[str, str]:
        """The state in the status command's JSON."""
        return {"approved": self.approved.isoformat(), "changed": self.changed}


def changed_after_approval(approved: dt.date,
                           history: Iterable[tuple[str, Change]]) -> ChangedAfterApproval | None:
    """Whether the plan approved on ``approved`` changed after that, from its
    history newest first: (the commit's day, what it did)."""
    newest: str | None = None
    for day, change in history:
        if change.approval:
            return ChangedAfterApproval(approved, newest) if newest else None
        if change.content and newest is None:
            newest = day
    return None  # no approval in the history there is (cut short): nothing is claimed
