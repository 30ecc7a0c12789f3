"""Approval bound to content on the command line (issue #26).

``validate --base REF``, as the pull-request workflow runs it: a branch that
changes a unit's content without raising its version and approval date gets a
warning (not an error) on the line of the unit's ``document.version``, saying what
to do; raising both, or changing document control alone, gets none. ``status``
shows a plan whose content changed after its approval. A real git repository with
a copy of the example: a main branch and a pull request's branch off it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import copy_project, only_units

from handbook.labels import labels

pytestmark = pytest.mark.unit

UNIT = "vc-kortedala"
FILE = f"units/{UNIT}.yml"


def git(project: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Anna", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "Anna", "GIT_COMMITTER_EMAIL": "a@example.org"}
    return subprocess.run(["git", *args], cwd=project, env=env, check=True,
                          capture_output=True, text=True).stdout


def handbook(project: Path, *args: str,
             env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if k not in ("HANDBOOK_PRIVATE",)},
           **(env or {})}
    return subprocess.run([sys.executable, "-m", "handbook", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(start))


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A repository whose main branch holds two example units, on a pull request's
    branch off main."""
    (tmp_path / "repo").mkdir()
    project = only_units(copy_project(tmp_path / "repo"), (UNIT, "vc-angen"))
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Handboken")
    git(project, "checkout", "-q", "-b", "pr")
    return project


