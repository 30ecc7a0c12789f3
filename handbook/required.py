"""Required fields, checked on the merged unit (a layer may supply them)."""

from __future__ import annotations

from typing import Any

from .errors import Problem
from .model import Obj, Origin, Seq
from .schema import ListOf, Record, Type


def missing_required(data: Obj, kind: Record, origin: Origin, where: str = "") -> list[Problem]:
    """Every required field missing anywhere in ``data``, pointing at its record."""
    problems: list[Problem] = []
    for key, spec in kind.fields.items():
        sub = f"{where}.{key}" if where else key
        if key not in data:
            if spec.required:
                hint = f", t.ex. '{key}: {spec.example}'" if spec.example else ""
                problems.append(Problem(origin.path, origin.line, origin.col, sub,
                                        f"saknas; lägg till {spec.description[:1].lower()}"
                                        f"{spec.description[1:].rstrip('.')}{hint}"))
            continue
        problems.extend(_walk(data[key], spec.type, data.origins[key], sub))
    return problems


def _walk(value: Any, kind: Type, origin: Origin, where: str) -> list[Problem]:
    if isinstance(kind, Record) and isinstance(value, Obj):
        return missing_required(value, kind, value.origin, where)
    if isinstance(kind, ListOf) and isinstance(value, Seq):
        problems = []
        pairs = zip(value, value.origins, strict=True)
        for number, (item, item_origin) in enumerate(pairs, start=1):
            label = item.get("id", number) if isinstance(item, Obj) else number
            problems.extend(_walk(item, kind.item, item_origin, f"{where}[{label}]"))
        return problems
    return []
