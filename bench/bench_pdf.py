"""PDF benchmark: our binder renderer against plain WeasyPrint, and the pool's speed-up.

Everything is measured in this one process run and reported as ratios, so the
numbers compare on any machine:
- ms per page for our renderer (tagged, restricted fetcher, atomic write, the
  region appendix laid out once per process) against plain WeasyPrint
  (untagged) laying out each binder's own pages and its appendix, joined with
  ``Document.copy``, on the same print HTML;
- the appendix laid out once and reused against laid out for every binder (our
  renderer both times);
- wall time of the parallel renderer against one process on the same jobs
  (repeated: the spread shows how busy the machine was);
- a second ``build_binders`` with nothing changed against the first;
- tagged PDF (what the build writes) against untagged, same HTML: time and size;
- pages per binder of the example units, and how many are left empty, with this
  tree's layout and with the layout before issue #26 (``BEFORE``, the commit's
  ``handbook/`` taken from git into a temporary folder and run in a subprocess on
  this tree's units; without git, the numbers measured then, bench/README.md).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import markdown
import weasyprint
from pypdf import PdfReader

from handbook import load_handbook
from handbook.binder.build import build_binders
from handbook.binder.document import Chapter, Inputs, unit_document
from handbook.binder.pdf import (
    Job,
    fill_appendix_pages,
    forget_appendices,
    render_binder,
    write_atomically,
)
from handbook.binder.workers import run_jobs
from handbook.history.stamp import current_stamp
from handbook.plan.status import today

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://kontinuitet.intranat.example/"
# The layout before issue #26 (chapters numbered "Kontakter 1/2", a 14-page appendix
# of region chapters in every binder): main when the work on it began.
BEFORE = "849412a0e5"
# Run with the handbook package on sys.path (argv[1]) on this tree's units and region
# chapters (argv[2]): each example binder rendered as the build does (with the page
# left empty after an odd number of its own pages), its pages and its empty pages.
PAGES_SCRIPT = """
import io, json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from pypdf import PdfReader
from handbook import load_handbook
from handbook.binder.document import Inputs, unit_document
from handbook.binder.pdf import render_binder
from handbook.history.stamp import current_stamp
from handbook.labels import labels
from handbook.plan.status import today
sys.path.insert(0, sys.argv[2] + "/bench")
from bench_pdf import region_chapters
root = Path(sys.argv[2])
book = load_handbook(root / "units", base=root)
stamp = current_stamp(root)
inputs = Inputs(region_chapters(), stamp.release, sys.argv[3], today())
empty = " ".join(labels()["binder"]["blank_page"].split())
found = {}
for unit in book.units:
    d = unit_document(unit, inputs)
    pdf = render_binder(d.filled(stamp), d.appendix_filled(stamp), blank=d.blank)[0]
    pages = PdfReader(io.BytesIO(pdf)).pages
    found[unit.id] = [len(pages), sum(" ".join(p.extract_text().split()) == empty
                                      for p in pages)]
print(json.dumps(found))
"""


def region_chapters() -> list[Chapter]:
    """The region chapters rendered with the site's Markdown extensions."""
    chapters = []
    for path in sorted((ROOT / "docs" / "kapitel").glob("*.md")):
        html = markdown.markdown(path.read_text(encoding="utf-8"),
                                 extensions=["admonition", "attr_list", "tables", "toc"])
        title = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
        chapters.append(Chapter(path.stem, title, html))
    return chapters


def timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def best(action, repeat: int) -> float:  # type: ignore[no-untyped-def]
    return min(timed(action) for _ in range(repeat))


def plain_appendix_pages(html: str) -> dict[str, int]:
    """The appendix page of each anchor, as plain WeasyPrint lays the appendix out."""
    document = weasyprint.HTML(string=html).render()
    return {anchor: number for number, page in enumerate(document.pages, start=1)
            for anchor in page.anchors}


def binder_pages(package_root: Path) -> dict[str, list[int]]:
    """{unit id: [pages, pages left empty]} of the example binders, laid out by the
    ``handbook`` package under ``package_root``."""
    result = subprocess.run([sys.executable, "-c", PAGES_SCRIPT, str(package_root), str(ROOT),
                             SITE_URL], capture_output=True, text=True, timeout=1800,
                            cwd=ROOT, check=True)
    found: dict[str, list[int]] = json.loads(result.stdout.splitlines()[-1])
    return found


def pages_before() -> dict[str, list[int]] | None:
    """The example binders' pages with the layout of ``BEFORE``, or None without git."""
    with tempfile.TemporaryDirectory(prefix="bench-before-") as folder:
        archive = subprocess.run(["git", "archive", BEFORE, "handbook"], cwd=ROOT,
                                 capture_output=True, timeout=120)
        if archive.returncode:
            return None
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True,
                       timeout=120)
        return binder_pages(Path(folder))


