"""Change history of each unit from git: the commits that touched its file or
a layer it inherits. One ``git log`` per build, however many units there are."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .project import Unit

RECORD, FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # YYYY-MM-DD, the author date
    author: str
    subject: str
    files: frozenset[str]


@dataclass(frozen=True)
class History:
    """Every commit under the units folder, newest first; ``None`` entries mean no git."""

    commits: tuple[Commit, ...]

    def for_unit(self, unit: Unit) -> list[Commit]:
        layers = set(unit.layers)
        return [c for c in self.commits if c.files & layers]


def read_history(project: Path, folder: str = "units") -> History | None:
    """The history of ``folder``, or ``None`` when the project is not a git checkout."""
    command = ["git", "log", f"--format={RECORD}%H{FIELD}%ad{FIELD}%an{FIELD}%s",
               "--date=short", "--name-only", "--no-renames", "--", folder]
    try:
        result = subprocess.run(command, cwd=project, capture_output=True, text=True,
                                timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return History(tuple(_parse(result.stdout)))


def _parse(output: str) -> list[Commit]:
    commits = []
    for record in output.split(RECORD)[1:]:
        head, _, names = record.partition("\n")
        sha, date, author, subject = head.split(FIELD, 3)
        files = frozenset(line.strip() for line in names.splitlines() if line.strip())
        commits.append(Commit(sha, date, author, subject, files))
    return commits
