"""``python -m handbook COMMAND``: the one command line of the handbook.

``COMMANDS`` is the dispatch table, subcommand name → ``Command``; a new command is
one line there. ``main`` is the one place where an error becomes a message and an
exit status: a ``HandbookError`` (or a file that cannot be read or written) prints
``python -m handbook COMMAND: message`` on stderr and exits with the error's
``exit_status``. The messages are Swedish (``cli:`` in ``handbook/labels.yml``),
``--help`` is English.

Exit codes: 0 done (or valid), 1 problems found, 2 usage error (argparse's own, a
``UsageError``); ``publish`` exits with its build's status.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import HandbookError
from . import builds, editors, plandiff, publishing, validate
from .command import PROG, Command
from .reminders import REMINDERS

COMMANDS: dict[str, Command] = {
    "validate": validate.VALIDATE,
    "diff": plandiff.DIFF,
    "new": editors.NEW,
    "schema": editors.SCHEMA,
    "codeowners": editors.CODEOWNERS,
    "status": editors.STATUS,
    "find-person": editors.FIND_PERSON,
    "pages": builds.PAGES,
    "finish": builds.FINISH,
    "binders": builds.BINDERS,
    "reprint": builds.REPRINT,
    "reminders": REMINDERS,
    "publish": publishing.PUBLISH,
    "offline": publishing.OFFLINE,
    "ghpages": publishing.GHPAGES,
    "release-gate": publishing.RELEASE_GATE,
    "internal": publishing.INTERNAL,
}


def parser(commands: dict[str, Command] | None = None) -> argparse.ArgumentParser:
    """The command line's parser: one subcommand per entry of ``commands``."""
    top = argparse.ArgumentParser(prog=PROG, description="Kontinuitetshandboken: check, "
                                  "build and publish the continuity handbook")
    subcommands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in (COMMANDS if commands is None else commands).items():
        command.arguments(subcommands.add_parser(name, help=command.help,
                                                 description=command.help))
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except HandbookError as error:
        print(f"{PROG} {args.command}: {error.for_editor()}", file=sys.stderr)
        return error.exit_status
    except OSError as error:  # a file named on the command line, or one to write
        print(f"{PROG} {args.command}: {error}", file=sys.stderr)
        return 1
