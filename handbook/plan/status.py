"""Document-control status of each unit, computed against a given day.

A plan is current until 30 days before it is due for review, due for review
from then up to and including its valid-until day, and overdue after that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..data.dates import valid_until
from ..data.project import Unit
from ..settings import today as today  # re-exported: the day statuses are computed for
from .approval import ChangedAfterApproval
from .coverage import missing_checklists
from .printed import missing_printed

DUE_WITHIN_DAYS = 30


class Status(Enum):
    """A plan's review status."""

    CURRENT = "aktuell"
    DUE = "dags-for-oversyn"
    OVERDUE = "forfallen"


@dataclass(frozen=True)
class UnitStatus:
    """A unit's review status on a day, with its gaps (paper, checklists)."""

    unit: Unit
    status: Status
    valid_until: dt.date
    days_left: int  # negative once overdue
    last_read_copy_check: dt.date | None
    last_exercise: dt.date | None
    missing_paper: tuple[tuple[str, str], ...] = ()  # (id, title) of forms not on paper
    missing_checklists: tuple[str, ...] = ()  # required disruption kinds with no checklist
    # Content changed after the approval (from the git history; None: not, or not known).
    changed_after_approval: ChangedAfterApproval | None = None

    def as_json(self) -> dict[str, Any]:
        """The status as the status command's JSON."""
        document = self.unit.data["document"]
        return {
            "id": self.unit.id, "name": self.unit.name, "version": document["version"],
            "owner": document["owner"], "approved": document["approved"].isoformat(),
            "valid_until": self.valid_until.isoformat(), "status": self.status.value,
            "days_left": self.days_left,
            "last_read_copy_check": _iso(self.last_read_copy_check),
            "last_exercise": _iso(self.last_exercise),
            "missing_paper": [{"id": form_id, "title": title}
                              for form_id, title in self.missing_paper],
            "missing_checklists": list(self.missing_checklists),
            "maintainers": list(self.unit.data.get("maintainers", [])),
            "changed_after_approval": self.changed_after_approval.as_json()
            if self.changed_after_approval else None,
        }


def status_on(until: dt.date, day: dt.date) -> Status:
    """The review status of a plan valid until ``until``, on ``day``."""
    if day > until:
        return Status.OVERDUE
    if (until - day).days <= DUE_WITHIN_DAYS:
        return Status.DUE
    return Status.CURRENT


def unit_status(unit: Unit, day: dt.date,
                changed: ChangedAfterApproval | None = None) -> UnitStatus:
    """The unit's review status on ``day``; ``changed``: whether its content changed
    after its approval, as the change history tells (``History.changed_after_approval``)."""
    until = valid_until(unit.data["document"])
    assert until is not None  # document fields are required by the schema
    exercises = [e["date"] for e in unit.data.get("exercises", [])]
    return UnitStatus(unit, status_on(until, day), until, (until - day).days,
                      unit.data.get("read_copy", {}).get("last_checked"),
                      max(exercises) if exercises else None,
                      tuple((str(f["id"]), str(f["title"])) for f in missing_printed(unit.data)),
                      tuple(missing_checklists(unit.data)), changed)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
