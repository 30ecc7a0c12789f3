"""Build benchmark of a synthetic region (issue #12), against the example handbook.

Two projects, each in a git repository of its own: the example handbook (6
units, the baseline) and a synthetic region of N units (bench/region.py;
``--units``, default ``BENCH_UNITS`` or 300). Each is built the way a user
builds, one process per build (``python -m handbook publish site -- mkdocs
build --strict``, a new hash seed each time), in this order:

1. full cold build, site and PDFs, empty cache;
2. nothing changed (PDFs on);
3. one unit changed and committed (PDFs on);
4. site only (``HANDBOOK_PDF=0``);
5. the site overhead: site-only builds alternating with plain MkDocs on the same
   pages written as files (``python -m handbook pages``), ratio of the medians
   (bench/site_overhead.py);
6. the release scenario (issue #26, a binder is a controlled document): a first
   release (``HANDBOOK_RELEASE``; it renders every binder, a draft's differ), the
   next release with nothing changed (0 binders expected) and the one after with
   ``RELEASE_CHANGED`` units changed and committed (that many expected).

``--release-only`` runs the release scenario alone, on the region only.

Per project it reports each build's wall time, the peak RSS of the largest
process of any build (``wait4``: the build, MkDocs or a render worker),
handbok.pdf's size and pages and the search index's size, and how many binders
builds 2 and 3 rendered (from the hooks' log line; 0 and 1 are expected), and
the release scenario's. The
figures of the region are given as ratios against the example's, measured in
the same command on the same machine. Writes bench/results.json and prints a
Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from region import ROOT, write_region
from site_overhead import measure_overhead

RESULTS = ROOT / "bench" / "results.json"
OVERHEAD_REPEATS = 3
RELEASE_CHANGED = 10  # units changed between the release scenario's last two releases
LOG_LINE = re.compile(r"PDF binders: rendered (\d+) \(([^)]*)\), unchanged (\d+); "
                      r"whole handbook (rendered|unchanged)")
GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
FIGURES = (  # key, label, unit, format
    ("cold_s", "Full cold build (site + PDFs)", "s", "{:.1f}"),
    ("site_only_s", "Site only (HANDBOOK_PDF=0)", "s", "{:.1f}"),
    ("one_changed_s", "One unit changed", "s", "{:.1f}"),
    ("unchanged_s", "Nothing changed", "s", "{:.1f}"),
    ("peak_rss_mib", "Peak RSS, largest process", "MiB", "{:.0f}"),
    ("handbook_pdf_mb", "handbok.pdf size", "MB", "{:.1f}"),
    ("handbook_pdf_pages", "handbok.pdf pages", "", "{:.0f}"),
    ("search_index_mb", "Search index size", "MB", "{:.2f}"),
    ("site_overhead_ratio", "Site build ÷ plain MkDocs, same pages (wall)", "", "{:.2f}×"),
    ("site_overhead_cpu_ratio", "Site build ÷ plain MkDocs, same pages (CPU)", "", "{:.2f}×"),
)


@dataclass
class Figures:
    units: int
    cold_s: float
    site_only_s: float
    one_changed_s: float
    unchanged_s: float
    peak_rss_mib: float
    handbook_pdf_mb: float
    handbook_pdf_pages: int
    search_index_mb: float
    # Our site-only build against plain MkDocs on `python -m handbook pages` output
    # (bench/site_overhead.py: alternating, OVERHEAD_REPEATS times, medians).
    site_overhead_ratio: float
    site_overhead_cpu_ratio: float
    rendered_unchanged: int  # binders rendered with nothing changed (expected 0)
    rendered_one_changed: int  # ... after one unit changed (expected 1)
    release: Release | None = None


@dataclass
class Release:
    """The release scenario: each release build's seconds and binders rendered."""

    first_s: float  # the first release (every binder: a draft's are other binders)
    unchanged_s: float  # the next release, nothing changed
    changed_s: float  # the release after, RELEASE_CHANGED units changed
    rendered_first: int
    rendered_unchanged: int  # expected 0
    rendered_changed: int  # expected RELEASE_CHANGED


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=project, env={**os.environ, **GIT_ENV}, check=True,
                   capture_output=True)


