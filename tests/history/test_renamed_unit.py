"""A renamed unit keeps its address (issue 27, part 5).

In a real git repository whose ``main`` has ``units/vc-angen.yml``, a branch that
renames the file to ``vc-angen-ny.yml`` is refused by ``validate`` with its exact
message until the unit lists ``former_ids: [vc-angen]``; without a base, validate
says it could not check. A real build of the renamed unit writes the old address
``enheter/vc-angen/`` as a page that sends a browser on to the new page (followed
in Chromium), and the old data file and PDF as copies of the new ones.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import launched_chromium, serve
from pypdf import PdfReader
from sitebuild import copy_project, mkdocs_build

pytestmark = [pytest.mark.build, pytest.mark.pdf, pytest.mark.browser]

OLD, NEW = "vc-angen", "vc-angen-ny"
UNIT = """\
name: Vårdcentralen Ängen
hsa_id: SE2321000131-E000000011111
document:
  version: "1.0"
  owner: Anna Andersson
  approved: 2026-09-01
  approved_by: Anna Andersson
"""
FORMER = f"former_ids:\n  - {OLD}\n"
REFUSAL = (f"units/{NEW}.yml:1:1: former_ids: enhetens fil hette units/{OLD}.yml i main; "
           f"skriv det gamla id:t under former_ids, så att den gamla adressen /enheter/{OLD}/, "
           f"QR-koderna i utskrivna pärmar och pdf/{OLD}.pdf leder hit: former_ids: [{OLD}]\n")
NO_BASE = ("obs: ingen bas att jämföra med (origin/main, main, gh-pages finns inte i git), så "
           "ett bytt filnamn på en enhet kan inte upptäckas; hämta origin/main (git fetch "
           "origin main) och kör igen\n")


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Anna", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "Anna", "GIT_COMMITTER_EMAIL": "a@example.org"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True).stdout


def validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handbook", "validate"], cwd=root,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """``main`` with the unit vc-angen; checked out on a branch."""
    root = tmp_path / "repo"
    (root / "units").mkdir(parents=True)
    shutil.copy(Path(__file__).resolve().parents[2] / "units" / "_region.yml", root / "units")
    (root / "units" / f"{OLD}.yml").write_text(UNIT, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Ängen")
    git(root, "checkout", "-q", "-b", "byt-namn")
    return root


def test_a_rename_without_former_ids_is_refused(repo: Path) -> None:
    git(repo, "mv", f"units/{OLD}.yml", f"units/{NEW}.yml")
    result = validate(repo)
    assert (result.returncode, result.stdout, result.stderr) == \
        (1, REFUSAL, "1 problem hittades i enhetsfilerna\n")
    # Committed, and with the name changed too: the same HSA-id carries the plan on.
    (repo / "units" / f"{NEW}.yml").write_text(
        UNIT.replace("Vårdcentralen Ängen", "Vårdcentralen Nya Ängen"), encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Byt namn")
    assert validate(repo).stdout == REFUSAL


def test_a_rename_listing_its_former_id_passes(repo: Path) -> None:
    git(repo, "mv", f"units/{OLD}.yml", f"units/{NEW}.yml")
    with (repo / "units" / f"{NEW}.yml").open("a", encoding="utf-8") as unit:
        unit.write(FORMER)
    result = validate(repo)
    assert (result.returncode, result.stdout, result.stderr) == \
        (0, "", "1 enhet kontrollerad, inga fel\n")


def test_a_deleted_unit_and_a_new_one_are_no_rename(repo: Path) -> None:
    git(repo, "rm", "-q", f"units/{OLD}.yml")
    (repo / "units" / "bvc-annan.yml").write_text(
        UNIT.replace("Vårdcentralen Ängen", "BVC Annan").replace("11111", "22222")
        .replace("Anna Andersson", "Bo Berg"), encoding="utf-8")
    assert validate(repo).returncode == 0


def test_without_a_base_validate_says_it_could_not_check(repo: Path) -> None:
    git(repo, "branch", "-q", "-D", "main")
    git(repo, "mv", f"units/{OLD}.yml", f"units/{NEW}.yml")
    result = validate(repo)
    assert (result.returncode, result.stdout, result.stderr) == \
        (0, "", NO_BASE + "1 enhet kontrollerad, inga fel\n")


@pytest.mark.parametrize(("former", "said"), [
    (NEW, f"units/{NEW}.yml:9:5: former_ids[1]: '{NEW}' är enhetens eget id; ta bort raden\n"),
    ("bvc-annan", f"units/{NEW}.yml:9:5: former_ids[1]: 'bvc-annan' är id för enheten i "
                  "units/bvc-annan.yml som finns; ett tidigare id kan inte vara en befintlig "
                  "enhet; ta bort raden\n"),
])
def test_a_former_id_must_be_free(repo: Path, former: str, said: str) -> None:
    git(repo, "mv", f"units/{OLD}.yml", f"units/{NEW}.yml")
    (repo / "units" / "bvc-annan.yml").write_text(UNIT.replace("Ängen", "Annan")
                                                  .replace("11111", "22222"), encoding="utf-8")
    (repo / "units" / f"{NEW}.yml").write_text(
        UNIT + f"former_ids:\n  - {former}\n", encoding="utf-8")
    result = validate(repo)
    assert result.returncode == 1
    assert said in result.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the example region with the renamed unit only, PDFs included."""
    project = copy_project(tmp_path_factory.mktemp("renamed"))
    for path in (project / "units").glob("*.yml"):
        if path.name != "_region.yml":
            path.unlink()
    shutil.rmtree(project / "units" / "_groups")
    (project / "units" / f"{NEW}.yml").write_text(UNIT + FORMER, encoding="utf-8")
    result = mkdocs_build(project, pdf=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_the_old_address_redirects_to_the_new_page(site: Path) -> None:
    page = (site / "enheter" / OLD / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url=../{NEW}/">' in page
    assert f'<link rel="canonical" href="../{NEW}/">' in page
    assert "Sidan har flyttat: Vårdcentralen Ängen" in page
    assert (site / "enheter" / NEW / "index.html").is_file()


def test_the_old_data_and_pdf_are_the_new_ones(site: Path) -> None:
    assert (site / "data" / f"{OLD}.json").read_bytes() == \
        (site / "data" / f"{NEW}.json").read_bytes()
    assert (site / "pdf" / f"{OLD}.pdf").read_bytes() == \
        (site / "pdf" / f"{NEW}.pdf").read_bytes()
    text = "".join(page.extract_text() for page in PdfReader(site / "pdf" / f"{OLD}.pdf").pages)
    assert "Vårdcentralen Ängen" in text


def test_a_browser_at_the_old_address_lands_on_the_new_page(site: Path) -> None:
    with serve(site) as base, launched_chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}enheter/{OLD}/")
        page.wait_for_url(f"{base}enheter/{NEW}/", timeout=10_000)
        assert page.locator("h1").first.inner_text().strip().removesuffix("¶") == \
            "Vårdcentralen Ängen"
