"""The example units with a gap made for a test.

The example's current plans have every checklist the region requires (a plan shown as
current has no gap inside: issue #26). Tests of the missing-checklist gap copy the units
and take bvc-gardsten's power-cut checklist out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

GAP_UNIT = "bvc-gardsten"
GAP_KIND = "strom"


def without_power_checklist(units: Path) -> None:
    """Remove bvc-gardsten's checklist of kind ``strom`` from the units folder ``units``."""
    path = units / f"{GAP_UNIT}.yml"
    text = path.read_text(encoding="utf-8")
    # The item runs from its "- id:" line to the next item or top-level key.
    item = re.compile(r"^  - id: strom\n(?:(?:    .*|)\n)*?(?=^  - |^\S)", re.M)
    cut, count = item.subn("", text)
    assert count == 1 and f"kind: {GAP_KIND}" not in cut, "the example's checklist moved"
    path.write_text(cut, encoding="utf-8")


def units_with_checklist_gap(repo: Path, target: Path) -> Path:
    """A copy of ``repo``'s units folder with the gap; returns the copy's folder."""
    units = target / "units"
    shutil.copytree(repo / "units", units)
    without_power_checklist(units)
    return units


# The versions and approval days some example units had before issue #26 gave them a
# review in December 2026: the reminder tests follow the example through late 2026, when
# vc-angen was overdue and bvc-gardsten current without its power-cut checklist.
BEFORE_REVIEW = {
    "vc-angen": (("2.6", "2026-12-05"), ("2.3", "2025-11-17")),
    "bvc-gardsten": (("1.4", "2026-12-04"), ("1.0", "2025-06-09")),
    "psykiatrimottagning-uddevalla": (("1.8", "2026-12-05"), ("1.4", "2026-03-04")),
    "vc-trollhattan-centrum": (("3.6", "2026-12-05"), ("3.1", "2026-02-16")),
}


def units_before_review(repo: Path, target: Path) -> Path:
    """A copy of ``repo``'s units as the reminder tests know them (``BEFORE_REVIEW``,
    and bvc-gardsten's checklist gap); returns the copy's folder."""
    units = units_with_checklist_gap(repo, target)
    for unit_id, ((version, approved), (old_version, old_approved)) in BEFORE_REVIEW.items():
        path = units / f"{unit_id}.yml"
        text = path.read_text(encoding="utf-8")
        now = f'  version: "{version}"\n'
        then = f'  version: "{old_version}"\n'
        assert now in text and f"  approved: {approved}\n" in text, unit_id
        text = text.replace(now, then).replace(f"  approved: {approved}\n",
                                                f"  approved: {old_approved}\n")
        path.write_text(text, encoding="utf-8")
    return units
