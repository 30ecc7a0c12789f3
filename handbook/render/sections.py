"""A unit's merged data as an ordered list of titled sections.

The site page and the print binder both lay out these sections, so a value
shown on one is shown on the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..labels import field_label, labels
from ..model import Obj
from ..printed import missing_printed
from ..schema import UNIT, ListOf, Record, Type
from .values import record_html, steps_html, value_html

# Top-level keys shown in the heading block rather than as sections.
META_KEYS = ("hsa_id", "organisation", "region", "address", "extends", "maintainers")
# Lists whose items each get a heading of their own; other lists are tables.
ITEM_SECTIONS = ("checklists", "labs")
SECTION_ORDER = ("contacts", "checklists", "read_copy", "forms", "labs", "routines",
                 "fault_report", "return_to_normal", "exercises", "document")


@dataclass(frozen=True)
class Section:
    level: int  # 2 for a chapter, 3 for a part of one
    title: str
    anchor: str
    html: Markup


def meta_html(data: Obj, group_names: dict[str, str] | None = None,
              on_page: bool = False) -> Markup:
    """The heading block. ``group_names``: groups by name rather than file id.
    ``on_page``: the site page, which leaves out the maintainers: code-host user
    names that approve changes are for editors (CODEOWNERS), not for staff."""
    keys = [k for k in META_KEYS if k in data and not (on_page and k == "maintainers")]
    fields = {k: v for k, v in UNIT.fields.items() if k in keys}
    values = {k: data[k] for k in keys}
    if group_names and "extends" in values:
        values["extends"] = [group_names.get(g, g) for g in values["extends"]]
    return record_html(values, Record(fields))


def unit_sections(data: Obj, card_calls: list[dict[str, Any]] | None = None) -> list[Section]:
    """``card_calls``: the contacts the page's action card lists with their numbers;
    given, the contacts chapter shows only what the card does not (the site page,
    where a phone reader would scroll past the same list twice)."""
    sections: list[Section] = []
    for key in SECTION_ORDER:
        if key not in data:
            continue
        kind = UNIT.fields[key].type
        lead = Markup("") if key in ITEM_SECTIONS else _lead(data[key], kind)
        if key == "forms":
            lead = _missing_paper(data) + lead
        if key == "contacts" and card_calls is not None:
            lead = _contacts_beside_card(data[key], card_calls, kind)
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


# What the action card's call list shows of a contact.
CARD_CONTACT_KEYS = ("role", "name", "phone", "alt_phone")


def _contacts_beside_card(contacts: list[Obj], calls: list[dict[str, Any]],
                          kind: Type) -> Markup:
    """Contacts the card lists appear here only with what the card leaves out
    (hours, e-mail, notes); contacts the card does not list appear in full."""
    assert isinstance(kind, ListOf) and isinstance(kind.item, Record)
    on_card = {id(c) for c in calls} | {c["id"] for c in calls if "id" in c}
    rest = [c for c in contacts if id(c) not in on_card and c.get("id") not in on_card]
    extra = [{k: v for k, v in c.items() if k not in CARD_CONTACT_KEYS[1:]}
             for c in contacts if c not in rest]
    extra = [c for c in extra if set(c) - {"role", "id", "drop"}]
    unit_labels = labels()["unit"]
    html = Markup('<p class="hb-contacts-note"><a href="#atgardskort">{}</a></p>').format(
        unit_labels["contacts_on_card"] if extra else unit_labels["contacts_all_on_card"])
    if extra:
        html += value_html(extra, kind)
    if rest:
        html += value_html(rest, kind)
    return html


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
    title = str(item.get("title") or item.get("name"))
    anchor = f"{key}-{item['id']}"
    if key == "checklists":
        kind_label = labels()["checklist_kinds"][item["kind"]]
        html = Markup('<p class="hb-kind">{}: {}</p>{}').format(
            field_label("kind"), kind_label, steps_html(item["steps"], f"{anchor}-steg"))
    else:
        rest = {k: v for k, v in item.items() if k not in ("title", "name")}
        html = record_html(rest, kind)
    return Section(3, title, anchor, html)


def _split(value: Any, kind: Type) -> bool:
    return isinstance(kind, Record) and any(
        isinstance(kind.fields[k].type, Record) for k in value)

