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
# margins) after the heading, the identity block, the signature block and the note:
# this much with the three rows of the identity block, less a row's height (ROW_MM)
# for each row more (the allergy check, the fields a unit's type adds).
RECORD_FREE_MM = 170.0
IDENTITY_ROWS = 3
ROW_MM = 8.0
# The record sheet's identity block, two fields a row, by their keys in labels.yml
# ("blank"); "sheet" is the sheet's number ("Blad __ av __").
IDENTITY = ("patient_name", "personal_number", "datetime", "sheet", "visit", "doctor")


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
    "incidents": ((("date", 18), ("time", 20), ("event", None), ("decided_by", 30),
                   ("informed", 28), ("signature", 22)), 16),
    "lab": ((("sampled", 30), ("patient", 58), ("analyses", None), ("urgent", 13),
             ("ordering_doctor", 32), ("sent_to", 30), ("result_received", 26),
             ("result_signed", 28), ("lab_entered", 30)), 12),
    "prescriptions": ((("date", 20), ("patient", 62), ("drug", None), ("amount", 24),
                       ("prescriber", 34), ("pad_number", 28), ("entered", 34)), 12),
    "cashier": ((("date", 20), ("patient", 62), ("visit", 32), ("fee", 20),
                 ("payment", 30), ("receipt", 22), ("invoice", 22), ("signature", None)), 12),
    "callback": ((("date", 20), ("patient", 62), ("phone", 32), ("booked", 26), ("matter", None),
                  ("callback_action", 30), ("new_time", 26), ("done", 36)), 12),
    "post_registration": ((("patient", 62), ("written", None), ("paper_date", 28),
                           ("entered", 40), ("signature", 30)), 12),
    # The paper record's continuation sheet: more lines for the same patient.
    "record_continuation": ((("date", 20), ("time", 20), ("note", None),
                             ("signature", 24)), 18),
}


def log(key: str, data: dict[str, Any]) -> Log:
    """A log's columns; the lab log names the receiving lab only when there are several."""
    names = labels()["blank"]["columns"]
    spec, rows = LOGS[key]
    columns = [Column(names[name], width) for name, width in spec
               if not (name == "sent_to" and len(data.get("labs", [])) < 2)]
    return Log(columns, rows)


def keyword_box_mm(keywords: list[str], identity_rows: int = IDENTITY_ROWS) -> float:
    """Height of each writing box on the record sheet: the free space shared out,
    never less than three handwritten lines."""
    free = RECORD_FREE_MM - ROW_MM * (identity_rows - IDENTITY_ROWS)
    return max(MIN_LINES * LINE_MM, free // max(len(keywords), 1))


def record_identity(keywords: list[str], extra: list[str]) -> list[tuple[str, bool]]:
    """The record sheet's identity fields, each (label, whether it is the sheet number):
    the usual ones, then those the unit's type adds (``record_fields``). No label twice:
    a field a keyword box already asks for ("Besökstyp (ålder, …)") is left to the box,
    and a unit's field that repeats one is left out."""
    names = labels()["blank"]
    boxes = [k.casefold() for k in keywords]
    fields: list[tuple[str, bool]] = []
    for label, sheet in [(str(names[k]), k == "sheet") for k in IDENTITY] + \
            [(str(e), False) for e in extra]:
        covered = any(box.startswith(label.casefold()) for box in boxes)
        if label.casefold() in {f.casefold() for f, _ in fields} or (covered and not sheet):
            continue
        fields.append((label, sheet))
    return fields


def blank_forms(data: dict[str, Any]) -> dict[str, Any]:
    """What the blank forms are filled in with: the unit's own names and places."""
    routines = data.get("routines", {})
    documentation = routines.get("documentation", {})
    keywords = documentation.get("keywords") or labels()["blank"]["default_keywords"]
    identity = record_identity(keywords, documentation.get("record_fields", []))
    # The identity block's rows, and the allergy check's below them.
    rows = (len(identity) + 1) // 2 + 1
    printed = printed_forms(data)
    return {"printed": printed, "wide": [k for k in printed if k in WIDE],
            "logs": {key: log(key, data) for key in LOGS if key in printed},
            "keywords": keywords, "keyword_mm": keyword_box_mm(keywords, rows),
            "identity": identity,
            "computers": data.get("read_copy", {}).get("computers", []),
            "labs": data.get("labs", []), "routines": routines,
            "read_copy": data.get("read_copy", {}),
            "fault_report": data.get("fault_report", {})}
