"""Warnings: a unit with fewer than two maintainers passes ``validate`` with a
Swedish warning on the maintainers line; ``--strict`` makes it a problem."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from unitfiles import VALID, U

pytestmark = pytest.mark.unit

REGION = "region: Testregionen\ndocument:\n  review_months: 12\n"
AREA = "organisation: Område\n"
TREE = {"units/_region.yml": REGION, "units/_groups/area.yml": AREA}
ONE = ("maintainers:\n  - anna-andersson\n")  # lines 9-10
TWO = ONE + "  - bo-berg\n"
ONE_WARNING = (f"{U}:10:3: maintainers: varning: bara anna-andersson kan godkänna ändringar i "
               "enhetens plan, och ingen får godkänna sin egen ändring; lägg till en person "
               "till under 'maintainers:', t.ex. verksamhetschefens ersättare")


def validate(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handbook", "validate", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


def test_one_maintainer_is_a_warning_on_its_line_and_the_run_passes(
        write_tree: Callable[..., Path]) -> None:
    units = write_tree({**TREE, U: VALID + ONE})
    result = validate(units.parent)
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (
        0, [ONE_WARNING], "1 enhet kontrollerad, inga fel, 1 varning\n")


def test_strict_turns_the_warning_into_a_problem(write_tree: Callable[..., Path]) -> None:
    units = write_tree({**TREE, U: VALID + ONE})
    result = validate(units.parent, "--strict")
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (
        1, [ONE_WARNING], "1 problem hittades i enhetsfilerna\n")


def test_two_maintainers_give_no_warning(write_tree: Callable[..., Path]) -> None:
    units = write_tree({**TREE, U: VALID + TWO})
    for args in ((), ("--strict",)):
        result = validate(units.parent, *args)
        assert (result.returncode, result.stdout, result.stderr) == (
            0, "", "1 enhet kontrollerad, inga fel\n")


def test_no_maintainers_is_no_warning(write_tree: Callable[..., Path]) -> None:
    """Without maintainers the unit's file has no CODEOWNERS line of its own: the
    region's editors (the default owner) approve, and can approve each other's."""
    units = write_tree({**TREE, U: VALID})
    result = validate(units.parent, "--strict")
    assert (result.returncode, result.stdout) == (0, "")


def test_github_and_json_formats_keep_warnings_apart_from_problems(
        write_tree: Callable[..., Path]) -> None:
    units = write_tree({**TREE, U: VALID + ONE + "colour: blå\n"})
    github = validate(units.parent, "--format", "github").stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in github] == ["::warning", "::error"]
    assert github[0].startswith(f"::warning file={U},line=10,col=3,title=maintainers::")
    report = json.loads(validate(units.parent, "--format", "json").stdout)
    assert (report["valid"], report["count"]) == (False, 1)
    assert [p["field"] for p in report["problems"]] == ["colour"]
    assert [(w["line"], w["field"]) for w in report["warnings"]] == [(10, "maintainers")]


def test_a_maintainer_with_a_problem_gets_the_problem_only(
        write_tree: Callable[..., Path]) -> None:
    units = write_tree({**TREE, U: VALID + "maintainers:\n  - '@anna'\n"})
    result = validate(units.parent)
    assert result.returncode == 1
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["maintainers[1]"]
