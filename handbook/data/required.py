"""Required fields, checked on the merged unit (a layer may supply them).

A missing field is the unit's to add, so the problem points into the unit's
own file: at its own record when it has one, else at the top of the file. An
inherited list item that lacks a field points at the file the item came from.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Problem
from ..labels import message
from ..schema.fields import Field, ListOf, Record, Type
from .model import Obj, Origin, Seq

# The example is given as "t.ex. 'key: value'", so drop one already in the description.
_EXAMPLE_IN_DESCRIPTION = re.compile(r",? t\.ex\..*$")


def missing_required(merged: Obj, own: Obj | None, kind: Record, where: str = "",
                     at: Origin | None = None) -> list[Problem]:
    """Every required field missing anywhere in ``merged``.

    ``own`` is the same record as the unit's own file wrote it (``None`` when
    the unit did not write it); ``at`` is where to point when neither has it.
    """
    at = own.origin if own is not None else (at or merged.origin)
    problems: list[Problem] = []
    for key, spec in kind.fields.items():
        sub = f"{where}.{key}" if where else key
        if key not in merged:
            if spec.required and key != "id" and key not in merged.invalid:
                problems.append(Problem(at.path, at.line, at.col, sub, _missing(key, spec)))
            continue
        if key in merged.invalid:
            continue  # the rejected value is reported already
        own_value = own.get(key) if own is not None else None
        problems.extend(_walk(merged[key], own_value, spec.type, sub, at))
    return problems


def _walk(value: Any, own: Any, kind: Type, where: str, at: Origin) -> list[Problem]:
    if isinstance(kind, Record) and isinstance(value, Obj):
        return missing_required(value, own if isinstance(own, Obj) else None, kind, where, at)
    if isinstance(kind, ListOf) and isinstance(value, Seq) and isinstance(kind.item, Record):
        own_items = {i.get("id"): i for i in own} if isinstance(own, Seq) else {}
        problems = []
        for number, item in enumerate(value, start=1):
            if "id" in item.invalid:
                continue  # which item it meant is unknown; its id is reported already
            label = item.get("id", number)
            mine = own_items.get(item.get("id"))
            problems.extend(missing_required(item, mine, kind.item, f"{where}[{label}]",
                                             item.origin))
        return problems
    return []


def _missing(key: str, spec: Field) -> str:
    description = _EXAMPLE_IN_DESCRIPTION.sub("", spec.description).rstrip(".")
    description += f" ({spec.allowed})" if spec.allowed else ""
    hint = message("editor.common.example_hint", example=f"{key}: {spec.example}") \
        if spec.example else ""
    return message("editor.required.missing",
                   description=description[:1].lower() + description[1:], hint=hint)
