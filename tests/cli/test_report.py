"""``validate --format text|github|json`` and which problems a list of files shows."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from test_bad_input import (
    AREA_PROBLEM,
    BASE_TREE,
    BROKEN_TREE,
    OTHER_PROBLEM,
    VC_A_PROBLEM,
    VC_B_PROBLEM,
)
from unitfiles import VALID, U

from handbook.cli.main import main
from handbook.cli.report import format_problems, github_annotation
from handbook.errors import Problem

pytestmark = pytest.mark.unit

ALL_PROBLEMS = [AREA_PROBLEM, OTHER_PROBLEM, VC_A_PROBLEM, VC_B_PROBLEM]


@pytest.fixture
def broken(write_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    units = write_tree(BROKEN_TREE)
    monkeypatch.chdir(units.parent)
    return units.parent


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_is_the_default_and_unchanged(broken: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    default = run(capsys)
    assert default == run(capsys, "--format", "text")
    assert default == (1, "".join(f"{line}\n" for line in ALL_PROBLEMS),
                       "4 problem hittades i enhetsfilerna\n")


def test_github_format_is_one_annotation_per_problem(broken: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "github", "units/vc-a.yml")
    assert (code, err) == (1, "2 problem hittades i enhetsfilerna\n")
    assert out.splitlines() == [
        "::error file=units/_groups/area.yml,line=9,col=1,title=colour::" + AREA_PROBLEM.split(
            ":9:1: ", 1)[1],
        "::error file=units/vc-a.yml,line=9,col=1,title=adress::" + VC_A_PROBLEM.split(
            ":9:1: ", 1)[1],
    ]


def test_json_format_is_one_document(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "json", "units/vc-b.yml")
    assert code == 1
    document = json.loads(out)
    assert document == {"valid": False, "count": 2, "problems": [
        {"path": "units/_groups/other.yml", "line": 2, "col": 1, "field": "färg",
         "message": OTHER_PROBLEM.split(": färg: ", 1)[1]},
        {"path": "units/vc-b.yml", "line": 9, "col": 1, "field": "hsa",
         "message": VC_B_PROBLEM.split(": hsa: ", 1)[1]},
    ], "warnings": []}
    assert "färg" in out  # readable UTF-8, not \u escapes


@pytest.mark.parametrize(("fmt", "expected"), [
    ("text", ""), ("github", ""), ("json", '{\n  "valid": true,\n  "count": 0,\n'
                                           '  "problems": [],\n  "warnings": []\n}\n'),
])
def test_valid_files_exit_0_in_every_format(write_tree: Callable[..., Path],
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str],
                                            fmt: str, expected: str) -> None:
    units = write_tree({**BASE_TREE, U: VALID})
    monkeypatch.chdir(units.parent)
    assert run(capsys, "--format", fmt) == (0, expected, "1 enhet kontrollerad, inga fel\n")


def test_unknown_format_is_a_usage_error(broken: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "handbook", "validate", "--format", "xml"],
                            cwd=broken, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (2, "")
    assert "invalid choice: 'xml'" in result.stderr


def test_github_annotation_escapes_what_the_runner_would_misread() -> None:
    problem = Problem("units/a,b:c.yml", 3, 7, "x: y, z", "100% fel\r\npå två rader")
    assert github_annotation(problem) == (
        "::error file=units/a%2Cb%3Ac.yml,line=3,col=7,title=x%3A y%2C z::"
        "x: y, z: 100%25 fel%0D%0Apå två rader")


def test_every_format_sorts_and_says_each_problem_once() -> None:
    late = Problem("units/b.yml", 1, 1, "name", "b")
    early = Problem("units/a.yml", 9, 1, "name", "a")
    assert format_problems([late, early, late], "text") == (
        "units/a.yml:9:1: name: a\nunits/b.yml:1:1: name: b\n")
    assert json.loads(format_problems([late, early, late], "json"))["count"] == 2
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        format_problems([early], "xml")


# --- which problems a list of files shows (pre-commit passes the changed files) ---


def test_a_group_file_shows_its_problems_and_those_of_units_that_inherit_it(
        broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "units/_groups/area.yml")
    assert code == 1
    assert out.splitlines() == [AREA_PROBLEM, VC_A_PROBLEM]


def test_the_region_file_shows_every_unit(broken: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "units/_region.yml") == run(capsys)


def test_a_valid_group_whose_unit_is_broken_exits_1(write_tree: Callable[..., Path],
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # The group is fine on its own, but the unit that inherits it lacks a field.
    units = write_tree({**BASE_TREE, U: VALID.replace("  approved: 2026-09-01\n", "")})
    monkeypatch.chdir(units.parent)
    code, out, _ = run(capsys, "units/_groups/area.yml")
    assert code == 1
    assert out.startswith(f"{U}:5:3: document.approved: saknas;")


def test_the_cli_runs_as_a_module_with_github_format(broken: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "handbook", "validate", "--format",
                             "github", "units/vc-a.yml", "units/_groups/other.yml"],
                            cwd=broken, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert [line.split(",", 1)[0] for line in result.stdout.splitlines()] == [
        "::error file=units/_groups/area.yml", "::error file=units/_groups/other.yml",
        "::error file=units/vc-a.yml", "::error file=units/vc-b.yml"]
