"""The binder's change history (issue #26): on paper, the history of a controlled
document, its versions and approvals and the content changes between them, in plain
Swedish. No commit author (a bot or a shared account is no person), no "Planen
skapad" from the day the files came into git, no changes of document control alone.

One build of one unit with a git history of its own: created (approved 2026-01-20),
a document-control change, a content change, a new version approved, then a content
change and a second approval (a new version, the same date) the same day. The PDF's
history page is read as text and rendered as a PNG beside the test's temporary folder
(or in HISTORY_PNG_DIR) for a look."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from sitebuild import EXAMPLE_DAY, copy_project, mkdocs_build, only_units
from test_binder import L, Pdf

from handbook.binder.changelog import paper_rows
from handbook.history.log import Entry
from handbook.plan.approval import CREATED, Change

pytestmark = [pytest.mark.build, pytest.mark.pdf]

UNIT = "vc-kortedala"
AUTHOR = "Seed 3e469605 maintainers"
H = L["history"]


def git(project: Path, *args: str, date: str) -> None:
    stamp = f"{date}T10:00:00+01:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": AUTHOR, "GIT_AUTHOR_EMAIL": "bot@example.org",
           "GIT_COMMITTER_NAME": AUTHOR, "GIT_COMMITTER_EMAIL": "bot@example.org",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def history_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The text of the binder's history section (from its heading to the page's end)."""
    project = only_units(copy_project(tmp_path_factory.mktemp("changelog")), (UNIT,))
    unit_file = project / "units" / f"{UNIT}.yml"
    git(project, "init", "-q", "-b", "main", date="2026-11-26")
    git(project, "add", ".", date="2026-11-26")
    git(project, "commit", "-q", "-m", "Seed", date="2026-11-26")
    edit(unit_file, "    - Läkemedelsrummet\n", "    - Läkemedelsrummet\n    - Personalrummet\n")
    git(project, "commit", "-q", "-am", "Copies", date="2026-11-27")
    edit(unit_file, "    phone: 031-345 82 10\n", "    phone: 031-345 82 19\n")
    git(project, "commit", "-q", "-am", "Number", date="2026-11-28")
    edit(unit_file, "  version: \"1.11\"\n", "  version: \"1.12\"\n")
    edit(unit_file, "  approved: 2026-01-20\n", "  approved: 2026-12-01\n")
    git(project, "commit", "-q", "-am", "Approved 1.12", date="2026-12-01")
    edit(unit_file, "    phone: 031-345 82 19\n", "    phone: 031-345 82 18\n")
    git(project, "commit", "-q", "-am", "Number again", date="2026-12-01")
    edit(unit_file, "  version: \"1.12\"\n", "  version: \"1.13\"\n")
    git(project, "commit", "-q", "-am", "Approved 1.13", date="2026-12-01")
    result = mkdocs_build(project, pdf=True, env={"HANDBOOK_TODAY": EXAMPLE_DAY})
    assert result.returncode == 0, result.stdout + result.stderr
    path = project / "site" / "pdf" / f"{UNIT}.pdf"
    pdf = Pdf(path)
    index = max(n for n, text in enumerate(pdf.pages)  # the contents name it first
                if f"{H['title']}\n" in text and f"\n{H['date']}" in text)
    kept = Path(os.environ.get("HISTORY_PNG_DIR", tmp_path_factory.getbasetemp()))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(index + 1), "-l", str(index + 1),
                    str(path), str(kept / "binder-history")], check=False)
    text = pdf.page(index)
    # From the heading to the page's footer (whose draft stamp names the commit).
    text = text[text.rindex(f"{H['title']} "):]
    return text[:text.index(" •")]


def test_the_history_lists_versions_approvals_and_content_changes(history_page: str) -> None:
    # Each with the number it set and the one before (what the head of unit signs for).
    contact = "Kontakt Verksamhetschef ändrad: Telefon"
    assert f"{H['date']} {H['event']} " \
        f"2026-12-01 Version 1.13 fastställd {contact} ”031-345 82 18” (var ”031-345 82 19”) " \
        f"2026-12-01 Version 1.12 fastställd {contact} ”031-345 82 19” (var ”031-345 82 10”) " \
        f"2026-01-20 Version 1.11 fastställd" in history_page, history_page


