"""A PDF process killed mid-build (as the kernel's OOM killer would) ends the build
at once with a Swedish message, instead of waiting for ever for its lost work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitebuild import copy_project, only_units

pytestmark = pytest.mark.pdf

# A build of three binders normally takes well under a minute here; a hang is
# stopped by this timeout (the test then fails, naming it).
HANG = 90
STARTED = 60  # the workers must have started by then


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid``, read from /proc (Linux)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                kids = (task / "children").read_text().split()
            except OSError:
                continue
            for kid in map(int, kids):
                found.append(kid)
                todo.append(kid)
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _render_workers(pid: int) -> list[int]:
    """The build's spawned worker processes (not the resource tracker)."""
    return [kid for kid in _children(pid)
            if "spawn_main" in _cmdline(kid) and "resource_tracker" not in _cmdline(kid)]


@pytest.mark.parametrize("which", [0, -1], ids=["helper", "newest-worker"])
def test_a_killed_pdf_worker_ends_the_build_fast_with_a_swedish_message(
        tmp_path: Path, which: int) -> None:
    assert Path("/proc/self/task").is_dir(), "reads the process tree from Linux's /proc"
    (tmp_path / "p").mkdir()
    project = only_units(copy_project(tmp_path / "p"),
                         ("vc-angen", "vc-kortedala", "bvc-gardsten"))
    env = {**os.environ, "HANDBOOK_PDF": "1", "HANDBOOK_RELEASE": ""}
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
         str(tmp_path / "site")], cwd=project, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + STARTED
        # Two workers at least: the helper that plans the work and one rendering.
        while len(_render_workers(build.pid)) < 2:
            assert build.poll() is None, build.communicate()[0][-3000:]
            assert time.monotonic() < deadline, "no PDF workers started"
            time.sleep(0.05)
        time.sleep(1.0)  # inside a render
        victim = _render_workers(build.pid)[which]
        os.kill(victim, signal.SIGKILL)
        killed = time.monotonic()
        try:
            output, _ = build.communicate(timeout=HANG)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the build still ran {HANG} s after its worker "
                                 f"{victim} was killed") from None
        took = time.monotonic() - killed
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
    assert build.returncode != 0, output[-3000:]
    assert "PDF-processerna avslutades oväntat" in output, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    print(f"the build ended {took:.2f} s after the kill")
    assert took < 15, f"the build took {took:.1f} s to end after the kill"
    # Nothing half-made in the site: the PDFs MkDocs listed stay empty placeholders.
    assert [path.stat().st_size for path in (tmp_path / "site" / "pdf").glob("*.pdf")] \
        == [0] * 4
