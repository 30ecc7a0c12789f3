"""Personal data (issue #17): field classes, the private layer, the fallback text, the
public audience and the validate warning, without a build."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from conftest import Tree
from github_fake import REPO as GH_REPO
from github_fake import FakeGitHub, serve
from sitebuild import REPO

from handbook import read_handbook
from handbook.binder.keys import binder_inputs, handbook_inputs, key
from handbook.cli.main import main
from handbook.data.personal import (
    AUDIENCE_ENV,
    PRIVATE_ENV,
    Withheld,
    audience_from_environment,
    personal_fields,
    personal_values,
)
from handbook.errors import HandbookError, Problem
from handbook.history.changes import describe, unit_fields
from handbook.labels import labels
from handbook.plan.status import unit_status
from handbook.render.pages import unit_page
from handbook.render.values import number_html
from handbook.schema.fields import UNIT, ListOf, Record
from handbook.schema.json_schema import DATA_CLASS_KEYWORD, render_json_schema

pytestmark = pytest.mark.unit

# The fields classed personal, and why (CONTRIBUTING.md has the same list for editors).
PERSONAL = ["contacts[].alt_phone", "contacts[].email", "contacts[].out_of_hours",
            "contacts[].deputy_phone"]

REGION = """\
contacts:
  - id: tib
    role: TIB
    name: Tjänsteman i beredskap
    phone: 010-441 00 00
    alt_phone: 070-999 99 99
"""
UNIT_HEAD = """\
name: Vårdcentralen {name}
document:
  version: "1"
  owner: Anna Andersson
  approved: 2025-01-01
  approved_by: Anna Andersson
  review_months: 12
"""
CONTACT = """\
contacts:
  - id: chef
    role: Verksamhetschef
    name: Anna Andersson
    phone: 031-100 00 00
    alt_phone: {alt}
    call_order: 1
    deputy: Bo Berg
    deputy_phone: {deputy}
"""
SPARE = """\
unit_phones:
  spare_mobile: 070-555 55 55
"""
PRIVATE = """\
contacts:
  - id: chef
    alt_phone: 070-123 45 67
    deputy_phone: 031-100 00 01
