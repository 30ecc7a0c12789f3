"""``python -m handbook``: validate unit files, scaffold a unit, write generated files,
render one shard of the PDF binders and gather the shards, keep the reminder issues.

Exit codes: 0 done (or valid), 1 problems found, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ..binder.shard import SHARD_ENV, Shard, ShardError, export_shard, gather_shards, parse_shard
from ..data.personal import PUBLIC, audience_from_environment, private_dir_from_environment
from ..data.project import GROUPS_DIR, read_handbook
from ..errors import HandbookError, Problem
from ..plan.advice import warnings_for
from ..plan.report import status_json, status_table
from ..plan.status import Status, today, unit_status
from ..render.pages import units_by_name
from ..routes import PDF_CACHE_DIR, PDF_DIR
from ..schema.json_schema import write_json_schema
from ..site.export import write_pages
from ..tools.codeowners import CODEOWNERS_PATH, DEFAULT_OWNER, codeowners_diff, render_codeowners
from ..tools.github import add_parser as add_reminders_parser
from ..tools.github import command as reminders
from ..tools.scaffold import NewUnit, ScaffoldError, write_new_unit
from .report import FORMATS, format_problems

DEFAULT_UNITS = Path("units")
SCHEMA_PATH = Path("schema/unit.schema.json")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.paths or [DEFAULT_UNITS], parser, args.format, args.strict)
    if args.command == "new":
        return new_unit(args)
    if args.command == "codeowners":
        return codeowners(args)
    if args.command == "status":
        return status(args)
    if args.command == "binders":
        return binders(args)
    if args.command == "pages":
        return pages(args)
    if args.command == "finish":
        return finish(args)
    if args.command == "reminders":
        return reminders(args)
    if args.command == "reprint":
        return reprint(args)
    if args.command == "find-person":
        return find_person_command(args, parser)
    write_json_schema(args.output)
    print(f"wrote {args.output}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m handbook",
                                     description="Kontinuitetshandboken")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check unit files; exit 1 on problems")
    check.add_argument("paths", nargs="*", type=Path,
                       help="unit files or the units folder (default: units)")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="text: PATH:LINE:COL: field: message (default); github: "
                       "GitHub Actions annotations; json: one JSON document")
    check.add_argument("--strict", action="store_true",
                       help="treat warnings (e.g. fewer than two maintainers) as problems")
    schema = commands.add_parser("schema", help="write the JSON Schema for editors")
    schema.add_argument("--output", type=Path, default=SCHEMA_PATH)
    new = commands.add_parser("new", help="write units/<id>.yml with every section and "
                              "placeholders to fill in")
    new.add_argument("id", help="the unit's id: a-z, digits and hyphens, e.g. vc-angen")
    new.add_argument("--name", required=True, help="the unit's name, e.g. 'Vårdcentralen X'")
    new.add_argument("--extends", nargs="+", action="extend", default=[], metavar="GROUP",
                     help=f"groups to inherit from (files in units/{GROUPS_DIR}/)")
    new.add_argument("--units", type=Path, default=DEFAULT_UNITS, help="the units folder")
    owners = commands.add_parser("codeowners", help="write CODEOWNERS from each unit's "
                                 "maintainers")
    owners.add_argument("--output", type=Path, default=CODEOWNERS_PATH)
    owners.add_argument("--units", type=Path, default=DEFAULT_UNITS, help="the units folder")
    owners.add_argument("--default-owner", default=DEFAULT_OWNER,
                        help="owner of every file no unit owns")
    owners.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 and show the difference if out of date")
    report = commands.add_parser("status", help="document-control status of every unit")
    report.add_argument("--units", type=Path, default=DEFAULT_UNITS, help="the units folder")
    report.add_argument("--format", choices=("text", "json"), default="text")
    report.add_argument("--fail-on", choices=("overdue", "due"), default=None,
                        help="exit 1 when a unit is overdue (or, with 'due', due or overdue)")
    report.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        metavar="YYYY-MM-DD", help="compute the status for this day")
    _binders_parser(commands)
    add_reminders_parser(commands)
    again = commands.add_parser(
        "reprint", help="which sheets of a unit's printed binder to replace: its binder "
        "in a published release against the one in an earlier release (mike's branch)")
    again.add_argument("id", help="the unit's id, e.g. vc-angen")
    again.add_argument("--since", metavar="RELEASE",
                       help="the release of the printed binder (default: the one before)")
    again.add_argument("--release", metavar="RELEASE",
                       help="the release to print from (default: the newest published)")
    again.add_argument("--branch", default="gh-pages", help="where mike publishes")
    again.add_argument("--units", type=Path, default=DEFAULT_UNITS, help="the units folder")
    person = commands.add_parser(
        "find-person", help="list every place in the working tree (units, the private "
        "layer, site, dist), the published releases and the git history where a name, "
        "number or e-mail still appears; exit 1 when found")
    person.add_argument("value", help='e.g. "Anna Andersson" or "070-123 45 67" (a number '
                        "matches however it is written)")
    person.add_argument("--private", type=Path, default=None,
                        help="the private layer's folder (default: HANDBOOK_PRIVATE)")
    person.add_argument("--branch", default="gh-pages", help="where mike publishes")
    files = commands.add_parser(
        "pages", help="write the generated pages as Markdown files, with mkdocs.yml "
        "without hooks, so that plain MkDocs builds the same pages")
    files.add_argument("out", type=Path, help="a new (or empty) folder")
    files.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                       help="the MkDocs configuration; units/ is beside it")
    _finish_parser(commands)
    return parser


def _finish_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    done = commands.add_parser(
        "finish", help="finish a site that MkDocs, ProperDocs or Zensical built from "
        "`pages` output: search index, unit finder, data files, robots.txt, service worker "
        "(no PDF binders: they need the hooks build)")
    done.add_argument("site_dir", type=Path, help="the built site, e.g. out/site")
    done.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                      help="the configuration `pages` was given; units/ is beside it")


def finish(args: argparse.Namespace) -> int:
    """``finish``: what the hooks do after the pages, for a site built without them."""
    from ..site.finish import finish_built_site

    prog = "python -m handbook finish"
    for path, kind in ((args.config_file, "file"), (args.site_dir, "dir")):
        if not (path.is_file() if kind == "file" else path.is_dir()):
            print(f"{prog}: {path} finns inte", file=sys.stderr)
            return 2
    try:
        kept = finish_built_site(args.site_dir, args.config_file)
    except HandbookError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 1
    print(f"finished {args.site_dir}" + (f"; service worker keeps {len(kept.urls)} files, "
                                         f"build {kept.identity}" if kept else ""))
    return 0


def _binders_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    binders = commands.add_parser(
        "binders", help="render one shard of the PDF binders into a folder, or gather "
        "the shards' folders into the PDF cache for the build that assembles the site")
    what = binders.add_mutually_exclusive_group(required=True)
    what.add_argument("--shard", type=_shard_argument, metavar="K/N",
                      help="render the binders of shard K of N (a hash of the unit id)")
    what.add_argument("--gather", type=Path, nargs="+", metavar="FOLDER",
                      help="put the binders of these shard folders into the PDF cache")
    binders.add_argument("--out", type=Path, default=Path("pdf-shard"),
                         help="with --shard: where the shard's PDFs and manifest go")
    binders.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                         help="the MkDocs configuration; the cache is beside it")


def _shard_argument(text: str) -> Shard:
    try:
        return parse_shard(text)
    except ShardError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def binders(args: argparse.Namespace) -> int:
    """``binders``: render the PDF binders without MkDocs (a shard of them, or all)."""
    # Imported here: the PDF machinery costs the editors' commands half a second.
    config: Path = args.config_file.resolve()
    cache = config.parent / PDF_CACHE_DIR
    try:
        if args.gather:
            gathered = gather_shards(args.gather, cache)
            print(f"gathered {len(gathered)} binder(s) into {cache}")
            return 0
        return _render_shard(args.shard, config, cache, args.out)
    except ShardError as error:
        print(f"python -m handbook binders: {error}", file=sys.stderr)
        return 1


def _render_shard(shard: Shard, config: Path, cache: Path, out: Path) -> int:
    """``mkdocs build`` with only ``shard``'s binders; the site itself is thrown away
    (the binders print the region chapters as MkDocs renders them)."""
    with tempfile.TemporaryDirectory(prefix=".shard-site-", dir=config.parent) as site:
        env = {**os.environ, "HANDBOOK_PDF": "1", SHARD_ENV: str(shard)}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                   str(config), "--site-dir", site]
        if subprocess.run(command, env=env, check=False).returncode != 0:
            print(f"python -m handbook binders: bygget av del {shard} misslyckades",
                  file=sys.stderr)
            return 1
        ids = [path.stem for path in sorted((Path(site) / PDF_DIR).glob("*.pdf"))]
    exported = export_shard(cache, ids, out)
    print(f"shard {shard}: {len(exported)} binder(s) in {out}: {', '.join(exported) or 'none'}")
    return 0


def pages(args: argparse.Namespace) -> int:
    """``pages``: write the generated pages as Markdown files for plain MkDocs."""
    config: Path = args.config_file
    if not config.is_file():
        print(f"python -m handbook pages: {config} finns inte", file=sys.stderr)
        return 2
    root = config.resolve().parent
    try:
        public = audience_from_environment() == PUBLIC
    except HandbookError as error:
        print(f"python -m handbook pages: {error}", file=sys.stderr)
        return 2
    handbook = read_handbook(root / DEFAULT_UNITS, base=root,
                             private=private_dir_from_environment(), public=public)
    if handbook.problems:
        sys.stdout.write(format_problems(handbook.problems, "text"))
        print("inga sidor skrevs: rätta enhetsfilerna först", file=sys.stderr)
        return 1
    try:
        written = write_pages(handbook, config, args.out)
    except HandbookError as error:
        print(f"python -m handbook pages: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(written.pages)} generated page(s) and {written.config.as_posix()}; "
          f"build with: mkdocs build -f {written.config.as_posix()}")
    return 0


def status(args: argparse.Namespace) -> int:
    """``status``: print each unit's review status (text or JSON)."""
    handbook = read_handbook(args.units)
    if handbook.problems:
        sys.stdout.write(format_problems(handbook.problems, "text"))
        return 1
    day = args.today or today()
    rows = [unit_status(unit, day) for unit in units_by_name(handbook)]
    if args.format == "json":
        sys.stdout.write(status_json(rows, day.isoformat()))
    else:
        sys.stdout.write(status_table(rows))
    failing = {"overdue": {Status.OVERDUE}, "due": {Status.OVERDUE, Status.DUE}}
    return 1 if any(r.status in failing.get(args.fail_on or "", set()) for r in rows) else 0


