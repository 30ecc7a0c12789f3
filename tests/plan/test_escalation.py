"""An escalation step without a number gets the number of the contact it rings."""

from __future__ import annotations

from typing import cast

import pytest
from sitebuild import REPO

from handbook import load_handbook
from handbook.data.model import Obj
from handbook.plan.escalation import called_contact, escalation_steps

pytestmark = pytest.mark.unit

TIB = {"id": "tib", "role": "Tjänsteman i beredskap (TIB)", "name": "TIB, regionens",
       "phone": "010-441 00 00"}
HEAD = {"id": "vc", "role": "Verksamhetschef", "name": "Bo Berg", "phone": "031-345 67 89"}


@pytest.mark.parametrize(("action", "expected"), [
    ("Kontinuitetsansvarig ringer TIB och frågar om läsläge", TIB),
    ("Verksamhetschef ringer TIB", TIB),  # the one rung, not the one who rings
    ("Verksamhetschef kontaktar Närhälsans stab", None),  # no contact of that name
    ("Verksamhetschef bokar om besöken", None),  # no call at all
    ("TIB-ansvarig ringer tillbaka", None),  # a word is not a name
])
def test_the_contact_rung(action: str, expected: dict[str, str] | None) -> None:
    assert called_contact(action, [TIB, HEAD]) == expected


def test_every_example_unit_prints_tibs_number_where_it_is_rung() -> None:
    book = load_handbook(REPO / "units", base=REPO)
    for unit in book.units:
        steps = [s for s in escalation_steps(unit.data) if "ringer TIB" in s["action"]]
        assert steps, unit.id
        assert {s.get("phone") for s in steps} == {"010-441 00 00"}, unit.id


def test_steps_stand_in_time_order_across_the_layers() -> None:
    """The region's 30 minutes, the group's half day and Trollhättan's hour stood in
    layer order (30 min, half a day, an hour) on the card; ``minutes`` orders them."""
    book = load_handbook(REPO / "units", base=REPO)
    steps = escalation_steps(book.unit("vc-trollhattan-centrum").data)
    assert [s["after"] for s in steps] == [
        "Journalen är nere mer än 30 minuter", "Mer än en timme med full mottagning",
        "Mer än en halv dag, eller flera enheter drabbade"]
    for unit in book.units:  # wherever every step has its minutes, they only grow
        minutes = [int(s["minutes"]) for s in escalation_steps(unit.data) if "minutes" in s]
        assert minutes == sorted(minutes), unit.id


def test_a_step_without_minutes_keeps_its_place_after_the_timed_ones() -> None:
    data = cast(Obj, {"outage_lead": {"escalation": [
        {"after": "Samma dag", "action": "a"}, {"after": "Fyra timmar", "action": "b",
                                                "minutes": 240},
        {"after": "Halvtimme", "action": "c", "minutes": 30}, {"after": "Sist", "action": "d"}]}})
    assert [s["after"] for s in escalation_steps(data)] == [
        "Halvtimme", "Fyra timmar", "Samma dag", "Sist"]
