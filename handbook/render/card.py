"""The action card: the first minutes of an outage, on one page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..labels import field_label
from ..model import Obj
from ..printed import missing_printed


@dataclass
class ActionCard:
    steps: list[str] = field(default_factory=list)
    decision: str = ""
    calls: list[dict[str, Any]] = field(default_factory=list)
    paper: list[tuple[str, str]] = field(default_factory=list)
    missing_paper: list[str] = field(default_factory=list)  # titles that must be on paper


def action_card(data: Obj) -> ActionCard:
    read_copy = data.get("read_copy", {})
    return ActionCard(steps=_first_steps(data), decision=read_copy.get("decision", ""),
                      calls=list(data.get("contacts", [])), paper=_paper(data),
                      missing_paper=[str(f["title"]) for f in missing_printed(data)])


def _first_steps(data: Obj) -> list[str]:
    """The steps of the unit's checklist for an EHR outage (else its first one)."""
    checklists = data.get("checklists", [])
    for checklist in checklists:
        if checklist["kind"] == "journal":
            return list(checklist["steps"])
    return list(checklists[0]["steps"]) if checklists else []


def _paper(data: Obj) -> list[tuple[str, str]]:
    """Where each paper thing is kept: forms, pads, templates, printouts, referrals."""
    places = [(str(f["title"]), str(f["paper_location"]))
              for f in data.get("forms", []) if "paper_location" in f]
    routines = data.get("routines", {})
    for routine, key in (("prescriptions", "pad_location"),
                         ("documentation", "template_location"),
                         ("calendar", "storage"), ("cashier", "storage")):
        if key in routines.get(routine, {}):
            places.append((f"{field_label(routine)} – {field_label(key).lower()}",
                           str(routines[routine][key])))
    places += [(f"{field_label('referral_forms')} ({lab['name']})", str(lab["referral_forms"]))
               for lab in data.get("labs", []) if "referral_forms" in lab]
    return places
