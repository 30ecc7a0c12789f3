"""A unit's merged data as two parts of titled sections.

The site page and the print binder both lay out these sections, so a value
shown on one is shown on the other. ``PLACES`` decides, field by field, which
part a value belongs to: what staff use while the system is down ("Vid
avbrott"), or what is done beforehand and afterwards ("Förberedelser och
uppföljning").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from ..data.model import Obj
from ..errors import HandbookError
from ..labels import field_label, labels
from ..plan.coverage import missing_checklists
from ..plan.escalation import with_escalation_numbers
from ..plan.printed import missing_printed
from ..schema.fields import CARD_CONTACT_KEYS, HIDDEN, UNIT, ListOf, Record, Type
from .card import call_order
from .values import record_html, shown, steps_html, value_html

# Top-level keys shown in the heading block rather than as sections.
META_KEYS = ("hsa_id", "organisation", "region", "address", "extends", "maintainers")
# Lists whose items each get a heading of their own; other lists are tables.
# Contacts too: with deputies and out-of-hours ways a table of them is too wide to print.
ITEM_SECTIONS = ("contacts", "checklists", "labs")
# The field that titles an item's section (else its title or name).
ITEM_TITLE = {"contacts": "role"}

META, DURING, BEFORE = "meta", "vid-avbrott", "forberedelser"
PARTS = (DURING, BEFORE)  # in the order they are shown; titles in labels.yml "parts"

# Where each field of a unit is shown. The longest listed path decides, so a record
# is split by listing some of its fields apart. Every top-level field must be listed
# (tests/render/test_sections.py): a new field can never silently go missing from the page.
# The order of the top-level keys is the order of the chapters within a part.
PLACES: dict[str, str] = {
    "name": META, "extends": META, "hsa_id": META, "organisation": META,
    "region": META, "address": META, "maintainers": META,
    # A group file's own name: never inherited, so never on a unit's page.
    "group_name": META,
    # The kinds of disruption the region requires a checklist for: shown at the head
    # of the unit's checklists (with a gap for each it lacks), not as a chapter.
    "required_checklists": META,
    # The region's print setting (single- or double-sided): shapes the binder, not shown.
    "binder": META,
    # The region's setting of where personal data may be written (the unit files or
    # the private layer): read by validate, not shown.
    "personal_data": META,
    # A renamed unit's former ids: their addresses lead to the page, not shown on it.
    "former_ids": META,
    "contacts": DURING,
    "outage_lead": DURING,
    "unit_phones": DURING,
    "checklists": DURING,
    "prioritisation": DURING,
    "read_copy": DURING,
    "forms": DURING,
    "labs": DURING,
    "routines": DURING,
    "partners": DURING,
    "equipment": DURING,
    "fault_report": DURING,
    "return_to_normal": DURING,
    "exercises": BEFORE,
    "document": BEFORE,
    # Done before an outage, of no use while the system is down:
    # the read copy's monthly start on every computer,
    "read_copy.monthly_start_by": BEFORE,
    "read_copy.monthly_start_when": BEFORE,
    "read_copy.monthly_start_log": BEFORE,
    "read_copy.last_checked": BEFORE,
    # printing tomorrow's bookings (the storage of the printouts is used during it),
    "routines.calendar.printed_by": BEFORE,
    "routines.calendar.print_time": BEFORE,
    "routines.calendar.print_path": BEFORE,
    # and keeping prescription pads in stock. Afterwards: the deviation report.
    "routines.prescriptions.pad_ordering": BEFORE,
    "return_to_normal.deviation_report": BEFORE,
}
SECTION_ORDER = tuple(key for key, part in PLACES.items() if "." not in key and part != META)


class UnplacedFieldError(HandbookError, LookupError):
    """A field with no place in ``PLACES``: a programming error, caught by the tests."""


def place(path: str) -> str:
    """The part (or ``META``) a field is shown in, by its dotted path."""
    probe = path
    while probe not in PLACES:
        if "." not in probe:
            raise UnplacedFieldError(f"{path}: add the field to PLACES in {__name__}")
        probe = probe.rsplit(".", 1)[0]
    return PLACES[probe]


def _is_split(path: str) -> bool:
    return any(key.startswith(path + ".") for key in PLACES)


def part_of(value: Any, kind: Type, path: str, part: str) -> Any:
    """What of ``value`` (the field at ``path``) is shown in ``part``; None for nothing."""
    if isinstance(kind, Record) and isinstance(value, dict) and _is_split(path):
        kept = {}
        for key, sub in value.items():
            shown = part_of(sub, kind.fields[key].type, f"{path}.{key}", part)
            if shown is not None:
                kept[key] = shown
        return kept or None
    return value if place(path) == part else None


@dataclass(frozen=True)
class Section:
    """One section of a unit's plan: heading level, title, anchor and HTML."""

    level: int  # 2 for a chapter, 3 for a part of one
    title: str
    anchor: str
    html: Markup
    part: str = DURING