def test_a_change_of_content_without_a_new_approval_warns_on_the_version_line(
        project: Path) -> None:
    unit_file = project / FILE
    edit(unit_file, "    phone: 031-345 82 10\n", "    phone: 031-345 82 19\n")
    git(project, "commit", "-q", "-am", "Nytt nummer")
    # main moves on meanwhile (another unit): only the pull request's own change counts.
    git(project, "checkout", "-q", "main")
    edit(project / "units" / "vc-angen.yml", "phone: 031-345 71 02", "phone: 031-345 71 99")
    git(project, "commit", "-q", "-am", "Angered")
    git(project, "checkout", "-q", "pr")

    result = handbook(project, "validate", "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr  # a warning, not an error
    line = line_of(unit_file, "  version: ")
    (warning,) = result.stdout.splitlines()
    assert warning.startswith(f"{FILE}:{line}:12: document.version: varning: ")
    assert "Kontakt Verksamhetschef ändrad: Telefon" in warning
    assert "höj document.version (nu 1.11)" in warning
    assert "document.approved (nu 2026-01-20)" in warning
    assert "versionen och fastställandedatumet" in warning
    assert "1 varning" in result.stderr
    assert "vc-angen" not in result.stdout

    github = handbook(project, "validate", "--format", "github", "--base", "main")
    assert github.stdout.startswith(
        f"::warning file={FILE},line={line},col=12,title=document.version::")
    assert handbook(project, "validate", "--strict", "--base", "main").returncode == 1
    document = json.loads(handbook(project, "validate", "--format", "json", "--base",
                                   "main").stdout)
    assert document["valid"] is True
    assert [(w["path"], w["field"]) for w in document["warnings"]] == \
        [(FILE, "document.version")]
    # Without --base nothing is compared.
    assert handbook(project, "validate").stdout == ""

    # An uncommitted change counts too; a new version alone still lacks the date.
    edit(unit_file, "  version: \"1.11\"\n", "  version: \"1.12\"\n")
    half = handbook(project, "validate", "--base", "main").stdout
    assert "men inte fastställandedatumet;" in half

    # Both raised: approved again, no warning.
    edit(unit_file, "  approved: 2026-01-20\n", "  approved: 2026-11-30\n")
    git(project, "commit", "-q", "-am", "Fastställd 1.12")
    done = handbook(project, "validate", "--base", "main")
    assert (done.returncode, done.stdout) == (0, "")


def test_a_new_version_approved_again_on_the_day_of_the_last_approval_does_not_warn(
        project: Path) -> None:
    unit_file = project / FILE
    # main: version 1.11 approved on 2026-12-06.
    git(project, "checkout", "-q", "main")
    edit(unit_file, "  approved: 2026-01-20\n", "  approved: 2026-12-06\n")
    git(project, "commit", "-q", "-am", "Fastställd 1.11")
    git(project, "checkout", "-q", "pr")
    git(project, "merge", "-q", "main")
    # The pull request: new content and version 1.12, approved the same day.
    edit(unit_file, "    phone: 031-345 82 10\n", "    phone: 031-345 82 19\n")
    edit(unit_file, "  version: \"1.11\"\n", "  version: \"1.12\"\n")
    git(project, "commit", "-q", "-am", "Fastställd 1.12 samma dag")
    same_day = handbook(project, "validate", "--base", "main",
                        env={"HANDBOOK_TODAY": "2026-12-06"})
    assert (same_day.returncode, same_day.stdout) == (0, ""), same_day.stdout + same_day.stderr
    # The next day the unchanged date reads as forgotten.
    next_day = handbook(project, "validate", "--base", "main",
                        env={"HANDBOOK_TODAY": "2026-12-07"}).stdout
    assert "men inte fastställandedatumet;" in next_day
    assert "document.approved (nu 2026-12-06)" in next_day


def test_document_control_alone_and_a_new_unit_do_not_warn(project: Path) -> None:
    unit_file = project / FILE
    edit(unit_file, "    - Läkemedelsrummet\n", "    - Läkemedelsrummet\n    - Personalrummet\n")
    edit(unit_file, "  review_months: 6\n", "  review_months: 12\n")
    (project / "units" / "vc-ny.yml").write_text(
        (project / "units" / "vc-angen.yml").read_text(encoding="utf-8").replace(
            "name: Närhälsan Angered vårdcentral", "name: Närhälsan Ny vårdcentral").replace(
            # A copy keeps no other unit's HSA-id: that is refused as a copied file.
            "hsa_id: SE2321000131-E000000014207", "hsa_id: SE2321000131-E000000099901"),
        encoding="utf-8")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Dokumentstyrning och ny enhet")
    result = handbook(project, "validate", "--base", "main")
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


def test_an_unknown_base_is_a_usage_error_in_swedish(project: Path, tmp_path: Path) -> None:
    result = handbook(project, "validate", "--base", "finns-inte")
    assert result.returncode == 2
    assert "git hittar ingen gemensam version med 'finns-inte'" in result.stderr
    outside = tmp_path / "outside"
    (outside / "units").mkdir(parents=True)
    for path in (project / "units").glob("*.yml"):
        (outside / "units" / path.name).write_bytes(path.read_bytes())
    (outside / "units" / "_groups").mkdir()
    for path in (project / "units" / "_groups").glob("*.yml"):
        (outside / "units" / "_groups" / path.name).write_bytes(path.read_bytes())
    result = handbook(outside, "validate", "--base", "main")
    assert result.returncode == 2
    assert "units ligger inte i ett git-arkiv; --base jämför med git-historiken" in \
        result.stderr


def test_status_shows_a_plan_changed_after_its_approval(project: Path) -> None:
    text = labels()["status"]
    before = handbook(project, "status", "--today", "2026-12-01")
    assert f"0 {text['changed_after_approval_count']}" in before.stdout.splitlines()[0]
    edit(project / FILE, "    phone: 031-345 82 10\n", "    phone: 031-345 82 19\n")
    git(project, "commit", "-q", "-am", "Nytt nummer")
    result = handbook(project, "status", "--today", "2026-12-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"1 {text['changed_after_approval_count']}" in lines[0]
    column = lines[2].index(text["changed_after_approval_label"])
    row = next(x for x in lines if x.startswith("Närhälsan Kortedala vårdcentral "))
    assert row[column:].startswith(
        "Ändrad efter fastställande 2026-01-20 – ska fastställas igen ")
    other = next(x for x in lines if x.startswith("Närhälsan Angered vårdcentral "))
    assert other[column:].startswith(text["none"] + " ")
    document = json.loads(handbook(project, "status", "--today", "2026-12-01", "--format",
                                   "json").stdout)
    by_id = {u["id"]: u for u in document["units"]}
    assert document["changed_after_approval"] == 1
    assert by_id[UNIT]["changed_after_approval"]["approved"] == "2026-01-20"
    assert by_id["vc-angen"]["changed_after_approval"] is None
