"""The number to ring at each step of the escalation.

A step says in words whom to ring ("Kontinuitetsansvarig ringer TIB …"), and the
one rung is often a contact of the unit or the region with a number of its own
(TIB is one in the region file). A step without a number of its own gets that
contact's number, so the card and the binder print it rather than "–".
"""

from __future__ import annotations

import re
from typing import Any

from ..data.model import Obj

_ABBREVIATION = re.compile(r"\(([^()]{2,12})\)")
# The words that say a call is made; the one rung is named after them.
_CALLS = re.compile(r"(?<!\w)(ringer|ring|ringa|kontaktar|kontakta|larmar|larma)(?!\w)",
                    re.IGNORECASE)


def _names(contact: dict[str, Any]) -> list[tuple[str, int]]:
    """What a step may call the contact, with regex flags: the abbreviation in its role
    or name ("TIB", as written), its role and its name (any case)."""
    found = [(m, 0) for field in ("role", "name")
             for m in _ABBREVIATION.findall(str(contact.get(field, "")))]
    return found + [(str(contact[k]), re.IGNORECASE) for k in ("role", "name") if k in contact]


def called_contact(action: str, contacts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The contact with a number that ``action`` names after its first word of calling
    ("Kontinuitetsansvarig ringer TIB": TIB, not the one who rings), the last one
    named if several are, or None."""
    verb = _CALLS.search(action)
    if verb is None:
        return None
    best: tuple[int, dict[str, Any]] | None = None
    for contact in contacts:
        if "phone" not in contact:
            continue
        for name, flags in _names(contact):
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", action[verb.end():],
                                     flags):
                if best is None or match.start() > best[0]:
                    best = (match.start(), contact)
    return None if best is None else best[1]


def escalation_steps(data: Obj) -> list[dict[str, Any]]:
    """The unit's escalation steps in time order, each without a number of its own given
    the number of the contact it names.

    The layers list their steps region first, then group, then unit ("30 minutes",
    "half a day", "an hour"): a step's ``minutes`` puts it in its place; steps without
    keep their order, after those with."""
    contacts = list(data.get("contacts", []))
    steps = []
    listed = list(data.get("outage_lead", {}).get("escalation", []))
    timed = sorted((s for s in listed if "minutes" in s), key=lambda s: int(s["minutes"]))
    for step in timed + [s for s in listed if "minutes" not in s]:
        contact = None if "phone" in step else called_contact(str(step["action"]), contacts)
        steps.append(dict(step) if contact is None else {**step, "phone": contact["phone"]})
    return steps


def with_escalation_numbers(data: Obj) -> dict[str, Any]:
    """``data["outage_lead"]`` with ``escalation_steps`` in place of its steps."""
    lead = dict(data.get("outage_lead", {}))
    if "escalation" in lead:
        lead["escalation"] = escalation_steps(data)
    return lead
