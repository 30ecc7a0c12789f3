"""The commands that put a build in place: ``publish`` (the atomic site swap),
``offline`` (the offline zip), ``ghpages`` (mike's branch after a release) and
``release-gate`` (whether a workflow run may publish) and ``internal`` (a release's
internal build, with the private layer, made inside the organisation)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..data.personal import private_dir_from_environment
from ..errors import UsageError
from ..history.stamp import current_stamp
from ..labels import labels
from ..publish import ghpages
from ..publish.atomic import publish as publish_atomically
from ..publish.internal import build_internal
from ..publish.offline import copy_name, write_zip
from ..publish.release_gate import Request, decide, published_versions
from .command import Command, say


def publish_arguments(parser: argparse.ArgumentParser) -> None:
    """The folder to replace, then ``--`` and the build command."""
    parser.add_argument("site", type=Path, help="the folder to replace, e.g. site")
    parser.add_argument("build", nargs=argparse.REMAINDER, metavar="-- COMMAND",
                        help="the build, e.g. -- mkdocs build --strict; run with "
                        "--site-dir .SITE.building added")


def publish(args: argparse.Namespace) -> int:
    """``publish``: build into a new folder and put it in place of ``site`` only when the
    whole build succeeded; the build's exit status (130 after Ctrl-C, 143 after kill)."""
    command = args.build[1:] if args.build[:1] == ["--"] else args.build
    if not command:
        raise UsageError(say("no_build_command"))
    return publish_atomically(args.site, command)


def offline_arguments(parser: argparse.ArgumentParser) -> None:
    """The offline build's folder and the folder for the zip."""
    parser.add_argument("site", type=Path, help="what mkdocs build -f mkdocs.offline.yml wrote")
    parser.add_argument("dist", type=Path, help="where the zip goes")


def offline(args: argparse.Namespace) -> int:
    """``offline``: zip the offline copy into DIST, named after the release."""
    name = copy_name(current_stamp(Path.cwd()).release)
    print(write_zip(args.site, args.dist / f"{name}.zip", name))
    return 0


def ghpages_arguments(parser: argparse.ArgumentParser) -> None:
    """``finish VERSION …`` or ``prune KEEP …``."""
    actions = parser.add_subparsers(dest="action", required=True)
    done = actions.add_parser("finish", help="after mike deploy: PDFs under latest/, "
                              "older releases' PDFs dropped, optionally squashed")
    done.add_argument("version")
    done.add_argument("--keep-pdfs", type=int, default=ghpages.KEEP_PDFS)
    done.add_argument("--add", type=Path, action="append", default=[])
    done.add_argument("--squash", action="store_true")
    cut = actions.add_parser("prune", help="mike delete all but the newest KEEP releases")
    cut.add_argument("keep", type=int)
    cut.add_argument("--mike", default=str(Path(sys.executable).parent / "mike"))


def ghpages_command(args: argparse.Namespace) -> int:
    """``ghpages``: finish a release on mike's branch (prints the new commit), or prune
    old releases."""
    repo = Path.cwd()
    if args.action == "finish":
        print(ghpages.finish(repo, args.version, args.keep_pdfs, args.add, args.squash))
        return 0
    deleted = ghpages.prune(repo, args.keep, args.mike)
    print(say("pruned", releases=", ".join(deleted) or say("none")))
    return 0


def release_gate_arguments(parser: argparse.ArgumentParser) -> None:
    """What the workflow run knows about itself, and where to write the version."""
    for name in ("--event", "--ref", "--sha", "--main-head"):
        parser.add_argument(name, required=True)
    parser.add_argument("--version", default="")
    parser.add_argument("--versions-json", type=Path)
    parser.add_argument("--github-output", type=Path)


def release_gate(args: argparse.Namespace) -> int:
    """``release-gate``: decide, print the reason, and write ``version=…`` for the next
    steps; 1 when refused."""
    decision = decide(Request(args.event, args.ref, args.sha, args.main_head, args.version,
                              dt.datetime.now(dt.UTC).date(),
                              published_versions(args.versions_json)))
    if not decision.allowed:
        print(labels()["release_gate"]["stopped"].format(reason=decision.reason),
              file=sys.stderr)
        return 1
    print(decision.reason)
    if args.github_output:
        with args.github_output.open("a", encoding="utf-8") as output:
            output.write(f"version={decision.version}\n")
    return 0


PUBLISH = Command("run a build into a new folder and put it in place of SITE only when the "
                  "whole build succeeded", publish_arguments, publish)
OFFLINE = Command("zip the offline copy, named after the release", offline_arguments, offline)
GHPAGES = Command("what a release does to mike's branch after mike deploy (finish), or "
                  "remove old releases (prune)", ghpages_arguments, ghpages_command)
RELEASE_GATE = Command("whether this workflow run may publish a release; exit 0 and "
                       "version=... in --github-output when allowed, 1 when refused",
                       release_gate_arguments, release_gate)


def internal_arguments(parser: argparse.ArgumentParser) -> None:
    """The release, ``--private`` and ``--out``."""
    parser.add_argument("release", help="a published release, e.g. 2026.12 (its tag "
                        "v2026.12 or newest correction v2026.12-N is built)")
    parser.add_argument("--private", type=Path, default=None,
                        help="the private layer's folder (default: HANDBOOK_PRIVATE)")
    parser.add_argument("--out", type=Path, required=True,
                        help="the folder the web server serves, replaced when the build "
                        "succeeded")


def internal(args: argparse.Namespace) -> int:
    """``internal``: build a release with the private layer into ``--out``."""
    private = args.private or private_dir_from_environment()
    if private is None:
        raise UsageError(say("internal_no_private", private="--private"))
    tag = build_internal(Path.cwd(), args.release, private, args.out)
    print(say("internal_done", release=args.release, tag=tag, out=args.out))
    return 0


INTERNAL = Command("build a published release with the private layer into a folder "
                   "inside the organisation (never pushed anywhere)", internal_arguments,
                   internal)
