"""The unit binder's print chapters, and the sheet of what to fix before shelving it.

The site shows a unit's plan as the two parts of sections render/sections.py lays
out. On paper a short section would waste a sheet if it were a chapter of its own
(each chapter starts on a right-hand page, so that one chapter can be replaced
alone), so the binder groups the sections into a few print chapters, numbered
1..N, whose sections flow on shared sheets. A page's footer reads the chapter's
title and "3·2": chapter 3, page 2. The grouping is a print concern only: the
site is unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..data.model import Obj
from ..labels import labels
from ..plan.coverage import missing_checklists
from ..plan.printed import missing_printed
from ..plan.status import Status, UnitStatus
from ..render.sections import BEFORE, DURING, Part, Section

# The print chapters in order, each with the top-level fields whose sections it holds
# (a section's field is its anchor, without the part's prefix a split field's second
# share carries). Titles: labels.yml ``print.chapters``. The unit's facts and the
# change history are the binder's own (binder.html.j2), in "forberedelser".
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kontakter", ("contacts", "outage_lead", "unit_phones", "prioritisation")),
    # Checklists and routines (a page or so each) share sheets, the return to normal
    # routines last: as separate chapters each left a page empty.
    ("rutiner", ("checklists", "read_copy", "labs", "routines", "partners", "equipment",
                 "fault_report", "return_to_normal")),
    ("blanketter", ("forms",)),
    ("forberedelser", ()),
)
FORMS = "blanketter"
# The preparation part's sections all go to "forberedelser"; a field of the outage part
# no group names goes to "rutiner": nothing is lost when a field is added before
# someone places it here.
FALLBACK = {DURING: "rutiner", BEFORE: "forberedelser"}
# The read copy is started on every computer once a month; a check older than this
# is stale (a month and a half: a month, and time to catch up).
READ_COPY_CHECK_DAYS = 45
# The action card is the back of the cover, page ii of the front matter (print.css;
# tests/binder/test_binder.py checks it).
CARD_PAGE = "ii"


@dataclass(frozen=True)
class PrintChapter:
    """One print chapter: its number (1..N), anchor, title, part and sections."""

    number: int
    anchor: str  # its element's id, without the unit's prefix
    title: str
    part: str
    sections: tuple[Section, ...] = ()

    @property
    def listed(self) -> list[Section]:
        """What the contents lists under the chapter: its sections and, one by one, the
        checklists (staff look for them by the kind of disruption; the one the action
        card prints says so where it stands)."""
        return [s for s in self.sections
                if s.level == 2 or s.anchor.startswith("checklists-")]


def print_chapters(parts: list[Part], data: Obj) -> list[PrintChapter]:
    """The binder's print chapters, in print order, numbered from 1.

    Each section of the two parts goes, with its subsections, into the chapter of its
    field. Left out: the forms table (the binder prints its own list of where each
    paper form is kept, binder.html.j2), an exercises section when there are none,
    and the checklist the action card prints step by step (a line says so)."""
    names = labels()["print"]["chapters"]
    owner = {key: group for group, keys in GROUPS for key in keys}
    held: dict[str, list[Section]] = {group: [] for group, _keys in GROUPS}
    card = card_checklist(data)
    for part in parts:
        prefix = f"{part.id}-"
        group = ""
        for section in part.sections:
            if section.level == 2:
                key = section.anchor.removeprefix(prefix)
                # What is done before and after goes with the preparations, whatever
                # its field (a split field's second share: "Läskopian – förberedelser").
                group = FALLBACK[BEFORE] if part.id == BEFORE else owner.get(key, FALLBACK[DURING])
                if key == "forms" or (key == "exercises" and not data.get("exercises")):
                    group = ""  # left out, with its subsections
                    continue
            if not group:
                continue
            if card is not None and section.anchor == f"checklists-{card['id']}":
                section = Section(3, section.title, section.anchor, Markup(
                    '<p class="hb-on-card">{}</p>').format(labels()["print"]["on_card"].format(
                        page=CARD_PAGE)), section.part)
            held[group].append(section)
    found: list[PrintChapter] = []
    for group, _keys in GROUPS:
        if group not in (FORMS, "forberedelser") and not held[group]:
            continue
        found.append(PrintChapter(len(found) + 1, f"kap-{group}", str(names[group]),
                                  BEFORE if group == "forberedelser" else DURING,
                                  tuple(held[group])))
    return found


def card_checklist(data: Obj) -> dict[str, Any] | None:
    """The checklist the action card prints in full (render/card.py: the one for an EHR
    outage, else the first), or None."""
    checklists = data.get("checklists", [])
    for checklist in checklists:
        if checklist["kind"] == "journal":
            return dict(checklist)
    return dict(checklists[0]) if checklists else None


def fixes(data: Obj, day: dt.date, status: UnitStatus | None = None) -> list[str]:
    """What the head of unit must fix before shelving the binder, as Swedish sentences:
    with ``status``, a plan past its review date or changed after its approval; a kind
    of disruption with no checklist, a form that must be on paper with no place, a stale
    (or never noted) read-copy check. Empty: nothing to fix."""
    L = labels()["print"]
    found = []
    if status is not None and status.status is Status.OVERDUE:
        found.append(str(L["fix_overdue"]).format(date=status.valid_until.isoformat()))
    if status is not None and status.changed_after_approval is not None:
        found.append(str(L["fix_changed"]).format(
            date=status.changed_after_approval.approved.isoformat()))
    missing = missing_checklists(data)
    if missing:
        kinds = ", ".join(labels()["checklist_kinds"][k] for k in missing)
        found.append(str(L["fix_checklists"]).format(kinds=kinds))
    found += [str(L["fix_paper"]).format(title=form["title"]) for form in missing_printed(data)]
    if "read_copy" in data:
        checked = data["read_copy"].get("last_checked")
        if checked is None:
            found.append(str(L["fix_read_copy_never"]))
        elif (day - checked).days > READ_COPY_CHECK_DAYS:
            found.append(str(L["fix_read_copy"]).format(date=checked.isoformat()))
    return found


def paper_forms(data: Obj) -> list[tuple[str, str]]:
    """(title, where its paper copy is kept) of each of the unit's forms on paper."""
    return [(str(form.get("title", form.get("id", ""))), str(form["paper_location"]))
            for form in data.get("forms", []) if form.get("paper_location")]
