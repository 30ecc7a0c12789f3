"""Property: the unit finder lists a unit for any start of its name, typed in any case,
with or without å, ä, ö, and ranks before it only units whose name also matches."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import REPO, require_tool

pytestmark = pytest.mark.unit

SCRIPT = REPO / "docs" / "assets" / "javascripts" / "handbook.js"
PROGRAM = (f"const f = require({json.dumps(str(SCRIPT))});"
           "const [index, query] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
           "const units = f.prepareUnits(index);"
           "console.log(JSON.stringify(f.findUnits(units, query, units.length)));")

word = st.text(alphabet="abdegnorstvåäöéABGNÅÄÖ", min_size=1, max_size=8)
name = st.lists(word, min_size=1, max_size=4).map(" ".join)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+|_", fold(text)) if w]


@given(names=st.lists(name, min_size=1, max_size=8, unique_by=fold), data=st.data())
def test_finder_lists_a_unit_for_any_start_of_its_name(names: list[str],
                                                       data: st.DataObject) -> None:
    node = require_tool("node")
    chosen = data.draw(st.integers(0, len(names) - 1))
    typed = names[chosen][:data.draw(st.integers(1, len(names[chosen])))]
    if data.draw(st.booleans()):
        typed = typed.upper()
    if data.draw(st.booleans()):
        typed = fold(typed)  # a keyboard without å, ä, ö
    query_words = words(typed)
    if not query_words:
        return
    index = {"url": "enheter/{id}/",
             "units": [{"id": f"u{i}", "name": n, "groups": []} for i, n in enumerate(names)]}
    result = subprocess.run([node, "-e", PROGRAM], input=json.dumps([index, typed]),
                            capture_output=True, text=True, check=True)
    found = [unit["id"] for unit in json.loads(result.stdout)["units"]]
    assert f"u{chosen}" in found
    for before in found[:found.index(f"u{chosen}")]:
        name_words = words(names[int(before[1:])])
        assert all(any(w.startswith(q) for w in name_words) for q in query_words), before
