"""Change history from git: the commits that touched a unit or a layer it inherits."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sitebuild import copy_project, mkdocs_build, page_content

from handbook import load_handbook
from handbook.history import read_history


def git(project: Path, *args: str, author: str = "Anna Redaktör") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "a@example.org",
           "GIT_AUTHOR_DATE": "2026-10-01T10:00:00", "GIT_COMMITTER_DATE": "2026-10-01T10:00:00"}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("history"))
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Första versionen av alla planer")
    append(project / "units" / "_groups" / "goteborg-nordost.yml", "# Ny kommentar\n")
    git(project, "commit", "-q", "-am", "Nytt labbnummer för Göteborg nordost", author="Bo Grupp")
    append(project / "units" / "vc-trollhattan-centrum.yml", "# Ändrad\n")
    git(project, "commit", "-q", "-am", "Trollhättan byter kontaktperson", author="Cilla Enhet")
    return project


def test_history_follows_the_layers_a_unit_inherits(repo: Path) -> None:
    history = read_history(repo)
    assert history is not None
    book = load_handbook(repo / "units", base=repo)
    in_group = [u for u in book.units if "goteborg-nordost" in u.groups]
    outside = [u for u in book.units if "goteborg-nordost" not in u.groups]
    assert in_group and outside
    for unit in in_group:
        subjects = [c.subject for c in history.for_unit(unit)]
        assert subjects[0] == "Nytt labbnummer för Göteborg nordost"
        assert "Trollhättan byter kontaktperson" not in subjects
        assert subjects[-1] == "Första versionen av alla planer"
    trollhattan = book.unit("vc-trollhattan-centrum")
    assert [c.subject for c in history.for_unit(trollhattan)] == [
        "Trollhättan byter kontaktperson", "Första versionen av alla planer"]
    assert history.for_unit(trollhattan)[0].author == "Cilla Enhet"


def test_history_is_on_the_unit_page(repo: Path) -> None:
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stderr
    text = page_content((repo / "site/enheter/vc-angen/index.html").read_text())
    assert "Ändringshistorik" in text
    assert "2026-10-01 Bo Grupp Nytt labbnummer för Göteborg nordost" in text
    assert "Trollhättan byter kontaktperson" not in text


def test_without_git_the_page_says_so(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert read_history(project) is None
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    text = page_content((project / "site/enheter/vc-angen/index.html").read_text())
    assert "byggdes utan git-historik" in text
