"""The schema written out as JSON Schema, for editors' YAML tools.

YAML tools read ``0701234567`` as a number and ``no`` as a boolean, while our
loader keeps the written text; so text kinds also admit numbers and booleans.
The editor's tool and ``python -m handbook validate`` should agree on each file
on its own; only what the merge knows (inherited values, ids across layers,
file names) is left to the validator. ``tests/test_schema_agreement.py`` checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import scalars
from .limits import MAX_LINE_CHARS, MAX_VALUE_CHARS
from .schema import PLACEHOLDER, UNIT, ListOf, Record, Scalar, Type

SCHEMA_ID = "https://kontinuitetshandboken.invalid/schema/unit.schema.json"

# Kinds whose pattern does not already refuse a placeholder left from the scaffold.
_NO_PLACEHOLDER = {"not": {"type": "string", "pattern": "^\\s*" + PLACEHOLDER}}

# The characters handbook/textrules.py refuses: every control character (a Markdown
# text may hold line breaks and tabs), U+2028, U+2029 and the bidi controls.
_REFUSED = "\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069"
# The end is "(?![\s\S])", not "$": in Python (jsonschema) "$" also matches
# before a final line break.
_END = "(?![\\s\\S])"
_ONE_LINE = {"pattern": f"^[^{_REFUSED}]*{_END}", "maxLength": MAX_LINE_CHARS}
_MULTILINE = {"pattern": "^[^" + _REFUSED.replace("\\u0000-\\u001f",
                                                  "\\u0000-\\u0008\\u000b-\\u001f")
              + f"]*{_END}", "maxLength": MAX_VALUE_CHARS}

_SCALARS: dict[str, dict[str, Any]] = {
    "text": {"type": ["string", "number", "boolean"], **_ONE_LINE, **_NO_PLACEHOLDER},
    "markdown": {"type": "string", **_MULTILINE, **_NO_PLACEHOLDER},
    "phone": {"type": ["string", "integer"], "pattern": scalars.PHONE.pattern},
    "time": {"type": ["string", "integer"], "pattern": scalars.TIME.pattern},
    "date": {"type": "string", "pattern": scalars.DATE.pattern, "format": "date"},
    "url": {"type": "string", "pattern": r"^(https?://|mailto:|tel:)"},
    "id": {"type": "string", "pattern": scalars.ID.pattern},
    "hsa": {"type": "string", "pattern": scalars.HSA.pattern},
    "bool": {"type": "boolean"},
    "user": {"type": "string", "pattern": scalars.USER.pattern,
             "maxLength": scalars.USER_MAX_LENGTH},
}


def json_schema() -> dict[str, Any]:
    schema = _type(UNIT)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "Kontinuitetsplan för en enhet", **schema}


def write_json_schema(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_json_schema(), encoding="utf-8")


def render_json_schema() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _type(kind: Type) -> dict[str, Any]:
    if isinstance(kind, Record):
        properties = {}
        for name, spec in kind.fields.items():
            prop = _type(spec.type)
            if spec.description:
                prop["description"] = spec.description
            if spec.example:
                prop["examples"] = [spec.example]
            properties[name] = prop
        record: dict[str, Any] = {"type": "object", "properties": properties,
                                  "additionalProperties": False}
        if kind.merges_by_id:
            record["required"] = ["id"]  # checked in each file, not after the merge
        return record
    if isinstance(kind, ListOf):
        return {"type": "array", "items": _type(kind.item)}
    return _scalar(kind)


def _scalar(kind: Scalar) -> dict[str, Any]:
    if kind.kind == "choice":
        return {"type": "string", "enum": list(kind.choices)}
    if kind.kind == "int":
        return {"type": "integer", "minimum": kind.minimum, "maximum": kind.maximum}
    return dict(_SCALARS[kind.kind])
