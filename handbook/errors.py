"""The one exception family of the package.

Hooks convert these to MkDocs' ``Abort``; the CLI prints them. Nothing else in
the package raises for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass

FILE_FIELD = "(fil)"


class HandbookError(Exception):
    """Base class for every error the handbook reports to an editor."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at one place."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.field}: {self.message}"


class UnitFileError(HandbookError):
    """One or more problems found in unit files.

    ``problems`` holds every problem found, so an editor can fix them all in
    one go; the first one's parts are also exposed as attributes.
    """

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("UnitFileError needs at least one problem")
        self.problems = sorted(set(problems))
        first = self.problems[0]
        self.path, self.line, self.col = first.path, first.line, first.col
        self.field, self.message = first.field, first.message
        super().__init__("\n".join(str(p) for p in self.problems))
