"""A failed or interrupted build never damages the published site/ (issue #11, item 7).

Every build here is the README's ``make site``, run with the repository's Makefile
in a copied project (one unit, so that a PDF build is short), with this test run's
Python standing in for ``.venv/bin``. A site/ is compared by a hash of every file.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sitebuild import REPO, copy_project, example_unit_ids, require_file, require_tool

from handbook.publish.atomic import building, clean_leftovers, previous, swap_in

pytestmark = [pytest.mark.build, pytest.mark.pdf]

UNITS = example_unit_ids()
# The unit with the smallest file, whose binder renders quickest, is the one built.
UNIT_ID = min(UNITS, key=lambda u: ((REPO / "units" / f"{u}.yml").stat().st_size, u))
UNIT_FILE = f"units/{UNIT_ID}.yml"
BIN = Path(sys.executable).parent


def make_site(project: Path, pdf: bool, **options: object) -> subprocess.Popen[str]:
    """Start ``make site`` as the README documents it, in its own process group."""
    make = require_tool("make")
    require_file(BIN / "mkdocs", "pip install -r requirements.lock")
    env = {**os.environ, "HANDBOOK_PDF": "1" if pdf else "0"}
    env.pop("HANDBOOK_RELEASE", None)
    return subprocess.Popen(  # type: ignore[no-any-return]
        [make, "--no-print-directory", "-f", str(REPO / "Makefile"),
         "-o", ".venv/.installed", f"BIN={BIN}", "site"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True, **options)  # type: ignore[call-overload]


def build(project: Path, pdf: bool) -> subprocess.CompletedProcess[str]:
    process = make_site(project, pdf)
    output, _ = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, output)


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with a hash of its bytes."""
    assert folder.is_dir(), f"{folder} is missing"
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("publish"))
    for other in UNITS:
        if other != UNIT_ID:
            (project / "units" / f"{other}.yml").unlink()
    return project


@pytest.fixture(scope="module")
def published(project: Path) -> dict[str, str]:
    """The site/ that every failed or interrupted build must leave as it is."""
    first = build(project, pdf=False)
    assert first.returncode == 0, first.stdout[-2000:]
    site = tree_hash(project / "site")
    assert f"enheter/{UNIT_ID}/index.html" in site
    return site


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site"))


def set_version(project: Path, version: str) -> None:
    path = project / UNIT_FILE
    text = path.read_text(encoding="utf-8")
    assert len(re.findall(r"^  version: .*$", text, re.M)) == 1
    path.write_text(re.sub(r"^  version: .*$", f'  version: "{version}"', text, flags=re.M),
                    encoding="utf-8")


def break_unit_file(project: Path) -> Callable[[], object]:
    path = project / UNIT_FILE
    text = path.read_text(encoding="utf-8")
    assert text.count("  approved: ") == 1
    path.write_text(text.replace("  approved: ", "  approved: 17/11 ", 1), encoding="utf-8")
    return lambda: path.write_text(text, encoding="utf-8")


def break_a_binder(project: Path) -> Callable[[], object]:
    # An outside image in a region chapter: handbok.pdf prints the region chapters (the
    # unit binders sum them up since issue #26), and cannot fetch it.
    chapter = sorted((project / "docs" / "kapitel").glob("*.md"))[0]
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\n![Karta](https://example.invalid/karta.png)\n",
                       encoding="utf-8")
    return lambda: chapter.write_text(text, encoding="utf-8")


# (the failure, how to cause it, whether PDFs are on, what the output must say)
FAILURES = [
    ("broken unit file", break_unit_file, False,
     rf"{UNIT_FILE}:\d+:\d+: document\.approved: "),
    ("pdf cannot be rendered", break_a_binder, True, r"PDF för handbok kunde inte skapas"),
]


@pytest.mark.parametrize(("cause", "pdf", "said"),
                         [pytest.param(c, p, s, id=name) for name, c, p, s in FAILURES])
