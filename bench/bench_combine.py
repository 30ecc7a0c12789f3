"""Time and peak memory of the whole-handbook step alone (``combine_handbook``).

Two steps, so the measured process does nothing else:

    # in a built project (its .cache/pdf full): capture what the build hands the step
    python bench/bench_combine.py capture PROJECT ARGS.pickle
    # run the step in a process of its own, N times the units by copying their PDFs
    python bench/bench_combine.py measure ARGS.pickle [--scale K]

``capture`` runs ``mkdocs build`` in this process with the whole handbook made
stale, and keeps the arguments ``combine_handbook`` is called with. ``measure``
runs the step in a child process and reports its wall time and peak RSS
(``wait4``); ``--scale K`` copies every unit's cached PDF K times under new ids
and names (the step then assembles K times the units; nothing is rendered again).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path


def capture(project: Path, out: Path) -> None:
    from handbook.binder import build
    from handbook.binder.combine import combine_handbook

    manifest = project / ".cache" / "pdf" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data.pop("handbok", None)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    captured: list[tuple[object, ...]] = []

    def keep(function: object, *args: object, **_options: object) -> None:
        # The build hands the step to run_apart: keep its arguments instead.
        assert function is combine_handbook
        captured.append(args)
        target = Path(str(args[4]))  # the build copies it into site/ next
        if not target.exists():
            target.write_bytes(b"")

    build.run_apart = keep  # type: ignore[attr-defined]
    os.chdir(project)
    os.environ["HANDBOOK_PDF"] = "1"
    from mkdocs.__main__ import cli

    with tempfile.TemporaryDirectory() as site:
        try:
            cli(["build", "-q", "-d", site], standalone_mode=False)
        finally:
            os.chdir("/")
    [args] = captured
    out.write_bytes(pickle.dumps(args))


def scaled(args: tuple[object, ...], scale: int, folder: Path) -> tuple[object, ...]:
    """The captured arguments with K times the units, each unit's ready pages (its part)
    and the front kept in ``folder``: the first run makes them, a second reuses them."""
    units, chapters, stamp, region, target, example, _front, *rest = args
    copies = []
    for number in range(scale):
        for source in units:  # type: ignore[attr-defined]
            unit, binder = source.unit, source.binder
            if number:
                unit = replace(unit, id=f"{unit.id}-k{number}",
                               data={**unit.data, "name": f"{unit.name} {number}"})
                binder = folder / f"{unit.id}.pdf"
                if not binder.exists():
                    shutil.copyfile(source.binder, binder)
            copies.append(replace(source, unit=unit, binder=binder,
                                  part=folder / "parts" / f"{unit.id}.piece"))
    return (copies, chapters, stamp, region, target, example, folder / "parts" / "front.piece",
            *rest)


def run_step(pickled: Path, scale: int, folder: Path, target: Path) -> None:
    from handbook.binder.combine import combine_handbook

    args = scaled(pickle.loads(pickled.read_bytes()), scale, folder)
    units, chapters, stamp, region, _target, example, front, *rest = args
    start = time.perf_counter()
    combine_handbook(units, chapters, stamp, region, target, example, front, *rest)  # type: ignore[arg-type]
    print(json.dumps({"seconds": time.perf_counter() - start, "units": len(units)}))  # type: ignore[arg-type]


def measure(pickled: Path, scale: int) -> None:
    """The step twice, each in a process of its own: first with nothing kept (every
    binder's part made, the front laid out), then as a build where no binder changed
    finds it (every part and the front kept)."""
    from bench_region import page_count

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "handbok.pdf"
        for run in ("first", "parts_kept"):
            process = subprocess.Popen([sys.executable, __file__, "_run", str(pickled),
                                        str(scale), folder, str(target)],
                                       stdout=subprocess.PIPE, text=True)
            _pid, status, usage = os.wait4(process.pid, 0)
            assert process.stdout is not None
            result = json.loads(process.stdout.read())
            if os.waitstatus_to_exitcode(status):
                raise SystemExit("the step failed")
            result.update(peak_rss_mib=usage.ru_maxrss / 1024,
                          cpu_seconds=usage.ru_utime + usage.ru_stime,
                          size_mb=target.stat().st_size / 1e6,
                          pages=page_count(target))
            result["mib_per_unit"] = result["peak_rss_mib"] / result["units"]
            results[run] = result
    results["cpu_ratio_kept_to_first"] = (results["parts_kept"]["cpu_seconds"]
                                          / results["first"]["cpu_seconds"])
    print(json.dumps(results, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    first = commands.add_parser("capture")
    first.add_argument("project", type=Path)
    first.add_argument("out", type=Path)
    second = commands.add_parser("measure")
    second.add_argument("pickled", type=Path)
    second.add_argument("--scale", type=int, default=1)
    inner = commands.add_parser("_run")
    inner.add_argument("pickled", type=Path)
    inner.add_argument("scale", type=int)
    inner.add_argument("folder", type=Path)
    inner.add_argument("target", type=Path)
    args = parser.parse_args()
    if args.command == "capture":
        capture(args.project.resolve(), args.out.resolve())
    elif args.command == "measure":
        measure(args.pickled.resolve(), args.scale)
    else:
        run_step(args.pickled, args.scale, args.folder, args.target)


if __name__ == "__main__":
    main()
