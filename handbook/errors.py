"""The one exception family of the package.

Every exception class of the package derives from ``HandbookError``
(``tests/test_errors.py`` walks the modules): the errors an editor is told about
and the few a module raises and catches itself (a stop signal, a file to read
another way). The command line turns one into a message and an exit status in one
place (``handbook/cli/main.py``), the hooks into MkDocs' ``PluginError`` in one
place (``hooks/handbook_hooks.py``). Nothing else in the package raises for bad
input.
"""

from __future__ import annotations

from dataclasses import dataclass

FILE_FIELD = "(fil)"


class HandbookError(Exception):
    """Base class for every error of the package; the message is for an editor.

    ``exit_status`` is what the command line exits with when it stops on one.
    """

    exit_status = 1

    def for_editor(self) -> str:
        """What the command line and the hooks show when the work stops on this error
        (the message itself, unless a kind of error says more)."""
        return str(self)


class UsageError(HandbookError):
    """A command asked for something it cannot do as written (exit status 2)."""

    exit_status = 2


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

    def for_editor(self) -> str:
        """The number of problems, then one line each."""
        return f"{len(self.problems)} problem i enhetsfilerna:\n{self}"
