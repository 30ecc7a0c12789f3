"""Approval bound to content (issue #26): a plan whose content changed after its
approval says so, decided from the change history the site and binder print.

The history is a real git repository with a copy of the example, one commit at a
time: a change of content after the approval flags the plan; a new version and
approval date in the same commit as a change does not; a change of document
control alone (owner, copies) does not; a change the unit inherits from the
region does; a new approval date clears the flag (so does a new version:
test_reapproval.py);
a shallow clone, whose history starts after the approval, claims nothing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from sitebuild import copy_project, only_units

from handbook import load_handbook, routes
from handbook.history.log import read_history
from handbook.labels import labels
from handbook.plan.approval import (
    CREATED,
    UNCOMPARED,
    UNKNOWN,
    Change,
    ChangedAfterApproval,
    changed_after_approval,
    classify,
)
from handbook.plan.status import unit_status
from handbook.render.pages import generated_pages

pytestmark = pytest.mark.unit

UNIT = "vc-kortedala"
APPROVED = "2026-01-20"  # the unit's document.approved in the example


def git(project: Path, *args: str, date: str = "2026-09-01") -> str:
    stamp = f"{date}T10:00:00+02:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Anna Redaktör", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "Anna Redaktör", "GIT_COMMITTER_EMAIL": "a@example.org",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    return subprocess.run(["git", *args], cwd=project, env=env, check=True,
                          capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def version_line(path: Path) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines()
                if line.startswith("  version: "))


def flag(project: Path) -> ChangedAfterApproval | None:
    """The unit's state as the build computes it: its status from the history."""
    history = read_history(project)
    assert history is not None
    unit = load_handbook(project / "units", base=project).unit(UNIT)
    return unit_status(unit, dt.date(2026, 12, 1),
                       history.changed_after_approval(unit)).changed_after_approval


def test_the_rule_walks_the_history_back_to_the_last_approval() -> None:
    approved = dt.date(2026, 1, 20)
    content, control = Change(True, False), Change(False, False)
    assert changed_after_approval(approved, [("2026-09-01", CREATED)]) is None
    assert changed_after_approval(approved, [("2026-09-03", control), ("2026-09-02", content),
                                             ("2026-09-01", CREATED)]) == \
        ChangedAfterApproval(approved, "2026-09-02")
    # The newest content change is the one named.
    assert changed_after_approval(approved, [("2026-09-04", content), ("2026-09-02", content),
                                             ("2026-09-01", CREATED)]) == \
        ChangedAfterApproval(approved, "2026-09-04")
    assert changed_after_approval(approved, [("2026-09-05", Change(True, True)),
                                             ("2026-09-02", content)]) is None
    # A commit the history could not compare is a change; a history cut short claims nothing.
    assert changed_after_approval(approved, [("2026-09-02", UNCOMPARED),
                                             ("2026-09-01", CREATED)]) is not None
    assert changed_after_approval(approved, [("2026-09-02", content),
                                             ("2026-09-01", UNKNOWN)]) is None
    assert classify(["document.owner", "document.distribution[1]", "maintainers[2]"]) == \
        Change(content=False, approval=False)
    assert classify(["document.approved", "document.version"]) == Change(False, True)
    # A new version is a new approval, with or without a new date (tests/plan/test_reapproval.py).
    assert classify(["contacts[chef].phone", "document.version"]) == Change(True, True)
    assert ChangedAfterApproval(approved, "2026-09-02").text == \
        str(labels()["status"]["changed_after_approval"]).format(approved="2026-01-20")
    assert ChangedAfterApproval(approved, "2026-09-02").text == \
        "Ändrad efter fastställande 2026-01-20 – ska fastställas igen"


def test_changed_after_approval_from_a_real_git_history(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    project = only_units(copy_project(tmp_path / "repo"), (UNIT, "vc-angen"))
    unit_file = project / "units" / f"{UNIT}.yml"
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Handboken", date="2026-09-01")
    assert flag(project) is None  # the plan came with its approval

    # Document control only: the owner and where the copies are kept.
    edit(unit_file, "  owner: Lars-Erik Holm, verksamhetschef\n",
         "  owner: Lars-Erik Holm, verksamhetschef för Kortedala\n")
    edit(unit_file, "    - Läkemedelsrummet\n", "    - Läkemedelsrummet\n    - Personalrummet\n")
    git(project, "commit", "-q", "-am", "Dokumentstyrning", date="2026-09-02")
    assert flag(project) is None

    # Content: a contact's number, with no new version or approval.
    edit(unit_file, "    phone: 031-345 82 10\n", "    phone: 031-345 82 19\n")
    git(project, "commit", "-q", "-am", "Nytt nummer", date="2026-09-03")
    changed = flag(project)
    assert changed == ChangedAfterApproval(dt.date.fromisoformat(APPROVED), "2026-09-03")
    assert changed.text == f"Ändrad efter fastställande {APPROVED} – ska fastställas igen"
    # The unit's page and the status page say so; the other unit's page does not.
    book = load_handbook(project / "units", base=project)
    pages = {p.src_uri: p.markdown for p in generated_pages(
        book, pdf=False, day=dt.date(2026, 12, 1), history=read_history(project))}
    assert f'hb-changed-after-approval"><strong>{changed.text}</strong>' in \
        pages[routes.unit_page(UNIT)]
    assert f'hb-changed-after-approval">{changed.text}</span>' in pages[routes.STATUS_PAGE]
    assert f"<strong>1</strong> {labels()['status']['changed_after_approval_count']}" in \
        pages[routes.STATUS_PAGE]
    assert "Ändrad efter fastställande" not in pages[routes.unit_page("vc-angen")]

    # A change with a new version and approval date in the same commit: approved again.
    edit(unit_file, version_line(unit_file) + "\n", "  version: \"2.0\"\n")
    edit(unit_file, f"  approved: {APPROVED}\n", "  approved: 2026-09-04\n")
    edit(unit_file, "    phone: 031-345 82 19\n", "    phone: 031-345 82 18\n")
    git(project, "commit", "-q", "-am", "Fastställd 2.0", date="2026-09-04")
    assert flag(project) is None

    # A change the unit inherits from the region is a change of its plan (the history
    # shows it on every unit), so it is flagged too.
    edit(project / "units" / "_region.yml", "phone: 010-441 00 00", "phone: 010-441 00 02")
    git(project, "commit", "-q", "-am", "TIB", date="2026-09-05")
    assert flag(project) == ChangedAfterApproval(dt.date(2026, 9, 4), "2026-09-05")

    # A new approval date alone is a new approval too.
    edit(unit_file, "  approved: 2026-09-04\n", "  approved: 2026-09-07\n")
    git(project, "commit", "-q", "-am", "Fastställd 2.1", date="2026-09-07")
    assert flag(project) is None

    # Changed again, then cloned shallow: the clone's history starts after the
    # approval, so it claims nothing.
    edit(unit_file, "    phone: 031-345 82 18\n", "    phone: 031-345 82 17\n")
    git(project, "commit", "-q", "-am", "Nytt nummer igen", date="2026-09-08")
    assert flag(project) == ChangedAfterApproval(dt.date(2026, 9, 7), "2026-09-08")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project}", str(shallow))
    assert flag(shallow) is None
