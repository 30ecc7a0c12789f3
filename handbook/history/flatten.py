"""A unit's merged data as flat, labelled fields: what the release diff compares.

Each field gets a stable key (list items by their id) and a Swedish label
path, e.g. ``contacts[chef].phone`` → "Kontakter › Verksamhetschef › Telefon".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..data.project import Handbook
from ..labels import field_label
from ..schema.fields import HIDDEN, UNIT, ListOf, Record, Scalar, Type
from ..schema.scalars import scalar_text

SEPARATOR = " › "


def unit_data_json(unit_id: str, name: str, release: str, data: dict[str, Any]) -> str:
    """The file a unit page's "what changed" compares between releases."""
    document = {"unit": unit_id, "name": name, "release": release, "fields": flatten(data)}
    # Not sorted: the fields keep the page's order, which the diff shows.
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def write_unit_data(handbook: Handbook, release: str, folder: Path) -> None:
    """Write each unit's flattened data as data/<id>.json."""
    folder.mkdir(parents=True, exist_ok=True)
    for unit in handbook.units:
        text = unit_data_json(unit.id, unit.name, release, unit.data)
        (folder / f"{unit.id}.json").write_text(text, encoding="utf-8")


def flatten(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """A unit's values by field path, each with its label and text."""
    fields: dict[str, dict[str, str]] = {}
    _walk(data, UNIT, "", [], fields)
    return fields


def _walk(value: Any, kind: Type, key: str, label: list[str],
          fields: dict[str, dict[str, str]]) -> None:
    if isinstance(kind, Record):
        for name, spec in kind.fields.items():
            # Not what a reader never sees: the merge's own keys, the editors' (a sort
            # key, code-host user names, a checklist's kind).
            if name in value and name not in HIDDEN and not spec.editors_only:
                _walk(value[name], spec.type, f"{key}.{name}".lstrip("."),
                      label + [field_label(name)], fields)
    elif isinstance(kind, ListOf):
        for number, item in enumerate(value, start=1):
            ident = item.get("id", number) if isinstance(item, dict) else number
            _walk(item, kind.item, f"{key}[{ident}]", label + [_item_label(item, number)],
                  fields)
    else:
        assert isinstance(kind, Scalar)
        fields[key] = {"label": SEPARATOR.join(label), "value": scalar_text(value, kind)}


def _item_label(item: Any, number: int) -> str:
    if isinstance(item, dict):
        for name in ("title", "role", "name", "location", "date"):
            if name in item:
                return scalar_text(item[name], Scalar("text"))
    return str(number)
