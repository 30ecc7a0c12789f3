"""The processes the PDFs are made in: a pool for many binders, a helper process
started with the build for a little work, a process of its own for the whole
handbook.

Apart from pdf.py because how the work is shared out decides nothing a PDF
holds: the binders' cache keys list pdf.py (keys.py), not this module, so a
change here renders nothing again.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Callable, Iterable
from typing import Any

from .pdf import Job, Rendered, run_job
from .weasy import weasyprint as load_weasyprint


def run_apart(function: Callable[..., None], *args: Any,
              helper: multiprocessing.pool.Pool | None = None) -> None:
    """Call ``function(*args)`` in another process and wait for it: in ``helper``
    (a process started earlier, see ``warm_helper``) or else in a new one, whose
    memory is given back when it ends. An exception in it is raised here."""
    if helper is not None:
        helper.apply(function, args)
        return
    with _pool(1) as pool:
        pool.apply(function, args)


def warm_helper() -> multiprocessing.pool.Pool:
    """One worker process, started now and importing WeasyPrint and pikepdf while the
    build goes on, for the work of a build where little changed: one binder and the
    whole handbook then wait for no process to start. Use it as a ``with`` block."""
    return multiprocessing.get_context("spawn").Pool(1, initializer=_warm_up)


def _warm_up() -> None:
    import pikepdf  # noqa: F401 - imported for its time, not its name

    load_weasyprint()


def run_jobs(jobs: Iterable[Job], workers: int | None = None,
             apart: bool = False, helper: multiprocessing.pool.Pool | None = None
             ) -> list[Rendered]:
    """Render every job; more than one job (or any, with ``apart``) runs in a pool of
    processes. A single job goes to ``helper`` when there is one.

    The results are in the order of ``jobs``. The pool starts the longest binders
    first (by the length of their HTML), so no worker is left with a long one at
    the end while the other idles.
    """
    jobs = list(jobs)
    workers = min(workers or os.cpu_count() or 1, len(jobs))
    if len(jobs) == 1 and helper is not None:
        return [helper.apply(run_job, (jobs[0],))]
    if not jobs or (workers <= 1 and not apart):
        return [run_job(job) for job in jobs]
    with _pool(workers) as pool:
        longest_first = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))
        results = {i: pool.apply_async(run_job, (jobs[i],)) for i in longest_first}
        return [results[i].get() for i in range(len(jobs))]


def _pool(workers: int) -> multiprocessing.pool.Pool:
    """Worker processes started fresh (not forked from a build with threads). Leaving
    the ``with`` block, or the interpreter, ends them at once: a failed or interrupted
    build (Ctrl-C) does not wait for binders nobody will read."""
    return multiprocessing.get_context("spawn").Pool(workers)
