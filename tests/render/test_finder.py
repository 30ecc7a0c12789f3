"""The unit finder's index and ranking, and the groups of the list pages (no browser;
tests/site/test_browser.py types into the finder, tests/site/test_site.py reads the built pages)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sitebuild import REPO, require_tool

from handbook import load_handbook
from handbook.data.project import Handbook
from handbook.render.finder import (
    GLOBAL,
    OPEN_GROUPS_UP_TO,
    finder_script,
    home_group,
    unit_groups,
)
from handbook.render.pages import generated_pages

sys.path.insert(0, str(REPO / "bench"))
import region  # noqa: E402

pytestmark = pytest.mark.unit

SCRIPT = REPO / "docs" / "assets" / "javascripts" / "handbook.js"
PUBLIC = {"id", "name", "place", "org", "groups"}


def script_index(text: str) -> dict[str, Any]:
    prefix = f"var {GLOBAL} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    index: dict[str, Any] = json.loads(text[len(prefix):-2])
    return index


def test_finder_index_holds_every_unit_with_public_fields_only(example_handbook: Handbook) -> None:
    index = script_index(finder_script(example_handbook, directory_urls=True))
    assert index["url"] == "enheter/{id}/"
    assert sorted(u["id"] for u in index["units"]) == sorted(u.id for u in example_handbook.units)
    names = example_handbook.group_names()
    for entry in index["units"]:
        assert set(entry) <= PUBLIC
        unit = example_handbook.unit(entry["id"])
        assert entry["name"] == unit.name
        assert entry.get("place") == unit.data.get("address")
        assert entry.get("org") == unit.data.get("organisation")
        assert entry["groups"] == [names[g] for g in reversed(unit.groups)]
    # Nothing else of a unit's plan: no phone number, HSA id or maintainer is in it.
    text = json.dumps(index, ensure_ascii=False)
    for unit in example_handbook.units:
        assert str(unit.data["hsa_id"]) not in text
        for contact in unit.data["contacts"]:
            assert str(contact["phone"]) not in text
        for maintainer in unit.data.get("maintainers", []):
            assert f'"{maintainer}"' not in text
    offline = script_index(finder_script(example_handbook, directory_urls=False))
    assert offline["url"] == "enheter/{id}.html"


def test_every_unit_is_in_exactly_one_group_named_by_its_last_group(
        example_handbook: Handbook) -> None:
    groups = unit_groups(list(example_handbook.units), example_handbook.group_names(),
                         "Utan grupp")
    listed = [unit.id for group in groups for unit in group.units]
    assert sorted(listed) == sorted(u.id for u in example_handbook.units)
    by_name = {g.name: sorted(u.id for u in g.units) for g in groups}
    assert by_name == {
        "Närhälsan Göteborg nordost": ["bvc-gardsten", "vc-angen", "vc-kortedala"],
        "Fyrbodal (prover till NÄL)": ["psykiatrimottagning-uddevalla",
                                       "vc-trollhattan-centrum", "vc-vanersborg"]}
    assert [g.name for g in groups] == sorted(by_name)


def region_book(tmp_path: Path, units: int) -> Handbook:
    region.write_region(units, tmp_path)
    return load_handbook(tmp_path / "units", base=tmp_path)


def list_pages(book: Handbook) -> dict[str, str]:
    return {p.src_uri: p.markdown for p in generated_pages(book, pdf=False)
            if p.src_uri in ("index.md", "enheter/index.md", "status.md")}


@pytest.mark.parametrize("units", [OPEN_GROUPS_UP_TO, OPEN_GROUPS_UP_TO + 1])
def test_list_pages_fold_their_groups_only_for_a_larger_region(tmp_path: Path,
                                                               units: int) -> None:
    book = region_book(tmp_path, units)
    homes = {home_group(u) for u in book.units}
    for uri, markdown in list_pages(book).items():
        details = re.findall(r"<details [^>]*>", markdown)
        assert len(details) == len(homes), uri
        opened = [d for d in details if " open" in d]
        assert len(opened) == (len(details) if units <= OPEN_GROUPS_UP_TO else 0), uri
        # Each unit once, inside its group's element.
        for unit in book.units:
            assert markdown.count(f"{unit.id}.md") == 1, (uri, unit.id)


def node_find(index: dict[str, Any], queries: list[str]) -> list[dict[str, Any]]:
    node = require_tool("node")
    program = (f"const f = require({json.dumps(str(SCRIPT))});"
               "let input = ''; process.stdin.on('data', d => input += d);"
               "process.stdin.on('end', () => { const [index, queries] = JSON.parse(input);"
               "const units = f.prepareUnits(index);"
               "console.log(JSON.stringify(queries.map(q => f.findUnits(units, q, 10)))); });")
    result = subprocess.run([node, "-e", program], input=json.dumps([index, queries]),
                            capture_output=True, text=True, check=True)
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


QUERIES = {  # query → the unit the finder lists first
    "ange": "vc-angen",  # a prefix of a word of the name: "Angered"
    "ANGERED": "vc-angen",
    "närhälsan gårdst": "bvc-gardsten",
    "narhalsan gardst": "bvc-gardsten",  # without the Swedish letters
    "vänersb": "vc-vanersborg",
    "trollh": "vc-trollhattan-centrum",
    "nu-sjukvården": "psykiatrimottagning-uddevalla",  # the organisation
    "uddevalla": "psykiatrimottagning-uddevalla",
    "gered": "vc-angen",  # part of a word, when nothing starts with it
}


def test_finder_ranks_the_unit_first_with_swedish_letters_case_and_prefixes(
        example_handbook: Handbook) -> None:
    index = script_index(finder_script(example_handbook, directory_urls=True))
    queries = [*QUERIES, "nordost", "zzz", "  "]
    results = dict(zip(queries, node_find(index, queries), strict=True))
    for query, unit in QUERIES.items():
        assert results[query]["units"][0]["id"] == unit, (query, results[query])
    # A group's name finds every unit in it, and only those.
    nordost = sorted(u.id for u in example_handbook.units if "goteborg-nordost" in u.groups)
    assert sorted(u["id"] for u in results["nordost"]["units"]) == nordost
    assert results["nordost"]["total"] == len(nordost)
    assert results["zzz"] == {"total": 0, "units": []}
    assert results["  "] == {"total": 0, "units": []}


def test_finder_shows_ten_and_counts_all_in_a_larger_region(tmp_path: Path) -> None:
    book = region_book(tmp_path, 60)
    index = script_index(finder_script(book, directory_urls=True))
    (kind,) = node_find(index, ["vårdc"])
    expected = sum(1 for u in book.units if u.name.startswith("Vårdcentral"))
    assert kind["total"] == expected > 10
    assert len(kind["units"]) == 10
    assert all(u["name"].startswith("Vårdcentral") for u in kind["units"])
