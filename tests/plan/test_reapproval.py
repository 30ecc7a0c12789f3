"""A second approval on the same day (issue #26): a commit that raises
``document.version`` is a new approval even when ``document.approved`` keeps its
date, so a plan changed and approved again the same day is not flagged. Tested on
a real git repository with a copy of the example, and with a history cache
written under the old rule (format 1), which must be recomputed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sitebuild import copy_project, only_units
from test_approval import APPROVED, UNIT, edit, flag, git, version_line

from handbook.history.cache import FORMAT
from handbook.history.log import read_history
from handbook.plan.approval import ChangedAfterApproval

pytestmark = pytest.mark.unit


def test_a_new_version_on_the_same_day_is_a_new_approval(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    project = only_units(copy_project(tmp_path / "repo"), (UNIT,))
    unit_file = project / "units" / f"{UNIT}.yml"
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Handboken", date="2026-09-01")
    # Approved again on 2026-09-04, then changed the same day.
    edit(unit_file, version_line(unit_file) + "\n", "  version: \"2.0\"\n")
    edit(unit_file, f"  approved: {APPROVED}\n", "  approved: 2026-09-04\n")
    git(project, "commit", "-q", "-am", "Fastställd 2.0", date="2026-09-04")
    edit(unit_file, "    phone: 031-345 82 10\n", "    phone: 031-345 82 19\n")
    git(project, "commit", "-q", "-am", "Nytt nummer", date="2026-09-04")
    assert flag(project) == ChangedAfterApproval(dt.date(2026, 9, 4), "2026-09-04")

    # Cache the history as a build would, then fake a cache of the old format that says
    # the coming re-approval commit was no approval: it must not be believed.
    cache = tmp_path / "cache"
    # Approved again the same day: a new version, the same date.
    edit(unit_file, "  version: \"2.0\"\n", "  version: \"2.1\"\n")
    git(project, "commit", "-q", "-am", "Fastställd 2.1", date="2026-09-04")
    head = git(project, "rev-parse", "HEAD").strip()
    history = read_history(project, cache_dir=cache)
    assert history is not None
    stored = json.loads((cache / f"{head}.json").read_text(encoding="utf-8"))
    assert stored["format"] == FORMAT >= 2
    assert stored["units"][UNIT]["approval"] is True
    assert flag(project) is None

    stored["format"] = 1
    stored["units"][UNIT]["approval"] = False
    (cache / f"{head}.json").write_text(json.dumps(stored), encoding="utf-8")
    again = read_history(project, cache_dir=cache)
    assert again is not None
    assert [e.change.approval for e in again.entries[UNIT]][0] is True

    # A content change after it is flagged against the same day's approval.
    edit(unit_file, "    phone: 031-345 82 19\n", "    phone: 031-345 82 18\n")
    git(project, "commit", "-q", "-am", "Nytt nummer igen", date="2026-09-05")
    assert flag(project) == ChangedAfterApproval(dt.date(2026, 9, 4), "2026-09-05")
