"""A real release of two handbook versions with mike into a temporary git repository."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sitebuild import copy_project

pytestmark = [pytest.mark.build, pytest.mark.pdf]

MIKE = str(Path(sys.executable).parent / "mike")
VERSIONS = ("2026.11", "2026.12")


def run(project: Path, *command: str, **extra_env: str) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_AUTHOR_NAME": "Release",
           "GIT_AUTHOR_EMAIL": "r@example.org", "GIT_COMMITTER_NAME": "Release",
           "GIT_COMMITTER_EMAIL": "r@example.org", **extra_env,
           # mike runs `mkdocs` from PATH
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("HANDBOOK_PDF", None)
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def show(project: Path, path: str) -> bytes:
    return subprocess.run(["git", "show", f"gh-pages:{path}"], cwd=project, check=True,
                          capture_output=True).stdout


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("release"))
    run(project, "git", "init", "-q", "-b", "main")
    run(project, "git", "add", ".")
    run(project, "git", "commit", "-q", "-m", "Handboken")
    for version in VERSIONS:
        # The same commands as `make release VERSION=…`.
        run(project, MIKE, "deploy", "--update-aliases", "--alias-type=redirect", version,
            "latest", HANDBOOK_RELEASE=version)
        run(project, MIKE, "set-default", "latest")
    return project


def test_versions_json_lists_both_releases_with_latest_on_the_newest(released: Path) -> None:
    versions = json.loads(show(released, "versions.json"))
    assert [v["version"] for v in versions] == list(reversed(VERSIONS))
    assert versions[0]["aliases"] == ["latest"]
    assert versions[1]["aliases"] == []


def test_each_release_keeps_its_pages_and_pdfs(released: Path) -> None:
    files = set(subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"],
                               cwd=released, check=True, capture_output=True,
                               text=True).stdout.split())
    for version in VERSIONS:
        assert f"{version}/enheter/vc-angen/index.html" in files
        assert f"{version}/status/index.html" in files
        assert f"{version}/pdf/handbok.pdf" in files
        pdf = PdfReader(io.BytesIO(show(released, f"{version}/pdf/vc-angen.pdf")))
        cover = pdf.pages[0].extract_text()
        assert version in cover
        page = show(released, f"{version}/index.html").decode()
        assert f"Handbokens utgåva: {version}" in page


def test_latest_alias_and_default_redirect_to_the_newest(released: Path) -> None:
    alias = show(released, "latest/enheter/vc-angen/index.html").decode()
    assert f"../../../{VERSIONS[-1]}/enheter/vc-angen/" in alias
    root = show(released, "index.html").decode()
    assert "latest/" in root


def test_older_release_has_the_banner_pointing_to_the_latest(released: Path) -> None:
    page = show(released, f"{VERSIONS[0]}/enheter/vc-angen/index.html").decode()
    assert "Du läser en äldre utgåva av handboken." in page
    assert "Gå till den senaste utgåvan." in page
