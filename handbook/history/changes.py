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


def describe(before: Fields, after: Fields, only: Collection[str] | None = None) -> list[str]:
    """One sentence per changed item or section, in the page's order.

    ``only`` limits the comparison to those keys (a merge commit counts only
    what differs from every parent)."""
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
        sentences.append(_sentence(group, present_before, present_after))
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


def _sentence(group: _Group, present_before: bool, present_after: bool) -> str:
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
        return f"{subject} {ending['added']}"
    if not present_after:
        return f"{subject} {ending['removed']}"
    names = _field_names(group, depth)
    if not names:
        return f"{subject} {ending['changed']}"
    return f"{subject} {ending['changed']}: {join_words(names)}"


def _field_names(group: _Group, depth: int) -> list[str]:
    """The fields that changed, named one level below the item or section."""
    names: list[str] = []
    for entry in list(group.after.values()) + list(group.before.values()):
        parts = entry["label"].split(SEPARATOR)
        if len(parts) > depth and not parts[depth].isdigit() and parts[depth] not in names:
            names.append(parts[depth])
    return names


def join_words(words: list[str]) -> str:
    """'A', 'A och B', 'A, B och C'."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {labels()['history']['and']} {words[-1]}"
