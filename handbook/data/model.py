"""Loaded values that remember where they were written.

A record is a ``Obj`` (a dict) and a list is a ``Seq`` (a list); each carries
the origin of itself and of every value in it, so a problem found after the
merge still points at the file and line the editor wrote.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Origin(NamedTuple):
    """Where a value was written: file, line and column (1-based)."""

    path: str
    line: int
    col: int


class Obj(dict[str, Any]):
    """A record: key → value, plus ``origins[key]`` for each value."""

    def __init__(self, origin: Origin) -> None:
        super().__init__()
        self.origin = origin
        self.origins: dict[str, Origin] = {}
        self.keys_at: dict[str, Origin] = {}  # where each key itself was written
        self.invalid: set[str] = set()  # keys written with a value that was rejected

    def put(self, key: str, value: Any, origin: Origin) -> None:
        """Set ``key`` to ``value`` and remember where it was written."""
        self[key] = value
        self.origins[key] = origin


class Seq(list[Any]):
    """A list, plus ``origins[i]`` for each item."""

    def __init__(self, origin: Origin) -> None:
        super().__init__()
        self.origin = origin
        self.origins: list[Origin] = []

    def add(self, value: Any, origin: Origin) -> None:
        """Append ``value`` and remember where it was written."""
        self.append(value)
        self.origins.append(origin)


def plain(value: Any) -> Any:
    """The value as plain dicts and lists (for JSON and tests)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
