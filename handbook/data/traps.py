"""Layer traps the merge would otherwise pass in silence: each is refused on its line.

- two contacts at the same place in the call order (``call_order``);
- a contact the region puts on every action card dropped (``drop: true`` on TIB);
- a value in the unit file that the private layer's value hides;
- an HSA-id that another unit has too (a copied unit file; a shared name is warned);
- an e-mail address without ``@``;
- an item a group defines, named in a unit that no longer extends the group (a
  removed ``extends``): said instead of the bare "saknas" of its fields.

Warnings (a list that replaces an inherited one, lines that moved onto the item
above) are the plan layer's (``handbook/plan/layers.py``); the effect of each
change is shown by ``python -m handbook diff``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import Problem
from ..labels import field_label, message
from ..schema.fields import PRIVATE_VALUE, UNIT, ListOf, Record, Type
from .model import Obj, Origin, Seq

# A unit's own contacts on the card have call_order 1–9 (the region's guide).
ITEM_FIELD = re.compile(r"^(?P<list>[a-z_]+)\[(?P<id>[^\]]+)\]\.(?P<field>[a-z_]+)$")


def _at(origin: Origin, where: str, said: str) -> Problem:
    return Problem(origin.path, origin.line, origin.col, where, said)


def call_order_ties(merged: Obj, unit_path: str) -> list[Problem]:
    """Two contacts with the same ``call_order``: the card would order them by id."""
    found: list[Problem] = []
    first: dict[int, Obj] = {}
    contacts = merged.get("contacts", [])
    for contact in sorted(contacts, key=lambda c: _prefer_unit(c, unit_path)):
        if "call_order" not in contact:
            continue
        place = int(contact["call_order"])
        if place not in first:
            first[place] = contact
            continue
        other = first[place]
        at = contact.origins["call_order"]
        other_at = other.origins["call_order"]
        found.append(_at(at, f"contacts[{contact['id']}].call_order", message(
            "editor.layers.call_order_tie", place=place, other=other["id"],
            where=_where(other_at, at.path), free=_free_place(contacts, place))))
    return found


def _prefer_unit(contact: Obj, unit_path: str) -> tuple[int, int]:
    """The contact written in another file first, so the problem lands in the unit's."""
    at = contact.origins.get("call_order", contact.origin)
    return (at.path == unit_path, at.line)


def _free_place(contacts: list[Obj], place: int) -> int:
    taken = {int(c["call_order"]) for c in contacts if "call_order" in c}
    free = place + 1
    while free in taken:
        free += 1
    return free


def _where(origin: Origin, here: str) -> str:
    line = message("editor.layers.line", line=origin.line)
    return line if origin.path == here else f"{origin.path}, {line}"


def card_contacts(merged: Obj, own: Obj, region: Obj, chain: list[Obj]) -> list[Problem]:
    """The region's card contacts (TIB) stay on every card: a ``drop: true`` is refused."""
    found: list[Problem] = []
    present = {str(c.get("id")) for c in merged.get("contacts", [])}
    for contact in region.get("contacts", []):
        if "call_order" not in contact or contact.get("id") in present:
            continue
        drop = _dropped_at(contact["id"], [own, *reversed(chain)])
        at = drop or own.keys_at.get("contacts", own.origin)
        found.append(_at(at, f"contacts[{contact['id']}].drop", message(
            "editor.layers.card_contact_dropped", id=contact["id"],
            role=contact.get("role", contact["id"]))))
    return found


def _dropped_at(item_id: str, layers: list[Obj]) -> Origin | None:
    for layer in layers:
        for item in layer.get("contacts", []):
            if isinstance(item, Obj) and item.get("id") == item_id and item.get("drop"):
                return item.keys_at.get("drop", item.origin)
    return None


def shadowed_by_private(private: Obj, merged: Obj, unit_path: str,
                        private_path: str) -> list[Problem]:
    """A value the unit file writes (not ``privat``) where the private layer has its own:
    the layer's value wins, and the edit would be lost in silence."""
    found = []
    for where, mine in _pairs(private, merged, UNIT, ""):
        value, origin = mine
        if origin.path == unit_path and str(value) != PRIVATE_VALUE:
            found.append(_at(origin, where, message(
                "editor.layers.private_shadow", value=value, private=private_path,
                marker=PRIVATE_VALUE)))
    return found


