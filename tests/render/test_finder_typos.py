"""The unit finder forgives one wrong letter and the short forms staff type
(issue 28, item 4): "kortdala", "gardstn", "trollhätan", "vc kortedala"."""

from __future__ import annotations

import pytest
from test_finder import node_find, script_index

from handbook.data.project import Handbook
from handbook.render.finder import finder_script

pytestmark = pytest.mark.unit

FORGIVEN = {  # query → the unit the finder lists first
    "kortdala": "vc-kortedala",  # a letter left out
    "gardstn": "bvc-gardsten",
    "trollhätan": "vc-trollhattan-centrum",
    "vänersbprg": "vc-vanersborg",  # a letter wrong
    "vc kortedala": "vc-kortedala",  # "vc" for vårdcentral
    "vårdcentralen kortedala": "vc-kortedala",
    "bvc gårdsten": "bvc-gardsten",
    "vc kortdala": "vc-kortedala",
}


def test_finder_finds_a_unit_typed_with_one_letter_wrong_or_a_short_form(
        example_handbook: Handbook) -> None:
    index = script_index(finder_script(example_handbook, directory_urls=True))
    queries = [*FORGIVEN, "kortxyla", "ab"]
    results = dict(zip(queries, node_find(index, queries), strict=True))
    for query, unit in FORGIVEN.items():
        assert results[query]["units"], query
        assert results[query]["units"][0]["id"] == unit, (query, results[query])
    # Two letters wrong, or a word too short to guess at, find nothing.
    assert results["kortxyla"]["total"] == 0
    assert results["ab"]["total"] == 0


def test_a_typo_does_not_crowd_out_exact_matches(example_handbook: Handbook) -> None:
    index = script_index(finder_script(example_handbook, directory_urls=True))
    (found,) = node_find(index, ["kortedala"])
    assert [u["id"] for u in found["units"]] == ["vc-kortedala"]
