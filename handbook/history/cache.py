"""What each commit changed, cached by commit sha.

A commit (and so its parents and files) never changes, but the sentences also
depend on this package's loader, schema and labels: each entry records a
fingerprint of those sources and is recomputed when it differs.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).parent.parent  # handbook/
# What a change is computed from: the files read, their schema, the labels it is told in.
SOURCES = ("*.py", "labels.yml", "schema/*.py", "data/*.py", "history/*.py")

Changes = dict[str, list[str]]


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
        if not isinstance(document, dict) or document.get("fingerprint") != fingerprint():
            return None
        units = document.get("units")
        return units if isinstance(units, dict) else None

    def put(self, sha: str, changes: Changes) -> None:
        """Store the changes of commit ``sha`` (a no-op without a cache folder)."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"fingerprint": fingerprint(), "units": changes},
                          ensure_ascii=False, sort_keys=True, indent=1)
        # Written aside and renamed, so a parallel build never reads half a file.
        partial = self.folder / f".{sha}.{os.getpid()}.tmp"
        partial.write_text(text + "\n", encoding="utf-8")
        partial.replace(self.folder / f"{sha}.json")