def _pairs(private: Any, merged: Any, kind: Type, where: str
           ) -> Iterator[tuple[str, tuple[Any, Origin]]]:
    if isinstance(kind, Record) and isinstance(private, Obj) and isinstance(merged, Obj):
        for key, value in private.items():
            if key == "id" or key not in merged or key not in kind.fields:
                continue
            sub = f"{where}.{key}" if where else key
            spec = kind.fields[key].type
            if isinstance(spec, (Record, ListOf)):
                yield from _pairs(value, merged[key], spec, sub)
            else:
                yield sub, (merged[key], merged.origins[key])
    elif isinstance(kind, ListOf) and isinstance(private, Seq) and isinstance(merged, Seq):
        items = {i.get("id"): i for i in merged if isinstance(i, Obj)}
        for item in private:
            if isinstance(item, Obj) and item.get("id") in items:
                yield from _pairs(item, items[item["id"]], kind.item,
                                  f"{where}[{item['id']}]")


def shared_identity(units: list[tuple[str, Obj]], warn: bool = False) -> list[Problem]:
    """An HSA-id (or, for the warning, a name) two units share: each file is told which
    other file has it."""
    found = []
    key = "name" if warn else "hsa_id"
    seen: dict[str, list[tuple[str, Origin]]] = {}
    for path, data in units:
        if key in data and data.origins[key].path == path:
            seen.setdefault(str(data[key]).strip().casefold(), []).append(
                (path, data.origins[key]))
    for holders in seen.values():
        for path, origin in holders:
            others = [f"{p} ({message('editor.layers.line', line=o.line)})"
                      for p, o in holders if p != path]
            if others:
                said = message("editor.layers.shared_name", field=field_label(key),
                               others=", ".join(others)) if warn else message(
                    "editor.layers.shared_identity", field=field_label(key),
                    others=", ".join(others))
                found.append(_at(origin, key, said))
    return found


def emails(value: Any, kind: Type = UNIT, where: str = "") -> list[Problem]:
    """Every e-mail address without ``@`` (a name, or the '@' lost in a paste)."""
    found: list[Problem] = []
    if isinstance(kind, Record) and isinstance(value, Obj):
        for key, item in value.items():
            if key not in kind.fields:
                continue
            sub = f"{where}.{key}" if where else key
            if key == "email" and isinstance(item, str) and item != PRIVATE_VALUE \
                    and "@" not in item:
                found.append(_at(value.origins[key], sub,
                                 message("editor.layers.email", value=item)))
            else:
                found += emails(item, kind.fields[key].type, sub)
    elif isinstance(kind, ListOf) and isinstance(value, Seq):
        for number, item in enumerate(value, start=1):
            ident = item.get("id", number) if isinstance(item, Obj) else number
            found += emails(item, kind.item, f"{where}[{ident}]")
    return found


def unextended_items(problems: list[Problem], own: Obj, groups: dict[str, Obj],
                     chain: list[str]) -> list[Problem]:
    """A "saknas" about an item the unit names by id, where the id is defined in a group
    the unit does not extend (``extends`` removed or changed): one message that names the
    group, in place of one per missing field."""
    result: list[Problem] = []
    told: set[str] = set()
    for problem in problems:
        match = ITEM_FIELD.match(problem.field)
        holder = _group_with(match["list"], match["id"], groups, chain) if match else None
        if match is None or holder is None or problem.path != own.origin.path:
            result.append(problem)
            continue
        subject = f"{match['list']}[{match['id']}]"
        if subject not in told:
            told.add(subject)
            result.append(Problem(problem.path, problem.line, problem.col, subject + ".id",
                                  message("editor.layers.not_extended", id=match["id"],
                                          group=holder, list=match["list"])))
    return result


def _group_with(list_key: str, item_id: str, groups: dict[str, Obj],
                chain: list[str]) -> str | None:
    for name, group in sorted(groups.items()):
        if name in chain:
            continue
        for item in group.get(list_key, []):
            if isinstance(item, Obj) and item.get("id") == item_id:
                return name
    return None

