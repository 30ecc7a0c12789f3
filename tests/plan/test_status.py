"""Document-control status at each boundary, with a frozen 'today'."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from examplegaps import GAP_KIND, GAP_UNIT, units_with_checklist_gap
from sitebuild import REPO

from handbook import load_handbook
from handbook.data.dates import add_months, valid_until
from handbook.plan.status import Status, status_on, unit_status

pytestmark = pytest.mark.unit

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


def status_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handbook", "status", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_status_command_prints_the_table_and_fails_on_overdue() -> None:
    book = load_handbook(REPO / "units", base=REPO)
    day = "2026-11-26"
    rows = [unit_status(u, dt.date.fromisoformat(day)) for u in book.units]
    overdue = [r for r in rows if r.status is Status.OVERDUE]
    assert overdue, "the examples should have an overdue unit on this day"
    result = status_cli("--today", day, "--fail-on", "overdue")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{sum(r.status is Status.CURRENT for r in rows)} aktuell, "
                               f"{sum(r.status is Status.DUE for r in rows)} dags för översyn, "
                               f"{len(overdue)} förfallen, ")
    for row in overdue:
        line = next(x for x in lines if x.startswith(row.unit.name + " "))
        assert "Förfallen" in line and row.valid_until.isoformat() in line
    assert status_cli("--today", day).returncode == 0


def test_status_command_exit_code_follows_the_day() -> None:
    book = load_handbook(REPO / "units", base=REPO)
    first_until = min(unit_status(u, dt.date(2000, 1, 1)).valid_until for u in book.units)
    assert status_cli("--today", first_until.isoformat(), "--fail-on", "overdue"
                      ).returncode == 0
    assert status_cli("--today", first_until.isoformat(), "--fail-on", "due").returncode == 1
    day_after = (first_until + dt.timedelta(days=1)).isoformat()
    assert status_cli("--today", day_after, "--fail-on", "overdue").returncode == 1
    assert status_cli("--today", "2026-13-01").returncode == 2


def test_status_command_json() -> None:
    book = load_handbook(REPO / "units", base=REPO)
    result = status_cli("--today", "2026-11-26", "--format", "json")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["day"] == "2026-11-26"
    assert {u["id"] for u in document["units"]} == {u.id for u in book.units}
    assert sum(document["counts"].values()) == len(book.units)
    for entry in document["units"]:
        unit = book.unit(entry["id"])
        expected = unit_status(unit, dt.date(2026, 11, 26))
        assert entry["status"] == expected.status.value
        assert entry["valid_until"] == expected.valid_until.isoformat()
        assert entry["version"] == unit.data["document"]["version"]


def test_missing_printed_copy_is_a_gap_of_that_unit_only() -> None:
    """A form the region marks must_be_printed, without the unit's paper_location."""
    book = load_handbook(REPO / "units", base=REPO)
    day = dt.date(2026, 11, 26)
    gaps = {u.id: unit_status(u, day).missing_paper for u in book.units}
    lacking = {uid: found for uid, found in gaps.items() if found}
    assert lacking == {"vc-vanersborg": (
        ("reservrutin-pascal", "Reservrutin när ordination i Pascal inte är möjlig"),)}
    printed = {f["id"] for f in book.region["forms"] if f.get("must_be_printed")}
    assert {"avbrottsrutin-lab", "reservrutin-pascal"} <= printed


def test_status_command_shows_the_missing_printed_copy() -> None:
    from handbook.labels import labels

    text = labels()["status"]
    result = status_cli("--today", "2026-11-26")
    lines = result.stdout.splitlines()
    assert f", 1 {text['missing_paper_count']}, " in lines[0]
    header = lines[2]
    column = header.index(text["missing_paper"])
    assert column > header.index(text["label"])
    row = next(x for x in lines if x.startswith("Närhälsan Vänersborg vårdcentral "))
    assert row[column:].startswith("Reservrutin när ordination i Pascal inte är möjlig")
    other = next(x for x in lines if x.startswith("Närhälsan Angered vårdcentral "))
    assert other[column:].startswith(text["none"] + " ")
    document = json.loads(status_cli("--today", "2026-11-26", "--format", "json").stdout)
    assert document["missing_paper"] == 1
    by_id = {u["id"]: u for u in document["units"]}
    assert by_id["vc-vanersborg"]["missing_paper"] == [
        {"id": "reservrutin-pascal",
         "title": "Reservrutin när ordination i Pascal inte är möjlig"}]
    assert by_id["vc-angen"]["missing_paper"] == []


