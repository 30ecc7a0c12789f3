"""The two font subsetters WeasyPrint may use, measured in one run (issue #24).

With the system library HarfBuzz-Subset, WeasyPrint subsets the fonts with it;
without, with fontTools. Each round renders the same binder (vc-angen's own pages
and the region appendix, as the build does) once on each path, each in a fresh
process (WeasyPrint picks the subsetter at import), alternating so both see the
same machine. Reported: render time, size and pages per path, the ratio of the
two, and whether each path gave the same bytes every round.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The child: render the binder from the HTML files, write the PDF, print seconds.
CHILD = """
import sys, time
from pathlib import Path
{refuse}
from handbook.binder.pdf import render_binder
from handbook.binder.weasy import harfbuzz_subset
html, appendix, target = (Path(p) for p in sys.argv[1:4])
render_binder(html.read_text(), appendix.read_text())  # warm: imports, fonts, appendix
start = time.perf_counter()
pdf, _ = render_binder(html.read_text(), appendix.read_text())
print(time.perf_counter() - start, harfbuzz_subset())
target.write_bytes(pdf)
"""
REFUSE_SUBSET = """
import cffi
_dlopen = cffi.FFI.dlopen
def dlopen(self, name, *args, **kwargs):
    if "harfbuzz-subset" in str(name):
        raise OSError(f"{name}: refused (bench)")
    return _dlopen(self, name, *args, **kwargs)
cffi.FFI.dlopen = dlopen
"""


def print_html(folder: Path, unit_id: str) -> tuple[Path, Path]:
    """The unit's print HTML and the appendix's, as files for the children."""
    from bench_pdf import region_chapters

    from handbook import load_handbook
    from handbook.binder.document import Inputs, appendix_document, unit_document
    from handbook.history.stamp import current_stamp
    from handbook.plan.status import today

    inputs = Inputs(region_chapters(), "utkast", None, today())
    unit = load_handbook(ROOT / "units").unit(unit_id)
    stamp = current_stamp(ROOT)
    html, appendix = folder / "unit.html", folder / "appendix.html"
    document = unit_document(unit, inputs, appendix_document(inputs))
    html.write_text(document.filled(stamp), encoding="utf-8")
    appendix.write_text(document.appendix_filled(stamp), encoding="utf-8")
    return html, appendix


def render(path_name: str, html: Path, appendix: Path, target: Path) -> float:
    """One render in a fresh process on one subsetting path; its seconds."""
    code = CHILD.format(refuse=REFUSE_SUBSET if path_name == "fontTools" else "")
    done = subprocess.run([sys.executable, "-c", code, str(html), str(appendix), str(target)],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, found = done.stdout.split()
    if (found == "True") != (path_name == "HarfBuzz-Subset"):
        raise SystemExit(f"{path_name}: the render did not use it (is libharfbuzz-subset0 "
                         "installed? .ci/install-system installs it)")
    return float(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", default="vc-angen")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from pypdf import PdfReader

    paths = ("HarfBuzz-Subset", "fontTools")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        html, appendix = print_html(folder, args.unit)
        times: dict[str, list[float]] = {name: [] for name in paths}
        outputs: dict[str, set[bytes]] = {name: set() for name in paths}
        for round_number in range(args.rounds):
            for name in paths if round_number % 2 == 0 else reversed(paths):
                target = folder / f"{name}.pdf"
                times[name].append(render(name, html, appendix, target))
                outputs[name].add(target.read_bytes())
        print(f"{args.unit}'s binder, {args.rounds} rounds, median render time:")
        for name in paths:
            pdf = next(iter(outputs[name]))
            pages = len(PdfReader(folder / f"{name}.pdf").pages)
            print(f"  {name:16} {statistics.median(times[name]):6.2f} s  "
                  f"{len(pdf) / 1e3:7.1f} kB  {pages} pages  "
                  f"same bytes every round: {len(outputs[name]) == 1}")
        ratio = statistics.median(times["fontTools"]) / statistics.median(times["HarfBuzz-Subset"])
        size = len(next(iter(outputs["fontTools"]))) / len(next(iter(outputs["HarfBuzz-Subset"])))
        print(f"  fontTools / HarfBuzz-Subset: time {ratio:.2f}x, size {size:.3f}x")


if __name__ == "__main__":
    main()