def reprint(args: argparse.Namespace) -> int:
    """The sheets to replace, in Swedish; exit 1 when a release or binder is missing."""
    from ..binder.reprint import ReprintError, reprint_report

    handbook = read_handbook(args.units)
    if handbook.problems:
        sys.stdout.write(format_problems(handbook.problems, "text"))
        return 1
    try:
        lines = reprint_report(Path.cwd(), args.id, handbook.duplex, args.since,
                               args.release, args.branch)
    except ReprintError as error:
        print(f"python -m handbook reprint: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def find_person_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``find-person``: one line per place where the value still appears."""
    from ..tools.find_person import find_person

    value = " ".join(str(args.value).split())
    if len(value) < 3:
        parser.error("find-person: skriv minst tre tecken, t.ex. ett namn eller ett nummer")
    private = args.private or private_dir_from_environment()
    hits = find_person(Path.cwd(), value, private, args.branch)
    for hit in hits:
        print(hit)
    if not hits:
        print(f"'{value}' finns inte kvar någonstans som kommandot söker", file=sys.stderr)
        return 0
    print(f"'{value}' finns på {len(hits)} ställen", file=sys.stderr)
    return 1


def validate(paths: list[Path], parser: argparse.ArgumentParser, fmt: str = "text",
             strict: bool = False) -> int:
    """``validate``: check unit files and print one line per problem and per warning;
    1 when there is a problem (with ``strict``, a warning too)."""
    for path in paths:
        if not path.exists():
            parser.error(f"{path}: filen eller mappen finns inte")
    problems: list[Problem] = []
    warnings: list[Problem] = []
    checked = 0
    for units_dir, wanted in _by_units_dir(paths).items():
        found_here, warned_here, units_here = _problems_for(units_dir, wanted)
        problems += found_here
        warnings += warned_here
        checked += units_here
    if strict:
        problems, warnings = problems + warnings, []
    found, warned = len(set(problems)), len(set(warnings))
    sys.stdout.write(format_problems(problems, fmt, warnings))
    # One line on stderr either way, so an editor can tell a pass from a crash.
    also = "" if not warned else (", 1 varning" if warned == 1 else f", {warned} varningar")
    if found:
        print(f"{found} problem hittades i enhetsfilerna{also}", file=sys.stderr)
    else:
        print(("1 enhet kontrollerad" if checked == 1 else f"{checked} enheter kontrollerade")
              + f", inga fel{also}", file=sys.stderr)
    return 1 if found else 0


def _problems_for(units_dir: Path,
                  wanted: set[str] | None) -> tuple[list[Problem], list[Problem], int]:
    """The problems an editor of ``wanted`` must see: in those files, in the layers
    a wanted unit inherits, and in every unit that inherits a wanted layer; the
    warnings about those units; and the number of units loaded whose files that
    covers (the summary of a run without problems)."""
    handbook = read_handbook(units_dir, private=private_dir_from_environment())
    if wanted is None:
        return handbook.problems, warnings_for(handbook), len(handbook.units)
    shown = set(wanted)
    for unit in handbook.units:
        if wanted & set(unit.layers):
            shown.update(unit.layers)
            shown.update([unit.private] if unit.private else [])
    units = [u for u in handbook.units if u.path in shown]
    return ([p for p in handbook.problems if p.path in shown], warnings_for(handbook, units),
            len(units))


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


def new_unit(args: argparse.Namespace) -> int:
    """``new``: write a new unit file from the schema's scaffold."""
    try:
        path = write_new_unit(args.units, NewUnit(args.id, args.name, tuple(args.extends)))
    except ScaffoldError as error:
        print(f"python -m handbook new: {error}", file=sys.stderr)
        return 2
    print(f"skrev {path.as_posix()}; fyll i varje värde som börjar med ÄNDRA: och kontrollera "
          f"med: python -m handbook validate {path.as_posix()}")
    return 0


def codeowners(args: argparse.Namespace) -> int:
    """``codeowners``: write CODEOWNERS from the units' maintainers."""
    handbook = read_handbook(args.units)
    if handbook.problems:
        sys.stdout.write(format_problems(handbook.problems, "text"))
        print("CODEOWNERS skrevs inte: rätta först problemen i enhetsfilerna ovan", file=sys.stderr)
        return 1
    expected = render_codeowners(handbook, args.default_owner)
    output: Path = args.output
    if not args.check:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(expected, encoding="utf-8")
        print(f"wrote {output.as_posix()}")
        return 0
    committed = output.read_text(encoding="utf-8") if output.exists() else ""
    if committed == expected:
        return 0
    sys.stdout.write(codeowners_diff(committed, expected, output.as_posix()))
    print(f"{output.as_posix()} stämmer inte med fältet maintainers i enhetsfilerna; kör "
          "python -m handbook codeowners, eller ändra filen som raderna ovan visar "
          "(+ lägg till, - ta bort)", file=sys.stderr)
    return 1
