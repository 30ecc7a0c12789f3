"""The site search's small section entries of unit pages (issue 28, item 4): a unit's
contact names, phone numbers (as written, as digits, without area code), labs and
routine names, each leading to the section of the unit page that shows them, within a
size budget. In the browser: tests/site/test_search_field.py."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sitebuild import SharedBuild

from handbook.render.search_index import NUMBERS, is_unit_section, phone_forms

pytestmark = [pytest.mark.build, pytest.mark.pdf]  # the shared example build, with PDFs

UNIT = "enheter/bvc-gardsten/"
# The section entries of a unit page may add this much to the index, on average per
# unit: at 1,000 units, ~2 MB on top of the pages' own entries (688 KB), instead of the
# 28 MB the whole sections made. The example's average was about 1,100 bytes with
# names and numbers listed apart, and is about 1,800 with each number beside whose it
# is (a nurse read a head of unit's private mobile as the sample contact's).
BUDGET_PER_UNIT = 2000


@pytest.fixture(scope="module")
def index(example_site: SharedBuild) -> dict[str, Any]:
    path = example_site.site / "search" / "search_index.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def entries(index: dict[str, Any], page: str) -> dict[str, dict[str, str]]:
    """A unit page's section entries by anchor."""
    return {doc["location"].partition("#")[2]: doc for doc in index["docs"]
            if doc["location"].startswith(page + "#")}


@pytest.mark.parametrize(("written", "forms"), [
    ("031-343 55 00", ["0313435500", "3435500"]),
    ("0702845511", ["0702845511"]),
    ("010-441 50 00", ["0104415000", "4415000"]),
    ("112", []),
])
def test_a_phone_number_is_indexed_as_digits_and_without_area_code(
        written: str, forms: list[str]) -> None:
    assert phone_forms(written) == forms


def test_a_unit_page_has_entries_for_names_numbers_labs_and_routines(
        index: dict[str, Any], example_site: SharedBuild) -> None:
    found = entries(index, UNIT)
    card, labs, routines = found["atgardskort"], found["labs"], found["routines"]
    assert "Johanna Eklöf" in card["text"], card
    assert "031-343 55 00" in card["text"], card  # the acute number, as written
    assert {"0313435500", "3435500"} <= set(card[NUMBERS].split()), card
    assert "Provtagningen, Närhälsan Angered vårdcentral" in labs["text"], labs
    assert "Läkemedelslista när den nationella listan inte nås" in routines["text"], routines
    assert "numbers" in index["config"]["fields"]
    # Each leads to a section the unit page has (its anchor is an id there).
    page = (example_site.site / UNIT / "index.html").read_text(encoding="utf-8")
    for anchor in found:
        assert f'id="{anchor}"' in page, anchor
    # Only terms: no sentences of the sections' text.
    assert "Dokumentera besöken skriftligt" not in json.dumps(found, ensure_ascii=False)


def test_the_section_entries_stay_within_the_size_budget(index: dict[str, Any]) -> None:
    units = [doc for doc in index["docs"]
             if re.fullmatch(r"enheter/(?!index\.html$)[^/#]+/", doc["location"])]
    sections = [doc for doc in index["docs"] if is_unit_section(doc["location"])]
    assert units and sections
    size = len(json.dumps(sections, ensure_ascii=False, separators=(",", ":")))
    assert size / len(units) <= BUDGET_PER_UNIT, (size, len(units))
    # Every unit page gets some (a unit always has its action card's call list).
    assert {doc["location"].partition("#")[0] for doc in sections} == \
        {doc["location"] for doc in units}


PHONE = re.compile(r"\b0\d{1,3}-?[\d ]{5,}\d\b")


def test_each_number_in_an_entry_stands_with_its_own_name(index: dict[str, Any]) -> None:
    """A result never sets a number beside another part's name: each term of a section
    entry that holds a number says first whose it is ("Ansvarig för provtagningen: Elin
    Sandberg, biomedicinsk analytiker, 031-345 71 40"), and the numbers do not stand on
    their own at the end, where a nurse read the head of unit's private mobile as the
    sample contact's."""
    angered = entries(index, "enheter/vc-angen/")
    assert "Ansvarig för provtagningen: Elin Sandberg, biomedicinsk analytiker, " \
        "031-345 71 40" in angered["contacts"]["text"].split(" · "), angered["contacts"]
    assert "Verksamhetschef: Katarina Lindqvist, 031-345 71 02" in angered["atgardskort"]["text"]
    sections = [doc for doc in index["docs"] if is_unit_section(doc["location"])]
    for doc in sections:
        for term in doc["text"].split(" · "):
            if PHONE.search(term):
                who, colon, _ = term.partition(": ")
                assert colon and who and not PHONE.search(who), (doc["location"], term)


def test_a_unit_entry_reads_label_then_value(index: dict[str, Any]) -> None:
    """ "HSA-id: SE2321000131-E000000014207 · Organisation: Närhälsan", not
    "HSA-idSE2321000131-E000000014207OrganisationNärhälsan"."""
    [unit] = [doc for doc in index["docs"] if doc["location"] == "enheter/vc-angen/"]
    assert "Grupper: Närhälsan Göteborg nordost · HSA-id: SE2321000131-E000000014207 · " \
        "Organisation: Närhälsan · " in unit["text"], unit["text"]
