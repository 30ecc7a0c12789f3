"""Kinds of disruption a unit must have a checklist for, and which it lacks.

The region (or a group) lists them in ``required_checklists``; a unit with no
checklist of such a kind is shown with a gap, as a form missing on paper is:
the build still succeeds, because an unfinished plan is better on the
intranet than missing from it.
"""

from __future__ import annotations

from ..data.model import Obj
from ..schema.fields import CHECKLIST_KINDS


def missing_checklists(data: Obj) -> list[str]:
    """The required kinds the unit has no checklist for, in the schema's order."""
    required = set(data.get("required_checklists", []))
    present = {checklist["kind"] for checklist in data.get("checklists", [])}
    return [kind for kind in CHECKLIST_KINDS if kind in required and kind not in present]
