"""The sheets to reprint on each unit page, under "Vad har ändrats sedan den
utskrivna pärmen?", at a release build.

The pages are written before the binders are rendered, so the list is put in
afterwards: the unit page holds a marker (unit.md.j2) that this replaces in the
built HTML, once every binder of the build is in ``site/pdf/``. The earlier
release is the newest that mike has published other than the one being built
(``versions.json`` in the branch mike publishes to; reprint.py reads it and the
earlier binder from git). A draft build, or one with nothing published before,
leaves the marker, a comment, as it is.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from markupsafe import Markup

from ..data.project import Handbook
from ..history.git import PUBLISHED_BRANCH
from ..labels import labels
from ..routes import PDF_DIR, unit_page_output, unit_pdf
from .reprint import (
    compare,
    describe,
    published_binder,
    published_releases,
)

MARKER = "<!-- hb-reprint -->"
POOL_FROM = 8  # units; fewer are read in this process (a new one takes a second to start)


def previous_release(releases: list[str], release: str) -> str | None:
    """The release before ``release`` among ``releases`` (newest first): the one after
    it in the list, or the newest if ``release`` is not published yet."""
    if release in releases:
        older = releases[releases.index(release) + 1:]
        return older[0] if older else None
    return releases[0] if releases else None


def reprint_html(lines: list[str]) -> Markup:
    """The list as the unit page shows it: a heading line, the summary, the sheets."""
    title = labels()["reprint"]["title"]
    head, rest = lines[0], lines[1:]
    items = Markup("").join(Markup("<li>{}</li>").format(line) for line in rest)
    return Markup('<div class="hb-reprint" id="sidor-att-byta"><p><strong>{}</strong></p>'
                  "<p>{}</p>{}</div>").format(
                      title, head, Markup("<ul>{}</ul>").format(items) if rest else "")


def write_reprint_lists(handbook: Handbook, root: Path, release: str, site: Path,
                        directory_urls: bool = True, branch: str = PUBLISHED_BRANCH,
                        workers: int | None = None) -> str | None:
    """Put each unit's list in its built page; returns the earlier release compared
    with, or None when there is none (nothing is written then)."""
    since = previous_release(published_releases(root, branch), release)
    if since is None:
        return None
    pages = {unit.id: site / unit_page_output(unit.id, directory_urls)
             for unit in handbook.units}
    jobs = [(published_binder(root, unit_id, since, branch), site / PDF_DIR / unit_pdf(unit_id),
             since, release, handbook.duplex)
            for unit_id, page in pages.items()
            if page.exists() and (site / PDF_DIR / unit_pdf(unit_id)).exists()]
    for page, lines in zip([pages[job[1].stem] for job in jobs], _lists(jobs, workers),
                           strict=True):
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace(MARKER, str(reprint_html(lines)), 1), encoding="utf-8")
    return since


# The old binder, the new one, their releases, double-sided or not.
Job = tuple[bytes | None, Path, str, str, bool]


def _lines(job: Job) -> list[str]:
    old, new, since, release, duplex = job
    return describe(compare(old, new.read_bytes(), since, duplex, release))


def _lists(jobs: list[Job], workers: int | None) -> list[list[str]]:
    """Each job's list; reading a binder's pages takes about a second, so many units
    are read in a pool of processes."""
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1 or len(jobs) < POOL_FROM:
        return [_lines(job) for job in jobs]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_lines, jobs))
