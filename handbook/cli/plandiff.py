"""``python -m handbook diff [--base REF] [--format text|markdown]``: what the change in
the working tree does to each unit's plan, compared with the base (default: the merge
base with origin/main, else main). Exit 0 whether or not a plan changes; 1 when git
cannot answer, 2 for a base that does not exist."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..history.plandiff import as_markdown, as_text, plan_diff
from .command import DEFAULT_UNITS, Command, add_format

FORMATS = ("text", "markdown")


def arguments(parser: argparse.ArgumentParser) -> None:
    """``--base``, ``--units`` and ``--format``."""
    parser.add_argument("--base", default=None,
                        help="the branch or commit to compare with (default: the merge "
                        "base with origin/main, else main)")
    parser.add_argument("--units", type=Path, default=DEFAULT_UNITS,
                        help="the units folder, relative to the repository (default: units)")
    add_format(parser, FORMATS, "text (default) or markdown (a pull request's job summary)")


def run(args: argparse.Namespace) -> int:
    """``diff``: the command's entry in the dispatch table."""
    result = plan_diff(Path.cwd(), args.units.as_posix(), args.base)
    sys.stdout.write(as_markdown(result) if args.format == "markdown" else as_text(result))
    return 0


DIFF = Command("show what the change does to each unit's plan, compared with a base",
               arguments, run)
