"""The editors' commands besides ``validate``: ``new``, ``schema``, ``codeowners``,
``status`` and ``find-person``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from .. import settings
from ..data.personal import private_dir_from_environment
from ..data.project import GROUPS_DIR
from ..errors import UsageError
from ..history.log import history_of
from ..plan.report import status_json, status_table
from ..plan.status import Status, today, unit_status
from ..render.pages import units_by_name
from ..schema.json_schema import write_json_schema
from ..tools.codeowners import CODEOWNERS_PATH, DEFAULT_OWNER, codeowners_diff, render_codeowners
from ..tools.github import API_URL, GitHub
from ..tools.scaffold import NewUnit, write_new_unit
from .command import Command, add_branch, add_format, add_units, say, valid_handbook

SCHEMA_PATH = Path("schema/unit.schema.json")


def new_arguments(parser: argparse.ArgumentParser) -> None:
    """The id, ``--name``, ``--extends`` and ``--units``."""
    parser.add_argument("id", help="the unit's id: a-z, digits and hyphens, e.g. vc-angen")
    parser.add_argument("--name", required=True, help="the unit's name, e.g. 'Vårdcentralen X'")
    parser.add_argument("--extends", nargs="+", action="extend", default=[], metavar="GROUP",
                        help=f"groups to inherit from (files in units/{GROUPS_DIR}/)")
    add_units(parser)


def new_unit(args: argparse.Namespace) -> int:
    """``new``: write a new unit file from the schema's scaffold (a refused request is a
    ``ScaffoldError``, exit 2)."""
    path = write_new_unit(args.units, NewUnit(args.id, args.name, tuple(args.extends)))
    print(say("new_unit", path=path.as_posix()))
    return 0


def schema_arguments(parser: argparse.ArgumentParser) -> None:
    """``--output``."""
    parser.add_argument("--output", type=Path, default=SCHEMA_PATH,
                        help=f"where the JSON Schema goes (default: {SCHEMA_PATH})")


def schema(args: argparse.Namespace) -> int:
    """``schema``: write the JSON Schema that editors' tools read."""
    write_json_schema(args.output)
    print(say("wrote", path=args.output.as_posix()))
    return 0


def codeowners_arguments(parser: argparse.ArgumentParser) -> None:
    """``--output``, ``--units``, ``--default-owner`` and ``--check``."""
    parser.add_argument("--output", type=Path, default=CODEOWNERS_PATH)
    add_units(parser)
    parser.add_argument("--default-owner", default=DEFAULT_OWNER,
                        help="owner of every file no unit owns")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 and show the difference if out of date")


def codeowners(args: argparse.Namespace) -> int:
    """``codeowners``: write CODEOWNERS from the units' maintainers (or check it)."""
    handbook = valid_handbook(args.units, refused="codeowners_refused")
    if handbook is None:
        return 1
    expected = render_codeowners(handbook, args.default_owner)
    output: Path = args.output
    if not args.check:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(expected, encoding="utf-8")
        print(say("wrote", path=output.as_posix()))
        return 0
    committed = output.read_text(encoding="utf-8") if output.exists() else ""
    if committed == expected:
        return 0
    sys.stdout.write(codeowners_diff(committed, expected, output.as_posix()))
    print(say("codeowners_stale", path=output.as_posix()), file=sys.stderr)
    return 1


def status_arguments(parser: argparse.ArgumentParser) -> None:
    """``--units``, ``--format``, ``--fail-on`` and ``--today``."""
    add_units(parser)
    add_format(parser, ("text", "json"), "text: a table (default); json: one JSON document")
    parser.add_argument("--fail-on", choices=("overdue", "due"), default=None,
                        help="exit 1 when a unit is overdue (or, with 'due', due or overdue)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        metavar="YYYY-MM-DD", help="compute the status for this day")


def status(args: argparse.Namespace) -> int:
    """``status``: print each unit's review status (text or JSON)."""
    handbook = valid_handbook(args.units)
    if handbook is None:
        return 1
    day = args.today or today()
    history = history_of(args.units)  # None outside git: then nothing is claimed
    rows = [unit_status(unit, day, history.changed_after_approval(unit) if history else None)
            for unit in units_by_name(handbook)]
    if args.format == "json":
        sys.stdout.write(status_json(rows, day.isoformat()))
    else:
        sys.stdout.write(status_table(rows))
    failing = {"overdue": {Status.OVERDUE}, "due": {Status.OVERDUE, Status.DUE}}
    return 1 if any(r.status in failing.get(args.fail_on or "", set()) for r in rows) else 0


def find_person_arguments(parser: argparse.ArgumentParser) -> None:
    """The value, ``--private`` and ``--branch``."""
    parser.add_argument("value", help='e.g. "Anna Andersson" or "070-123 45 67" (a number '
                        "matches however it is written)")
    parser.add_argument("--private", type=Path, default=None,
                        help="the private layer's folder (default: HANDBOOK_PRIVATE)")
    add_branch(parser)
    parser.add_argument("--repo", default=None, metavar="OWNER/NAME",
                        help="also read the files of this GitHub repository's releases "
                        "(default: $GITHUB_REPOSITORY); needs $GITHUB_TOKEN")


def find_person(args: argparse.Namespace) -> int:
    """``find-person``: one line per place where the value still appears; 1 when found."""
    from ..tools.find_person import find_person as places

    value = " ".join(str(args.value).split())
    if len(value) < 3:
        raise UsageError(say("find_too_short"))
    repo = args.repo or settings.setting(settings.GITHUB_REPOSITORY)
    token = settings.setting(settings.GITHUB_TOKEN)
    github = GitHub(repo, token, settings.setting(settings.GITHUB_API_URL) or API_URL) \
        if repo and token else None
    found = places(Path.cwd(), value, args.private or private_dir_from_environment(),
                   args.branch, github)
    hits = found.hits
    if found.published is None:
        print(say("find_no_branch", branch=args.branch), file=sys.stderr)
    elif found.published != args.branch:
        print(say("find_remote_branch", branch=found.published), file=sys.stderr)
    if found.releases is None:
        print(say("find_no_releases"), file=sys.stderr)
    else:
        print(say("find_releases", count=found.releases, repo=repo), file=sys.stderr)
    for hit in hits:
        print(hit)
    if not hits:
        print(say("find_none", value=value), file=sys.stderr)
        return 0
    print(say("find_some", value=value, count=len(hits)), file=sys.stderr)
    return 1


NEW = Command("write units/<id>.yml with every section and placeholders to fill in",
              new_arguments, new_unit)
SCHEMA = Command("write the JSON Schema for editors", schema_arguments, schema)
CODEOWNERS = Command("write CODEOWNERS from each unit's maintainers", codeowners_arguments,
                     codeowners)
STATUS = Command("document-control status of every unit", status_arguments, status)
FIND_PERSON = Command(
    "list every place in the working tree (units, the private layer, site, dist), the "
    "published releases and the git history where a name, number or e-mail still "
    "appears; exit 1 when found", find_person_arguments, find_person)
