"""The blank forms of a unit's binder: which ones it gets, their columns and boxes.

A form is printed only when the unit uses the routine it serves (a child health
centre with free visits gets no cash sheet). Logs are tables with the columns
their routine asks for; the Swedish column names are in labels.yml
(``blank.columns``), the widths here, in millimetres, because they are sized
for handwriting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..labels import labels
from ..plan.printed import printed_forms

# Printed on a landscape page: a log with many columns, and the sign.
WIDE = ("lab", "prescriptions", "cashier", "callback", "post_registration", "sign")
# One handwritten line needs about 8 mm; a writing box holds at least three.
LINE_MM = 8.0
MIN_LINES = 3
# The record sheet's writing boxes share what is left of an A4 page (257 mm between the
# margins) after the heading, the identity block, the signature block and the note.
RECORD_FREE_MM = 168.0


@dataclass(frozen=True)
class Column:
    """One column of a blank log: its heading and width."""

    label: str
    width: float | None  # mm; None: the column takes what the others leave


@dataclass(frozen=True)
class Log:
    """A blank log's columns and the number of rows that fill its page."""

    columns: list[Column]
    rows: int  # rows (8 mm to write on) that fill the page below the form's head


# (column key, width in mm or None), the rows that fill the page.
LOGS: dict[str, tuple[tuple[tuple[str, float | None], ...], int]] = {
    "incidents": ((("time", 22), ("event", None), ("decided_by", 34), ("informed", 34),
                   ("signature", 24)), 16),
    "lab": ((("sampled", 30), ("patient", 58), ("analyses", None), ("urgent", 13),
             ("ordering_doctor", 32), ("sent_to", 30), ("result_received", 26),
             ("result_signed", 28), ("lab_entered", 30)), 12),
    "prescriptions": ((("date", 20), ("patient", 62), ("drug", None), ("amount", 24),
                       ("prescriber", 34), ("pad_number", 28), ("entered", 34)), 12),
    "cashier": ((("date", 20), ("patient", 62), ("visit", 32), ("fee", 20),
                 ("payment", 30), ("receipt", 22), ("invoice", 22), ("signature", None)), 12),
    "callback": ((("patient", 62), ("phone", 32), ("booked", 26), ("matter", None),
                  ("callback_action", 30), ("new_time", 26), ("done", 36)), 12),
    "post_registration": ((("patient", 62), ("written", None), ("paper_date", 28),
                           ("entered", 40), ("signature", 30)), 12),
}


def log(key: str, data: dict[str, Any]) -> Log:
    """A log's columns; the lab log names the receiving lab only when there are several."""
    names = labels()["blank"]["columns"]
    spec, rows = LOGS[key]
    columns = [Column(names[name], width) for name, width in spec
               if not (name == "sent_to" and len(data.get("labs", [])) < 2)]
    return Log(columns, rows)


def keyword_box_mm(keywords: list[str]) -> float:
    """Height of each writing box on the record sheet: the free space shared out,
    never less than three handwritten lines."""
    return max(MIN_LINES * LINE_MM, RECORD_FREE_MM // max(len(keywords), 1))


def blank_forms(data: dict[str, Any]) -> dict[str, Any]:
    """What the blank forms are filled in with: the unit's own names and places."""
    routines = data.get("routines", {})
    keywords = routines.get("documentation", {}).get("keywords") or \
        labels()["blank"]["default_keywords"]
    printed = printed_forms(data)
    return {"printed": printed, "wide": [k for k in printed if k in WIDE],
            "logs": {key: log(key, data) for key in LOGS if key in printed},
            "keywords": keywords, "keyword_mm": keyword_box_mm(keywords),
            "computers": data.get("read_copy", {}).get("computers", []),
            "labs": data.get("labs", []), "routines": routines,
            "read_copy": data.get("read_copy", {}),
            "fault_report": data.get("fault_report", {})}
