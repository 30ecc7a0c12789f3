"""Unit files with given text in every text field, for the escaping tests (issue 11).

``full_unit`` walks the schema and writes a value for every field a unit file may
have (one item in each list): the text a test chooses for each one-line text and
each Markdown field, and a fixed valid value for every other kind. So a test
reaches every place a text field lands without naming the places.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import yaml

from handbook.schema import UNIT, ListOf, Record, Scalar, Type

# Keys a unit file may not set (group_name), or that add nothing here (extends needs
# group files; drop removes an inherited item).
SKIPPED = ("group_name", "extends", "drop")
FIXED: dict[str, Any] = {
    "phone": "031-345 67 89", "time": "15:00", "date": dt.date(2026, 9, 1),
    "url": "https://exempel.se/sida", "hsa": "SE2321000131-E000000011111",
    "user": "anna-andersson", "bool": True,
}
# Text fields by where they are, and the kind: "text" (one line) or "markdown".
TextFor = Callable[[str, str], str]


def full_unit(text: TextFor) -> dict[str, Any]:
    """A unit with every field; ``text(path, kind)`` gives each text field's value."""
    value = _value(UNIT, "", text)
    assert isinstance(value, dict)
    return value


def _value(kind: Type, where: str, text: TextFor) -> Any:
    if isinstance(kind, Record):
        return {key: _value(spec.type, f"{where}.{key}".lstrip("."), text)
                for key, spec in kind.fields.items()
                if key not in SKIPPED}
    if isinstance(kind, ListOf):
        return [_value(kind.item, f"{where}[0]", text)]
    return _scalar(kind, where, text)


def _scalar(kind: Scalar, where: str, text: TextFor) -> Any:
    if kind.kind in ("text", "markdown"):
        return text(where, kind.kind)
    if kind.kind == "id":
        # Unique on the page: anchors are built from ids.
        return re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
    if kind.kind == "int":
        return kind.minimum or 1
    if kind.kind == "choice":
        return kind.choices[0]
    if kind.kind == "bool" and where.endswith("must_be_printed"):
        return True  # the unit's own paper_location is then what the gap checks look at
    return FIXED[kind.kind]


def unit_yaml(data: dict[str, Any]) -> str:
    """The unit as a YAML file: strings quoted where YAML needs it, escapes where a
    character cannot stand in a file; dates, numbers and booleans unquoted."""
    dumped: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                            width=1_000_000)
    return dumped


class _Dumper(yaml.SafeDumper):
    """No anchors and aliases for values used twice (the unit files have none)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def text_fields(data: Any, kinds: tuple[str, ...] = ("text", "markdown")
                ) -> list[tuple[str, str]]:
    """Every value of these kinds in unit ``data``, with its path."""
    return _texts(data, UNIT, "", kinds)


def _texts(data: Any, kind: Type, where: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    if isinstance(kind, Record):
        return [found for key, spec in kind.fields.items() if key in data
                for found in _texts(data[key], spec.type, f"{where}.{key}".lstrip("."), kinds)]
    if isinstance(kind, ListOf):
        return [found for number, value in enumerate(data)
                for found in _texts(value, kind.item, f"{where}[{number}]", kinds)]
    return [(where, data)] if kind.kind in kinds else []
