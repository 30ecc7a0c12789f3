"""CODEOWNERS is written from each unit's ``maintainers`` and kept up to date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sitebuild import REPO
from test_bad_input import BASE_TREE
from unitfiles import VALID

from handbook import load_handbook, read_handbook
from handbook.cli.main import main
from handbook.tools.codeowners import CODEOWNERS_PATH, DEFAULT_OWNER, HEADER, render_codeowners

pytestmark = pytest.mark.unit


def test_committed_codeowners_is_up_to_date() -> None:
    committed = (REPO / CODEOWNERS_PATH).read_text(encoding="utf-8")
    expected = render_codeowners(load_handbook(REPO / "units", base=REPO))
    assert committed == expected, "run 'python -m handbook codeowners' and commit the result"


def test_every_example_unit_has_an_owner_line() -> None:
    committed = (REPO / CODEOWNERS_PATH).read_text(encoding="utf-8")
    for unit in load_handbook(REPO / "units", base=REPO).units:
        line = next(x for x in committed.splitlines() if x.startswith(f"/{unit.path} "))
        assert line.split()[1:] == sorted(f"@{m}" for m in unit.data["maintainers"])


TREE = {
    **BASE_TREE,
    "units/vc-b.yml": VALID + "maintainers:\n  - Zoe-L\n  - anna\n  - ANNA\n",
    "units/vc-a.yml": VALID + "maintainers:\n  - bo\n",
    "units/vc-c.yml": VALID,  # no maintainers: the default owner reviews it
}
EXPECTED = (HEADER + f"* {DEFAULT_OWNER}\n\n"
            "# Varje enhets plan godkänns av enhetens egna granskare.\n"
            "/units/vc-a.yml @bo\n"
            "/units/vc-b.yml @anna @Zoe-L\n")


def test_one_sorted_line_per_unit_with_maintainers(write_tree: Callable[..., Path]) -> None:
    units = write_tree(TREE)
    assert render_codeowners(read_handbook(units, base=units.parent)) == EXPECTED


def test_a_handbook_without_maintainers_has_only_the_default_owner(
        write_tree: Callable[..., Path]) -> None:
    units = write_tree({**BASE_TREE, "units/vc-c.yml": VALID})
    book = read_handbook(units, base=units.parent)
    assert render_codeowners(book, "@org/team") == HEADER + "* @org/team\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["codeowners", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(write_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    units = write_tree(TREE)
    monkeypatch.chdir(units.parent)
    return units.parent


def test_cli_writes_then_check_passes(project: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys) == (0, "skrev .github/CODEOWNERS\n", "")
    assert (project / ".github/CODEOWNERS").read_text(encoding="utf-8") == EXPECTED
    assert run(capsys, "--check") == (0, "", "")


def test_check_fails_with_the_lines_to_change(project: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys)
    unit = project / "units/vc-a.yml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("  - bo\n", "  - cecilia\n"),
                    encoding="utf-8")
    code, out, err = run(capsys, "--check")
    assert code == 1
    assert "-/units/vc-a.yml @bo\n+/units/vc-a.yml @cecilia\n" in out
    assert err.startswith(".github/CODEOWNERS stämmer inte med fältet maintainers")
    assert "@bo" in (project / ".github/CODEOWNERS").read_text(encoding="utf-8")  # untouched


def test_check_fails_when_the_file_is_missing(project: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--check")
    assert code == 1
    assert "+* @vgr-exempel/kontinuitet-redaktorer\n" in out
    assert not (project / ".github").exists()


def test_broken_units_write_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit = project / "units/vc-a.yml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("  - bo\n", "  - '@bo'\n"),
                    encoding="utf-8")
    code, out, err = run(capsys)
    assert code == 1
    assert out == ("units/vc-a.yml:10:5: maintainers[1]: skriv användarnamnet utan @, "
                   "t.ex. bo\n")
    assert err == "CODEOWNERS skrevs inte: rätta först problemen i enhetsfilerna ovan\n"
    assert not (project / ".github").exists()
