"""Closest-name suggestions for typos in keys and group names."""

from __future__ import annotations

import difflib


def closest(word: str, candidates: list[str]) -> str | None:
    """The candidate closest to ``word``, or None when none is close."""
    matches = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def close_matches(word: str, candidates: list[str], count: int = 5) -> list[str]:
    """Up to ``count`` candidates that look like ``word``, closest first."""
    return difflib.get_close_matches(word.lower(), candidates, n=count, cutoff=0.6)
