"""The release stamp: which handbook release, built when, from which commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..labels import labels
from ..settings import build_date, release_name
from .git import GitError, output

DRAFT: str = labels()["stamp"]["draft"]


@dataclass(frozen=True)
class Stamp:
    """The release stamp: which release, the build date and the commit."""

    release: str
    built: dt.date
    commit: str

    @property
    def is_draft(self) -> bool:
        """Whether this build is a draft (no release named)."""
        return self.release == DRAFT


def current_stamp(project: Path, today: dt.date | None = None) -> Stamp:
    """``HANDBOOK_RELEASE`` names a release (``mike deploy`` names it through
    ``MIKE_DOCS_VERSION``); without either the build is a draft."""
    return Stamp(release_name() or DRAFT, today or build_date(), _commit(project))


def stamp_text(stamp: Stamp) -> str:
    """The stamp as one Swedish line, for the site footer."""
    text: str = labels()["stamp"]["line"]
    return text.format(release=stamp.release, built=stamp.built.isoformat(),
                       commit=stamp.commit)


def _commit(project: Path) -> str:
    try:
        commit = (output(project, "rev-parse", "--short=10", "HEAD", timeout=10) or b"").strip()
        dirty = output(project, "status", "--porcelain", "--untracked-files=no") or b""
    except GitError:
        commit = b""
    if not commit:
        return str(labels()["stamp"]["unknown_commit"])
    return commit.decode() + (str(labels()["stamp"]["changed"]) if dirty.strip() else "")
