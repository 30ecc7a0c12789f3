"""``python -m handbook status``: the status page's table in a terminal, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..labels import labels
from .status import Status, UnitStatus


def counts_line(rows: Sequence[UnitStatus]) -> str:
    """One line counting the units in each status and the gaps."""
    names = labels()["status"]["names"]
    parts = [f"{sum(r.status is s for r in rows)} {names[s.value].lower()}" for s in Status]
    gaps = sum(1 for r in rows if r.missing_paper)
    parts.append(f"{gaps} {labels()['status']['missing_paper_count']}")
    checklist_gaps = sum(1 for r in rows if r.missing_checklists)
    parts.append(f"{checklist_gaps} {labels()['status']['missing_checklists_count']}")
    changed = sum(1 for r in rows if r.changed_after_approval)
    parts.append(f"{changed} {labels()['status']['changed_after_approval_count']}")
    return ", ".join(parts)


def status_table(rows: Sequence[UnitStatus]) -> str:
    """The status of every unit as a text table."""
    text = labels()
    header = [text["units"]["unit"], text["fields"]["version"], text["fields"]["owner"],
              text["fields"]["approved"], text["status"]["changed_after_approval_label"],
              text["unit"]["valid_until"], text["status"]["label"],
              text["status"]["missing_paper"], text["status"]["missing_checklists"],
              text["status"]["last_read_copy_check"],
              text["status"]["last_exercise"]]
    none, kinds = text["status"]["none"], text["checklist_kinds"]
    body = [[r.unit.name, str(r.unit.data["document"]["version"]),
             str(r.unit.data["document"]["owner"]),
             r.unit.data["document"]["approved"].isoformat(),
             r.changed_after_approval.text if r.changed_after_approval else none,
             r.valid_until.isoformat(),
             text["status"]["names"][r.status.value],
             "; ".join(title for _id, title in r.missing_paper) or none,
             ", ".join(kinds[k] for k in r.missing_checklists) or none,
             r.last_read_copy_check.isoformat() if r.last_read_copy_check else none,
             r.last_exercise.isoformat() if r.last_exercise else none] for r in rows]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             .rstrip() for row in [header, *body]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return counts_line(rows) + "\n\n" + "\n".join(lines) + "\n"


def status_json(rows: Sequence[UnitStatus], day: str) -> str:
    """The status of every unit as JSON."""
    document = {"day": day, "counts": {s.value: sum(r.status is s for r in rows) for s in Status},
                "missing_paper": sum(1 for r in rows if r.missing_paper),
                "missing_checklists": sum(1 for r in rows if r.missing_checklists),
                "changed_after_approval": sum(1 for r in rows if r.changed_after_approval),
                "units": [r.as_json() for r in rows]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
