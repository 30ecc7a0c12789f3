"""``python -m handbook validate [PATH…]``: check unit files; one line per problem,
``PATH:LINE:COL: field.path: message``; exit 0 valid, 1 invalid, 2 usage (the
contract, design.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..data.personal import private_dir_from_environment
from ..data.project import GROUPS_DIR, read_handbook
from ..errors import Problem, UsageError
from ..history.renamed import renamed_problems
from ..history.review import unapproved_changes
from ..plan.advice import warnings_for
from .command import DEFAULT_UNITS, Command, add_format, say
from .report import FORMATS, format_problems


def arguments(parser: argparse.ArgumentParser) -> None:
    """The paths, ``--format`` and ``--strict``."""
    parser.add_argument("paths", nargs="*", type=Path,
                        help="unit files or the units folder (default: units)")
    add_format(parser, FORMATS, "text: PATH:LINE:COL: field: message (default); github: "
               "GitHub Actions annotations; json: one JSON document")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings (e.g. fewer than two maintainers) as problems")
    parser.add_argument("--base", default=None, metavar="REF",
                        help="warn about each unit whose content changed since REF (its "
                        "merge base with HEAD) without a new document.version and "
                        "document.approved; a pull request passes its base, e.g. "
                        "origin/main")


def run(args: argparse.Namespace) -> int:
    """``validate``: the command's entry in the dispatch table."""
    return validate(args.paths or [DEFAULT_UNITS], args.format, args.strict, args.base)


def validate(paths: list[Path], fmt: str = "text", strict: bool = False,
             base: str | None = None) -> int:
    """Check unit files and print one line per problem and per warning; 1 when there is
    a problem (with ``strict``, a warning too). With ``base``, a unit whose content
    changed since ``base`` without a new version and approval date is warned about."""
    for path in paths:
        if not path.exists():
            raise UsageError(say("no_path", path=path))
    problems: list[Problem] = []
    warnings: list[Problem] = []
    notes: list[str] = []
    checked = 0
    for units_dir, wanted in _by_units_dir(paths).items():
        found_here, warned_here, units_here, note = _problems_for(units_dir, wanted, base)
        problems += found_here
        warnings += warned_here
        checked += units_here
        notes += [note] if note and note not in notes else []
    if strict:
        problems, warnings = problems + warnings, []
    found = len(set(problems))
    sys.stdout.write(format_problems(problems, fmt, warnings))
    # One line on stderr either way, so an editor can tell a pass from a crash; before
    # it, what could not be checked (no base to find a renamed unit file against).
    for note in notes:
        print(note, file=sys.stderr)
    print(_summary(found, len(set(warnings)), checked), file=sys.stderr)
    return 1 if found else 0


def _summary(found: int, warned: int, checked: int) -> str:
    also = "" if not warned else (say("one_warning") if warned == 1
                                  else say("many_warnings", count=warned))
    if found:
        return say("problems_found", count=found, warnings=also)
    if checked == 1:
        return say("checked_one", warnings=also)
    return say("checked_many", count=checked, warnings=also)


def _problems_for(units_dir: Path, wanted: set[str] | None, base: str | None = None
                  ) -> tuple[list[Problem], list[Problem], int, str | None]:
    """The problems an editor of ``wanted`` must see: in those files, in the layers
    a wanted unit inherits, and in every unit that inherits a wanted layer (a renamed
    unit file without its former id among them); the warnings about those units (with
    ``base``, a change of content without a new approval too); the number of units
    loaded whose files that covers (the summary of a run without problems); and a note
    when no base was found to find a renamed file against."""
    private = private_dir_from_environment()
    handbook = read_handbook(units_dir, private=private)
    renamed, note = renamed_problems(units_dir, handbook)
    handbook.problems += renamed
    if wanted is None:
        problems, units = handbook.problems, handbook.units
    else:
        shown = set(wanted)
        for unit in handbook.units:
            if wanted & set(unit.layers):
                shown.update(unit.layers)
                shown.update([unit.private] if unit.private else [])
        units = [u for u in handbook.units if u.path in shown]
        problems = [p for p in handbook.problems if p.path in shown]
    warnings = warnings_for(handbook, None if wanted is None else units)
    if base is not None:
        # Compared as git holds them: without the private layer, which is not in git.
        plain = read_handbook(units_dir) if private else handbook
        ids = {u.id for u in units}
        warnings += unapproved_changes(units_dir, base, plain,
                                       [u for u in plain.units if u.id in ids])
    return problems, warnings, len(units), note


def _by_units_dir(paths: list[Path]) -> dict[Path, set[str] | None]:
    """Group the arguments by their units folder; ``None`` means the whole folder."""
    result: dict[Path, set[str] | None] = {}
    for path in paths:
        if path.is_dir():
            result[path] = None
            continue
        folder = path.parent.parent if path.parent.name == GROUPS_DIR else path.parent
        wanted = result.setdefault(folder, set())
        if wanted is not None:
            wanted.add(_display(path))
    return result


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


VALIDATE = Command("check unit files; exit 1 on problems, 2 on a usage error", arguments, run)
