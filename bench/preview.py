"""How soon an editor's preview shows a saved unit file (issue #12: within 2 s).

Starts ``mkdocs serve`` with ``HANDBOOK_PREVIEW=<id>`` (what ``make preview
UNIT=<id>`` runs) in a project, waits for the unit's page, then, several times,
writes a new name into the unit file and measures the time from the write until
the served page shows the new name (polled every 50 ms): mkdocs serve's own
rebuild, as the editor sees it. For comparison it also times a one-off
``mkdocs build`` under the same setting and a full site-only build.

    python bench/region.py 300 /tmp/r300 && python bench/preview.py /tmp/r300
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from site_overhead import timed_build

POLL_S = 0.05


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float = 300.0) -> float:
    """Seconds until the page at ``url`` contains ``text``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in _page(url):
            return time.perf_counter() - start
        time.sleep(POLL_S)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


def _set_name(unit: Path, name: str) -> None:
    lines = unit.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"name: {name}\n" if line.startswith("name:") else line for line in lines]
    unit.write_text("".join(lines), encoding="utf-8")


def measure(project: Path, unit_id: str, saves: int) -> list[float]:
    unit = project / "units" / f"{unit_id}.yml"
    original = unit.read_text(encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_PREVIEW": unit_id}
    env.pop("HANDBOOK_PDF", None)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], cwd=project, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/enheter/{unit_id}/"
    times = []
    try:
        _wait_for(url, "</html>")
        for number in range(1, saves + 1):
            time.sleep(1.0)  # let the watcher settle between saves
            name = f"Förhandsvisad enhet {number}"
            _set_name(unit, name)
            times.append(_wait_for(url, name))
    finally:
        server.terminate()
        server.wait(timeout=30)
        unit.write_text(original, encoding="utf-8")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--unit", help="the unit to preview (default: the first file)")
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    project = args.project.resolve()
    units = sorted(p.stem for p in (project / "units").glob("*.yml") if p.stem[0] != "_")
    unit_id = args.unit or units[0]
    times = measure(project, unit_id, args.saves)
    with tempfile.TemporaryDirectory() as tmp:
        preview_build = timed_build(project, Path(tmp) / "p", {"HANDBOOK_PREVIEW": unit_id})
        full_build = timed_build(project, Path(tmp) / "f")
    print(f"{len(units)} units, preview of {unit_id}: save → page shows it "
          f"{', '.join(f'{t:.2f}' for t in times)} s (median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s, mkdocs serve, polled every {POLL_S * 1000:.0f} ms); "
          f"one-off preview build {preview_build[0]:.2f} s (CPU {preview_build[1]:.2f} s); "
          f"full site-only build {full_build[0]:.2f} s (CPU {full_build[1]:.2f} s)")


if __name__ == "__main__":
    main()
