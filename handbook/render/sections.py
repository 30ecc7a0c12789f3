"""A unit's merged data as an ordered list of titled sections.

The site page and the print binder both lay out these sections, so a value
shown on one is shown on the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..coverage import missing_checklists
from ..labels import field_label, labels
from ..model import Obj
from ..printed import missing_printed
from ..schema import UNIT, ListOf, Record, Type
from .values import record_html, steps_html, value_html

# Top-level keys shown in the heading block rather than as sections.
META_KEYS = ("hsa_id", "organisation", "region", "address", "extends", "maintainers")
# Lists whose items each get a heading of their own; other lists are tables.
# Contacts too: with deputies and out-of-hours ways a table of them is too wide to print.
ITEM_SECTIONS = ("contacts", "checklists", "labs")
# The field that titles an item's section (else its title or name).
ITEM_TITLE = {"contacts": "role"}
SECTION_ORDER = ("contacts", "outage_lead", "unit_phones", "checklists", "prioritisation",
                 "read_copy", "forms", "labs", "routines", "partners", "equipment",
                 "fault_report", "return_to_normal", "exercises", "document")


@dataclass(frozen=True)
class Section:
    level: int  # 2 for a chapter, 3 for a part of one
    title: str
    anchor: str
    html: Markup


def meta_html(data: Obj) -> Markup:
    fields = {k: v for k, v in UNIT.fields.items() if k in META_KEYS}
    return record_html({k: data[k] for k in META_KEYS if k in data}, Record(fields))


def unit_sections(data: Obj) -> list[Section]:
    sections: list[Section] = []
    for key in SECTION_ORDER:
        if key not in data:
            continue
        kind = UNIT.fields[key].type
        lead = Markup("") if key in ITEM_SECTIONS else _lead(data[key], kind)
        if key == "forms":
            lead = _missing_paper(data) + lead
        if key == "checklists":
            lead = _required_checklists(data) + lead
        sections.append(Section(2, field_label(key), key, lead))
        sections.extend(_parts(key, data[key], kind))
    return sections


def _missing_paper(data: Obj) -> Markup:
    """Forms that must be on paper and have no place: named above the forms table."""
    missing = missing_printed(data)
    if not missing:
        return Markup("")
    items = Markup("").join(Markup("<li><strong>{}:</strong> {}</li>").format(
        form["title"], labels()["unit"]["paper_missing"]) for form in missing)
    return Markup('<div class="hb-gap hb-missing-paper"><p>{}</p><ul>{}</ul></div>').format(
        labels()["unit"]["paper_missing_intro"], items)


def _required_checklists(data: Obj) -> Markup:
    """The kinds every unit must plan for, and a gap for each this unit lacks."""
    if "required_checklists" not in data:
        return Markup("")
    html = record_html({"required_checklists": data["required_checklists"]},
                       Record({"required_checklists": UNIT.fields["required_checklists"]}))
    missing = missing_checklists(data)
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


def _parts(key: str, value: Any, kind: Type) -> list[Section]:
    if _split(value, kind):
        assert isinstance(kind, Record)
        return [Section(3, field_label(sub), f"{key}-{sub}",
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
        kind_label = labels()["checklist_kinds"][item["kind"]]
        html = Markup('<p class="hb-kind">{}: {}</p>{}').format(
            field_label("kind"), kind_label, steps_html(item["steps"], f"{anchor}-steg"))
    else:
        rest = {k: v for k, v in item.items() if k != title_key}
        html = record_html(rest, kind)
    return Section(3, title, anchor, html)


def _split(value: Any, kind: Type) -> bool:
    return isinstance(kind, Record) and any(
        isinstance(kind.fields[k].type, Record) for k in value)

