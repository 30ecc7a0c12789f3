"""Change history from git, in the managers' language.

A real git repository is built in ``tmp_path`` with one commit per kind of
change; the unit page, the binder's print HTML and ``read_history`` must show
exactly the plan changes, as Swedish sentences with date and author, and
leave out commits that changed no value of the unit.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest
from sitebuild import copy_project, html_text, mkdocs_build, page_content

from handbook import load_handbook
from handbook.binder.document import Inputs, unit_document
from handbook.history.cache import FORMAT, fingerprint
from handbook.history.changes import describe, unit_fields
from handbook.history.log import Entry, History, read_history
from handbook.labels import labels
from handbook.schema.fields import UNIT

pytestmark = pytest.mark.build

NOT_COMPARED = "Planen ändrad (kunde inte jämföras i detalj)"
LAB = "Klinisk kemi, Sahlgrenska Universitetssjukhuset/Östra"
TIB = "Tjänsteman i beredskap (TIB)"

# What vc-angen's history must say, newest first: (date, author, sentences).
ANGEN = [
    ("2026-09-11", "Ivar Region", [f"Kontakt {TIB} ändrad: Telefon"]),
    ("2026-09-10", "Hanna Fel", [NOT_COMPARED]),
    ("2026-09-09", "Hanna Fel", [NOT_COMPARED]),
    ("2026-09-08", "Gerd Gammal", ["Kontakt Verksamhetschef ändrad: Telefon"]),
    ("2026-09-08", "Gerd Gammal", [NOT_COMPARED]),
    ("2026-09-06", "Fia Nord", [f"Labb {LAB} ändrat: Telefon"]),
    ("2026-09-03", "Cilla Ek", ["Blankett Tolkbeställning tillagd"]),
    ("2026-09-02", "Bo Berg", ["Kontakt Verksamhetschef ändrad: Telefon och Nås"]),
    ("2026-09-01", "Anna Redaktör", ["Planen skapad"]),
]
LEFT_OUT = ("Dan Ström", "Eva Lund", "Gus Väst")
# The binder says the same with each number's new and old value (changes.py, values).
PAPER = {
    f"Kontakt {TIB} ändrad: Telefon":
        f"Kontakt {TIB} ändrad: Telefon ”010-441 00 02” (var ”010-441 00 00”)",
    f"Labb {LAB} ändrat: Telefon":
        f"Labb {LAB} ändrat: Telefon ”031-343 40 21” (var ”031-343 40 20”)",
    "Kontakt Verksamhetschef ändrad: Telefon och Nås":
        "Kontakt Verksamhetschef ändrad: Telefon ”031-345 71 99” (var ”031-345 71 02”); Nås "
        "”Vardagar 07.00–16.00” (var ”Vardagar 07.30–16.30”)",
}
# Gerd Gammal's change of the same number, on paper.
GERD = "Kontakt Verksamhetschef ändrad: Telefon ”031-345 71 98” (var ”031-345 71 99”)"


def git(project: Path, *args: str, author: str = "Anna Redaktör",
        date: str = "2026-09-01") -> None:
    stamp = f"{date}T10:00:00+02:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "a@example.org",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(project: Path, message: str, author: str, date: str) -> None:
    git(project, "commit", "-q", "-am", message, author=author, date=date)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("history"))
    units = project / "units"
    angen, kortedala = units / "vc-angen.yml", units / "vc-kortedala.yml"
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    commit(project, "Initial commit", "Anna Redaktör", "2026-09-01")
    # (a) a contact's phone (and hours) in the unit's own file
    edit(angen, "phone: 031-345 71 02", "phone: 031-345 71 99")
    edit(angen, "hours: Vardagar 07.30–16.30", "hours: Vardagar 07.00–16.00")
    commit(project, "Update contact", "Bo Berg", "2026-09-02")
    # (b) a new form
    edit(angen, "forms:\n", "forms:\n  - id: tolkbestallning\n    title: Tolkbeställning\n"
         "    paper_location: Receptionen, pärm Tolk\n")
    commit(project, "Add form", "Cilla Ek", "2026-09-03")
    # (c) formatting and comments only: same values
    edit(angen, 'version: "2.6"', "version: '2.6'")
    edit(angen, "contacts:\n", "# Kontakterna ses över varje halvår.\ncontacts:\n\n")
    edit(units / "_groups" / "goteborg-nordost.yml", "labs:\n", "# Labb\nlabs:\n")
    commit(project, "Reformat", "Dan Ström", "2026-09-04")
    # (d) only another unit
    edit(kortedala, "phone: 031-345 82 10", "phone: 031-345 82 11")
    commit(project, "Kortedala phone", "Eva Lund", "2026-09-05")
    # (e) a group vc-angen extends
    edit(units / "_groups" / "goteborg-nordost.yml", "phone: 031-343 40 20",
         "phone: 031-343 40 21")
    commit(project, "Lab phone", "Fia Nord", "2026-09-06")
    # a group vc-angen does not extend
    edit(units / "_groups" / "fyrbodal.yml", "phone: 010-435 50 21", "phone: 010-435 50 22")
    commit(project, "NÄL phone", "Gus Väst", "2026-09-07")
    good = angen.read_text(encoding="utf-8")
    # versions that today's schema rejects in part (a key it does not know):
    # compared on what loads, and a change only in the rejected part still shows
    edit(angen, "    phone: 031-345 71 99\n", "    phone: 031-345 71 99\n    telefax: 031-1\n")
    commit(project, "Old key", "Gerd Gammal", "2026-09-08")
    edit(angen, "    phone: 031-345 71 99\n", "    phone: 031-345 71 98\n")
    commit(project, "Old key, new phone", "Gerd Gammal", "2026-09-08")
    # a version that does not load (YAML syntax error), then its fix
    angen.write_text(good.replace("contacts:\n", "contacts: [\n", 1), encoding="utf-8")
    commit(project, "Broken", "Hanna Fel", "2026-09-09")
    angen.write_text(good, encoding="utf-8")
    commit(project, "Fixed", "Hanna Fel", "2026-09-10")
    # the region: every unit inherits it
    edit(units / "_region.yml", "phone: 010-441 00 00", "phone: 010-441 00 02")
    commit(project, "TIB phone", "Ivar Region", "2026-09-11")
    return project


@pytest.fixture(scope="module")
def history(repo: Path) -> History:
    found = read_history(repo)
    assert found is not None
    return found


def rows(entries: list[Entry]) -> list[tuple[str, str, list[str]]]:
    return [(e.date, e.author, list(e.changes)) for e in entries]


def test_each_commit_says_what_changed_in_the_plan(repo: Path, history: History) -> None:
    book = load_handbook(repo / "units", base=repo)
    assert rows(history.for_unit(book.unit("vc-angen"))) == ANGEN


def test_other_units_and_groups_follow_their_own_layers(repo: Path, history: History) -> None:
    book = load_handbook(repo / "units", base=repo)
    assert rows(history.for_unit(book.unit("vc-kortedala"))) == [
        ("2026-09-11", "Ivar Region", [f"Kontakt {TIB} ändrad: Telefon"]),
        ("2026-09-06", "Fia Nord", [f"Labb {LAB} ändrat: Telefon"]),
        ("2026-09-05", "Eva Lund", ["Kontakt Verksamhetschef ändrad: Telefon"]),
        ("2026-09-01", "Anna Redaktör", ["Planen skapad"]),
    ]
    assert rows(history.for_unit(book.unit("vc-trollhattan-centrum"))) == [
        ("2026-09-11", "Ivar Region", [f"Kontakt {TIB} ändrad: Telefon"]),
        ("2026-09-07", "Gus Väst", ["Labb Laboratoriemedicin, NÄL ändrat: Telefon"]),
        ("2026-09-01", "Anna Redaktör", ["Planen skapad"]),
    ]


def test_history_is_cached_per_commit_and_the_cache_is_used(repo: Path,
                                                            tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = read_history(repo, cache_dir=cache)
    files = sorted(cache.glob("*.json"))
    assert len(files) == len(re.findall("^commit", subprocess.run(
        ["git", "log", "--", "units"], cwd=repo, capture_output=True, text=True,
        check=True).stdout, flags=re.M))
    # A cached entry is trusted as written (so this one proves it is read) ...
    assert first is not None
    sha = next(e.sha for e in first.entries["vc-angen"] if e.author == "Bo Berg")
    (cache / f"{sha}.json").write_text(
        f'{{"format": {FORMAT}, "fingerprint": "{fingerprint()}", "units": {{"vc-angen": '
        f'{{"changes": ["Från cachen"], "content": true, "approval": false, '
        f'"content_changes": ["Från cachen"], "version": null, "approved": null}}}}}}',
        encoding="utf-8")
    again = read_history(repo, cache_dir=cache)
    assert again is not None
    assert ("2026-09-02", "Bo Berg", ["Från cachen"]) in rows(list(again.entries["vc-angen"]))
    # ... unless another version of the package wrote it.
    (cache / f"{sha}.json").write_text('{"fingerprint": "old", "units": {}}', encoding="utf-8")
    assert read_history(repo, cache_dir=cache) == first


def test_history_is_on_the_unit_page_and_the_binders_last_page(repo: Path,
                                                               history: History) -> None:
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stderr
    page = (repo / "site/enheter/vc-angen/index.html").read_text(encoding="utf-8")
    text = page_content(page)
    section = text[text.index("Ändringshistorik"):text.index("Vad har ändrats sedan")]
    book = load_handbook(repo / "units", base=repo)
    inputs = Inputs([], "test", None, dt.date(2026, 9, 12), history)
    binder = unit_document(book.unit("vc-angen"), inputs).html
    start = re.search(r'id="[\w-]*andringshistorik"', binder)
    end = re.search(r'id="[\w-]*binder-end"', binder)
    assert start and end
    last_page = html_text(binder[start.start():end.start()])
    expected = " ".join(f"{date} {author} {' '.join(changes)}"
                        for date, author, changes in ANGEN)
    assert f"Datum Ändrad av Vad ändrades {expected}" in section
    # The binder names versions and content changes, no authors (changelog.py).
    document = book.unit("vc-angen").data["document"]
    # Changed since its approval: one row above the version, the same change once.
    changes = list(dict.fromkeys(
        GERD if author == "Gerd Gammal" and c.startswith("Kontakt") else PAPER.get(c, c)
        for _, author, lines in ANGEN[:-1] for c in lines))
    assert f"Datum Händelse {ANGEN[0][0]} Ändrat efter version {document['version']}, " \
        f"inte fastställt {' '.join(changes)} {document['approved'].isoformat()} Version " \
        f"{document['version']} fastställd" in last_page
    for shown in (section, last_page):
        for author in LEFT_OUT:
            assert author not in shown
        assert "Initial commit" not in shown and "Reformat" not in shown
    assert not any(author in last_page for _, author, _ in ANGEN)
    assert "Planen skapad" not in last_page


def test_the_page_is_the_same_whatever_the_hash_seed(repo: Path) -> None:
    pages = []
    for seed in ("1", "2"):
        result = mkdocs_build(repo, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        pages.append((repo / "site/enheter/vc-angen/index.html").read_bytes())
    assert pages[0] == pages[1]


def test_many_changes_in_one_commit_are_summed_up() -> None:
    entry = Entry("0" * 40, "2026-09-01", "A", tuple(f"Ändring {n}" for n in range(1, 12)))
    assert entry.lines(8) == [f"Ändring {n}" for n in range(1, 8)] + \
        ["… och 4 ändringar till"]
    assert entry.lines(11) == list(entry.changes)


@pytest.mark.parametrize(("before", "after", "expected"), [
    ({}, {"name": "Ny"}, ["Namn tillagt"]),
    ({"name": "A"}, {"name": "B"}, ["Namn ändrat"]),
    ({"document": {"version": "1"}}, {"document": {"version": "2", "owner": "Eva"}},
     ["Dokumentstyrning ändrad: Version och Dokumentägare"]),
    ({"contacts": [{"id": "it", "role": "IT", "name": "Bo", "phone": "1"}]}, {},
     ["Kontakt IT borttagen"]),
    ({"labs": [{"id": "x", "name": "Kemi", "phone": "1"}]},
     {"labs": [{"id": "x", "name": "Kemi", "phone": "2"}]}, ["Labb Kemi ändrat: Telefon"]),
    ({"checklists": [{"id": "j", "title": "Journal nere", "kind": "journal",
                      "steps": ["Ring", "Skriv"]}]},
     {"checklists": [{"id": "j", "title": "Journal nere", "kind": "journal",
                      "steps": ["Ring", "Skriv på papper"]}]},
     ["Checklista Journal nere ändrad: Åtgärder"]),
    ({"extends": ["a"]}, {"extends": ["a", "b"]}, ["Grupper ändrade"]),
    ({"read_copy": {"computers": [{"id": "pc", "location": "Rum 1"}]}},
     {"read_copy": {"computers": [{"id": "pc", "location": "Rum 2"}]}},
     ["Läskopian ändrad: Datorer med läskopian"]),
])
def test_change_sentences(before: dict[str, object], after: dict[str, object],
                          expected: list[str]) -> None:
    assert describe(unit_fields(before), unit_fields(after)) == expected


@pytest.mark.parametrize(("before", "after", "expected"), [
    ({"name": "A"}, {"name": "B"}, ["Namn ändrat: ”B” (var ”A”)"]),
    ({"labs": [{"id": "x", "name": "Kemi", "phone": "031-1"}]},
     {"labs": [{"id": "x", "name": "Kemi", "phone": "031-2", "urgent_phone": "031-3"}]},
     ["Labb Kemi ändrat: Telefon ”031-2” (var ”031-1”); Akuta prover ”031-3” (ny uppgift)"]),
    ({"contacts": [{"id": "c", "role": "Chef", "name": "Bo", "hours": "Dagtid"}]},
     {"contacts": [{"id": "c", "role": "Chef", "name": "Bo"}]},
     ["Kontakt Chef ändrad: Nås togs bort (var ”Dagtid”)"]),
    # Who calls TIB, as a unit writes it (77 characters): quoted.
    ({"contacts": [{"id": "tib", "role": "TIB", "name": "TIB",
                    "called_by": "Ola Wennberg (kontinuitetsansvarig), annars Ingrid Karlsson "
                                 "(verksamhetschef)"}]},
     {"contacts": [{"id": "tib", "role": "TIB", "name": "TIB",
                    "called_by": "Ola Wennberg, annars Daniel Åkesson, annars Ingrid Karlsson"}]},
     ["Kontakt TIB ändrad: Ringas av ”Ola Wennberg, annars Daniel Åkesson, annars Ingrid "
      "Karlsson” (var ”Ola Wennberg (kontinuitetsansvarig), annars Ingrid Karlsson "
      "(verksamhetschef)”)"]),
    # A contact removed, or added, with its number.
    ({"contacts": [{"id": "jour", "role": "Labbjour", "name": "NU", "phone": "010-1"}]}, {},
     ["Kontakt Labbjour borttagen (Telefon 010-1)"]),
    ({}, {"labs": [{"id": "x", "name": "Kemi", "phone": "031-2", "referral_agreement": "Röd"}]},
     ["Labb Kemi tillagt (Telefon 031-2)"]),
    # A personal field (issue #17) is named, never quoted.
    ({"contacts": [{"id": "c", "role": "Chef", "name": "Bo", "alt_phone": "070-1"}]},
     {"contacts": [{"id": "c", "role": "Chef", "name": "Eva", "alt_phone": "070-2"}]},
     ["Kontakt Chef ändrad: Namn ”Eva” (var ”Bo”); Reservnummer"]),
    # A list, and a text too long for a line of the history, are named only.
    ({"checklists": [{"id": "j", "title": "Journal nere", "kind": "journal",
                      "steps": ["Ring", "Skriv"]}]},
     {"checklists": [{"id": "j", "title": "Journal nere", "kind": "journal",
                      "steps": ["Ring", "Skriv på papper"]}]},
     ["Checklista Journal nere ändrad: Åtgärder"]),
    ({"labs": [{"id": "x", "name": "Kemi", "transport": "Budbil 11.00"}]},
     {"labs": [{"id": "x", "name": "Kemi", "transport": "Budbil 11.00. " + "Ring först. " * 10}]},
     ["Labb Kemi ändrat: Transport av prover"]),
])
def test_the_binders_change_sentences_say_the_new_and_the_old_value(
        before: dict[str, object], after: dict[str, object], expected: list[str]) -> None:
    """What a head of unit signs for: the number that changed, not only that one did."""
    assert describe(unit_fields(before), unit_fields(after), values=True) == expected


def test_every_top_level_field_has_a_name_in_the_history() -> None:
    words = labels()["history"]
    assert set(words["sections"]) | set(words["items"]) == set(UNIT.fields)
    assert set(words["sections"]).isdisjoint(words["items"])


def test_without_git_the_page_says_so(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert read_history(project) is None
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    text = page_content((project / "site/enheter/vc-angen/index.html").read_text())
    assert "byggdes utan git-historik" in text
