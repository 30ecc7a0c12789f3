"""Warnings about the layers: what a unit file may say, but likely did not mean.

- A list without ids (links, steps, keywords) written in a unit or group file replaces
  the inherited list whole; when it shares no line with it, the editor most likely
  meant to add to it. The warning says what it replaces.
- A name another unit has too (a copied unit file whose HSA-id was changed; a shared
  HSA-id is refused).
- Lines after a blank line inside a list item belong to the item above: when a
  ``- id: …`` line was deleted, its other lines moved onto the item above.

``python -m handbook diff`` shows the effect of each on the plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..data.model import Obj, Origin, Seq
from ..data.project import Handbook, Unit
from ..data.traps import shared_identity
from ..errors import Problem
from ..labels import field_label, labels, message
from ..schema.fields import NOT_MERGED, UNIT, ListOf, Record, Type

SHOWN_ITEMS = 3
SHOWN_CHARS = 60

Layers = list[tuple[str, Any]]  # (file, the value that file writes here), merge order


def layer_warnings(handbook: Handbook, unit: Unit) -> list[Problem]:
    """Every layer warning about ``unit``."""
    names = {group.origin.path: name for name, group in handbook.groups.items()}
    layers: Layers = [(handbook.region.origin.path, handbook.region)]
    layers += [(handbook.groups[g].origin.path, handbook.groups[g]) for g in unit.groups]
    found = list(_replaced(unit.data, UNIT, layers, "", unit, handbook, names, top=True))
    found += _moved_lines(unit)
    found += [p for p in shared_identity([(u.path, u.data) for u in handbook.units],
                                         warn=True) if p.path == unit.path]
    return found


def _replaced(value: Any, kind: Type, layers: Layers, where: str, unit: Unit,
              handbook: Handbook, names: dict[str, str], top: bool = False
              ) -> Iterator[Problem]:
    if isinstance(kind, Record) and isinstance(value, Obj):
        for key, item in value.items():
            if key not in kind.fields or (top and key in NOT_MERGED):
                continue
            sub = f"{where}.{key}" if where else key
            spec = kind.fields[key].type
            below = [(p, n[key]) for p, n in layers if isinstance(n, dict) and key in n]
            if isinstance(spec, ListOf) and not _by_id(spec) and isinstance(item, Seq):
                problem = _replaces(item, value.origins[key], below, sub, unit, handbook,
                                    names)
                if problem is not None:
                    yield problem
            else:
                yield from _replaced(item, spec, below, sub, unit, handbook, names)
    elif isinstance(kind, ListOf) and _by_id(kind) and isinstance(value, Seq):
        for item in value:
            if not isinstance(item, Obj):
                continue
            below = [(p, match) for p, seq in layers if isinstance(seq, list)
                     for match in seq if isinstance(match, dict)
                     and match.get("id") == item.get("id")]
            yield from _replaced(item, kind.item, below, f"{where}[{item.get('id')}]",
                                 unit, handbook, names)


def _by_id(kind: ListOf) -> bool:
    return isinstance(kind.item, Record) and kind.item.merges_by_id


def _replaces(written: Seq, origin: Origin, layers: Layers, where: str, unit: Unit,
              handbook: Handbook, names: dict[str, str]) -> Problem | None:
    """A warning when the list written in a later layer shares no line with the list the
    earlier layers give (what it replaces)."""
    order = [path for path, _ in layers]
    if origin.path not in order and origin.path != unit.path:
        return None
    before = order.index(origin.path) if origin.path in order else len(order)
    inherited = [(path, node) for path, node in layers[:before] if isinstance(node, list)]
    if not inherited or origin.path == handbook.region.origin.path:
        return None
    source, old = inherited[-1]
    old_items = [_item_text(i) for i in old]
    if not old_items or set(old_items) & {_item_text(i) for i in written}:
        return None
    quoted = [f"'{_short(t)}'" for t in old_items]
    if len(quoted) > SHOWN_ITEMS:
        shown = message("editor.layers.more_items", shown=", ".join(quoted[:SHOWN_ITEMS]),
                        count=len(quoted) - SHOWN_ITEMS)
    else:
        shown = _join(quoted)
    return Problem(origin.path, origin.line, origin.col, where, message(
        "editor.layers.list_replaced", source=_source(source, handbook, names),
        items=shown))


def _join(words: list[str]) -> str:
    """'A', 'A och B', 'A, B och C'."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {labels()['history']['and']} {words[-1]}"


def _source(path: str, handbook: Handbook, names: dict[str, str]) -> str:
    words = labels()["plan_diff"]["from"]
    if path == handbook.region.origin.path:
        return str(words["region_short"])
    group = names.get(path, path)
    return str(words["group_short"]).format(group=handbook.group_names().get(group, group))


def _item_text(item: Any) -> str:
    if isinstance(item, dict):
        for key in ("title", "url", "name", "text"):
            if key in item:
                return str(item[key])
    return str(item)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


def _moved_lines(unit: Unit) -> list[Problem]:
    """Lines of a list item in the unit's own file that follow a blank line: they belong
    to the item above, which is seldom what the editor meant."""
    path = Path(unit.path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    found = []
    for key, spec in UNIT.fields.items():
        kind = spec.type
        if not (isinstance(kind, ListOf) and _by_id(kind)):
            continue
        for item in unit.data.get(key, []):
            own = sorted((at.line, name, at) for name, at in item.origins.items()
                         if at.path == unit.path)
            for line, name, at in own[1:]:
                if 2 <= line <= len(lines) + 1 and not lines[line - 2].strip():
                    found.append(Problem(unit.path, line, at.col,
                                         f"{key}[{item.get('id')}].{name}", message(
                                             "editor.layers.moved_lines",
                                             item=item.get("id"), list=field_label(key),
                                             blank=line - 1)))
                    break
    return found

