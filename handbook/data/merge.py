"""Layer merge: region, then groups in ``extends`` order, then the unit.

Records merge key by key; lists of records with an ``id`` merge by id (an item
with ``drop: true`` removes the inherited one); other lists and scalars are
replaced by the later layer. Origins travel with the values.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from ..labels import message
from ..schema.fields import NOT_MERGED, ListOf, Record, Type
from .model import Obj, Origin, Seq


def merge(base: Obj, over: Obj, kind: Record, problems: list[Problem],
          where: str = "") -> Obj:
    """Return a new record: ``over`` laid on ``base``."""
    result = Obj(over.origin)
    result.invalid = (base.invalid - set(over)) | over.invalid
    for key, value in base.items():
        result.put(key, value, base.origins[key])
    for key, value in over.items():
        if not where and key in NOT_MERGED:
            continue
        sub = f"{where}.{key}" if where else key
        value = _merge_value(result.get(key), value, kind.fields[key].type, problems, sub)
        result.put(key, value, over.origins[key])
    return result


def _merge_value(base: Any, over: Any, kind: Type, problems: list[Problem],
                 where: str) -> Any:
    """Merge one value; a missing ``base`` still runs the merge so drops are checked."""
    if isinstance(kind, Record) and isinstance(over, Obj):
        return merge(base if isinstance(base, Obj) else Obj(over.origin), over, kind,
                     problems, where)
    if _by_id(kind) and isinstance(over, Seq):
        return _merge_items(base if isinstance(base, Seq) else Seq(over.origin), over,
                            kind, problems, where)
    return over


def _by_id(kind: Type) -> bool:
    return isinstance(kind, ListOf) and isinstance(kind.item, Record) and kind.item.merges_by_id


def _merge_items(base: Seq, over: Seq, kind: Type, problems: list[Problem],
                 where: str) -> Seq:
    assert isinstance(kind, ListOf) and isinstance(kind.item, Record)
    items: dict[str, tuple[Obj, Origin]] = {}
    for item, origin in zip(base, base.origins, strict=True):
        items[item.get("id", "")] = (item, origin)
    seen: dict[str, int] = {}
    added: list[tuple[Obj, Origin, str]] = []  # items with an id nothing inherited has
    for item, origin in zip(over, over.origins, strict=True):
        item_id = item.get("id", "")
        sub = f"{where}[{item_id}]"
        if item_id and item_id in seen:
            problems.append(_problem(origin, sub + ".id", message(
                "editor.merge.duplicate_id", id=item_id, line=seen[item_id])))
            continue
        seen[item_id] = origin.line
        if item.get("drop"):
            if item_id not in items:
                problems.append(_problem(origin, sub + ".drop",
                                         message("editor.merge.nothing_to_drop", id=item_id)))
            items.pop(item_id, None)
            continue
        if item_id in items:
            item = merge(items[item_id][0], item, kind.item, problems, sub)
        elif base:
            added.append((item, origin, sub))
        items[item_id] = (item, origin)
    _near_inherited_ids(added, [i.get("id", "") for i in base], set(seen), kind.item,
                        problems)
    result = Seq(over.origin)
    for item, origin in items.values():
        clean = Obj(item.origin)
        clean.invalid = item.invalid
        for key, value in item.items():
            if key != "drop":
                clean.put(key, value, item.origins[key])
        result.add(clean, origin)
    return result


# An added item whose id is this close to an inherited one that the layer does not name
# was most likely meant to change it: "receptblanketter" for "receptblankett".
NEAR_ID_EDITS = 2
NEAR_ID_LENGTH = 6  # shorter ids ("lab-a", "tib") are too alike to guess between


def _near_inherited_ids(added: list[tuple[Obj, Origin, str]], inherited: list[str],
                        named: set[str], record: Record, problems: list[Problem]) -> None:
    """An added item whose id is a slip of an inherited id: the inherited item would keep
    its old values and the list would hold both. The slip is the one message about the
    item: the fields it lacks as a new item are not reported missing as well."""
    candidates = [i for i in inherited if i not in named and len(i) >= NEAR_ID_LENGTH]
    for item, origin, where in added:
        item_id = str(item.get("id", ""))
        near = [c for c in candidates if _is_slip(item_id, c)]
        if len(item_id) >= NEAR_ID_LENGTH and near:
            at = item.origins.get("id", origin)
            problems.append(_problem(at, where + ".id", message(
                "editor.merge.near_inherited", id=item_id, guess=near[0])))
            item.invalid.update(key for key, spec in record.fields.items() if spec.required)


def _is_slip(typed: str, meant: str) -> bool:
    """At most two letters apart, and not only in digits or a short last part: "lab-1"
    and "lab-2", "blankett-a" and "blankett-b" name two items on purpose."""
    if [c for c in typed if not c.isdigit()] == [c for c in meant if not c.isdigit()]:
        return False
    head, _, tail = typed.rpartition("-")
    meant_head, _, meant_tail = meant.rpartition("-")
    if head and head == meant_head and max(len(tail), len(meant_tail)) <= 2:
        return False
    return _distance(typed, meant) <= NEAR_ID_EDITS


def _distance(a: str, b: str) -> int:
    """Levenshtein distance: letters added, removed or changed."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _problem(origin: Origin, where: str, message: str) -> Problem:
    return Problem(origin.path, origin.line, origin.col, where, message)
