"""A real release of two handbook versions with mike into a temporary git repository,
finished as the release workflow does (``python -m handbook ghpages finish --squash``),
then served over HTTP: every QR code and every handbook address printed in both
releases' binders must open a page (issue #16, item 5)."""

from __future__ import annotations

import html
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import PIL.Image
import pypdfium2  # type: ignore[import-untyped]  # no stubs; pdfplumber installs it
import pytest
import zxingcpp
from browser import serve
from pypdf import PdfReader
from sitebuild import copy_project, html_text, only_units, require_tool

pytestmark = [pytest.mark.build, pytest.mark.pdf]

MIKE = str(Path(sys.executable).parent / "mike")
VERSIONS = ("2026.11", "2026.12")
# Between the two releases (issue #14, which sheets to reprint): one value in one chapter
# of vc-angen, and a long note on vc-kortedala's first contact, so its chapter Kontakter
# grows by a page and every page after it in the PDF moves.
VALUE_CHANGE = ("units/vc-angen.yml", "    responsible: Fastighetsägaren\n",
                "    responsible: Fastighetsägaren, jour 031-100 20 30\n")
NOTE = "".join(f"      - Steg {n}: ring växeln och be om verksamhetschefens reservnummer.\n"
               for n in range(1, 46))
GROWTH = ("units/vc-kortedala.yml", "    out_of_hours: Via Närhälsans ledningsjour 010-441 02 99\n",
          "    out_of_hours: Via Närhälsans ledningsjour 010-441 02 99\n    note: |\n" + NOTE)


def run(project: Path, *command: str, **extra_env: str) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_AUTHOR_NAME": "Release",
           "GIT_AUTHOR_EMAIL": "r@example.org", "GIT_COMMITTER_NAME": "Release",
           "GIT_COMMITTER_EMAIL": "r@example.org", **extra_env,
           # mike runs `mkdocs` from PATH
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("HANDBOOK_PDF", None)
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


KEPT_UNITS = ("vc-angen", "vc-kortedala", "vc-vanersborg")
# A unit renamed between the releases (issue 27): its file becomes bvc-gardsten-ny.yml
# with former_ids, so the QR code on the first release's binder must still open it.
RENAMED = ("bvc-gardsten", "bvc-gardsten-ny")


