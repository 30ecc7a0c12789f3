"""What a release does to mike's branch after ``mike deploy`` (handbook/publish/ghpages.py), on a
small branch written with git: PDFs under latest/, old releases' PDFs dropped, squash,
prune. tests/publish/test_release.py does the same after real releases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.binder.reprint import ReprintError, reprint_report
from handbook.errors import HandbookError
from handbook.publish.ghpages import finish, versions

pytestmark = pytest.mark.unit

RELEASES = ("2027.03", "2027.02", "2027.01")  # newest first, as versions.json lists them
GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True, env={**os.environ, **GIT_ENV}).stdout


def files(repo: Path) -> dict[str, str]:
    """Every file of gh-pages: path → blob."""
    listing = git(repo, "ls-tree", "-r", "gh-pages").splitlines()
    return {line.split("\t")[1]: line.split()[2] for line in listing}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A gh-pages branch as mike leaves it: three releases, latest a redirect alias with
    no PDFs, each release with its pages and PDFs; two commits of history."""
    repo = tmp_path / "repo"
    pages = tmp_path / "pages"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "gh-pages")
    for count in (2, 3):
        for version in RELEASES[-count:]:
            (pages / version / "pdf").mkdir(parents=True, exist_ok=True)
            (pages / version / "index.html").write_text(version, encoding="utf-8")
            (pages / version / "pdf" / "vc-angen.pdf").write_text(f"%PDF {version}",
                                                                  encoding="utf-8")
        (pages / "latest").mkdir(exist_ok=True)
        (pages / "latest" / "index.html").write_text("redirect", encoding="utf-8")
        (pages / "versions.json").write_text(json.dumps([
            {"version": v, "title": v, "aliases": ["latest"] if n == 0 else []}
            for n, v in enumerate(RELEASES[-count:])]), encoding="utf-8")
        git(repo, "--work-tree", str(pages), "add", "-A")
        git(repo, "--work-tree", str(pages), "commit", "-q", "-m", f"deploy {count}")
    git(repo, "symbolic-ref", "HEAD", "refs/heads/main")  # mike's branch is not checked out
    return repo


def test_finish_puts_the_newest_pdfs_under_latest_and_drops_old_ones(repo: Path,
                                                                     tmp_path: Path) -> None:
    offline = tmp_path / "kontinuitetshandbok-offline-2027.03.zip"
    offline.write_bytes(b"PK zip")
    before = files(repo)
    finish(repo, "2027.03", keep_pdfs=2, extra=[offline])
    after = files(repo)
    assert after["latest/pdf/vc-angen.pdf"] == before["2027.03/pdf/vc-angen.pdf"]  # same blob
    # The zip (every PDF again) under latest/ only
    assert git(repo, "show", "gh-pages:latest/pdf/kontinuitetshandbok-offline-2027.03.zip") \
        == "PK zip"
    assert "2027.03/pdf/kontinuitetshandbok-offline-2027.03.zip" not in after
    assert "2027.02/pdf/vc-angen.pdf" in after
    assert "2027.01/pdf/vc-angen.pdf" not in after  # older than the newest two
    assert after["2027.01/index.html"] == before["2027.01/index.html"]  # its pages stay
    assert set(before) - set(after) == {"2027.01/pdf/vc-angen.pdf"}
    assert set(after) - set(before) == {"latest/pdf/vc-angen.pdf",
                                        "latest/pdf/kontinuitetshandbok-offline-2027.03.zip"}
    assert git(repo, "rev-list", "--count", "gh-pages").strip() == "3"  # not squashed


def test_finish_squashed_is_one_commit_and_replaces_the_old_latest_pdfs(repo: Path) -> None:
    finish(repo, "2027.02", keep_pdfs=3)
    assert git(repo, "show", "gh-pages:latest/pdf/vc-angen.pdf") == "%PDF 2027.02"
    finish(repo, "2027.03", keep_pdfs=3, squash=True)
    assert git(repo, "rev-list", "--count", "gh-pages").strip() == "1"
    assert git(repo, "show", "gh-pages:latest/pdf/vc-angen.pdf") == "%PDF 2027.03"
    assert [p for p in files(repo) if p.startswith("latest/pdf/")] == ["latest/pdf/vc-angen.pdf"]
    assert versions(repo) == list(RELEASES)


def test_finish_refuses_a_release_mike_has_not_deployed(repo: Path) -> None:
    head = git(repo, "rev-parse", "gh-pages")
    with pytest.raises(HandbookError, match="2027.04 finns inte i gh-pages:versions.json"):
        finish(repo, "2027.04")
    with pytest.raises(HandbookError, match="behåller sina PDF:er"):
        finish(repo, "2027.03", keep_pdfs=0)
    assert git(repo, "rev-parse", "gh-pages") == head


def test_prune_keeps_the_newest_releases_with_mike(repo: Path) -> None:
    mike = str(Path(sys.executable).parent / "mike")
    result = subprocess.run([sys.executable, "-m", "handbook", "ghpages", "prune", "2",
                             "--mike", mike], cwd=repo, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV}, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("Borttagna utgåvor: 2027.01")
    assert versions(repo) == list(RELEASES[:2])
    assert not [p for p in files(repo) if p.startswith("2027.01/")]


def test_by_default_only_the_newest_release_keeps_its_pdfs(repo: Path) -> None:
    finish(repo, "2027.03")
    pdfs = sorted(p for p in files(repo) if p.endswith(".pdf"))
    assert pdfs == ["2027.03/pdf/vc-angen.pdf", "latest/pdf/vc-angen.pdf"]


def test_reprint_against_a_release_without_its_pdfs_says_where_they_are(repo: Path) -> None:
    """Not "reprint the whole binder", which a missing binder would otherwise mean."""
    finish(repo, "2027.03")
    with pytest.raises(ReprintError) as raised:
        reprint_report(repo, "vc-angen", duplex=True)
    assert str(raised.value) == (
        "utgåva 2027.02 har inte kvar sina PDF:er på gh-pages (bara de nyaste utgåvorna "
        "behåller dem där; alla finns bland utgåvans filer på GitHub); enhetens sida i "
        "utgåva 2027.03 visar vilka blad som ska bytas mot utgåvan före den")
