"""A binder is a controlled document (issue #26): a released binder names the unit's
plan version and approval date, never the release, the commit or the build date, so
a unit whose plan and region chapters did not change gets the same bytes in the next
release, and the PDF cache renders none of them again. A draft says so on every page.

Two releases of a copy of the example with two units, in a git repository, one
empty commit apart: nothing the binders show changed."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sitebuild import (
    EXAMPLE_DAY,
    SharedBuild,
    copy_project,
    mkdocs_build,
    only_units,
    squash,
)
from test_binder import EMPTY_PAGE, L, Pdf, log_report, unit_chapters

from handbook import Handbook, routes
from handbook.routes import HANDBOOK

pytestmark = [pytest.mark.build, pytest.mark.pdf]

RELEASES = ("2026.11", "2026.12")
KEPT = ("vc-angen", "vc-vanersborg")  # the units of the copy (a binder costs seconds)
DRAFT_MARK = str(L["binder"]["draft_stamp"]).split("{", 1)[0].strip()


@dataclass(frozen=True)
class Release:
    """One release build: its name, the commit it was built from, its log and PDFs."""

    name: str
    commit: str
    output: str
    pdfs: dict[str, bytes]


def git(project: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org",
                           *arguments], cwd=project, check=True, capture_output=True,
                          text=True).stdout.strip()


def release_build(project: Path, name: str) -> Release:
    git(project, "commit", "-q", "--allow-empty", "-m", f"Utgåva {name}")
    result = mkdocs_build(project, pdf=True,
                          env={"HANDBOOK_RELEASE": name, "HANDBOOK_TODAY": EXAMPLE_DAY})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    pdfs = {p.stem: p.read_bytes() for p in (project / "site" / routes.PDF_DIR).glob("*.pdf")}
    return Release(name, git(project, "rev-parse", "--short=10", "HEAD"), output, pdfs)


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> list[Release]:
    project = only_units(copy_project(tmp_path_factory.mktemp("identity")), KEPT)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Handboken")
    return [release_build(project, name) for name in RELEASES]


def test_next_release_with_nothing_changed_renders_no_binder_and_keeps_the_bytes(
        releases: list[Release]) -> None:
    first, second = releases
    assert first.commit != second.commit
    assert log_report(first.output)[0] == sorted(KEPT)
    rendered, unchanged, _whole = log_report(second.output)
    assert (rendered, unchanged) == ([], len(KEPT))
    for unit in KEPT:
        assert second.pdfs[unit] == first.pdfs[unit], unit


def _text(pdf: bytes, folder: Path, name: str) -> Any:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    return Pdf(path)


def test_released_binder_names_the_plan_version_and_no_release_or_commit(
        releases: list[Release], tmp_path: Path, example_handbook: Handbook) -> None:
    for release in releases:
        for unit in KEPT:
            pdf = _text(release.pdfs[unit], tmp_path, f"{release.name}-{unit}")
            for value in (release.name, release.commit, DRAFT_MARK):
                assert not pdf.has(value), (release.name, unit, value)
            document = example_handbook.unit(unit).data["document"]
            cover = pdf.page(0)
            assert squash(str(document["version"])) in cover
            assert document["approved"].isoformat() in cover
        # The whole handbook may name its release on its own cover.
        assert _text(release.pdfs[HANDBOOK], tmp_path, f"{release.name}-all").has(release.name)


def test_draft_binder_says_draft_on_every_page(example_site: SharedBuild,
                                               example_handbook: Handbook) -> None:
    """The shared example build names no release: a draft. Not a blank form's page,
    which carries only the form's name and the unit, as in a release (it is copied
    into the patient record: test_blank_forms.py), nor a page left empty."""
    for unit in example_handbook.units:
        pdf = Pdf(example_site.site / routes.PDF_DIR / f"{unit.id}.pdf")
        [number] = [c.number for c in unit_chapters(unit) if c.anchor == "kap-blanketter"]
        title = f"{number} {L['print']['chapters']['blanketter']}"
        forms = {entry.page for entry in pdf.find(title).children}
        assert forms
        for number in sorted(set(range(len(pdf.reader.pages))) - forms):
            text = pdf.page(number)
            if text != EMPTY_PAGE:
                assert DRAFT_MARK in text, (unit.id, number + 1, text[:120])