def test_no_author_no_plumbing_and_no_document_control_alone(history_page: str) -> None:
    for word in ("Seed", "maintainers", H["author"], H["created"], "Dokumentstyrning",
                 "2026-11-26", "2026-11-27", "2026-11-28", "ärver"):
        assert word not in history_page, word
    assert not re.search(r"\b[0-9a-f]{7,40}\b", history_page)


def test_approvals_that_never_reached_the_plan_are_told_as_their_changes() -> None:
    """A branch approved 2026-12-05 whose merge kept 2026-01-20, and one approval made on
    two branches: each version is named once, on a date the plan's approval agrees with."""
    both, content = Change(True, True), Change(True, False)
    entries = [
        Entry("a", "2026-12-05", "x", ("s",), both, ("Felanmälan ändrad",), "1.11", "2026-12-05"),
        Entry("b", "2026-12-05", "x", ("s",), Change(False, True), (), "1.11", "2026-01-20"),
        Entry("c", "2026-12-04", "x", ("s",), both, ("Labb ändrat",), "1.11", "2026-01-20"),
        Entry("d", "2026-11-27", "x", ("s",), content, ("Kontakt ändrad",), "1.10", "2026-01-20"),
        Entry("e", "2026-11-26", AUTHOR, ("Planen skapad",), CREATED, (), "1.10", "2026-01-20"),
    ]
    rows = [(r.date, r.title, r.changes, r.approval)
            for r in paper_rows(entries, 8, "2026-01-20")]
    assert rows == [
        ("2026-12-05", "Ändrat efter version 1.11, inte fastställt", ("Felanmälan ändrad",),
         False),
        ("2026-01-20", "Version 1.11 fastställd", ("Labb ändrat", "Kontakt ändrad"), True),
        ("2026-01-20", "Version 1.10 fastställd", (), True),
    ]


def test_a_version_approved_twice_is_one_row_on_its_newest_date_and_rows_go_by_date() -> None:
    """The example's own history: version 3.2 raised on a later day with the old approval
    date kept, then given its own date; the content changes between fall under it. One
    row per version, newest first, every change under the version that took it in."""
    both, content, control = Change(True, True), Change(True, False), Change(False, True)
    entries = [
        Entry("a", "2026-12-05", "x", ("s",), both, ("TIB ändrad",), "3.3", "2026-12-05"),
        Entry("b", "2026-12-05", "x", ("s",), both, ("Läskopian ändrad",), "3.2", "2026-12-05"),
        Entry("c", "2026-12-05", "x", ("s",), content, ("Felanmälan ändrad",), "3.2",
              "2026-02-16"),
        Entry("d", "2026-12-05", "x", ("s",), control, (), "3.2", "2026-02-16"),
        Entry("e", "2026-11-27", "x", ("s",), content, ("Labb ändrat", "TIB ändrad"), "3.1",
              "2026-02-16"),
        Entry("f", "2026-11-27", "x", ("s",), content, ("Labb ändrat",), "3.1", "2026-02-16"),
        Entry("g", "2026-11-26", AUTHOR, ("Planen skapad",), CREATED, (), "3.1", "2026-02-16"),
    ]
    rows = [(r.date, r.title, r.changes) for r in paper_rows(entries, 3, "2026-12-05")]
    assert rows == [
        ("2026-12-05", "Version 3.3 fastställd", ("TIB ändrad",)),
        ("2026-12-05", "Version 3.2 fastställd",
         ("Läskopian ändrad", "Felanmälan ändrad", H["more_lines_paper"].format(count=2))),
        ("2026-02-16", "Version 3.1 fastställd", ()),
    ]
    dates = [r.date for r in paper_rows(entries, 3, "2026-12-05")]
    assert dates == sorted(dates, reverse=True)
