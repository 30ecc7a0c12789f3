"""``python -m handbook reminders``: keep one GitHub issue per unit that is due or
overdue for review (handbook/tools/reminders.py decides, handbook/tools/github.py
carries it out)."""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import UsageError
from ..routes import printed_alias, stable_root
from ..tools.github import API_URL, GitHub, read_status, run
from ..tools.reminders import BOT
from .command import Command, add_config_file, say


def arguments(parser: argparse.ArgumentParser) -> None:
    """``--status``, ``--repo``, ``--api-url``, ``-f``, ``--bot`` and ``--dry-run``."""
    parser.add_argument("--status", required=True, metavar="FILE",
                        help="the output of python -m handbook status --format json "
                        "('-': standard input)")
    parser.add_argument("--repo", default=os.environ.get("GITHUB_REPOSITORY"),
                        metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    parser.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL", API_URL),
                        help="default: $GITHUB_API_URL or https://api.github.com")
    add_config_file(parser, "the MkDocs configuration whose site_url the links use")
    parser.add_argument("--bot", default=BOT,
                        help="the account whose issues are the workflow's own")
    parser.add_argument("--dry-run", action="store_true",
                        help="change nothing; print each decision and the issue text")


def reminders(args: argparse.Namespace) -> int:
    """``reminders``: decide for every unit and open, update or close its issue."""
    from ..site.export import read_config

    token = os.environ.get("GITHUB_TOKEN") or None
    if not args.repo:
        raise UsageError(say("no_repo"))
    if token is None and not args.dry_run:
        raise UsageError(say("no_token"))
    status = read_status(args.status)
    config = read_config(args.config_file)
    site_url = stable_root(config.get("site_url") or None, printed_alias(config.get("extra")))
    run(status, GitHub(args.repo, token, args.api_url), site_url, args.dry_run, sys.stdout,
        args.bot)
    return 0


REMINDERS = Command("keep one GitHub issue open per unit that is due or overdue for review "
                    "or lacks a printed routine; close it when the unit is current again",
                    arguments, reminders)
