"""Document-control status at each boundary, with a frozen 'today'."""

from __future__ import annotations

import datetime as dt

import pytest
from sitebuild import REPO

from handbook import load_handbook
from handbook.dates import add_months, valid_until
from handbook.status import Status, status_on, unit_status

UNTIL = dt.date(2026, 12, 15)


@pytest.mark.parametrize(("day", "expected"), [
    (UNTIL - dt.timedelta(days=31), Status.CURRENT),
    (UNTIL - dt.timedelta(days=30), Status.DUE),
    (UNTIL - dt.timedelta(days=1), Status.DUE),
    (UNTIL, Status.DUE),
    (UNTIL + dt.timedelta(days=1), Status.OVERDUE),
    (UNTIL + dt.timedelta(days=400), Status.OVERDUE),
], ids=["31-days-before", "30-days-before", "day-before", "on-the-day", "day-after",
        "long-after"])
def test_status_boundaries(day: dt.date, expected: Status) -> None:
    assert status_on(UNTIL, day) is expected


@pytest.mark.parametrize(("approved", "months", "until"), [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2025, 11, 17), 12, dt.date(2026, 11, 17)),
    (dt.date(2025, 12, 1), 13, dt.date(2027, 1, 1)),
    (dt.date(2026, 3, 15), 36, dt.date(2029, 3, 15)),
])
def test_valid_until_adds_whole_months(approved: dt.date, months: int, until: dt.date) -> None:
    assert add_months(approved, months) == until
    assert valid_until({"approved": approved, "review_months": months}) == until


def test_example_unit_status_uses_its_own_document() -> None:
    book = load_handbook(REPO / "units", base=REPO)
    unit = book.units[0]
    until = valid_until(unit.data["document"])
    assert until is not None
    assert unit_status(unit, until).status is Status.DUE
    assert unit_status(unit, until + dt.timedelta(days=1)).status is Status.OVERDUE
    assert unit_status(unit, until - dt.timedelta(days=31)).status is Status.CURRENT
    assert unit_status(unit, until).days_left == 0
