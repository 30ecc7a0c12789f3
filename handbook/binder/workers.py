"""The processes the PDFs are made in: a pool for many binders, a helper process
started with the build for a little work, a process of its own for the whole
handbook.

Apart from pdf.py because how the work is shared out decides nothing a PDF
holds: the binders' cache keys list pdf.py (keys.py), not this module, so a
change here renders nothing again.

A process that dies (the kernel's OOM killer, a crash in a C library) fails the
build at once with ``WorkerDied``: ``concurrent.futures`` notices the lost process
and breaks the pool, where ``multiprocessing.Pool`` would start a new worker and
wait for ever for the lost job's result.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, TypeVar

from ..errors import HandbookError
from ..labels import message
from .pdf import Job, Rendered, run_job
from .weasy import weasyprint as load_weasyprint

T = TypeVar("T")
WATCH_SECONDS = 0.5  # how often a wait looks at the processes it watches


class WorkerDied(HandbookError):
    """A PDF process ended without finishing its work (killed, or crashed)."""

    def for_editor(self) -> str:
        """What happened and what to do; the message is Swedish."""
        return str(self)


class Workers:
    """Processes started fresh (spawned, not forked from a build with threads).

    Use it as a ``with`` block: leaving it normally waits for the processes to end;
    leaving it on an error (or Ctrl-C) ends them at once, so a failed build does
    not wait for binders nobody will read."""

    def __init__(self, count: int, initializer: Callable[[], None] | None = None) -> None:
        self._executor = ProcessPoolExecutor(
            count, mp_context=multiprocessing.get_context("spawn"),
            initializer=functools.partial(_worker_start, os.getpid(), initializer))
        _LIVE.add(self)

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Start ``function(*args)`` in a worker; ``result`` waits for it."""
        try:
            return self._executor.submit(function, *args)
        except BrokenProcessPool as error:
            raise _died() from error

    @property
    def broken(self) -> bool:
        """Whether one of the processes died (the pool then takes no more work)."""
        return bool(getattr(self._executor, "_broken", False))

    @staticmethod
    def result(future: Future[T], watch: Workers | None = None) -> T:
        """The call's result; an exception it raised is raised here, and a worker that
        died raises ``WorkerDied`` (the other workers go on until the block ends), as
        does a death among the ``watch`` processes while this one waits."""
        try:
            while True:
                try:
                    return future.result(timeout=WATCH_SECONDS if watch else None)
                except TimeoutError:
                    if watch is not None and watch.broken:
                        raise _died() from None
        except BrokenProcessPool as error:
            raise _died() from error

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker, waited for."""
        return self.result(self.submit(function, *args))

    def terminate(self) -> None:
        """End the processes now, work left undone."""
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(timeout=5)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self._executor.shutdown(wait=True)
        else:
            self.terminate()


# Workers not yet ended. When the interpreter stops (Ctrl-C in MkDocs' main thread while
# the PDFs render in a thread of their own), concurrent.futures waits at exit for every
# pool's work to finish; the build would go on rendering binders nobody will read. This
# hook runs first (threading calls its exit hooks newest first) and ends them.
_LIVE: weakref.WeakSet[Workers] = weakref.WeakSet()


def _end_all() -> None:
    for workers in list(_LIVE):
        workers.terminate()


threading._register_atexit(_end_all)  # type: ignore[attr-defined]  # see _LIVE


PARENT_CHECK_SECONDS = 0.5  # how often a worker looks whether the build is still there


def _worker_start(parent: int, initializer: Callable[[], None] | None) -> None:
    """In each worker, first: end it when the build's process is gone. A build stopped
    by SIGTERM or SIGKILL runs no exit hook, and an idle worker would wait for work for
    ever, holding the build's output open (a script reading it never ends)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="handbook-parent-watch", daemon=True).start()
    if initializer is not None:
        initializer()


def _died() -> WorkerDied:
    return WorkerDied(message("editor.binder.worker_died"))


def run_apart(function: Callable[..., None], *args: Any,
              helper: Workers | None = None) -> None:
    """Call ``function(*args)`` in another process and wait for it: in ``helper``
    (a process started earlier, see ``warm_helper``) or else in a new one, whose
    memory is given back when it ends. An exception in it is raised here."""
    if helper is not None:
        helper.call(function, *args)
        return
    with Workers(1) as pool:
        pool.call(function, *args)


def warm_helper() -> Workers:
    """One worker process, started now and importing WeasyPrint and pikepdf while the
    build goes on, for the work of a build where little changed: one binder and the
    whole handbook then wait for no process to start. Use it as a ``with`` block."""
    helper = Workers(1, initializer=_warm_up)
    helper.submit(_nothing)  # a pool starts its processes with its first task
    return helper


def _warm_up() -> None:
    import pikepdf  # noqa: F401 - imported for its time, not its name

    load_weasyprint()


def _nothing() -> None:
    """The helper's first task: it makes the process start (and warm up) now."""


def run_jobs(jobs: Iterable[Job], workers: int | None = None,
             apart: bool = False, helper: Workers | None = None
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
        return [helper.call(run_job, jobs[0])]
    if not jobs or (workers <= 1 and not apart):
        return [run_job(job) for job in jobs]
    with Workers(workers) as pool:
        longest_first = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].html))
        results = {i: pool.submit(run_job, jobs[i]) for i in longest_first}
        # The helper waits meanwhile for the whole handbook: if it dies, stop now.
        return [pool.result(results[i], watch=helper) for i in range(len(jobs))]
