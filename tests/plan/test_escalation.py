"""An escalation step without a number gets the number of the contact it rings."""

from __future__ import annotations

import pytest
from sitebuild import REPO

from handbook import load_handbook
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
