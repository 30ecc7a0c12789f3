"""The JSON Schema for editors is valid and matches the schema in the code."""

from __future__ import annotations

import json

import jsonschema
import pytest
from sitebuild import REPO

from handbook.cli.editors import SCHEMA_PATH
from handbook.schema.json_schema import render_json_schema

pytestmark = pytest.mark.unit


def test_committed_json_schema_is_up_to_date() -> None:
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == render_json_schema(), "run 'make schema' and commit the result"


def test_json_schema_is_valid_and_in_swedish() -> None:
    schema = json.loads(render_json_schema())
    jsonschema.Draft202012Validator.check_schema(schema)
    contacts = schema["properties"]["contacts"]
    assert contacts["description"] == "Roller och kontakter."
    assert contacts["items"]["properties"]["phone"]["description"].startswith("Telefonnummer")
    assert contacts["items"]["additionalProperties"] is False