def report_pages() -> None:
    """Pages per binder of the example units, before issue #26 and now."""
    after = binder_pages(ROOT)
    before = pages_before()
    print(f"pages per binder (empty pages), layout of {BEFORE} -> this tree:")
    for unit, (pages, empty) in sorted(after.items()):
        old = (f"{before[unit][0]:3d} ({before[unit][1]:2d} empty)"
               if before and unit in before else "  ? (see bench/README.md)")
        print(f"  {unit:32} {old} -> {pages:3d} ({empty:2d} empty, "
              f"{100 * empty / pages:.0f} %)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=2, help="jobs per unit in the pool test")
    parser.add_argument("--pages-only", action="store_true",
                        help="only the pages per binder, before and after issue #26")
    args = parser.parse_args()
    report_pages()
    if args.pages_only:
        return

    handbook = load_handbook(ROOT / "units", base=ROOT)
    stamp = current_stamp(ROOT)
    chapters = region_chapters()
    inputs = Inputs(chapters, stamp.release, SITE_URL, today())
    documents = [unit_document(u, inputs) for u in handbook.units]
    htmls = [(d.filled(stamp), d.appendix_filled(stamp)) for d in documents]
    pages = sum(len(PdfReader(io.BytesIO(render_binder(*h)[0])).pages) for h in htmls)  # warm-up
    # The contents' appendix numbers for plain WeasyPrint, from its own layout.
    appendix_pages = {a: plain_appendix_pages(a) for a in {a for _h, a in htmls}}

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def ours() -> None:
            for number, (html, appendix) in enumerate(htmls):
                write_atomically(out / f"{number}.pdf", render_binder(html, appendix)[0])

        def every_time() -> None:
            for number, (html, appendix) in enumerate(htmls):
                forget_appendices()
                write_atomically(out / f"{number}.pdf", render_binder(html, appendix)[0])

        def plain() -> None:
            for html, appendix in htmls:
                own = weasyprint.HTML(
                    string=fill_appendix_pages(html, appendix_pages[appendix])).render()
                region = weasyprint.HTML(string=appendix).render()
                own.copy([*own.pages, *region.pages]).write_pdf()

        ours_s, plain_s = best(ours, args.repeat), best(plain, args.repeat)
        once_s = every_s = float("inf")
        for _ in range(args.repeat):  # interleaved, as below
            every_s = min(every_s, timed(every_time))
            once_s = min(once_s, timed(ours))
        sizes = {True: 0, False: 0}

        def rendering(tagged: bool):  # type: ignore[no-untyped-def]
            def render() -> None:
                sizes[tagged] = sum(len(render_binder(h, a, tagged=tagged)[0])
                                    for h, a in htmls)
            return render

        # Interleaved, so a busy neighbour on the machine slows both alike.
        tagged_s = untagged_s = float("inf")
        for _ in range(args.repeat):
            tagged_s = min(tagged_s, timed(rendering(True)))
            untagged_s = min(untagged_s, timed(rendering(False)))
        jobs = [Job(f"{n}", h, out / f"pool-{n}.pdf", a)
                for n, (h, a) in enumerate(htmls * args.copies)]
        workers = os.cpu_count() or 1
        # One process as the build runs it when one binder is stale: in this process,
        # its appendix not yet laid out. Interleaved with the pool, repeated.
        # CPU seconds too: on a busy machine the wall-clock speed-up says how many cores
        # the pool got; the CPU time says what the pool costs beyond the rendering.
        speed_ups, cpu_ratios = [], []
        for _ in range(args.repeat):
            forget_appendices()
            start = os.times()
            one_s = timed(lambda: run_jobs(jobs, workers=1))
            middle = os.times()
            pool_s = timed(lambda: run_jobs(jobs, workers=workers))
            end = os.times()
            speed_ups.append(one_s / pool_s)
            one_cpu = middle.user + middle.system - start.user - start.system
            pool_cpu = (end.children_user + end.children_system
                        - middle.children_user - middle.children_system)
            cpu_ratios.append(pool_cpu / one_cpu)

        cache, site = out / "cache", out / "site"
        first_s = timed(lambda: build_binders(handbook, inputs, stamp, cache, site))
        again_s = timed(lambda: build_binders(handbook, inputs, stamp, cache, site))

    print(f"units: {len(htmls)}, pages: {pages}, cores: {workers}")
    print(f"binder renderer   {1000 * ours_s / pages:7.1f} ms/page")
    print(f"plain WeasyPrint  {1000 * plain_s / pages:7.1f} ms/page")
    print(f"ratio ours/plain  {ours_s / plain_s:7.2f}")
    print(f"appendix laid out once vs for every binder: {once_s / every_s:.2f} of the time "
          f"({1000 * every_s / len(htmls):.0f} -> {1000 * once_s / len(htmls):.0f} ms/binder)")
    print(f"tagged vs untagged: time {tagged_s / untagged_s:.2f}x "
          f"({1000 * untagged_s / pages:.1f} -> {1000 * tagged_s / pages:.1f} ms/page), "
          f"size {sizes[True] / sizes[False]:.2f}x "
          f"({sizes[False] / 1e6:.2f} -> {sizes[True] / 1e6:.2f} MB)")
    print(f"pool of {workers} vs one process on {len(jobs)} binders: "
          f"speed-up {max(speed_ups):.2f}x, runs {', '.join(f'{s:.2f}' for s in speed_ups)} "
          f"(last {one_s:.1f} s -> {pool_s:.1f} s; load average {os.getloadavg()[0]:.1f}); "
          f"CPU time of the pool's workers vs one process: "
          f"{', '.join(f'{r:.2f}' for r in cpu_ratios)}")
    print(f"build_binders unchanged vs first build: {again_s / first_s:.3f} of the time "
          f"({first_s:.1f} s -> {again_s:.2f} s)")


if __name__ == "__main__":
    main()
