"""``python -m handbook``: validate unit files and write the JSON Schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import Problem
from .json_schema import write_json_schema
from .project import GROUPS_DIR, read_handbook

DEFAULT_UNITS = Path("units")
SCHEMA_PATH = Path("schema/unit.schema.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook",
                                     description="Kontinuitetshandboken")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check unit files; exit 1 on problems")
    check.add_argument("paths", nargs="*", type=Path,
                       help="unit files or the units folder (default: units)")
    schema = commands.add_parser("schema", help="write the JSON Schema for editors")
    schema.add_argument("--output", type=Path, default=SCHEMA_PATH)
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.paths or [DEFAULT_UNITS], parser)
    write_json_schema(args.output)
    print(f"wrote {args.output}")
    return 0


def validate(paths: list[Path], parser: argparse.ArgumentParser) -> int:
    for path in paths:
        if not path.exists():
            parser.error(f"{path}: no such file or folder")
    problems: list[Problem] = []
    for units_dir, wanted in _by_units_dir(paths).items():
        handbook = read_handbook(units_dir)
        if wanted is None:
            problems += handbook.problems
            continue
        shown = set(wanted)
        for unit in handbook.units:
            if unit.path in wanted:
                shown.update(unit.layers)
        problems += [p for p in handbook.problems if p.path in shown]
    for problem in sorted(set(problems)):
        print(problem)
    if problems:
        print(f"{len(set(problems))} problem(s) found", file=sys.stderr)
    return 1 if problems else 0


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
