"""What changed in a unit's plan, as Swedish sentences for its change history.

Two versions of a unit's merged data are compared as flat, labelled fields
(the same fields the release diff shows), then grouped by what a manager
recognises: one list item (a contact, a form, a checklist) or one top-level
section (document control, the read copy). One sentence per group, e.g.
"Kontakt Verksamhetschef ändrad: Telefon" or "Blankett Tolkbeställning tillagd".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..data.personal import personal_fields
from ..labels import field_label, labels
from ..schema.fields import UNIT, ListOf, Record
from .flatten import SEPARATOR, flatten

Fields = Mapping[str, Mapping[str, str]]
KEY = re.compile(r"^(?P<top>[a-z_]+)(?P<item>\[[^\]]*\])?")


@dataclass
class _Group:
    """The fields of one list item or one top-level section."""

    subject: str  # e.g. "contacts[chef]" or "document"
    top: str
    before: dict[str, Mapping[str, str]] = field(default_factory=dict)
    after: dict[str, Mapping[str, str]] = field(default_factory=dict)


def unit_fields(data: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """A unit's fields flattened by path, as the change history compares them."""
    return flatten(dict(data))


def changed_keys(before: Fields, after: Fields) -> set[str]:
    """Keys added, removed or given another value."""
    return {key for key in set(before) | set(after)
            if (before.get(key) or {}).get("value") != (after.get(key) or {}).get("value")}


def describe(before: Fields, after: Fields, only: Collection[str] | None = None,
             values: bool = False) -> list[str]:
    """One sentence per changed item or section, in the page's order.

    ``only`` limits the comparison to those keys (a merge commit counts only
    what differs from every parent). With ``values`` (the binder's history, which a
    head of unit reads before signing) a changed field of one short line is told with
    its new and old value: "Kontakt TIB ändrad: Telefon ”010-441 00 00” (var ”010-441 00
    01”)"; a longer text or a list is named only."""
    keys = changed_keys(before, after)
    if only is not None:
        keys &= set(only)
    groups: dict[str, _Group] = {}
    for key in [k for k in after if k in keys] + [k for k in before if k in keys]:
        group = _group_of(key, groups)
        if key in before:
            group.before[key] = before[key]
        if key in after:
            group.after[key] = after[key]
    sentences = []
    for group in groups.values():
        present_before = any(_group_of_key(k) == group.subject for k in before)
        present_after = any(_group_of_key(k) == group.subject for k in after)
        sentences.append(_sentence(group, present_before, present_after, values))
    return sentences


def _group_of_key(key: str) -> str:
    match = KEY.match(key)
    assert match, key
    top, item = match["top"], match["item"]
    kind = UNIT.fields[top].type
    if item and isinstance(kind, ListOf) and isinstance(kind.item, Record):
        return top + item
    return top


def _group_of(key: str, groups: dict[str, _Group]) -> _Group:
    subject = _group_of_key(key)
    if subject not in groups:
        groups[subject] = _Group(subject, subject.split("[", 1)[0])
    return groups[subject]


def _sentence(group: _Group, present_before: bool, present_after: bool,
              values: bool = False) -> str:
    words = labels()["history"]
    is_item = "[" in group.subject
    fields = group.after or group.before
    first = next(iter(group.after.values() if present_after and group.after
                      else fields.values()))
    parts = first["label"].split(SEPARATOR)
    if is_item:
        noun, gender = words["items"][group.top]
        subject = f"{noun} {parts[1]}"
        depth = 2
    else:
        subject, gender, depth = field_label(group.top), words["sections"][group.top], 1
    ending = words["endings"][gender]
    if not present_before:
        return f"{subject} {ending['added']}" + (_number(group.after) if values else "")
    if not present_after:
        return f"{subject} {ending['removed']}" + (_number(group.before) if values else "")
    names, quoted = _field_names(group, depth, values)
    if not names:
        said = _with_values("", *_only_value(group)) if values else ""
        return f"{subject} {ending['changed']}" + (f":{said}" if said else "")
    if quoted:  # a field with its values: each apart, as "och" would join two values
        return f"{subject} {ending['changed']}: {'; '.join(names)}"
    return f"{subject} {ending['changed']}: {join_words(names)}"


def _field_names(group: _Group, depth: int, values: bool = False) -> tuple[list[str], bool]:
    """The fields that changed, named one level below the item or section; with
    ``values``, a field that is itself one short value also says its new and old value
    (and the second item says whether any did)."""
    names: list[str] = []
    told: dict[str, str] = {}
    for key, entry in list(group.after.items()) + list(group.before.items()):
        parts = entry["label"].split(SEPARATOR)
        if len(parts) > depth and not parts[depth].isdigit() and parts[depth] not in names:
            names.append(parts[depth])
            if values and len(parts) == depth + 1 and not _personal(key):
                said = _with_values(parts[depth], group.before.get(key), group.after.get(key))
                if said:
                    told[parts[depth]] = said
    return [told.get(name, name) for name in names], bool(told)


def _only_value(group: _Group) -> tuple[Mapping[str, str] | None, Mapping[str, str] | None]:
    """The old and new value of a section that is one value (the unit's name)."""
    keys = set(group.before) | set(group.after)
    if len(keys) != 1 or "[" in next(iter(keys)) or "." in next(iter(keys)):
        return None, None
    key = next(iter(keys))
    return group.before.get(key), group.after.get(key)


def _number(fields: Mapping[str, Mapping[str, str]]) -> str:
    """' (Telefon 010-435 50 50)': an item's own phone number, said when the item is added
    or removed, so staff who know the old number are told it is gone."""
    for key, entry in fields.items():
        if key.count(".") == 1 and key.endswith("].phone") and not _personal(key):
            label = entry["label"].split(SEPARATOR)[-1]
            return f" ({label} {entry['value']})"
    return ""


def _personal(key: str) -> bool:
    """Whether the flattened ``key`` is a personal field (issue #17), whose value the
    history never tells."""
    return re.sub(r"\[[^\]]*\]", "[]", key) in PERSONAL_FIELDS


PERSONAL_FIELDS = frozenset(personal_fields())
VALUE_CHARS = 120  # a longer value (a routine's text) is named, not quoted


def _with_values(name: str, old: Mapping[str, str] | None,
                 new: Mapping[str, str] | None) -> str:
    """'Telefon ”031-345 71 99” (var ”031-345 71 02”)', or "" when a value is too long to
    stand in a line of the history."""
    if old is None and new is None:
        return ""
    words = labels()["history"]["values"]
    old_text, new_text = (" ".join(v["value"].split()) if v else "" for v in (old, new))
    if len(old_text) > VALUE_CHARS or len(new_text) > VALUE_CHARS:
        return ""
    if not old_text:
        return str(words["added"]).format(name=name, new=new_text)
    if not new_text:
        return str(words["removed"]).format(name=name, old=old_text)
    return str(words["changed"]).format(name=name, new=new_text, old=old_text)


def join_words(words: list[str]) -> str:
    """'A', 'A och B', 'A, B och C'."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {labels()['history']['and']} {words[-1]}"
