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
- tagged PDF (what the build writes) against untagged, same HTML: time and size.
"""

from __future__ import annotations

import argparse
import io
import os
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=2, help="jobs per unit in the pool test")
    args = parser.parse_args()

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
