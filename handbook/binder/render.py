"""HTML to PDF with WeasyPrint: one job per binder, in parallel, written atomically."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .tagging import finish_tagged_pdf
from .weasy import weasyprint as load_weasyprint


class RenderError(Exception):
    """A binder could not be rendered; ``name`` says which."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


@dataclass(frozen=True)
class Job:
    name: str
    html: str
    target: Path


# Tagged PDF (PDF/UA-1 variant: structure tree, /Lang, DisplayDocTitle, XMP title):
# the binders are published on the intranet, which the accessibility law covers.
# WeasyPrint does not promise valid PDF/UA; tests/test_pdf_tags.py checks what we rely on.
PDF_OPTIONS: dict[str, object] = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}
UNTAGGED_OPTIONS: dict[str, object] = {"pdf_tags": False, "uncompressed_pdf": False}


def render_pdf(html: str, *, tagged: bool = True) -> bytes:
    """Render print HTML; only data: URLs may be fetched (nothing outside the build).

    ``tagged=False`` is the untagged render, for the benchmark's comparison.
    """
    weasyprint = load_weasyprint()
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    result: bytes = document.write_pdf(**(PDF_OPTIONS if tagged else UNTAGGED_OPTIONS))
    return finish_tagged_pdf(result) if tagged else result


def write_atomically(target: Path, content: bytes) -> None:
    """Write next to ``target`` and rename, so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_job(job: Job) -> str:
    try:
        write_atomically(job.target, render_pdf(job.html))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - WeasyPrint's refused fetch is a
        # BaseException (FatalURLFetchingError); every failure is named by its binder.
        raise RenderError(job.name, f"{type(error).__name__}: {error}") from None
    return job.name


def run_jobs(jobs: Iterable[Job], workers: int | None = None) -> list[str]:
    """Render every job; more than one job runs in a pool of processes."""
    jobs = list(jobs)
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        return [run_job(job) for job in jobs]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(run_job, jobs))