@pytest.fixture(scope="module")
def gap_units(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example units, bvc-gardsten without its power-cut checklist."""
    return units_with_checklist_gap(REPO, tmp_path_factory.mktemp("gap"))


def test_the_examples_current_plans_have_every_required_checklist() -> None:
    """A plan shown as current has no gap inside (issue #26): no example unit lacks one."""
    book = load_handbook(REPO / "units", base=REPO)
    day = dt.date(2026, 12, 5)
    gaps = {u.id: unit_status(u, day).missing_checklists for u in book.units}
    assert not any(gaps.values())


def test_missing_checklist_is_a_gap_of_that_unit_only(gap_units: Path) -> None:
    """coverage.py: the region's required kinds; the copy's bvc-gardsten lacks one."""
    book = load_handbook(gap_units, base=gap_units.parent)
    day = dt.date(2026, 11, 26)
    gaps = {u.id: unit_status(u, day).missing_checklists for u in book.units}
    assert {uid: kinds for uid, kinds in gaps.items() if kinds} == {GAP_UNIT: (GAP_KIND,)}
    assert {"journal", "natverk", "strom"} <= set(book.region["required_checklists"])


def test_removing_a_checklist_makes_a_gap_and_other_kinds_do_not_count() -> None:
    from typing import Any

    from handbook.plan.coverage import missing_checklists

    data: dict[str, Any] = {"required_checklists": ["journal", "natverk", "strom"],
            "checklists": [{"id": "a", "kind": "journal"}, {"id": "b", "kind": "telefoni"},
                           {"id": "c", "kind": "strom"}]}
    assert missing_checklists(data) == ["natverk"]  # type: ignore[arg-type]
    data["checklists"] = data["checklists"][:2]
    assert missing_checklists(data) == ["natverk", "strom"]  # type: ignore[arg-type]
    assert missing_checklists({"checklists": []}) == []  # type: ignore[arg-type]


def test_status_command_shows_the_missing_checklist(gap_units: Path) -> None:
    from handbook.labels import labels

    text = labels()
    result = status_cli("--units", str(gap_units), "--today", "2026-11-26")
    lines = result.stdout.splitlines()
    assert f", 1 {text['status']['missing_checklists_count']}," in lines[0]
    header = lines[2]
    column = header.index(text["status"]["missing_checklists"])
    row = next(x for x in lines if x.startswith("Närhälsan Gårdsten barnavårdscentral "))
    assert row[column:].startswith(text["checklist_kinds"]["strom"] + " ")
    other = next(x for x in lines if x.startswith("Närhälsan Angered vårdcentral "))
    assert other[column:].startswith(text["status"]["none"] + " ")
    document = json.loads(status_cli("--units", str(gap_units), "--today", "2026-11-26",
                                     "--format", "json").stdout)
    assert document["missing_checklists"] == 1
    by_id = {u["id"]: u for u in document["units"]}
    assert by_id["bvc-gardsten"]["missing_checklists"] == ["strom"]
    assert by_id["vc-angen"]["missing_checklists"] == []


# The day the example's dates were last chosen (issue #26): the mix must hold a year on.
EXAMPLE_DATED = dt.date(2026, 12, 5)


def test_the_example_shows_a_mix_of_statuses_every_day_for_a_year() -> None:
    """A new region's first look at the example is not "Förfallen": on every day of the
    year from the day the dates were chosen, at most a third of the units are overdue
    and at least one is current; on that day current, due and overdue plans all show."""
    book = load_handbook(REPO / "units", base=REPO)
    first = [unit_status(u, EXAMPLE_DATED).status for u in book.units]
    assert set(first) == set(Status), first
    for offset in range(366):
        day = EXAMPLE_DATED + dt.timedelta(days=offset)
        statuses = [unit_status(u, day).status for u in book.units]
        overdue = statuses.count(Status.OVERDUE)
        assert 3 * overdue <= len(statuses), (day, statuses)
        assert Status.CURRENT in statuses, (day, statuses)
        assert len(set(statuses)) >= 2, (day, statuses)
