"""The site build's own overhead (issue #12): our build against plain MkDocs.

Our build is ``mkdocs build`` with the hooks and ``HANDBOOK_PDF=0``. The
baseline is plain MkDocs (no hooks) building the same pages written out as
ordinary Markdown files by ``python -m handbook pages``. Both run in separate
processes, alternating, several times in the same command; the ratio of the
medians is the overhead. CPU time (user + system of the build process) is
reported beside wall time: on a shared machine it varies much less.

    python bench/site_overhead.py PROJECT [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Overhead:
    ours_s: float  # median wall time of our build
    plain_s: float  # ... of plain MkDocs on the same pages
    ours_cpu_s: float  # median CPU time (user + system) of our build
    plain_cpu_s: float

    @property
    def ratio(self) -> float:
        return self.ours_s / self.plain_s

    @property
    def cpu_ratio(self) -> float:
        return self.ours_cpu_s / self.plain_cpu_s


def timed_build(project: Path, site: Path,
                env: dict[str, str] | None = None) -> tuple[float, float]:
    """``mkdocs build --strict`` in its own process: (wall seconds, CPU seconds)."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_PDF": "0", **(env or {})}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--site-dir", str(site)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, env=full_env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    errors = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed in {project}:\n{errors}")
    return wall, usage.ru_utime + usage.ru_stime


def measure_overhead(project: Path, repeats: int = 3) -> Overhead:
    with tempfile.TemporaryDirectory(prefix="site-overhead-") as tmp:
        out = Path(tmp) / "pages"
        # The same pages as ours: no PDF links or stand-ins (HANDBOOK_PDF=0, as ours).
        subprocess.run([sys.executable, "-m", "handbook", "pages", str(out)], cwd=project,
                       check=True, capture_output=True, env={**os.environ, "HANDBOOK_PDF": "0"})
        ours: list[tuple[float, float]] = []
        plain: list[tuple[float, float]] = []
        for _ in range(repeats):
            ours.append(timed_build(project, Path(tmp) / "site-ours"))
            plain.append(timed_build(out, Path(tmp) / "site-plain"))
    return Overhead(statistics.median(w for w, _ in ours), statistics.median(w for w, _ in plain),
                    statistics.median(c for _, c in ours), statistics.median(c for _, c in plain))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    result = measure_overhead(args.project.resolve(), args.repeats)
    print(f"ours {result.ours_s:.2f} s (CPU {result.ours_cpu_s:.2f} s), plain MkDocs "
          f"{result.plain_s:.2f} s (CPU {result.plain_cpu_s:.2f} s): ratio {result.ratio:.2f}× "
          f"wall, {result.cpu_ratio:.2f}× CPU ({args.repeats} repeats, medians)")


if __name__ == "__main__":
    main()
