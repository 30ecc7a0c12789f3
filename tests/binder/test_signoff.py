"""The binder's sign-off page and its approval bound to content (issue #26), read from
real PDFs.

A copy of the example with one unit in a git repository. First its content changes
with no new version: the draft binder's cover and sign-off page say "Ändrad efter
fastställande … – ska fastställas igen", and the sign-off page says a draft must not
be signed. Then a commit raises the version and the approval date: the release's
cover and sign-off page say neither. The sign-off page names the approver, has
date and signature lines, and lists where each printed copy is kept, beside its
label."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from placement import html_rows, misplaced, pdf_words, place
from sitebuild import EXAMPLE_DAY, copy_project, mkdocs_build, only_units
from test_binder import L, Pdf

from handbook import load_handbook
from handbook.binder.document import Inputs, unit_document
from handbook.history.log import read_history

pytestmark = [pytest.mark.build, pytest.mark.pdf]

UNIT = "vc-kortedala"
S = L["binder"]["signoff"]
FLAG = "Ändrad efter fastställande 2026-01-20 – ska fastställas igen"
PLACES = ["Expeditionen, pärm på hyllan bakom disken", "Sekreterarrummet, rum 114",
          "Distriktssköterskornas expedition", "Läkemedelsrummet"]


def git(project: Path, *arguments: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=t@example.org",
                    *arguments], cwd=project, check=True, capture_output=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def binder(project: Path, release: str | None) -> Path:
    env = {"HANDBOOK_TODAY": EXAMPLE_DAY, **({"HANDBOOK_RELEASE": release} if release else {})}
    result = mkdocs_build(project, pdf=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    kept = project.parent / f"{project.name}-{release or 'utkast'}.pdf"
    kept.write_bytes((project / "site" / "pdf" / f"{UNIT}.pdf").read_bytes())
    return kept


def signoff_page(pdf: Pdf) -> int:
    """The index of the page that holds the signature line."""
    return next(n for n, text in enumerate(pdf.pages) if S["signature"] in text)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(project, the draft after a change of content, the release after a new approval)."""
    project = only_units(copy_project(tmp_path_factory.mktemp("signoff")), (UNIT,))
    unit_file = project / "units" / f"{UNIT}.yml"
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "Handboken")
    edit(unit_file, "    phone: 031-345 82 10\n", "    phone: 031-345 82 19\n")
    git(project, "commit", "-q", "-am", "Nytt nummer")
    draft = binder(project, None)
    edit(unit_file, "  version: \"1.11\"\n", "  version: \"1.12\"\n")
    edit(unit_file, "  approved: 2026-01-20\n", "  approved: 2026-11-20\n")
    git(project, "commit", "-q", "-am", "Fastställd 1.12")
    release = binder(project, "2026.12")
    return project, draft, release


def test_a_change_after_approval_is_on_the_cover_and_the_signoff_page(
        builds: tuple[Path, Path, Path]) -> None:
    _project, draft, _release = builds
    pdf = Pdf(draft)
    cover = pdf.page(0)
    assert f"{L['status']['changed_after_approval_label']} {FLAG}" in cover
    assert "Version 1.11" in cover
    signoff = pdf.page(signoff_page(pdf))
    assert signoff.startswith(f"{S['title']} ")
    assert f"{L['fields']['version']} 1.11" in signoff
    assert f"{FLAG}. {S['changed']}" in signoff
    # A draft must not be signed, and says so before anything else.
    assert signoff.index(S["draft"]) < signoff.index(FLAG) < signoff.index(S["intro"])


def test_a_new_version_and_approval_date_clear_it_and_a_release_is_no_draft(
        builds: tuple[Path, Path, Path]) -> None:
    _project, _draft, release = builds
    pdf = Pdf(release)
    signoff = pdf.page(signoff_page(pdf))
    for page in (pdf.page(0), signoff):
        assert "Ändrad efter fastställande" not in page
        assert S["draft"] not in page
    assert f"{L['fields']['version']} 1.12" in signoff
    assert f"{L['fields']['approved']} 2026-11-20" in signoff


def test_signoff_page_names_the_approver_has_lines_and_lists_the_copies_beside_the_label(
        builds: tuple[Path, Path, Path]) -> None:
    project, draft, release = builds
    pdf = Pdf(draft)
    index = signoff_page(pdf)
    signoff = pdf.page(index)
    assert f"{L['fields']['approved_by']} Lars-Erik Holm" in signoff
    assert f"{S['date']} {S['signature']} {S['name']} Lars-Erik Holm" in signoff
    assert f"{L['fields']['distribution']} " + " ".join(PLACES) in signoff.replace("• ", "")
    # The lines to write on are drawn: a long rule beside the date and the signature.
    with pdfplumber.open(draft) as document:
        page = document.pages[index]
        rules = [e for e in page.edges if e["orientation"] == "h" and e["width"] > 150]
        for label in (S["date"].split()[0], S["signature"].split()[0]):
            word = next(w for w in page.extract_words() if w["text"] == label)
            assert any(r["x0"] > word["x1"] and 0 <= r["top"] - word["bottom"] <= 12
                       for r in rules), (label, word)
    # Each label with its value beside it, the list of copies too (placement.py), in
    # the release: the HTML is the project's as it is now.
    pdf = Pdf(release)
    index = signoff_page(pdf)
    book = load_handbook(project / "units", base=project)
    inputs = Inputs([], "2026.12", None, dt.date.fromisoformat(EXAMPLE_DAY),
                    read_history(project), group_names=book.group_names())
    html = unit_document(book.unit(UNIT), inputs).html
    section = html[html.index('<section class="signoff"'):]
    section = section[:section.index("</section>")]
    rows = html_rows(section)
    assert [r.label for r in rows if r.kind == "fields"] == [S["unit"], L["fields"]["version"],
                                       L["fields"]["approved"], L["fields"]["approved_by"],
                                       L["fields"]["owner"], L["fields"]["distribution"]]
    assert [r for r in rows if r.kind == "fields"][-1].value_word == "Expeditionen,"
    words = [w for w in pdf_words(release) if w.page == index]
    assert misplaced(place(rows, words)) == []