"""


def unit_file(name: str = "Alfa", alt: str = "privat", deputy: str = "privat",
              spare: bool = True) -> str:
    return (UNIT_HEAD.format(name=name) + CONTACT.format(alt=alt, deputy=deputy)
            + (SPARE if spare else ""))


@pytest.fixture
def project(write_tree: Callable[[Tree], Path], tmp_path: Path) -> Path:
    write_tree({"units/_region.yml": REGION, "units/vc-alfa.yml": unit_file(),
                "units/vc-beta.yml": unit_file("Beta", "070-222 22 22", "031-200 00 01",
                                               spare=False),
                "private/vc-alfa.yml": PRIVATE})
    return tmp_path


def contact(book: object, unit_id: str, contact_id: str) -> dict[str, object]:
    unit = book.unit(unit_id)  # type: ignore[attr-defined]
    return next(c for c in unit.data["contacts"] if c["id"] == contact_id)


# --- the classes --------------------------------------------------------------------------

def test_the_personal_fields_are_a_named_persons_numbers_and_e_mail() -> None:
    assert personal_fields() == PERSONAL


def test_every_field_has_a_class_and_the_editors_schema_shows_it() -> None:
    schema = json.loads(render_json_schema())
    contact_schema = schema["properties"]["contacts"]["items"]["properties"]
    words = labels()["personal"]["classes"]
    assert contact_schema["alt_phone"][DATA_CLASS_KEYWORD] == "personal"
    assert contact_schema["alt_phone"]["description"].endswith(words["personal"])
    assert contact_schema["phone"][DATA_CLASS_KEYWORD] == "internal"
    assert contact_schema["phone"]["description"].endswith(words["internal"])
    assert schema["properties"]["name"][DATA_CLASS_KEYWORD] == "public"
    assert schema["properties"]["contacts"][DATA_CLASS_KEYWORD] == "internal"
    # 'privat' stands in for a personal value only.
    jsonschema.validate("privat", contact_schema["alt_phone"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("privat", contact_schema["phone"])

    def walk(kind: object) -> None:
        if isinstance(kind, ListOf):
            walk(kind.item)
        if isinstance(kind, Record):
            for spec in kind.fields.values():
                assert spec.data_class in ("public", "internal", "personal")
                walk(spec.type)
    walk(UNIT)


def test_the_contributor_guide_lists_every_personal_field() -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for path in PERSONAL:
        assert f"`{path}`" in guide, path


# --- the private layer --------------------------------------------------------------------

def test_the_private_layer_is_merged_last(project: Path) -> None:
    book = read_handbook(project / "units", base=project, private=project / "private")
    assert book.problems == []
    chef = contact(book, "vc-alfa", "chef")
    assert chef["alt_phone"] == "070-123 45 67" and not isinstance(chef["alt_phone"], Withheld)
    assert chef["deputy_phone"] == "031-100 00 01"
    assert chef["name"] == "Anna Andersson"  # the unit's own values stay
    unit = book.unit("vc-alfa")
    assert unit.private == "private/vc-alfa.yml"
    origins = {path: origin.path for path, _, origin in personal_values(unit.data)}
    assert origins["contacts[chef].alt_phone"] == "private/vc-alfa.yml"
    assert origins["contacts[tib].alt_phone"] == "units/_region.yml"


@pytest.mark.parametrize(("files", "expected"), [
    ({"private/vc-alfa.yml": "contacts:\n  - id: chef\n    phone: 031-999 99 99\n"},
     Problem("private/vc-alfa.yml", 3, 5, "contacts[chef].phone",
             labels()["personal"]["not_personal"].format(
                 key="phone", unit="units/vc-alfa.yml",
                 allowed="alt_phone, email, out_of_hours, deputy_phone"))),
    ({"private/vc-alfa.yml": "name: Annat namn\n"},
     Problem("private/vc-alfa.yml", 1, 1, "name",
             labels()["personal"]["not_personal"].format(
                 key="name", unit="units/vc-alfa.yml", allowed="contacts"))),
    ({"private/vc-alfa.yml": "contacts:\n  - id: chefen\n    alt_phone: 070-111 11 11\n"},
     Problem("private/vc-alfa.yml", 2, 9, "contacts[chefen].id",
             labels()["personal"]["unknown_item"].format(
                 id="chefen", unit="units/vc-alfa.yml", ids="chef, tib"))),
    ({"private/vc-alfa.yml": "contacts:\n  - id: chef\n    alt_phone: sju\n"},
     Problem("private/vc-alfa.yml", 3, 16, "contacts[chef].alt_phone",
             "'sju' är inget telefonnummer; skriv siffror med blanksteg eller "
             "bindestreck, t.ex. 031-345 67 89 eller +46 31 345 67 89")),
    ({"private/vc-gamma.yml": "contacts:\n  - id: chef\n    alt_phone: 070-1 23\n"},
     Problem("private/vc-gamma.yml", 1, 1, "(fil)",
             "'vc-gamma.yml' är ingen enhet; det privata lagret har en fil <enhetens "
             "id>.yml per enhet i units/; menade du 'vc-alfa.yml'? ta bort eller döp om "
             "filen")),
])
def test_the_private_layers_errors(project: Path, files: Tree, expected: Problem) -> None:
    for relative, text in files.items():
        (project / relative).write_text(str(text), encoding="utf-8")
    book = read_handbook(project / "units", base=project, private=project / "private")
    assert expected in book.problems, "\n".join(map(str, book.problems))
    assert len(book.problems) == 1, "\n".join(map(str, book.problems))


def test_a_missing_private_folder_is_an_error(project: Path) -> None:
    book = read_handbook(project / "units", base=project, private=project / "saknas")
    assert [str(p) for p in book.problems] == [
        "saknas:1:1: (fil): mappen för det privata lagret (HANDBOOK_PRIVATE) finns inte; "
        "ange en befintlig mapp eller ta bort inställningen"]


def test_privat_in_a_field_that_is_not_personal_is_an_error(
        project: Path) -> None:
    (project / "units/vc-beta.yml").write_text(
        unit_file("Beta", "070-222 22 22", "031-200 00 01").replace(
            "phone: 031-100 00 00", "phone: privat"), encoding="utf-8")
    book = read_handbook(project / "units", base=project)
    assert [(p.path, p.line, p.field) for p in book.problems] == [
        ("units/vc-beta.yml", 12, "contacts[chef].phone")]


# --- the fallback and the audience --------------------------------------------------------

def test_without_the_private_layer_the_unit_shows_its_shared_number(project: Path) -> None:
    book = read_handbook(project / "units", base=project)
    assert book.problems == []
    chef = contact(book, "vc-alfa", "chef")
    shared = labels()["personal"]["fallback_shared"].format(number="070-555 55 55")
    assert isinstance(chef["alt_phone"], Withheld) and chef["alt_phone"] == shared
    assert chef["deputy_phone"] == shared
    beta = contact(book, "vc-beta", "chef")  # written in the unit file: shown
    assert beta["alt_phone"] == "070-222 22 22"


def test_a_unit_without_a_shared_number_is_reached_via_the_switchboard(
        project: Path) -> None:
    book = read_handbook(project / "units", base=project, public=True)
    beta = contact(book, "vc-beta", "chef")
    assert beta["alt_phone"] == "nås via växeln" == labels()["personal"]["fallback"]
    assert contact(book, "vc-beta", "tib")["alt_phone"] == "nås via växeln"


def test_public_withholds_every_personal_value_and_nothing_else(project: Path) -> None:
    internal = read_handbook(project / "units", base=project, private=project / "private")
    public = read_handbook(project / "units", base=project, private=project / "private",
                           public=True)
    assert public.problems == [] and public.public
    for unit in public.units:
        assert list(personal_values(unit.data)) == []
        before, after = unit_fields(internal.unit(unit.id).data), unit_fields(unit.data)
        changed = {k for k in before if before[k] != after[k]}
        assert changed == {k for k in before if k.endswith(
            (".alt_phone", ".deputy_phone", ".email", ".out_of_hours"))}
    # The region's contact is shared by both units: each got its own fallback.
    assert str(contact(public, "vc-alfa", "tib")["alt_phone"]).endswith("070-555 55 55")
    assert contact(public, "vc-beta", "tib")["alt_phone"] == "nås via växeln"
    assert contact(internal, "vc-beta", "tib")["alt_phone"] == "070-999 99 99"


def test_the_page_and_card_show_the_fallback_and_not_the_private_value(
        project: Path) -> None:
    book = read_handbook(project / "units", base=project, public=True)
    unit = book.unit("vc-alfa")
    page = unit_page(unit, False, unit_status(unit, dt.date(2026, 1, 1)), None).markdown
    assert "070-123 45 67" not in page and "0701234567" not in page
    assert "070-999 99 99" not in page and "0709999999" not in page
    withheld = ('<span class="hb-withheld">nås via enhetens reservmobil <a class="hb-phone" '
                'href="tel:0705555555">070-555 55 55</a></span>')
    assert page.count(withheld) >= 3  # the card's alt and deputy numbers, and the table
    assert str(number_html("070-123 45 67", "hb-call-alt")) == (
        '<a class="hb-call-alt" href="tel:0701234567">070-123 45 67</a>')


def test_the_audience_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(AUDIENCE_ENV, raising=False)
    assert audience_from_environment() == "internal"
    monkeypatch.setenv(AUDIENCE_ENV, "public")
    assert audience_from_environment() == "public"
    monkeypatch.setenv(AUDIENCE_ENV, "publik")
    with pytest.raises(HandbookError, match="HANDBOOK_AUDIENCE='publik' är ingen målgrupp"):
        audience_from_environment()


def test_the_audience_is_in_every_pdf_key() -> None:
    binder = {a: key(binder_inputs("<html>", "<appendix>", {}, audience=a))
              for a in ("internal", "public")}
    whole = {a: key(handbook_inputs("<front>", {}, {}, audience=a))
             for a in ("internal", "public")}
    assert binder["internal"] != binder["public"] and whole["internal"] != whole["public"]


def test_the_change_history_names_a_personal_field_not_its_value(project: Path) -> None:
    internal = read_handbook(project / "units", base=project, private=project / "private")
    other = read_handbook(project / "units", base=project)
    sentences = describe(unit_fields(other.unit("vc-alfa").data),
                         unit_fields(internal.unit("vc-alfa").data))
    assert sentences == ["Kontakt Verksamhetschef ändrad: Reservnummer och "
                         "Ersättarens telefon"]


# --- validate -----------------------------------------------------------------------------

def test_validate_warns_of_a_personal_value_committed_beside_a_private_layer(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    monkeypatch.setenv(PRIVATE_ENV, "private")
    assert main(["validate"]) == 0
    out = capsys.readouterr().out.splitlines()
    said = labels()["personal"]["committed"]
    assert out == [
        "units/_region.yml:6:16: contacts[tib].alt_phone: " + said.format(
            value="070-999 99 99", private="private", target="private/<id>.yml",
            marker="'privat'"),
        "units/vc-beta.yml:13:16: contacts[chef].alt_phone: " + said.format(
            value="070-222 22 22", private="private", target="private/vc-beta.yml",
            marker="'privat'"),
        "units/vc-beta.yml:16:19: contacts[chef].deputy_phone: " + said.format(
            value="031-200 00 01", private="private", target="private/vc-beta.yml",
            marker="'privat'")]
    assert main(["validate", "--strict"]) == 1
    monkeypatch.delenv(PRIVATE_ENV)
    capsys.readouterr()
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == ""


def test_the_regions_setting_refuses_a_personal_value_in_any_repository_file(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """With personal_data: privat_lager, validate refuses a personal value committed in
    the region's, a group's or a unit's file, on its line, whether or not a private
    layer is set; read from the file itself, so a layer's value cannot hide it."""
    region = project / "units/_region.yml"
    region.write_text("personal_data: privat_lager\n" + region.read_text(encoding="utf-8"),
                      encoding="utf-8")
    monkeypatch.chdir(project)
    said = labels()["editor"]["project"]["personal_refused"]
    expected = [
        "units/_region.yml:7:16: contacts[tib].alt_phone: " + said.format(
            value="070-999 99 99", target="<id>.yml"),
        "units/vc-beta.yml:13:16: contacts[chef].alt_phone: " + said.format(
            value="070-222 22 22", target="vc-beta.yml"),
        "units/vc-beta.yml:16:19: contacts[chef].deputy_phone: " + said.format(
            value="031-200 00 01", target="vc-beta.yml")]
    assert main(["validate"]) == 1
    assert [line for line in capsys.readouterr().out.splitlines()
            if "personuppgift" in line] == expected
    # With the private layer holding Alfa's number too: the unit file's own value is
    # what is refused, not hidden by the layer's.
    alfa = project / "units/vc-alfa.yml"
    alfa.write_text(alfa.read_text(encoding="utf-8").replace(
        "alt_phone: privat", "alt_phone: 070-444 44 41"), encoding="utf-8")
    monkeypatch.setenv(PRIVATE_ENV, "private")
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert "units/vc-alfa.yml:" in out and "'070-444 44 41' är en personuppgift" in out
    # Written as privat everywhere: no problem.
    for path in (region, project / "units/vc-beta.yml", alfa):
        text = path.read_text(encoding="utf-8")
        for number in ("070-999 99 99", "070-222 22 22", "031-200 00 01", "070-444 44 41"):
            text = text.replace(number, "privat")
        path.write_text(text, encoding="utf-8")
    assert main(["validate"]) == 0, capsys.readouterr().out


