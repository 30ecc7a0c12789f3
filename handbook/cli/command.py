"""What a subcommand of ``python -m handbook`` is, the options several share, and the
command line's own Swedish messages (``cli:`` in ``handbook/labels.yml``).

A command's ``run`` returns its exit status or raises a ``HandbookError``; only
``main`` turns an error into a message and an exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..data.project import Handbook, read_handbook
from ..history.git import PUBLISHED_BRANCH
from ..labels import labels
from ..routes import UNITS_DIR
from .report import format_problems

PROG = "python -m handbook"
DEFAULT_UNITS = Path(UNITS_DIR)
DEFAULT_CONFIG = Path("mkdocs.yml")
DEFAULT_BRANCH = PUBLISHED_BRANCH


@dataclass(frozen=True)
class Command:
    """One subcommand: its ``--help`` line (English), its arguments, what it does."""

    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def say(key: str, **values: object) -> str:
    """The command line's message ``key`` from the labels file, filled in."""
    return str(labels()["cli"][key]).format(**values)


def add_units(parser: argparse.ArgumentParser) -> None:
    """``--units FOLDER``: the units folder (default: units)."""
    parser.add_argument("--units", type=Path, default=DEFAULT_UNITS,
                        help="the units folder (default: units)")


def add_config_file(parser: argparse.ArgumentParser,
                    help: str = "the MkDocs configuration; units/ is beside it") -> None:
    """``-f/--config-file FILE``: the MkDocs configuration (default: mkdocs.yml)."""
    parser.add_argument("-f", "--config-file", type=Path, default=DEFAULT_CONFIG, help=help)


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...], help: str) -> None:
    """``--format``: how the command writes its result (the first choice by default)."""
    parser.add_argument("--format", choices=choices, default=choices[0], help=help)


def add_branch(parser: argparse.ArgumentParser) -> None:
    """``--branch``: where mike publishes the releases (default: gh-pages)."""
    parser.add_argument("--branch", default=DEFAULT_BRANCH,
                        help="where mike publishes (default: gh-pages)")


def valid_handbook(units: Path, refused: str | None = None) -> Handbook | None:
    """The units folder read, or None after its problems are printed (with the message
    ``refused`` on stderr, when given): the command then exits 1."""
    handbook = read_handbook(units)
    if not handbook.problems:
        return handbook
    sys.stdout.write(format_problems(handbook.problems, "text"))
    if refused:
        print(say(refused), file=sys.stderr)
    return None
