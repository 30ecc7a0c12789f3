"""The release diff: flat fields in Python, compared by the page's script under Node."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping

import pytest
from sitebuild import REPO, expected_texts, require_tool

from handbook import load_handbook
from handbook.history.flatten import flatten

pytestmark = pytest.mark.unit

SCRIPT = REPO / "docs" / "assets" / "javascripts" / "handbook.js"


def test_flat_fields_hold_every_value_of_a_unit() -> None:
    book = load_handbook(REPO / "units", base=REPO)
    for unit in book.units:
        fields = flatten(unit.data)
        values = [f["value"] for f in fields.values()]
        # What the page shows, and whether a routine applies (the page prints "ej
        # tillämpligt" for no; a change of it is worth comparing).
        applies = [key for key in fields if key.rsplit(".", 1)[-1] == "in_use"]
        assert len(values) == len(expected_texts(unit.data)) + len(applies)
        assert not [key for key in fields if key.endswith(("call_order", "maintainers[1]"))]
        contact = unit.data["contacts"][0]
        key = f"contacts[{contact['id']}].phone"
        assert fields[key]["value"] == contact["phone"]
        assert fields[key]["label"] == f"Kontakter › {contact['role']} › Telefon"


def node_diff(old: Mapping[str, object], new: Mapping[str, object]) -> list[dict[str, str]]:
    node = require_tool("node")
    program = (f"const {{diffFields}} = require({json.dumps(str(SCRIPT))});"
               "let input = ''; process.stdin.on('data', d => input += d);"
               "process.stdin.on('end', () => { const [a, b] = JSON.parse(input);"
               "console.log(JSON.stringify(diffFields(a, b))); });")
    result = subprocess.run([node, "-e", program], input=json.dumps([old, new]),
                            capture_output=True, text=True, check=True)
    rows: list[dict[str, str]] = json.loads(result.stdout)
    return rows


def test_diff_reports_added_removed_and_changed_fields() -> None:
    old = {"name": {"label": "Namn", "value": "VC A"},
           "contacts[chef].phone": {"label": "Kontakter › Chef › Telefon", "value": "031-1"},
           "forms[x].title": {"label": "Blanketter › X › Rubrik", "value": "X"}}
    new = {"name": {"label": "Namn", "value": "VC A"},
           "contacts[chef].phone": {"label": "Kontakter › Chef › Telefon", "value": "031-2"},
           "labs[y].name": {"label": "Labb och provtagning › Y › Namn", "value": "Y"}}
    assert node_diff(old, new) == [
        {"kind": "changed", "label": "Kontakter › Chef › Telefon", "old": "031-1", "now": "031-2"},
        {"kind": "added", "label": "Labb och provtagning › Y › Namn", "old": "", "now": "Y"},
        {"kind": "removed", "label": "Blanketter › X › Rubrik", "old": "X", "now": ""},
    ]
    assert node_diff(old, old) == []
