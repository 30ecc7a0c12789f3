"""The internal build (issue #29): a published release, built inside the organisation
from its tag with the private layer, holds the staff's own numbers; nothing public
does, and nothing is pushed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sitebuild import REPO, copy_project, mkdocs_build, only_units

pytestmark = [pytest.mark.build, pytest.mark.pdf]

UNIT = "vc-vanersborg"
# The example's private layer (examples/private/vc-vanersborg.yml): its numbers that
# stand nowhere else (0521-27 50 14, a deputy's number there, is also the continuity
# lead's work phone in the unit file).
PRIVATE_NUMBERS = ("070-455 28 16", "073-811 42 07", "0521-27 50 10")
SECOND = "Ändrad i utgåva 2026.12"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.invalid",
                           *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


def all_text(folder: Path) -> str:
    """Every page's and data file's text, and every PDF's text."""
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".html", ".json", ".js", ".xml", ".txt"):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".pdf" and path.stat().st_size:
            texts += [page.extract_text() or "" for page in PdfReader(path).pages]
    return "\n".join(texts)


def internal(repo: Path, release: str, private: Path, out: Path
             ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDBOOK_")}
    return subprocess.run([sys.executable, "-m", "handbook", "internal", release,
                           "--private", str(private), "--out", str(out)], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch repository with two releases, v2026.11 and v2026.12 (a correction of
    nothing: the second changes a text), and no remote."""
    repo = tmp_path_factory.mktemp("internal") / "repo"
    repo.mkdir()
    only_units(copy_project(repo), (UNIT,))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First release")
    git(repo, "tag", "v2026.11")
    unit = repo / "units" / f"{UNIT}.yml"
    text = unit.read_text(encoding="utf-8")
    assert "name: Närhälsan Vänersborg vårdcentral" in text
    unit.write_text(text.replace("name: Närhälsan Vänersborg vårdcentral",
                                 f"name: Närhälsan Vänersborg vårdcentral ({SECOND})", 1),
                    encoding="utf-8")
    git(repo, "commit", "-qam", "Second release")
    git(repo, "tag", "v2026.12")
    return repo


def test_the_numbers_are_the_private_layers_alone() -> None:
    layer = (REPO / "examples" / "private" / f"{UNIT}.yml").read_text(encoding="utf-8")
    public = "".join(path.read_text(encoding="utf-8")
                     for path in (REPO / "units").rglob("*.yml"))
    for number in PRIVATE_NUMBERS:
        assert number in layer and number not in public, number


def test_the_internal_build_holds_the_private_numbers_and_nothing_public_does(
        released: Path, tmp_path: Path) -> None:
    private = tmp_path / "private"
    shutil.copytree(REPO / "examples" / "private", private)
    served = tmp_path / "srv" / "handbok"
    served.parent.mkdir()

    first = internal(released, "2026.11", private, served)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert first.stdout.strip() == (f"byggde utgåva 2026.11 (taggen v2026.11) med det privata "
                                    f"lagret i {served}")
    inside = all_text(served)
    for number in PRIVATE_NUMBERS:
        assert number in inside, number
    pdf = "\n".join(page.extract_text() or ""
                    for page in PdfReader(served / "pdf" / f"{UNIT}.pdf").pages)
    assert "070-455 28 16" in pdf.replace("\n", " ") or "070-455 2816" in pdf
    assert SECOND not in inside  # built from the first release's tag, not from main
    # The worktree is gone, the PDFs' cache stays for the next run, nothing was pushed.
    assert not (released / ".internal-build").exists()
    assert list((released / ".cache-internal" / "pdf").glob("*.pdf"))
    assert git(released, "remote") == ""
    assert ".internal-build" not in git(released, "worktree", "list")

    second = internal(released, "2026.12", private, served)
    assert second.returncode == 0, second.stderr[-3000:]
    assert SECOND in all_text(served)

    # The public build of the same release: none of the private values anywhere.
    public = mkdocs_build(released, "--site-dir", str(tmp_path / "public"), pdf=True,
                          env={"HANDBOOK_AUDIENCE": "public",
                               "HANDBOOK_PRIVATE": str(private)})
    assert public.returncode == 0, public.stderr[-3000:]
    outside = all_text(tmp_path / "public")
    assert SECOND in outside
    for number in PRIVATE_NUMBERS:
        assert number not in outside, number


def test_a_release_without_a_tag_is_refused_by_name(released: Path, tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir()
    result = internal(released, "2027.01", private, tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "python -m handbook internal: utgåva 2027.01 har ingen tagg här (v2027.01 eller "
        "v2027.01-N); hämta taggarna med git fetch --tags, eller ange en publicerad utgåva")
    assert not (tmp_path / "out").exists()