def show(project: Path, path: str) -> bytes:
    return subprocess.run(["git", "show", f"gh-pages:{path}"], cwd=project, check=True,
                          capture_output=True).stdout


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Three units are what the tests read (a value changed, a chapter grown, one
    # untouched); the other example units would only double the binders rendered.
    project = only_units(copy_project(tmp_path_factory.mktemp("release")),
                         (*KEPT_UNITS, RENAMED[0]))
    run(project, "git", "init", "-q", "-b", "main")
    run(project, "git", "add", ".")
    run(project, "git", "commit", "-q", "-m", "Handboken")
    for number, version in enumerate(VERSIONS):
        if number:
            for path, old, new in (VALUE_CHANGE, GROWTH):
                text = (project / path).read_text(encoding="utf-8")
                assert text.count(old) == 1, path
                (project / path).write_text(text.replace(old, new), encoding="utf-8")
            run(project, "git", "mv", f"units/{RENAMED[0]}.yml", f"units/{RENAMED[1]}.yml")
            with (project / "units" / f"{RENAMED[1]}.yml").open("a", encoding="utf-8") as unit:
                unit.write(f"former_ids:\n  - {RENAMED[0]}\n")
            run(project, "git", "commit", "-q", "-am", "Planerna ändrade")
        # The same commands as `make release VERSION=…`.
        run(project, MIKE, "deploy", "--update-aliases", "--alias-type=redirect", version,
            "latest", HANDBOOK_RELEASE=version)
        run(project, MIKE, "set-default", "latest")
        # Two releases keep their binders (KEEP_PDFS=2), so `reprint` can compare them
        # after both are published; the default, one, is tested in test_ghpages.py.
        run(project, sys.executable, "-m", "handbook", "ghpages", "finish", version,
            "--squash",
            "--keep-pdfs", "2")
    return project


def test_versions_json_lists_both_releases_with_latest_on_the_newest(released: Path) -> None:
    versions = json.loads(show(released, "versions.json"))
    assert [v["version"] for v in versions] == list(reversed(VERSIONS))
    assert versions[0]["aliases"] == ["latest"]
    assert versions[1]["aliases"] == []


def test_each_release_keeps_its_pages_and_pdfs(released: Path) -> None:
    files = set(subprocess.run(["git", "ls-tree", "-r", "--name-only", "gh-pages"],
                               cwd=released, check=True, capture_output=True,
                               text=True).stdout.split())
    for version in VERSIONS:
        assert f"{version}/enheter/vc-angen/index.html" in files
        assert f"{version}/status/index.html" in files
        assert f"{version}/pdf/handbok.pdf" in files
        pdf = PdfReader(io.BytesIO(show(released, f"{version}/pdf/vc-angen.pdf")))
        # A controlled document (issue #26): the plan's version, never the release.
        assert version not in "".join(page.extract_text() for page in pdf.pages)
        assert "Planversion " in pdf.pages[0].extract_text()
        page = show(released, f"{version}/index.html").decode()
        assert f"Handbokens utgåva: {version}" in page


def test_a_unit_that_did_not_change_gets_the_same_binder_in_the_next_release(
        released: Path) -> None:
    """A binder is a controlled document (issue #26): vc-vanersborg's plan did not change
    between the releases, so its paper is the same, byte for byte; the changed units'
    binders are new."""
    old, new = (show(released, f"{version}/pdf/vc-vanersborg.pdf") for version in VERSIONS)
    assert old == new
    for unit in ("vc-angen", "vc-kortedala"):
        assert show(released, f"{VERSIONS[0]}/pdf/{unit}.pdf") != \
            show(released, f"{VERSIONS[1]}/pdf/{unit}.pdf"), unit


def test_latest_alias_and_default_redirect_to_the_newest(released: Path) -> None:
    alias = show(released, "latest/enheter/vc-angen/index.html").decode()
    assert f"../../../{VERSIONS[-1]}/enheter/vc-angen/" in alias
    root = show(released, "index.html").decode()
    assert "latest/" in root


def test_older_release_has_the_banner_pointing_to_the_latest(released: Path) -> None:
    page = show(released, f"{VERSIONS[0]}/enheter/vc-angen/index.html").decode()
    assert "Du läser en äldre utgåva av handboken." in page
    assert "Gå till den senaste utgåvan." in page


# Which sheets to reprint. The expected sheets come from the PDFs' footers as pdfium
# reads them (the whole page's text, furniture included), not from handbook.binder.


def page_texts(project: Path, version: str, unit: str) -> list[str]:
    """Each page's whole text as pdfium reads it, page 1 first."""
    document = pypdfium2.PdfDocument(show(project, f"{version}/pdf/{unit}.pdf"))
    try:
        return [page.get_textpage().get_text_range().strip() for page in document]
    finally:
        document.close()


def footers(project: Path, version: str, unit: str) -> list[str]:
    """Each page's last line (its footer: "… Kontakter och ledning 1·2"), page 1 first."""
    return [text.splitlines()[-1] if text else ""
            for text in page_texts(project, version, unit)]


def sheets_of(pages: list[str], *chapters: str) -> list[int]:
    """The sheets (double-sided: sheet k holds pages 2k-1 and 2k) with a page of these
    chapters, by their footers ("<chapter> 3·2")."""
    names = "|".join(re.escape(chapter) for chapter in chapters)
    wanted = re.compile(rf"({names})( \d+·\d+)?$")
    return sorted({(number + 1) // 2 for number, footer in enumerate(pages, start=1)
                   if wanted.search(footer)})


def reprint(project: Path, unit: str, *extra: str) -> list[str]:
    return run(project, sys.executable, "-m", "handbook", "reprint", unit,
               *extra).splitlines()


def listed_sheets(lines: list[str]) -> list[int]:
    return [int(m[1]) for line in lines if (m := re.match(r"Ark (\d+): sidorna ", line))]


# The print chapters (binder/chapters.py) as their footers name them.
CONTACTS, ROUTINES = "Kontakter och ledning", "Checklistor och rutiner"
FORMS, PREPARATIONS = "Blanketter", "Förberedelser och uppföljning"
# The region routine in brief and the sheet for the head of unit follow the last chapter.
TAIL = ("Regionens rutiner i korthet", "Att åtgärda innan pärmen ställs in")
# A plan changed without a new approval says so on the cover (sheet 1) and, for a plan
# approved before, on the sign-off page (the back of the contents, sheet 2): those
# sheets change with any change of content (issue #26, the sign-off page).
FLAG = "Ändrad efter fastställande"
COVER, SIGNOFF = 1, 2


def flagged(project: Path, version: str, unit: str) -> set[int]:
    """The sheets whose pages carry the "changed after approval" flag."""
    return {(number + 1) // 2
            for number, text in enumerate(page_texts(project, version, unit), start=1)
            if FLAG in re.sub(r"\s+", " ", text)}


def test_reprint_lists_the_sheet_of_the_changed_value_and_the_history(released: Path) -> None:
    pages = footers(released, VERSIONS[1], "vc-angen")
    assert len(pages) == len(footers(released, VERSIONS[0], "vc-angen"))
    # The changed value's page, in the chapter of routines, and the change history's.
    texts = page_texts(released, VERSIONS[1], "vc-angen")
    found = {(number + 1) // 2 for number, text in enumerate(texts, start=1)
             if "Fastighetsägaren, jour" in re.sub(r"\s+", " ", text)}
    [value] = found & set(sheets_of(pages, ROUTINES))
    # The history says the new value too (binder/changelog.py).
    assert found - {value} <= set(sheets_of(pages, PREPARATIONS, *TAIL))
    lines = reprint(released, "vc-angen")
    listed = listed_sheets(lines)
    assert value in listed
    # The cover and the sign-off page now say the plan changed after its approval.
    assert flagged(released, VERSIONS[1], "vc-angen") == {COVER, SIGNOFF}
    assert not flagged(released, VERSIONS[0], "vc-angen")
    assert {COVER, SIGNOFF} <= set(listed)
    # The rest is the history, in the last chapter (and what follows it on its sheets);
    # the contacts and the forms are not reprinted.
    assert set(listed) - {value, COVER, SIGNOFF} <= set(sheets_of(pages, PREPARATIONS, *TAIL))
    assert set(listed) - {value, COVER, SIGNOFF}
    assert not set(listed) & set(sheets_of(pages, CONTACTS, FORMS))
    assert lines[0].startswith(f"Sedan utgåva {VERSIONS[0]}: skriv ut sidorna ")
    assert f"({len(listed)} av {len(pages) // 2} ark)" in lines[0]


def test_a_grown_chapter_is_reprinted_whole_and_the_next_chapters_are_not(
        released: Path) -> None:
    old = footers(released, VERSIONS[0], "vc-kortedala")
    new = footers(released, VERSIONS[1], "vc-kortedala")
    assert len(new) > len(old) and (len(new) - len(old)) % 2 == 0  # whole sheets more
    # Every page after Kontakter moved in the PDF; the next chapter, on sheets of its
    # own, is not to be reprinted.
    assert sheets_of(new, ROUTINES) != sheets_of(old, ROUTINES)
    lines = reprint(released, "vc-kortedala", "--since", VERSIONS[0])
    listed = set(listed_sheets(lines))
    # The contents (sheet 2: its page numbers changed) and every sheet of the grown
    # chapter; the cover (it now says the plan changed after its approval); the history
    # and what follows it; never the routines or the forms.
    assert COVER in flagged(released, VERSIONS[1], "vc-kortedala")
    assert {COVER, 2, *sheets_of(new, CONTACTS)} <= listed
    assert listed <= {COVER, 2, *sheets_of(new, CONTACTS, PREPARATIONS, *TAIL)}
    assert not listed & set(sheets_of(new, ROUTINES, FORMS))
    contacts = [footer.split()[-1] for footer in new
                if re.search(rf"{CONTACTS} \d+·\d+$", footer)]
    assert len(contacts) > 2 and contacts == [f"1·{n}" for n in range(1, len(contacts) + 1)]
    removed = [line for line in lines if line.startswith("Ta ut de gamla arken: ")]
    assert len(removed) == 1 and f"({CONTACTS} 1·1, {CONTACTS} 1·2)" in removed[0]


def test_unit_pages_of_the_release_show_the_same_list(released: Path) -> None:
    for unit in ("vc-angen", "vc-kortedala"):
        page = show(released, f"{VERSIONS[1]}/enheter/{unit}/index.html").decode()
        shown = html_text(page[page.index('<div class="hb-reprint"'):])
        assert shown.startswith("Sidor att byta ut i pärmen " + reprint(released, unit)[0])
    untouched = show(released, f"{VERSIONS[1]}/enheter/vc-vanersborg/index.html").decode()
    assert (f"Inga sidor har ändrats sedan utgåva {VERSIONS[0]}. Pärmen behöver inte bytas "
            "ut.") in html_text(untouched)
    first = show(released, f"{VERSIONS[0]}/enheter/vc-angen/index.html").decode()
    assert "hb-reprint" in first and 'class="hb-reprint"' not in first  # nothing before it


def test_reprint_of_a_release_that_is_not_published_says_which_are(released: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "handbook", "reprint", "vc-angen",
                             "--since", "2020.01"], cwd=released, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == ("python -m handbook reprint: utgåvan '2020.01' är inte "
                                     f"publicerad; publicerade utgåvor: {VERSIONS[1]}, "
                                     f"{VERSIONS[0]}")


# The published tree, served: what a QR scanner and a browser meet.

SITE_ROOT = "https://kontinuitet.intranat.example/"  # site_url in mkdocs.yml
URL = re.compile(r"https?://[^\s<>()\"']+")
META_REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+;\s*url=([^"]+)"', re.I)


@pytest.fixture(scope="module")
def served(released: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The gh-pages tree unpacked and served over HTTP; its root address."""
    tree = tmp_path_factory.mktemp("gh-pages")
    archive = subprocess.run(["git", "archive", "gh-pages"], cwd=released, check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as unpacked:
        unpacked.extractall(tree, filter="data")
    with serve(tree) as root:
        yield root


def resolve(address: str, root: str) -> tuple[str, str, bytes]:
    """Open a printed address on the local server, following HTTP redirects and mike's
    redirect pages (meta refresh): (final URL, content type, body); fails on an error."""
    url = root + address.removeprefix(SITE_ROOT)
    for _hop in range(5):
        try:
            with urllib.request.urlopen(url, timeout=30) as answer:
                url, kind, body = answer.url, answer.headers.get_content_type(), answer.read()
        except urllib.error.HTTPError as error:
            pytest.fail(f"{address} -> {url}: HTTP {error.code}")
        refresh = META_REFRESH.search(body.decode(errors="replace")) \
            if kind == "text/html" else None
        if refresh is None:
            return url, kind, body
        url = urllib.parse.urljoin(url, html.unescape(refresh[1]))
    pytest.fail(f"{address}: more than 5 redirects")


def printed_addresses(pdf: bytes) -> set[str]:
    """Every handbook address a binder prints: the link annotations of every page and
    the addresses in the cover's text (the only place one is printed as plain text;
    reading every page's text of handbok.pdf would take a minute)."""
    reader = PdfReader(io.BytesIO(pdf))
    # A long address wraps onto the next line after a hyphen or slash.
    cover = re.sub(r"(https?://\S*[-/])\n(?=[a-z0-9])", r"\1",
                   reader.pages[0].extract_text() or "")
    found: set[str] = set(URL.findall(cover))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.add(str(action["/URI"]))
    return {address.rstrip(".,;") for address in found if address.startswith(SITE_ROOT)}


def cover_qr(project: Path, version: str, unit: str, folder: Path) -> list[str]:
    pdf = folder / f"{version}-{unit}.pdf"
    pdf.write_bytes(show(project, f"{version}/pdf/{unit}.pdf"))
    subprocess.run([require_tool("pdftoppm"), "-r", "150", "-png", "-f", "1", "-l", "1",
                    str(pdf), str(folder / f"{version}-{unit}")], check=True, timeout=60)
    [png] = folder.glob(f"{version}-{unit}*.png")
    with PIL.Image.open(png) as image:
        return [code.text for code in zxingcpp.read_barcodes(image)
                if code.format == zxingcpp.BarcodeFormat.QRCode]


def unit_ids(project: Path) -> list[str]:
    """The units in both releases under the same id (not the renamed one)."""
    return sorted(p.stem for p in (project / "units").glob("*.yml")
                  if not p.stem.startswith("_") and p.stem != RENAMED[1])


def test_every_printed_qr_code_opens_the_newest_release_of_the_unit_page(
        released: Path, served: str, tmp_path: Path) -> None:
    units = unit_ids(released)
    assert units == sorted(KEPT_UNITS)
    for version in VERSIONS:
        for unit in units:
            stable = f"{SITE_ROOT}latest/enheter/{unit}/"
            assert cover_qr(released, version, unit, tmp_path) == [stable], (version, unit)
            final, kind, body = resolve(stable, served)
            # A binder printed for the older release opens the newest plan.
            assert final == f"{served}{VERSIONS[-1]}/enheter/{unit}/", final
            assert kind == "text/html"
            assert f"Handbokens utgåva: {VERSIONS[-1]}" in body.decode()


def test_every_handbook_address_printed_in_both_releases_binders_opens(
        released: Path, served: str) -> None:
    checked = set()
    for version in VERSIONS:
        for name in [*unit_ids(released), "handbok"]:
            addresses = printed_addresses(show(released, f"{version}/pdf/{name}.pdf"))
            if name != "handbok":
                # The cover: "Senaste versionen finns på intranätet" and the address.
                assert f"{SITE_ROOT}latest/enheter/{name}/" in addresses, (version, name)
            checked |= addresses
    assert not [a for a in checked if re.search(r"/\d{4}\.\d{2}/", a)], \
        "a printed address names one release's folder"
    for address in sorted(checked):
        _final, kind, _body = resolve(address, served)
        assert kind in ("text/html", "application/pdf"), (address, kind)


def test_a_qr_code_printed_with_a_renamed_units_old_id_opens_its_new_page(
        released: Path, served: str, tmp_path: Path) -> None:
    """The first release's binder of bvc-gardsten, renamed bvc-gardsten-ny in the second
    with former_ids: its QR code leads through latest/ and the redirect page to the
    new page, and its old PDF address gives the new binder."""
    old, new = RENAMED
    stable = f"{SITE_ROOT}latest/enheter/{old}/"
    assert cover_qr(released, VERSIONS[0], old, tmp_path) == [stable]
    assert cover_qr(released, VERSIONS[1], new, tmp_path) == \
        [f"{SITE_ROOT}latest/enheter/{new}/"]
    final, kind, body = resolve(stable, served)
    assert final == f"{served}{VERSIONS[-1]}/enheter/{new}/", final
    assert kind == "text/html"
    assert f"Handbokens utgåva: {VERSIONS[-1]}" in body.decode()
    final, kind, body = resolve(f"{SITE_ROOT}latest/pdf/{old}.pdf", served)
    assert kind == "application/pdf"
    assert body == show(released, f"{VERSIONS[-1]}/pdf/{new}.pdf")


def test_latest_pdf_is_the_newest_release_binder_as_a_pdf(released: Path, served: str) -> None:
    for name in [*unit_ids(released), "handbok"]:
        final, kind, body = resolve(f"{SITE_ROOT}latest/pdf/{name}.pdf", served)
        assert final == f"{served}latest/pdf/{name}.pdf"
        assert kind == "application/pdf"
        assert body == show(released, f"{VERSIONS[-1]}/pdf/{name}.pdf")


def test_the_branch_is_one_commit_holding_both_releases(released: Path) -> None:
    count = subprocess.run(["git", "rev-list", "--count", "gh-pages"], cwd=released,
                           check=True, capture_output=True, text=True).stdout
    assert count.strip() == "1"
    for version in VERSIONS:
        assert show(released, f"{version}/pdf/vc-angen.pdf").startswith(b"%PDF")


def test_releases_are_built_by_properdocs_as_the_readme_says() -> None:
    """mike builds with ProperDocs when it is installed (the lock installs it): the
    README names that engine for releases; if mike or the lock changes, so must it."""
    from mike import mkdocs_utils  # type: ignore[import-untyped]  # no stubs

    assert mkdocs_utils._program_name == "properdocs"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "mike 2.2 runs `properdocs build`" in readme