def test_the_setting_is_the_regions_alone(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    alfa = project / "units/vc-alfa.yml"
    alfa.write_text("personal_data: enhetsfilerna\n" + alfa.read_text(encoding="utf-8"),
                    encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["validate"]) == 1
    assert "units/vc-alfa.yml:1:1: personal_data:" in capsys.readouterr().out


# --- find-person --------------------------------------------------------------------------

NO_RELEASES = ("filerna i GitHub-utgåvorna (pärmar, zip) är inte genomsökta: ange --repo "
               "ÄGARE/NAMN och GITHUB_TOKEN")


@pytest.fixture(autouse=True)
def _no_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """find-person reads the GitHub releases when a token is set: not from the machine."""
    for name in ("GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)

def minimal_pdf(*pages: str) -> bytes:
    """A PDF with one line of text (ASCII) per page, made by hand."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 "
               "/BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       f"<< /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return out


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def released(tmp_path: Path) -> Path:
    """A git checkout whose history and fake gh-pages branch (one release, with a page,
    a data file and a binder) hold Anna's mobile, which the unit file no longer does."""
    repo = tmp_path / "repo"
    (repo / "units").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    unit = repo / "units/vc-alfa.yml"
    unit.write_text(unit_file(alt="070-123 45 67"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Alfa")
    git(repo, "checkout", "-q", "--orphan", "gh-pages")
    git(repo, "rm", "-rq", "--cached", ".")
    unit.unlink()
    (repo / "2026.01/enheter/vc-alfa").mkdir(parents=True)
    (repo / "2026.01/enheter/vc-alfa/index.html").write_text(
        '<p>Anna Andersson</p>\n<a href="tel:0701234567">070-123 45 67</a>\n',
        encoding="utf-8")
    (repo / "2026.01/data").mkdir()
    (repo / "2026.01/data/vc-alfa.json").write_text(
        '{"value": "+46 70 123 45 67", "name": "Anna Andersson"}\n', encoding="utf-8")
    (repo / "2026.01/pdf").mkdir()
    (repo / "2026.01/pdf/vc-alfa.pdf").write_bytes(
        minimal_pdf("Verksamhetschef", "Anna Andersson mobil 070 123 45 67"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Deployed 2026.01")
    git(repo, "checkout", "-q", "-f", "main")
    unit.write_text(unit_file(alt="privat"), encoding="utf-8")
    git(repo, "commit", "-qam", "Anna's mobile out of the repository")
    (tmp_path / "private").mkdir()
    (tmp_path / "private/vc-alfa.yml").write_text(PRIVATE, encoding="utf-8")
    (repo / "dist").mkdir()
    with zipfile.ZipFile(repo / "dist/handbok-2026.01.zip", "w") as archive:
        archive.writestr("handbok/enheter/vc-alfa/index.html", "Ring 0701234567\n")
    return repo


def test_find_person_lists_every_place_a_number_still_is(
        released: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(released)
    assert main(["find-person", "+46 (0)70-123 45 67", "--private", "../private"]) == 1
    out, err = capsys.readouterr()
    places = [line.split(": ")[0] + ": " + line.split(": ")[1] for line in out.splitlines()]
    assert places == [
        "dist/handbok-2026.01.zip!handbok/enheter/vc-alfa/index.html: rad 1",
        "../private/vc-alfa.yml: rad 3",
        "gh-pages:2026.01/data/vc-alfa.json: rad 1",
        "gh-pages:2026.01/enheter/vc-alfa/index.html: rad 2",  # the link and its text
        "gh-pages:2026.01/enheter/vc-alfa/index.html: rad 2",
        "gh-pages:2026.01/pdf/vc-alfa.pdf: sida 2",
        *[f"git-historiken: commit {sha}" for sha in shas(released, "gh-pages", "main")],
    ]
    assert "070-123 45 67" in out
    assert err.splitlines() == [NO_RELEASES, "'+46 (0)70-123 45 67' finns på 9 ställen"]


def test_find_person_reads_the_remote_branch_of_a_fresh_clone_and_the_caches(
        released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A fresh clone has origin/gh-pages and no local gh-pages: the releases are still
    read (issue #29 found 5 places in a clone and 6 with the branch), and the build's
    caches (a binder in .cache/pdf) are searched too."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(released), str(clone)], check=True)
    local = subprocess.run(["git", "branch", "--list", "gh-pages"], cwd=clone, check=True,
                           capture_output=True, text=True).stdout
    assert local == ""  # only the remote's
    (clone / ".cache/pdf").mkdir(parents=True)
    (clone / ".cache/pdf/vc-alfa.pdf").write_bytes(
        minimal_pdf("Kontakter", "Anna Andersson 070-123 45 67"))
    monkeypatch.chdir(clone)
    assert main(["find-person", "070 123 45 67"]) == 1
    out, err = capsys.readouterr()
    places = {line.split(": ")[0] for line in out.splitlines()}
    assert {"origin/gh-pages:2026.01/pdf/vc-alfa.pdf", "origin/gh-pages:2026.01/data/vc-alfa.json",
            ".cache/pdf/vc-alfa.pdf"} <= places, out
    assert err.startswith("de publicerade utgåvorna lästes från origin/gh-pages "
                          "(ingen lokal gren)\n"), err


def test_find_person_reads_the_files_of_the_github_releases_with_a_token(
        released: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """With a token the releases' assets are read too (a binder attached to a release
    stays there after gh-pages is cleaned); the token never follows GitHub's redirect
    to its storage host."""
    fake = FakeGitHub(assignable=set())
    fake.releases = [{"tag_name": "v2026.01", "assets": [
        {"id": 7, "name": "vc-alfa.pdf"},
        {"id": 8, "name": "logo.png"}]}]  # no text to read: not fetched
    fake.assets[7] = minimal_pdf("Kontakter", "Anna Andersson 070-123 45 67")
    with serve(fake):
        monkeypatch.setenv("GITHUB_TOKEN", "test-token")
        monkeypatch.setenv("GITHUB_API_URL", fake.url)
        monkeypatch.chdir(released)
        assert main(["find-person", "0701234567", "--repo", GH_REPO]) == 1
    out, err = capsys.readouterr()
    assert "GitHub-utgåvan v2026.01: vc-alfa.pdf: sida 2: Anna Andersson 070-123 45 67" in out
    assert f"läste filerna i 1 GitHub-utgåvor av {GH_REPO}" in err
    fetched = [(r.path, r.authorization) for r in fake.requests]
    assert (f"/repos/{GH_REPO}/releases?per_page=100", "Bearer test-token") in fetched
    assert (f"/repos/{GH_REPO}/releases/assets/7", "Bearer test-token") in fetched
    assert ("/storage/7", None) in fetched  # the storage host never sees the token
    assert not [path for path, _ in fetched if path.endswith("/8")]


def test_find_person_says_when_no_published_branch_was_searched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    (repo / "units").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "units/vc-alfa.yml").write_text(unit_file(alt="privat"), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Alfa")
    monkeypatch.chdir(repo)
    assert main(["find-person", "Cecilia Ceder"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "varken gh-pages eller origin/gh-pages finns här: de publicerade utgåvorna är inte "
        "genomsökta. Hämta dem (git fetch origin gh-pages) och kör igen",
        NO_RELEASES, "'Cecilia Ceder' finns inte kvar någonstans som kommandot söker"]


def shas(repo: Path, *refs: str) -> list[str]:
    """The abbreviated shas git log -G lists: the deploy, then Alfa's two commits."""
    log = subprocess.run(["git", "log", "--all", "--format=%h %s"], cwd=repo, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    wanted = ("Anna's mobile out of the repository", "Deployed 2026.01", "Alfa")
    return [line.split()[0] for line in log if line.split(" ", 1)[1] in wanted]


def test_find_person_finds_a_name_in_any_case_and_says_when_it_is_gone(
        released: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(released)
    assert main(["find-person", "anna  ANDERSSON", "--branch", "gh-pages"]) == 1
    out = capsys.readouterr().out
    assert "units/vc-alfa.yml: rad 4: owner: Anna Andersson" in out
    assert "gh-pages:2026.01/pdf/vc-alfa.pdf: sida 2: Anna Andersson mobil" in out
    assert main(["find-person", "Cecilia Ceder"]) == 0
    assert capsys.readouterr().err == (f"{NO_RELEASES}\n'Cecilia Ceder' finns inte kvar "
                                       "någonstans som kommandot söker\n")
