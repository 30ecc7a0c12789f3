"""What each commit changed, cached by commit sha.

A commit (and so its parents and files) never changes, but the sentences also
depend on this package's loader, schema and labels: each entry records a
fingerprint of those sources and is recomputed when it differs.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard

from ..plan.approval import Change

PACKAGE = Path(__file__).parent.parent  # handbook/
# The cache file's format. 2: "approval" also means a new document.version (not only a
# new document.approved), so a cache written under the old rule is recomputed. 3: each
# change also holds the version and approval date after it and its content-only
# sentences, which the binder's history prints.
FORMAT = 3
# What a change is computed from: the files read, their schema, the labels it is told
# in, and the rule that tells content from document control.
SOURCES = ("*.py", "labels.yml", "schema/*.py", "data/*.py", "history/*.py",
           "plan/approval.py")


@dataclass(frozen=True)
class UnitChange:
    """What one commit changed in one unit's plan: the sentences the history shows, and
    whether that was content or an approval (plan/approval.py)."""

    sentences: list[str]
    change: Change
    # The content changes alone (no document control), as the binder prints them.
    content: list[str] = field(default_factory=list)
    version: str | None = None  # document.version after the commit, when known
    approved: str | None = None  # document.approved after the commit, when known

    def as_json(self) -> dict[str, Any]:
        """The change as the cache file holds it."""
        return {"changes": self.sentences, "content": self.change.content,
                "approval": self.change.approval, "content_changes": self.content,
                "version": self.version, "approved": self.approved}

    @staticmethod
    def from_json(value: Any) -> UnitChange | None:
        """The change a cache file holds, or None when it is not one."""
        if not isinstance(value, dict):
            return None
        sentences, content, approval = (value.get(k) for k in ("changes", "content",
                                                                "approval"))
        paper, version, approved = (value.get(k) for k in ("content_changes", "version",
                                                            "approved"))
        if not _strings(sentences) or not _strings(paper) \
                or not isinstance(content, bool) or not isinstance(approval, bool) \
                or not all(v is None or isinstance(v, str) for v in (version, approved)):
            return None
        return UnitChange(list(sentences), Change(content, approval), list(paper), version,
                          approved)


def _strings(value: Any) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(s, str) for s in value)


Changes = dict[str, UnitChange]


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of the code that computes changes, so a code change empties the cache."""
    digest = hashlib.sha256()
    for pattern in SOURCES:
        for path in sorted(PACKAGE.glob(pattern)):
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


class CommitCache:
    """``folder/<sha>.json``; no folder, no cache."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, sha: str) -> Changes | None:
        """The cached changes of commit ``sha``, or None when absent or stale."""
        if self.folder is None:
            return None
        try:
            document = json.loads((self.folder / f"{sha}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(document, dict) or document.get("format") != FORMAT \
                or document.get("fingerprint") != fingerprint():
            return None
        units = document.get("units")
        if not isinstance(units, dict):
            return None
        changes = {unit_id: UnitChange.from_json(value) for unit_id, value in units.items()}
        if any(change is None for change in changes.values()):
            return None
        return {unit_id: change for unit_id, change in changes.items() if change is not None}

    def put(self, sha: str, changes: Changes) -> None:
        """Store the changes of commit ``sha`` (a no-op without a cache folder)."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        units = {unit_id: change.as_json() for unit_id, change in changes.items()}
        text = json.dumps({"format": FORMAT, "fingerprint": fingerprint(), "units": units},
                          ensure_ascii=False, sort_keys=True, indent=1)
        # Written aside and renamed, so a parallel build never reads half a file.
        partial = self.folder / f".{sha}.{os.getpid()}.tmp"
        partial.write_text(text + "\n", encoding="utf-8")
        partial.replace(self.folder / f"{sha}.json")
