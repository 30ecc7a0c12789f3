"""Layer merge: region, then groups in ``extends`` order, then the unit.

Records merge key by key; lists of records with an ``id`` merge by id (an item
with ``drop: true`` removes the inherited one); other lists and scalars are
replaced by the later layer. Origins travel with the values.
"""

from __future__ import annotations

from typing import Any

from .errors import Problem
from .model import Obj, Origin, Seq
from .schema import ListOf, Record, Type

NOT_MERGED = ("extends", "group_name")


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
    for item, origin in zip(over, over.origins, strict=True):
        item_id = item.get("id", "")
        sub = f"{where}[{item_id}]"
        if item_id and item_id in seen:
            problems.append(_problem(origin, sub + ".id", f"id '{item_id}' finns redan på "
                                     f"rad {seen[item_id]} i samma lista; ge objekten "
                                     "olika id"))
            continue
        seen[item_id] = origin.line
        if item.get("drop"):
            if item_id not in items:
                problems.append(_problem(origin, sub + ".drop",
                                         f"det finns inget ärvt objekt med id '{item_id}' "
                                         "att ta bort; kontrollera stavningen av id"))
            items.pop(item_id, None)
            continue
        if item_id in items:
            item = merge(items[item_id][0], item, kind.item, problems, sub)
        items[item_id] = (item, origin)
    result = Seq(over.origin)
    for item, origin in items.values():
        clean = Obj(item.origin)
        clean.invalid = item.invalid
        for key, value in item.items():
            if key != "drop":
                clean.put(key, value, item.origins[key])
        result.add(clean, origin)
    return result


def _problem(origin: Origin, where: str, message: str) -> Problem:
    return Problem(origin.path, origin.line, origin.col, where, message)
