"""The action card: the first minutes of an outage, on one page.

Everything on it comes from the unit's merged data: the steps from its
checklist for an EHR outage, the call order from ``call_order`` on its
contacts (own people first, then IT, then TIB, whom only the person in
``called_by`` rings), and the facts a nurse needs in the first half hour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..data.model import Obj
from ..labels import field_label, labels
from ..plan.escalation import escalation_steps
from ..plan.printed import missing_printed, printed_forms
from ..plan.status import Status, UnitStatus
from ..schema.fields import PAPER_PATHS

# The blank forms the card points to, by their anchor key in _blank_forms.html.j2:
# the ones a nurse needs in the first hour, whichever routines the unit uses.
CARD_FORMS = ("record", "incidents", "lab")
# Paper places the card shows in a row of their own (the printed booking lists), so
# its list of paper places leaves them out.
ON_CARD_PAPER = ("routines.calendar.storage",)


@dataclass(frozen=True)
class Fact:
    """A row of the card's facts: its text and number, or missing (the plan lacks it)."""

    text: str = ""
    phone: str = ""
    phone_needed: bool = False  # the row is there for its number (the acute referral)

    @property
    def missing(self) -> bool:
        """Whether the plan lacks what the row is for: its number, or else its text."""
        return not self.phone if self.phone_needed else not (self.text or self.phone)


@dataclass
class ActionCard:
    """What the action card shows: first steps, decision, calls, paper, lead and escalation."""

    steps: list[str] = field(default_factory=list)
    decision: str = ""
    calls: list[dict[str, Any]] = field(default_factory=list)
    paper: list[tuple[str, str]] = field(default_factory=list)
    missing_paper: list[str] = field(default_factory=list)  # titles that must be on paper
    overdue: str = ""  # on an overdue plan: use it anyway, and whom to tell
    unit_phones: dict[str, Any] = field(default_factory=dict)
    computers: list[dict[str, Any]] = field(default_factory=list)
    labs: list[tuple[str, str]] = field(default_factory=list)  # (lab, urgent number)
    lead: dict[str, Any] = field(default_factory=dict)
    escalation: list[dict[str, Any]] = field(default_factory=list)
    forms: list[tuple[str, str]] = field(default_factory=list)  # (anchor key, title)
    # Facts the first hour needs, each a row of the card's table: the row is left out
    # when the plan does not need it, and says the value is missing when it does.
    acute: Fact | None = None  # where acute patients go, with the number
    bookings: Fact | None = None  # where the printed booking lists are
    tib_notice: Fact | None = None  # how the unit learns that TIB opened the read copy


def action_card(data: Obj, status: UnitStatus | None = None) -> ActionCard:
    """The action card of a unit's merged data."""
    read_copy = data.get("read_copy", {})
    lead = data.get("outage_lead", {})
    return ActionCard(
        steps=_first_steps(data), decision=read_copy.get("decision", ""),
        calls=call_order(data), paper=_paper(data),
        missing_paper=[str(f["title"]) for f in missing_printed(data)],
        overdue=_overdue(data, status), unit_phones=dict(data.get("unit_phones", {})),
        computers=list(read_copy.get("computers", [])),
        labs=[(str(lab["name"]), str(lab.get("urgent_phone", lab["phone"])))
              for lab in data.get("labs", [])],
        lead=dict(lead), escalation=escalation_steps(data),
        forms=[(key, str(labels()["blank"][key])) for key in CARD_FORMS
               if key in printed_forms(data)],
        acute=_acute(data), bookings=_bookings(data), tib_notice=_tib_notice(data))


def _acute(data: Obj) -> Fact:
    """Where patients who cannot wait are sent, and the number to warn them on; every
    unit's plan needs it."""
    plan = data.get("prioritisation", {})
    return Fact(str(plan.get("acute_to", "")), str(plan.get("acute_phone", "")),
                phone_needed=True)


def _bookings(data: Obj) -> Fact | None:
    """Where the printed booking lists are kept, at a unit that prints them."""
    calendar = data.get("routines", {}).get("calendar")
    if calendar is None or not calendar.get("in_use", True):
        return None
    return Fact(str(calendar.get("storage", "")))


def _tib_notice(data: Obj) -> Fact | None:
    """How TIB's decision on the read copy reaches the unit, at a unit with one."""
    if "read_copy" not in data:
        return None
    return Fact(str(data["read_copy"].get("decision_notice", "")))


def call_order(data: Obj) -> list[dict[str, Any]]:
    """The contacts with a place in the call order, first to ring first."""
    placed = [c for c in data.get("contacts", []) if "call_order" in c]
    return sorted(placed, key=lambda c: (int(c["call_order"]), str(c["id"])))


def _overdue(data: Obj, status: UnitStatus | None) -> str:
    if status is None or status.status is not Status.OVERDUE:
        return ""
    return str(labels()["unit"]["card_overdue"]).format(
        date=status.valid_until.isoformat(), owner=data["document"]["owner"])


def _first_steps(data: Obj) -> list[str]:
    """Note the start time, then the unit's checklist for an EHR outage (else its first)."""
    first = [str(labels()["unit"]["card_start_time"])]
    checklists = data.get("checklists", [])
    for checklist in checklists:
        if checklist["kind"] == "journal":
            return first + list(checklist["steps"])
    return first + (list(checklists[0]["steps"]) if checklists else [])


def _paper(data: Obj) -> list[tuple[str, str]]:
    """Where each paper thing is kept (every field the schema marks ``paper``: forms,
    referrals, templates, printouts, pads), in the schema's order."""
    places: list[tuple[str, str]] = []
    for path in PAPER_PATHS:
        if path in ON_CARD_PAPER:
            continue
        *parents, key = path.split(".")
        for name, record in _records(data, parents):
            if key in record:
                places.append((name(key), str(record[key])))
    return places


def _records(data: Obj, path: list[str]) -> list[tuple[Callable[[str], str], Any]]:
    """The records at ``path`` (a list's items, or one record), each with how its paper
    place is named: a form by its title, a lab's by the lab, a routine's by both labels."""
    top = data.get(path[0])
    if isinstance(top, list):
        return [(_item_name(item), item) for item in top]
    record = top or {}
    for step in path[1:]:
        record = record.get(step, {})
    routine = field_label(path[-1])
    return [(lambda key: f"{routine} – {field_label(key).lower()}", record)]


def _item_name(item: Any) -> Callable[[str], str]:
    if "title" in item:
        return lambda key: str(item["title"])
    return lambda key: f"{field_label(key)} ({item['name']})"