@dataclass(frozen=True)
class Part:
    """One part of a unit's plan (Vid avbrott, Förberedelser och uppföljning)."""

    id: str
    title: str
    intro: str
    sections: list[Section]


def meta_html(data: Obj, group_names: dict[str, str] | None = None,
              on_page: bool = False) -> Markup:
    """The heading block. ``group_names``: groups by name rather than file id.
    Fields for editors only (the maintainers' code-host user names, which approve
    changes through CODEOWNERS) are on neither the site page nor the binder; the
    ``status`` command and the reminder issues name them. The groups a unit shares
    values with are on the site page (``on_page``), not on paper, where they mean
    nothing to a reader."""
    keys = [k for k in META_KEYS if k in data and shown(UNIT.fields[k])
            and (on_page or k != "extends")]
    fields = {k: v for k, v in UNIT.fields.items() if k in keys}
    values = {k: data[k] for k in keys}
    if group_names and "extends" in values:
        values["extends"] = [group_names.get(g, g) for g in values["extends"]]
    return record_html(values, Record(fields))


def unit_sections(data: Obj, card_calls: list[dict[str, Any]] | None = None) -> list[Section]:
    """Every section of both parts, in order."""
    return [s for part in unit_parts(data, card_calls) for s in part.sections]


def unit_parts(data: Obj, card_calls: list[dict[str, Any]] | None = None,
               gaps: bool = True) -> list[Part]:
    """The two parts; a part with nothing in it is still there, empty. ``card_calls``:
    the contacts the page's action card lists with their numbers; given, the contacts
    chapter shows only what the card does not (the site page, where a phone reader
    would scroll past the same list twice). ``gaps=False`` leaves out the gaps (a
    missing checklist, a form with no paper copy): the binder prints them on a sheet
    of their own for the head of unit, not in the plan's chapters."""
    for key in data:
        place(key)  # an unplaced field fails here rather than vanish
    texts = labels()["parts"]
    return [Part(part, texts[part]["title"], texts[part]["intro"],
                 _part_sections(data, part, card_calls, gaps))
            for part in PARTS]


def _part_sections(data: Obj, part: str, card_calls: list[dict[str, Any]] | None = None,
                   gaps: bool = True) -> list[Section]:
    sections: list[Section] = []
    for key in SECTION_ORDER:
        if key not in data:
            continue
        kind = UNIT.fields[key].type
        # A step of the escalation without a number gets the number of whom it rings.
        raw = with_escalation_numbers(data) if key == "outage_lead" else data[key]
        value = part_of(raw, kind, key, part)
        if value is None:
            continue
        # A split chapter keeps its plain anchor in its own part; the other part's
        # share gets the part's id in front, so anchors stay unique on the page.
        anchor, title = key, field_label(key)
        if place(key) != part:
            anchor, title = f"{part}-{key}", f"{title} – {labels()['parts'][part]['share']}"
        lead = Markup("") if key in ITEM_SECTIONS else _lead(value, kind)
        if key == "forms" and gaps:
            lead = _missing_paper(data) + lead
        if key == "checklists":
            lead = _required_checklists(data, gaps) + lead
        if key == "contacts":  # all in this part (PLACES): the whole list, reordered
            value = in_call_order(data)
        if key == "contacts" and card_calls is not None:
            value, lead = _contacts_beside_card(value, card_calls)
        sections.append(Section(2, title, anchor, lead, part))
        sections.extend(replace(s, part=part) for s in _parts(anchor, key, value, kind))
    return sections


