"""`mkdocs serve` rebuilds when a unit file changes, without rendering PDFs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sitebuild import copy_project

pytestmark = pytest.mark.build

TIMEOUT = 120.0  # generous: a loaded 2-core machine builds slowly


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, text: str) -> bool:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


def test_serve_reloads_when_a_unit_file_changes(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("HANDBOOK_PDF", None)
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/enheter/vc-angen/"
        unit = project / "units" / "vc-angen.yml"
        old_name = next(line for line in unit.read_text(encoding="utf-8").splitlines()
                        if line.startswith("name:")).split(":", 1)[1].strip()
        assert _wait_for(url, old_name)
        assert "PDF-pärmen skapas när handboken byggs" in (_fetch(url) or "")
        unit.write_text(unit.read_text(encoding="utf-8").replace(
            f"name: {old_name}", "name: Omdöpta vårdcentralen"), encoding="utf-8")
        assert _wait_for(url, "Omdöpta vårdcentralen")
        assert not (project / ".cache" / "pdf").exists()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
