"""The release stamp: which handbook release, built when, from which commit."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .labels import labels
from .settings import build_date, release_name

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
        result = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=project,
                                capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return str(labels()["stamp"]["unknown_commit"])
    commit = result.stdout.strip()
    if result.returncode != 0 or not commit:
        return str(labels()["stamp"]["unknown_commit"])
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           cwd=project, capture_output=True, text=True, check=False).stdout
    return commit + (str(labels()["stamp"]["changed"]) if dirty.strip() else "")