def build(project: Path, pdf: bool, release: str = "") -> tuple[float, float, str]:
    """One build in its own process: (seconds, peak RSS in MB of its largest process, log);
    a draft unless ``release`` names one."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_PDF": "1" if pdf else "0"}
    env.pop("HANDBOOK_RELEASE", None)
    env.pop("MIKE_DOCS_VERSION", None)
    if release:
        env["HANDBOOK_RELEASE"] = release
    env.pop("PYTHONHASHSEED", None)  # each process draws its own, as a user's builds do
    command = [sys.executable, "-m", "handbook", "publish", "site", "--",
               sys.executable, "-m", "mkdocs", "build", "--strict"]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        # wait4's maxrss is the largest of the build and every process it waited for.
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        raise SystemExit(f"build failed in {project} (exit {process.returncode}):\n{output}")
    return seconds, usage.ru_maxrss / 1024, output


def page_count(pdf: Path) -> int:
    """The pages of ``pdf``, counted in a process of its own: Linux hands a child the
    peak memory of the process it was started from (``ru_maxrss`` survives
    ``exec``), so a bench that read a large PDF itself would see that memory again
    in every build it starts afterwards."""
    result = subprocess.run([sys.executable, "-c", "import sys, pikepdf; "
                             "print(len(pikepdf.open(sys.argv[1]).pages))", str(pdf)],
                            capture_output=True, text=True, check=True)
    return int(result.stdout)


def rendered(output: str) -> int:
    found = LOG_LINE.findall(output)
    if len(found) != 1:
        raise SystemExit(f"expected one 'PDF binders' line in the build log:\n{output}")
    return int(found[0][0])


def change_one_unit(project: Path) -> str:
    """Add to the address of the first unit (by file name) and commit; its id."""
    [changed] = change_units(project, 1)
    return changed


def change_units(project: Path, count: int, mark: str = "plan 2") -> list[str]:
    """Add ``mark`` to the address of the first ``count`` units (by file name) and
    commit; their ids."""
    paths = sorted(p for p in (project / "units").glob("*.yml")
                   if not p.stem.startswith("_"))[:count]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        changed = re.sub(r"^(address: .*)$", rf"\1, {mark}", text, count=1, flags=re.M)
        if changed == text:
            raise SystemExit(f"{path} has no address line to change")
        path.write_text(changed, encoding="utf-8")
    git(project, "commit", "-q", "-am", f"Ny adress för {len(paths)} enheter ({mark})")
    return [path.stem for path in paths]


def measure_release(project: Path, label: str) -> Release:
    """The release scenario: a first release, the next with nothing changed, the one after
    with ``RELEASE_CHANGED`` units changed (each a new commit, as releases are)."""
    runs = []
    for number in (1, 2, 3):
        if number == 2:
            git(project, "commit", "-q", "--allow-empty", "-m", "Ingenting ändrat")
        if number == 3:
            change_units(project, RELEASE_CHANGED, "utgåva 3")
        print(f"[{label}] release {number} ...", file=sys.stderr, flush=True)
        seconds, _rss, log = build(project, pdf=True, release=f"bench.{number}")
        runs.append((seconds, rendered(log)))
    (first, n_first), (unchanged, n_unchanged), (changed, n_changed) = runs
    return Release(first, unchanged, changed, n_first, n_unchanged, n_changed)


def init(project: Path) -> None:
    """The project as a git repository of one commit."""
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Regionen")


def measure(project: Path, units: int, label: str) -> Figures:
    init(project)
    print(f"[{label}] full cold build ...", file=sys.stderr, flush=True)
    cold, rss_cold, _log = build(project, pdf=True)
    handbook_pdf = project / "site" / "pdf" / "handbok.pdf"
    pdf_bytes, pdf_pages = handbook_pdf.stat().st_size, page_count(handbook_pdf)
    index_bytes = (project / "site" / "search" / "search_index.json").stat().st_size
    print(f"[{label}] nothing changed ...", file=sys.stderr, flush=True)
    unchanged, rss_unchanged, log_unchanged = build(project, pdf=True)
    print(f"[{label}] one unit changed ...", file=sys.stderr, flush=True)
    change_one_unit(project)
    one, rss_one, log_one = build(project, pdf=True)
    print(f"[{label}] site only ...", file=sys.stderr, flush=True)
    site_only, rss_site, _log = build(project, pdf=False)
    print(f"[{label}] site overhead against plain MkDocs ...", file=sys.stderr, flush=True)
    overhead = measure_overhead(project, OVERHEAD_REPEATS)
    return Figures(units, cold, site_only, one, unchanged,
                   max(rss_cold, rss_unchanged, rss_one, rss_site), pdf_bytes / 1e6, pdf_pages,
                   index_bytes / 1e6, overhead.ratio, overhead.cpu_ratio,
                   rendered(log_unchanged), rendered(log_one), measure_release(project, label))


def machine() -> dict[str, str | int]:
    cpu = next((line.split(":", 1)[1].strip() for line
                in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count() or 0, "cpu": cpu, "python": platform.python_version(),
            "system": platform.platform(),
            "date": dt.datetime.now(dt.UTC).isoformat("T", "minutes")}


def table(baseline: Figures, region: Figures) -> str:
    lines = [f"| Figure | Example ({baseline.units} units) | Region ({region.units} units) "
             "| Ratio |", "| --- | ---: | ---: | ---: |"]
    for key, label, unit, form in FIGURES:
        base, value = getattr(baseline, key), getattr(region, key)
        # A figure that is a ratio already is compared by its own columns.
        ratio = f"{value / base:.1f}×" if base and not key.endswith("_ratio") else "–"
        suffix = f" {unit}" if unit else ""
        lines.append(f"| {label} | {form.format(base)}{suffix} | {form.format(value)}{suffix} "
                     f"| {ratio} |")
    lines.append(f"| Binders rendered: nothing changed / one unit changed | "
                 f"{baseline.rendered_unchanged} / {baseline.rendered_one_changed} | "
                 f"{region.rendered_unchanged} / {region.rendered_one_changed} | |")
    if baseline.release and region.release:
        lines += release_rows(baseline.release, region.release)
    return "\n".join(lines)


def release_rows(baseline: Release, region: Release) -> list[str]:
    """The release scenario's rows of the table."""
    rows = [(f"Release: first (binders rendered {baseline.rendered_first} / "
             f"{region.rendered_first})", baseline.first_s, region.first_s),
            ("Release: next, nothing changed", baseline.unchanged_s, region.unchanged_s),
            (f"Release: next, {RELEASE_CHANGED} units changed", baseline.changed_s,
             region.changed_s)]
    lines = [f"| {label} | {base:.1f} s | {value:.1f} s | {value / base:.1f}× |"
             for label, base, value in rows]
    lines.append(f"| Binders rendered: release nothing changed / {RELEASE_CHANGED} changed | "
                 f"{baseline.rendered_unchanged} / {baseline.rendered_changed} | "
                 f"{region.rendered_unchanged} / {region.rendered_changed} | |")
    return lines


