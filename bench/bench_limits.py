"""Time and peak memory of the loader on hostile unit files (issue #11).

Each case is a units folder with the example region and groups and one unit
file; a fresh Python process loads it (``read_handbook``), so its peak memory is
that of one load. Reported, each also as a ratio against the baseline (the
largest example unit): the wall time of the load (best of three), the process's peak resident
memory (VmHWM, Python and the handbook package included), the peak of Python
allocations during a second load (tracemalloc), the number of problems and the
first one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "units"
BASELINE = UNITS / "psykiatrimottagning-uddevalla.yml"  # the largest example unit

# The child reports its own high-water mark (VmHWM): ru_maxrss of a child on
# Linux starts from the parent's size at fork, which grows with the case's text.
CHILD = """
import json, sys, time, tracemalloc
from pathlib import Path
import handbook
root, repeats, trace = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "trace"
elapsed = float("inf")
for _ in range(repeats):  # the best of them
    start = time.perf_counter()
    book = handbook.read_handbook(root / "units", base=root)
    elapsed = min(elapsed, time.perf_counter() - start)
status = Path("/proc/self/status").read_text()
hwm = int(next(l for l in status.splitlines() if l.startswith("VmHWM:")).split()[1])
traced = float("nan")
if trace:
    tracemalloc.start()
    handbook.read_handbook(root / "units", base=root)
    traced = tracemalloc.get_traced_memory()[1]
print(json.dumps({"seconds": elapsed, "hwm_kib": hwm, "traced": traced,
                  "count": len(book.problems),
                  "problems": [str(p) for p in book.problems[:3]]}))
"""

HEAD = BASELINE.read_text(encoding="utf-8")


def sixty_megabytes(path: Path) -> None:
    """A 60 MB unit: the example unit followed by its own lines again and again."""
    body = "\n".join(f"# {line}" for line in HEAD.splitlines()).encode() + b"\n"
    with path.open("wb") as handle:
        handle.write(HEAD.encode())
        while handle.tell() < 60 * 1024 * 1024:
            handle.write(body)


def write(text: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_text(text, encoding="utf-8")
    return make


LAUGHS = 'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' \
    + "".join(f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10))

CASES: dict[str, Callable[[Path], None]] = {
    "baseline (largest example unit)": write(HEAD),
    "60 MB file": sixty_megabytes,
    "nesting 20 000 deep": write(HEAD + "contacts: " + "[" * 20_000 + "]" * 20_000 + "\n"),
    "billion laughs (10^9 strings)": write(HEAD + LAUGHS),
    "name of 5 000 000 characters": write(HEAD.replace(
        "name: Allmänpsykiatrisk mottagning Uddevalla", "name: " + "a" * 5_000_000)),
    "note of 100 000 characters": write(HEAD + "fault_report:\n  text: " + "a" * 100_000
                                        + "\n"),
    "list of 1 000 000 items": write(HEAD + "required_checklists: ["
                                     + "strom, " * 1_000_000 + "]\n"),
    "list of 10 000 items": write(HEAD + "required_checklists: [" + "strom, " * 10_000
                                  + "]\n"),
    # Files just within the size limit: unknown keys (one problem each), and
    # valid contacts (the most a unit may hold).
    "128 KiB of unknown keys": write("contacts:\n" + "".join(
        "  - {" + ", ".join(f"k{k}: 1" for k in range(99)) + "}\n" for _ in range(130))),
    "128 KiB of valid contacts": write(HEAD.replace("contacts:\n", "contacts:\n" + "".join(
        f"  - id: kontakt-{n}\n    role: Roll {n}\n    name: Namn Namnsson\n"
        f"    phone: 031-100 {n:05d}\n    note: {'Text ' * 60}\n" for n in range(230)), 1)),
}


def run_case(make: Callable[[Path], None], args: argparse.Namespace
             ) -> dict[str, float | int | str]:
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as tmp:
        root = Path(tmp)
        shutil.copytree(UNITS / "_groups", root / "units" / "_groups")
        shutil.copy(UNITS / "_region.yml", root / "units" / "_region.yml")
        make(root / "units" / "vc-bench.yml")
        env = dict(os.environ)
        if args.handbook:  # another version of the package, e.g. before the limits
            env["PYTHONPATH"] = str(args.handbook)
        repeats, trace = ("1", "no") if args.handbook else ("3", "trace")
        try:
            child = subprocess.run([sys.executable, "-c", CHILD, str(root), repeats, trace],
                                   capture_output=True, text=True, env=env, cwd=root,
                                   timeout=args.timeout, check=False)
        except subprocess.TimeoutExpired:
            return {"load": float("nan"), "rss": float("nan"), "traced": float("nan"),
                    "count": 0, "problem": f"stopped after {args.timeout:g} s"}
        if child.returncode != 0:
            last = (child.stderr.strip().splitlines() or ["?"])[-1]
            return {"load": float("nan"), "rss": float("nan"), "traced": float("nan"),
                    "count": 0, "problem": f"crashed: {last}"}
        result = json.loads(child.stdout)
        return {"load": result["seconds"], "rss": result["hwm_kib"] / 1024,
                "traced": result["traced"] / 2**20, "count": result["count"],
                "problem": next(iter(result["problems"]), "(inga problem)")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--handbook", type=Path, default=None,
                        help="a folder holding another version of the handbook package "
                        "(e.g. 'git archive' of an older commit); one load, no tracemalloc")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds before a case is stopped (default 120)")
    args = parser.parse_args()
    results = {name: run_case(make, args) for name, make in CASES.items()}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    base = results["baseline (largest example unit)"]
    print(f"{'case':32} {'load ms':>8} {'×base':>6} {'peak RSS MB':>11} "
          f"{'×base':>6} {'traced MB':>9} {'×base':>6} {'problems':>8}  first answer")
    for name, r in results.items():
        load, rss, traced = (float(r[k]) for k in ("load", "rss", "traced"))
        problem = str(r["problem"]).split(": ", 2)[-1]
        problem = problem if len(problem) <= 50 else problem[:47] + "..."
        print(f"{name:32} {load * 1000:8.1f} {load / float(base['load']):6.2f} "
              f"{rss:11.1f} {rss / float(base['rss']):6.2f} "
              f"{traced:9.2f} {traced / float(base['traced']):6.2f} {r['count']:>8}  "
              f"{problem}")


if __name__ == "__main__":
    main()
