"""The schema written out as JSON Schema, for editors' YAML tools.

Each scalar kind's JSON Schema is its ``Kind`` in scalars.py. The editor's
tool and ``python -m handbook validate`` should agree on each file
on its own; only what the merge knows (inherited values, ids across layers,
file names) is left to the validator. ``tests/schema/test_schema_agreement.py`` checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..labels import labels
from . import scalars
from .fields import PERSONAL, PRIVATE_VALUE, UNIT, Field, ListOf, Record, Scalar, Type

# Each property's class of data (public, internal, personal), for tools that read it.
DATA_CLASS_KEYWORD = "x-data-class"

SCHEMA_ID = "https://kontinuitetshandboken.invalid/schema/unit.schema.json"

def json_schema() -> dict[str, Any]:
    """The JSON Schema of a unit file, made from handbook.schema.fields."""
    schema = _type(UNIT)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "Kontinuitetsplan för en enhet", **schema}


def write_json_schema(path: Path) -> None:
    """Write the JSON Schema to ``path`` (schema/unit.schema.json)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_json_schema(), encoding="utf-8")


def render_json_schema() -> str:
    """The JSON Schema as the text written to schema/unit.schema.json."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _type(kind: Type) -> dict[str, Any]:
    if isinstance(kind, Record):
        properties = {}
        for name, spec in kind.fields.items():
            prop = _type(spec.type)
            if spec.data_class == PERSONAL:
                # The word 'privat' in place of the value: it is in the private layer.
                prop = {"anyOf": [prop, {"const": PRIVATE_VALUE}]}
            if spec.described:
                prop["description"] = _description(spec)
            prop[DATA_CLASS_KEYWORD] = spec.data_class
            if spec.example:
                prop["examples"] = [_typed_example(spec.type, spec.example)]
            properties[name] = prop
        record: dict[str, Any] = {"type": "object", "properties": properties,
                                  "additionalProperties": False}
        if kind.merges_by_id:
            record["required"] = ["id"]  # checked in each file, not after the merge
        return record
    if isinstance(kind, ListOf):
        return {"type": "array", "items": _type(kind.item)}
    return _scalar(kind)


def _description(spec: Field) -> str:
    """The field's description, then (for a value, not a section or list) its class of
    data: what an editor hovers over."""
    if not isinstance(spec.type, Scalar):
        return spec.described
    return f"{spec.described} {labels()['personal']['classes'][spec.data_class]}"


def _typed_example(kind: Type, example: str) -> Any:
    """The example as the value an editor writes: a number or true/false unquoted, so
    that a tool's completion inserts what the validator accepts."""
    if isinstance(kind, Scalar) and kind.kind == "int":
        return int(example)
    if isinstance(kind, Scalar) and kind.kind == "bool":
        return example == "true"
    return example


def _scalar(kind: Scalar) -> dict[str, Any]:
    return scalars.KINDS[kind.kind].json(kind)