def in_call_order(data: Obj) -> list[Any]:
    """The unit's contacts as the action card rings them (``call_order``), then the ones
    it does not ring in the order they are written: the contacts chapter follows the card."""
    rest = [c for c in data.get("contacts", []) if "call_order" not in c]
    return [*call_order(data), *rest]


def _missing_paper(data: Obj) -> Markup:
    """Forms that must be on paper and have no place: named above the forms table."""
    missing = missing_printed(data)
    if not missing:
        return Markup("")
    items = Markup("").join(Markup("<li><strong>{}:</strong> {}</li>").format(
        form["title"], labels()["unit"]["paper_missing"]) for form in missing)
    return Markup('<div class="hb-gap hb-missing-paper"><p>{}</p><ul>{}</ul></div>').format(
        labels()["unit"]["paper_missing_intro"], items)




def _contacts_beside_card(contacts: list[Obj], calls: list[dict[str, Any]]
                          ) -> tuple[list[dict[str, Any]], Markup]:
    """On the site page the card lists the calls: a contact it lists appears here only
    with what the card leaves out (hours, e-mail, notes…), one it does not list in
    full. Returns the contacts to show and the line that points to the card."""
    on_card = {c["id"] for c in calls if "id" in c}
    shown: list[dict[str, Any]] = []
    for contact in contacts:
        if contact.get("id") not in on_card:
            shown.append(contact)
            continue
        rest = {k: v for k, v in contact.items() if k not in CARD_CONTACT_KEYS}
        if set(rest) - {"role", *HIDDEN}:
            shown.append(rest)
    unit_labels = labels()["unit"]
    note = Markup('<p class="hb-contacts-note"><a href="#atgardskort">{}</a></p>').format(
        unit_labels["contacts_on_card"] if shown else unit_labels["contacts_all_on_card"])
    return shown, note


def _required_checklists(data: Obj, gaps: bool = True) -> Markup:
    """The kinds every unit must plan for, and (``gaps``) a gap for each this unit lacks.
    Paper (no ``gaps``) leaves both out: the region's rule is for editors, and a missing
    checklist is on the binder's fix-before-shelving sheet."""
    if "required_checklists" not in data or not gaps:
        return Markup("")
    html = record_html({"required_checklists": data["required_checklists"]},
                       Record({"required_checklists": UNIT.fields["required_checklists"]}))
    missing = missing_checklists(data) if gaps else []
    if not missing:
        return html
    names = ", ".join(labels()["checklist_kinds"][k] for k in missing)
    return html + Markup('<p class="hb-gap hb-missing-checklists">{}</p>').format(
        labels()["unit"]["checklists_missing"].format(kinds=names))


def _lead(value: Any, kind: Type) -> Markup:
    """What stands directly under a chapter heading (the rest goes in parts)."""
    if _split(value, kind):
        assert isinstance(kind, Record)
        flat = {k: v for k, v in value.items() if not isinstance(kind.fields[k].type, Record)}
        return record_html(flat, kind) if flat else Markup("")
    return value_html(value, kind)


def _parts(anchor: str, key: str, value: Any, kind: Type) -> list[Section]:
    if _split(value, kind):
        assert isinstance(kind, Record)
        return [Section(3, field_label(sub), f"{anchor}-{sub}",
                        value_html(value[sub], kind.fields[sub].type))
                for sub in kind.fields if sub in value
                and isinstance(kind.fields[sub].type, Record)]
    if key in ITEM_SECTIONS:
        assert isinstance(kind, ListOf)
        return [_item_section(key, item, kind.item) for item in value]
    return []


def _item_section(key: str, item: Obj, kind: Type) -> Section:
    assert isinstance(kind, Record)
    title_key = ITEM_TITLE.get(key) or ("title" if "title" in item else "name")
    title = str(item[title_key])
    anchor = f"{key}-{item['id']}"
    if key == "checklists":
        # The kind files the checklist against the region's required ones; the title
        # says what it is for, so no reader needs "Typ: Journalsystemet".
        html = steps_html(item["steps"], f"{anchor}-steg")
    else:
        rest = {k: v for k, v in item.items() if k != title_key}
        html = record_html(rest, kind)
    return Section(3, title, anchor, html)


def _split(value: Any, kind: Type) -> bool:
    return isinstance(kind, Record) and any(
        isinstance(kind.fields[k].type, Record) for k in value)