def test_failed_build_leaves_the_published_site_as_it_was(
        project: Path, published: dict[str, str], cause: Callable[[Path], Callable[[], None]],
        pdf: bool, said: str) -> None:
    undo = cause(project)
    try:
        result = build(project, pdf=pdf)
    finally:
        undo()
    assert result.returncode != 0
    assert re.search(said, result.stdout), result.stdout[-2000:]
    assert "site/ är oförändrad" in result.stdout
    assert "Traceback" not in result.stdout
    assert tree_hash(project / "site") == published
    assert leftovers(project) == []


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_interrupted_build_leaves_the_published_site_and_the_next_build_works(
        project: Path, published: dict[str, str], how: signal.Signals) -> None:
    new = building(project / "site")
    # A change the published site has not got, so the next build's site/ is new.
    version = f"9.{how.value}"
    set_version(project, version)
    process = make_site(project, pdf=True)
    try:
        # Stop it while PDFs render: the new pages and the unit data are written
        # (on_post_build writes data/ just before the binders), and rendering a
        # binder takes seconds; pdf/ is written when every PDF is done.
        deadline = time.monotonic() + 120
        while not (new / "data").exists() and process.poll() is None:
            assert time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.05)
        time.sleep(1.5)
        assert process.poll() is None, f"the build ended before it was stopped: {how.name}"
        # MkDocs wrote stand-ins for the PDFs (on_files); the real ones come last.
        assert (new / "pdf" / "handbok.pdf").stat().st_size == 0
        os.killpg(process.pid, how)
        output, _ = process.communicate(timeout=120)
    finally:
        _end_group(process)
    assert process.returncode != 0
    assert tree_hash(project / "site") == published
    if how == signal.SIGINT:  # the build cleans up after itself
        assert "Bygget avbröts (SIGINT); site/ är oförändrad." in output
        assert leftovers(project) == []
        return
    # Killed, nothing could clean up: the half-written build is still there, and the
    # next build removes it and replaces site/.
    assert leftovers(project) == [new.name]
    result = build(project, pdf=True)
    assert result.returncode == 0, result.stdout[-2000:]
    site = tree_hash(project / "site")
    assert {f"pdf/{UNIT_ID}.pdf", "pdf/handbok.pdf"} <= set(site)
    page = (project / "site" / "enheter" / UNIT_ID / "index.html").read_text(encoding="utf-8")
    assert re.search(rf">\s*{re.escape(version)}\s*<", page)
    assert leftovers(project) == []


def _end_group(process: subprocess.Popen[str]) -> None:
    """Wait for every process of the build to end (a pool worker may outlive make);
    a test that failed before stopping the build stops it here."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGKILL)
    pytest.fail("a process of the interrupted build was still running after 60 s")


# --- the swap, where the system cannot exchange two folders in one step ------------------

def test_swap_without_exchange_uses_renames(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import handbook.publish.atomic

    target, new = tmp_path / "site", building(tmp_path / "site")
    target.mkdir()
    (target / "index.html").write_text("gammal", encoding="utf-8")
    new.mkdir()
    (new / "index.html").write_text("ny", encoding="utf-8")
    monkeypatch.setattr(handbook.publish.atomic, "_exchange", lambda first, second: False)
    swap_in(new, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "ny"
    assert (new / "index.html").read_text(encoding="utf-8") == "gammal"
    assert not previous(target).exists()


def test_swap_cut_short_is_undone_by_the_next_run(tmp_path: Path) -> None:
    """Killed between the two renames: site/ is gone, the old one is .site.previous."""
    target = tmp_path / "site"
    previous(target).mkdir()
    (previous(target) / "index.html").write_text("gammal", encoding="utf-8")
    building(target).mkdir()
    (building(target) / "index.html").write_text("halv", encoding="utf-8")
    clean_leftovers(target)
    assert (target / "index.html").read_text(encoding="utf-8") == "gammal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize(("target", "folder"), [("site", "site"), ("offline", "site-offline")])
def test_make_targets_publish_through_a_new_folder(target: str, folder: str) -> None:
    """``make offline`` goes the same way as ``make site``, into its own folder."""
    make = require_tool("make")
    result = subprocess.run([make, "--no-print-directory", "-n", "-o", ".venv/.installed",
                             "-f", str(REPO / "Makefile"), target], cwd=REPO,
                            capture_output=True, text=True, check=True, timeout=60)
    [build_line] = [line for line in result.stdout.splitlines() if "mkdocs build" in line]
    assert re.match(rf"\S+/python -m handbook publish {folder} -- \S+/mkdocs build --strict",
                    build_line), build_line
