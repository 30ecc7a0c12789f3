"""``python -m handbook publish site -- mkdocs build --strict``: build into a new
folder next to ``site/`` and put it in place of ``site/`` only when the whole
build, pages and every PDF, succeeded (issue #11, item 7).

The command is run with ``--site-dir .site.building``. A failed build, Ctrl-C
or a kill leaves the previous ``site/`` as it was: the finished folder takes
its place in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``), and the
next run removes whatever an interrupted one left behind. Where the exchange is
not available, two renames stand in, with Ctrl-C held back between them; a run
killed in between leaves the old folder as ``.site.previous``, which the next
run puts back.

Exit status: the build's own when it fails, 130 after Ctrl-C, 143 after SIGTERM,
2 for a usage error.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from ..errors import HandbookError

RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100
HELD_BACK = {signal.SIGINT, signal.SIGTERM}


class Interrupted(HandbookError):
    """A signal (Ctrl-C, kill) stopped the build; it carries the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def building(target: Path) -> Path:
    """Where the new build is written: beside ``target``, on the same file system."""
    return target.with_name(f".{target.name}.building")


def previous(target: Path) -> Path:
    """Where the previous published folder is kept while a new one is swapped in."""
    return target.with_name(f".{target.name}.previous")


def clean_leftovers(target: Path) -> None:
    """Undo what an interrupted run left: a half-written build, a swap cut short."""
    if not target.exists() and previous(target).is_dir():
        previous(target).rename(target)
    for leftover in (building(target), previous(target)):
        if leftover.exists():
            shutil.rmtree(leftover)


def publish(target: Path, command: list[str], cwd: Path | None = None,
            env: dict[str, str] | None = None) -> int:
    """Run ``command`` (in ``cwd``, with ``env``) into a new folder; replace ``target``
    with it if it succeeded."""
    clean_leftovers(target)
    new = building(target)
    try:
        status = _run(command + ["--site-dir", str(new.resolve())], cwd, env)
        if status != 0:
            print(f"Bygget misslyckades (status {status}); {target}/ är oförändrad.",
                  file=sys.stderr)
            return status
        if not new.is_dir():
            print(f"Bygget skrev inget till {new}/; {target}/ är oförändrad.", file=sys.stderr)
            return 1
        swap_in(new, target)
    except Interrupted as stop:
        print(f"Bygget avbröts ({stop}); {target}/ är oförändrad.", file=sys.stderr)
        return 128 + stop.signum
    finally:
        _remove(new)
    return 0


def _run(command: list[str], cwd: Path | None = None,
         env: dict[str, str] | None = None) -> int:
    """Run the build; on Ctrl-C or SIGTERM stop it and wait for it before going on."""
    with _signals_raise():
        child = subprocess.Popen(command, cwd=cwd, env=env)
        try:
            return child.wait()
        except Interrupted:
            child.terminate()
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            raise


def swap_in(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is; afterwards ``new`` holds the old folder."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        return
    with _signals_held():
        target.rename(previous(target))
        new.rename(target)
        previous(target).rename(new)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                 RENAME_EXCHANGE) == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(error, os.strerror(error), str(second))


def _remove(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _signals_raise() -> Iterator[None]:
    def handler(signum: int, _frame: FrameType | None) -> None:
        raise Interrupted(signum)

    old = {signum: signal.signal(signum, handler) for signum in HELD_BACK}
    try:
        yield
    finally:
        for signum, action in old.items():
            signal.signal(signum, action)


@contextmanager
def _signals_held() -> Iterator[None]:
    signal.pthread_sigmask(signal.SIG_BLOCK, HELD_BACK)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_BACK)
