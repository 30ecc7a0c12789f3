"""Forms and routines that must be on paper, and which of them a unit lacks.

The region (or a group) marks a form ``must_be_printed: true``; each unit then
says where its printed copy is with ``paper_location``. A unit that does not
is shown with a gap, as an overdue review is: the build still succeeds,
because an unfinished plan is better on the intranet than missing from it.
"""

from __future__ import annotations

from typing import Any

from ..data.model import Obj

# Every blank form, in print order: those used during the outage first.
ORDER = ("incidents", "fault_report", "record", "record_continuation", "lab", "prescriptions",
         "cashier", "callback", "post_registration", "sign", "read_copy", "read_and_understood")
# The routine a form serves; a form not named here belongs to every unit.
ROUTINE_OF = {"record": "documentation", "record_continuation": "documentation",
              "post_registration": "documentation",
              "lab": "lab", "prescriptions": "prescriptions", "cashier": "cashier",
              "callback": "calendar"}


def missing_printed(data: Obj) -> list[dict[str, Any]]:
    """The unit's forms that must be on paper but have no ``paper_location``."""
    return [form for form in data.get("forms", [])
            if form.get("must_be_printed") and "paper_location" not in form]


def printed_forms(data: dict[str, Any]) -> list[str]:
    """The keys of the blank forms this unit's binder prints, in print order."""
    routines = data.get("routines", {})
    keys = []
    for key in ORDER:
        routine = ROUTINE_OF.get(key)
        if routine is None or (routine in routines
                               and routines[routine].get("in_use", True)):
            keys.append(key)
    if "read_copy" not in data:
        keys.remove("read_copy")
    return keys