def release_only(units: int, out: Path) -> None:
    """``--release-only``: the release scenario alone, on a region of ``units``."""
    with tempfile.TemporaryDirectory(prefix="bench-release-") as tmp:
        region = Path(tmp) / "region"
        write_region(units, region)
        init(region)
        figures = measure_release(region, f"region of {units}")
    result = {"machine": machine(), "units": units, "release": asdict(figures)}
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    check_release(figures, units)


def check_release(figures: Release, units: int) -> None:
    """Stop with an error when a release rendered other binders than expected."""
    expected = (units, 0, min(RELEASE_CHANGED, units))
    found = (figures.rendered_first, figures.rendered_unchanged, figures.rendered_changed)
    if found != expected:
        raise SystemExit(f"the release scenario rendered {found} binders, expected {expected}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=int(os.environ.get("BENCH_UNITS") or 300))
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--release-only", action="store_true",
                        help="the release scenario alone, on the region (writes --out)")
    args = parser.parse_args()
    if args.release_only:
        release_only(args.units, args.out)
        return
    with tempfile.TemporaryDirectory(prefix="bench-region-") as tmp:
        example = Path(tmp) / "example"
        write_region(0, example)
        for unit in sorted((ROOT / "units").glob("*.yml")):
            if not unit.stem.startswith("_"):
                (example / "units" / unit.name).write_bytes(unit.read_bytes())
        baseline = measure(example, 6, "example")
        region = Path(tmp) / "region"
        write_region(args.units, region)
        figures = measure(region, args.units, f"region of {args.units}")
    result = {"machine": machine(), "baseline": asdict(baseline), "region": asdict(figures),
              "ratio": {key: (getattr(figures, key) / getattr(baseline, key)
                              if getattr(baseline, key) else None) for key, *_ in FIGURES}}
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    info = result["machine"]
    print(f"{info['cores']} cores, {info['cpu']}, Python {info['python']}, {info['date']}")
    print(table(baseline, figures))
    if figures.rendered_unchanged or figures.rendered_one_changed != 1:
        raise SystemExit("the cache did not behave: see 'Binders rendered' above")
    assert figures.release is not None
    check_release(figures.release, args.units)


if __name__ == "__main__":
    main()
