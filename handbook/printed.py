"""Forms and routines that must be on paper, and which of them a unit lacks.

The region (or a group) marks a form ``must_be_printed: true``; each unit then
says where its printed copy is with ``paper_location``. A unit that does not
is shown with a gap, as an overdue review is: the build still succeeds,
because an unfinished plan is better on the intranet than missing from it.
"""

from __future__ import annotations

from typing import Any

from .model import Obj


def missing_printed(data: Obj) -> list[dict[str, Any]]:
    """The unit's forms that must be on paper but have no ``paper_location``."""
    return [form for form in data.get("forms", [])
            if form.get("must_be_printed") and "paper_location" not in form]
