"""``python -m handbook internal 2026.12 --private DIR --out DIR``: the internal build
of a published release, made inside the organisation (issue #29).

Everything GitHub holds (the shards' artifacts, ``gh-pages``, the release's assets)
is a public build, without any personal value. The staff's own copy, with the
private layer's numbers, is built here: on an intranet host or a self-hosted
runner, from the release's tag (``v2026.12``, or its newest correction
``v2026.12-2``), the same pages and binders as the release plus what the layer
holds. Nothing is pushed anywhere.

The tag is checked out in a worktree of its own (the change history needs the
commits), and built with the package as it was at that tag (``PYTHONPATH``), the
same way ``publish`` builds ``site/``: into a new folder beside ``--out``, put in
its place only when the whole build, pages and every PDF, succeeded. The PDFs'
cache stays between runs in ``.cache-internal/`` beside the repository's own, so a
release with few changes renders few binders.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import settings
from ..errors import HandbookError, UsageError
from ..history.git import checkout_detached, release_tag, remove_checkout
from ..labels import message
from .atomic import publish as publish_atomically

WORKTREE = ".internal-build"  # beside the repository's own files; git ignores it
CACHE = ".cache-internal"  # the internal build's .cache (PDFs with personal values)


def build_internal(root: Path, release: str, private: Path, out: Path) -> str:
    """Build release ``release`` with the private layer ``private`` into ``out``; the
    tag it was built from."""
    if not private.is_dir():
        raise UsageError(message("editor.internal.no_private", private=private))
    tag = release_tag(root, release)
    if tag is None:
        raise HandbookError(message("editor.internal.no_tag", release=release))
    work = root / WORKTREE
    checkout_detached(root, work, tag)
    try:
        cache = root / CACHE
        cache.mkdir(exist_ok=True)
        (work / ".cache").symlink_to(cache.resolve(), target_is_directory=True)
        env = {**os.environ, settings.PRIVATE: str(private.resolve()),
               settings.AUDIENCE: "internal", settings.RELEASE: release,
               "PYTHONPATH": str(work.resolve())}
        status = publish_atomically(
            out.resolve(), [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=work, env=env)
    finally:
        remove_checkout(root, work)
    if status != 0:
        raise HandbookError(message("editor.internal.failed", release=release, status=status))
    return tag
