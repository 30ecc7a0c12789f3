"""The offline copy's build and zip, without a browser (tests/site/test_browser.py opens it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sitebuild import REPO, copy_project, mkdocs_build, require_tool

from handbook.cli.main import main as cli_main
from handbook.labels import labels
from handbook.publish.offline import copy_name, write_zip

pytestmark = [pytest.mark.build, pytest.mark.browser]

SHIM = REPO / "docs" / "assets" / "javascripts" / "vendor" / "iframe-worker-shim.js"
SCRIPT = REPO / "docs" / "assets" / "javascripts" / "handbook.js"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("offline"))
    for extra in (("-f", "mkdocs.offline.yml"), ()):
        result = mkdocs_build(root, *extra)
        assert result.returncode == 0, result.stderr
    return root


def main(argv: list[str]) -> int:
    """``python -m handbook offline ARGV``: its exit status (argparse's usage error too)."""
    try:
        return cli_main(["offline", *argv])
    except SystemExit as stop:
        return int(stop.code or 0)


def material_config(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert found
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def scripts(page: Path) -> list[str]:
    return re.findall(r'<script[^>]* src="([^"]+)"', page.read_text(encoding="utf-8"))


def test_offline_copy_loads_the_bundled_shim_and_the_site_does_not(project: Path) -> None:
    offline, site = project / "site-offline", project / "site"
    assert "assets/javascripts/vendor/iframe-worker-shim.js" in scripts(offline / "index.html")
    assert "../assets/javascripts/vendor/iframe-worker-shim.js" in scripts(
        offline / "enheter" / "vc-angen.html")
    for page in offline.rglob("*.html"):
        assert "unpkg" not in page.read_text(encoding="utf-8"), page
    for page in site.rglob("*.html"):
        assert not [s for s in scripts(page) if "iframe-worker" in s], page


def test_offline_copy_links_files_not_folders_and_has_no_version_selector(project: Path) -> None:
    start = (project / "site-offline" / "index.html").read_text(encoding="utf-8")
    assert 'href="enheter/vc-angen.html#atgardskort"' in start
    assert material_config(start)["version"] is None  # no ../versions.json on a disk
    index = (project / "site-offline" / "search" / "search_index.js").read_text(encoding="utf-8")
    assert index.startswith("var __index = ")
    # The finder's index is a script too, and links the copy's .html pages.
    finder = (project / "site-offline" / "search" / "units.js").read_text(encoding="utf-8")
    assert finder.startswith('var __hbUnits = {"url":"enheter/{id}.html",')
    site = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert material_config(site)["version"]["provider"] == "mike"  # the intranet keeps it


def test_start_page_names_the_release_and_build_date(project: Path) -> None:
    start = (project / "site-offline" / "index.html").read_text(encoding="utf-8")
    stamp = re.search(r'<p class="hb-copy-stamp" data-built="(\d{4}-\d\d-\d\d)"', start)
    assert stamp
    words = labels()["this_copy"]
    assert f'{words["draft"]} <time datetime="{stamp.group(1)}">' in start


def test_zip_holds_the_copy_under_one_folder_named_after_the_release(project: Path,
                                                                      tmp_path: Path) -> None:
    target = write_zip(project / "site-offline", tmp_path / "x.zip", copy_name("2026.12"))
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    files = sorted(p.relative_to(project / "site-offline").as_posix()
                   for p in (project / "site-offline").rglob("*") if p.is_file())
    assert names == [f"kontinuitetshandbok-offline-2026.12/{f}" for f in files]
    assert "kontinuitetshandbok-offline-2026.12/index.html" in names
    assert not list(tmp_path.glob("*.part"))


def test_zip_command_names_the_zip_after_the_release(project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    monkeypatch.setenv("HANDBOOK_RELEASE", "2026.12")
    assert main(["site-offline", str(tmp_path / "dist")]) == 0
    assert (tmp_path / "dist" / "kontinuitetshandbok-offline-2026.12.zip").is_file()
    monkeypatch.delenv("HANDBOOK_RELEASE")
    monkeypatch.delenv("MIKE_DOCS_VERSION", raising=False)
    assert main(["site-offline", str(tmp_path / "dist")]) == 0
    assert capsys.readouterr().out.strip().endswith("kontinuitetshandbok-offline-utkast.zip")
    assert main([str(tmp_path / "nothing"), str(tmp_path / "dist")]) == 1
    assert main([]) == 2


@pytest.mark.parametrize(("release", "suffix"), [("2026.12", "2026.12"), ("utkast", "utkast"),
                                                 ("höst/2026", "h-st-2026"), ("../", "utkast")])
def test_copy_name_is_safe_for_a_file_system(release: str, suffix: str) -> None:
    assert copy_name(release) == f"kontinuitetshandbok-offline-{suffix}"


def test_vendored_shim_is_the_npm_package_file_named_in_its_header() -> None:
    text = SHIM.read_text(encoding="utf-8")
    header, code = text.split("*/\n", 1)
    assert "iframe-worker 1.0.4" in header and "Permission is hereby granted" in header
    checksum = re.search(r"sha256 ([0-9a-f]{64})", header)
    assert checksum
    assert hashlib.sha256(code.removesuffix("\n").encode()).hexdigest() == checksum.group(1)


def test_copy_age_in_days_under_node() -> None:
    node = require_tool("node")
    program = (f"const {{ageDays}} = require({json.dumps(str(SCRIPT))});"
               "console.log(JSON.stringify([ageDays('2026-11-26', new Date(2026, 10, 26, 23, 59)),"
               "ageDays('2026-11-25', new Date(2026, 10, 26, 0, 1)),"
               "ageDays('2026-02-27', new Date(2026, 2, 1)),"
               "ageDays('2025-12-31', new Date(2026, 0, 1))]));")
    result = subprocess.run([node, "-e", program], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [0, 1, 2, 1]


def test_source_date_epoch_fixes_the_stamps_build_date(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    from handbook.history.stamp import current_stamp

    monkeypatch.setenv("HANDBOOK_TODAY", "2026-12-05")  # never the build date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225599")  # 2025-12-31 23:59:59 UTC
    assert current_stamp(tmp_path).built == dt.date(2025, 12, 31)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # a second later, UTC
    assert current_stamp(tmp_path).built == dt.date(2026, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "i går")  # not a number: the clock
    assert current_stamp(tmp_path).built == dt.date.today()
