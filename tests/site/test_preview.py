"""An editor's preview (``HANDBOOK_PREVIEW=<id>``, ``make preview UNIT=<id>``) and
when PDFs are rendered: preview and serve render none unless ``HANDBOOK_PDF=1``."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import urljoin

import pytest
from sitebuild import REPO, copy_project, mkdocs_build, page_content

from handbook import Handbook

pytestmark = pytest.mark.build

UNIT = "vc-angen"
OTHER = "vc-kortedala"


def _build(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` with ``env``, and no HANDBOOK_PDF unless ``env`` has it."""
    full = {k: v for k, v in os.environ.items() if k not in ("HANDBOOK_PDF", "HANDBOOK_PREVIEW")}
    full.update({"NO_MKDOCS_2_WARNING": "1", **env})
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                          capture_output=True, text=True, env=full, timeout=600)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A preview of one unit, built with ``mkdocs build`` and no HANDBOOK_PDF, in a
    project where another unit's file is broken: a preview does not read it."""
    project = copy_project(tmp_path_factory.mktemp("preview"))
    other = project / "units" / f"{OTHER}.yml"
    other.write_text(other.read_text(encoding="utf-8") + "\nphon: [\n", encoding="utf-8")
    result = _build(project, {"HANDBOOK_PREVIEW": UNIT})
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole example, ``mkdocs build`` with HANDBOOK_PDF=0."""
    project = copy_project(tmp_path_factory.mktemp("full"))
    result = mkdocs_build(project, pdf=False)
    assert result.returncode == 0, result.stderr
    return project


def _pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_preview_builds_that_unit_the_chapters_and_the_list_pages_only(preview: Path) -> None:
    site = preview / "site"
    chapters = {f"kapitel/{p.stem}" for p in (REPO / "docs" / "kapitel").glob("*.md")}
    assert _pages(site) == {".", f"enheter/{UNIT}", "enheter", "status", "blanketter",
                            "bidra"} | chapters
    assert [p.name for p in (site / "data").iterdir()] == [f"{UNIT}.json"]
    # The list pages name that unit alone, and link to no other unit page.
    for page in (".", "enheter", "status"):
        html = (site / page / "index.html").read_text(encoding="utf-8")
        base = "http://h/" + ("" if page == "." else page + "/")
        urls = [urljoin(base, href) for href in re.findall(r'href="([^"]*)"', html)]
        linked = {m.group(1) for u in urls if (m := re.match(r"http://h/enheter/([^/]+)/", u))}
        assert linked == {UNIT}, page


def test_preview_renders_no_pdf(preview: Path) -> None:
    assert not (preview / "site" / "pdf").exists()
    assert not (preview / ".cache" / "pdf").exists()
    html = (preview / "site" / "enheter" / UNIT / "index.html").read_text(encoding="utf-8")
    assert f"pdf/{UNIT}.pdf" not in html
    assert "PDF-pärmen skapas när handboken byggs" in html


def test_the_previewed_unit_page_is_the_full_builds(preview: Path, full: Path,
                                                    example_handbook: Handbook) -> None:
    def content(project: Path) -> str:
        return page_content((project / "site" / "enheter" / UNIT / "index.html")
                            .read_text(encoding="utf-8"))

    assert content(preview) == content(full)
    assert example_handbook.unit(UNIT).name in content(preview)[:200]


def test_a_build_with_pdf_off_writes_no_pdf(full: Path, example_handbook: Handbook) -> None:
    assert len(_pages(full / "site")) > len(example_handbook.units) + 5
    assert not (full / "site" / "pdf").exists()
    assert not (full / ".cache" / "pdf").exists()
    assert not list((full / "site").rglob("*.pdf"))


def test_preview_of_a_unit_that_does_not_exist_says_which_and_suggests(
        tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = _build(project, {"HANDBOOK_PREVIEW": "vc-angn"})
    assert result.returncode != 0
    assert ("HANDBOOK_PREVIEW: enheten 'vc-angn' finns inte (ingen fil units/vc-angn.yml); "
            "menade du vc-angen") in result.stderr
    assert "make preview UNIT=vc-angen" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_make_preview_without_a_unit_says_how(tmp_path: Path) -> None:
    result = subprocess.run(["make", "-s", "-C", str(REPO), "preview", "UNIT="],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    assert "ange enheten: make preview UNIT=vc-angen" in result.stderr


@pytest.fixture
def hooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("handbook_hooks_under_test",
                                                  REPO / "hooks" / "handbook_hooks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("command", "pdf", "preview", "expected"), [
    ("build", None, None, True),
    ("build", "0", None, False),
    ("build", "1", None, True),
    ("serve", None, None, False),
    ("serve", "0", None, False),
    ("serve", "1", None, True),
    ("build", None, UNIT, False),
    ("serve", None, UNIT, False),
    ("serve", "1", UNIT, True),
    ("build", "1", UNIT, True),
])
def test_pdf_enabled(hooks: ModuleType, monkeypatch: pytest.MonkeyPatch, command: str,
                     pdf: str | None, preview: str | None, expected: bool) -> None:
    """What the hooks decide for each command, HANDBOOK_PDF and HANDBOOK_PREVIEW."""
    for name, value in (("HANDBOOK_PDF", pdf), ("HANDBOOK_PREVIEW", preview)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    hooks.on_startup(command, dirty=False)
    assert hooks.pdf_enabled() is expected


def test_the_hooks_name_the_shard_setting_as_the_package_does(hooks: ModuleType) -> None:
    """The hooks import the PDF side only when needed, so they spell the setting out."""
    from handbook.binder.shard import SHARD_ENV

    assert hooks.SHARD_ENV == SHARD_ENV
