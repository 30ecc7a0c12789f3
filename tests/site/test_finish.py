"""A site any engine can finish: ``python -m handbook pages OUT`` built by plain MkDocs
(no hooks) or ProperDocs, then ``python -m handbook finish``, against the build with
the hooks, file by file: the same files, the search index as small, the finder's index,
the unit data, robots.txt, the manifest and the service worker's list; and the finder
working in Chromium. Most tests have PDFs off (HANDBOOK_PDF=0); those with them check
that the step renders the same binders, byte for byte, as the hooks build (the run's
shared example build, ``example_site``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from browser import PHONE, launched_chromium, serve
from playwright.sync_api import Browser, expect
from sitebuild import EXAMPLE_DAY, SharedBuild, copy_project, mkdocs_build, shared_build

from handbook import Handbook
from handbook.binder.build import BinderReport
from handbook.history.stamp import DRAFT, Stamp
from handbook.render.search_index import trim_zensical_index
from handbook.site import finish_pdfs
from handbook.site.finish_pdfs import BuiltPdfs

pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.pdf]

ENV = {"HANDBOOK_TODAY": EXAMPLE_DAY}
INDEX = "search/search_index.json"
# Written by the step from the units alone: the same bytes after any engine.
SAME_BYTES = ("search/units.js", "robots.txt", "manifest.webmanifest")


def _handbook(*args: str, cwd: Path, pdf: bool = False,
              built: dt.date | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **ENV, "HANDBOOK_PDF": "1" if pdf else "0"}
    if built:  # the build date a draft binder prints: the one the compared build printed
        env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(built.year, built.month, built.day,
                                                       12, tzinfo=dt.UTC).timestamp()))
    env.pop("HANDBOOK_AUDIENCE", None)
    env.pop("HANDBOOK_PRIVATE", None)
    if pdf:
        env.pop("HANDBOOK_RELEASE", None)  # a draft, as the shared PDF build
    return subprocess.run([sys.executable, "-m", "handbook", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False, timeout=300)


def _engine_build(engine: str, out: Path) -> None:
    """Build ``out`` (``handbook pages`` output) with ``engine``, no hooks."""
    if engine == "mkdocs":
        result = mkdocs_build(out, env=ENV)
    else:  # ProperDocs looks for properdocs.yml without -f
        result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict",
                                 "-f", "mkdocs.yml"], cwd=out, capture_output=True, text=True,
                                env={**os.environ, **ENV}, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def hooks_site(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    """The example built by MkDocs with its hooks, no PDFs (shared by the run)."""
    built = shared_build(tmp_path_factory, env=ENV)
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="module", params=["mkdocs", "properdocs"])
def finished(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """(the site an engine built from ``handbook pages`` and the step finished, the size
    of its search index before the step)."""
    project = copy_project(tmp_path_factory.mktemp(request.param))
    out = project / "out"
    written = _handbook("pages", str(out), cwd=project)
    assert written.returncode == 0, written.stderr
    _engine_build(request.param, out)
    before = (out / "site" / INDEX).stat().st_size
    done = _handbook("finish", "out/site", cwd=project)
    assert done.returncode == 0, done.stderr
    return out / "site", before


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_the_finished_site_has_the_files_of_the_hooks_build(
        finished: tuple[Path, int], hooks_site: SharedBuild) -> None:
    site, _ = finished
    assert _files(site) == _files(hooks_site.site)
    for name in SAME_BYTES:
        assert (site / name).read_bytes() == (hooks_site.site / name).read_bytes(), name
    for data in (hooks_site.site / "data").glob("*.json"):
        assert (site / "data" / data.name).read_bytes() == data.read_bytes(), data.name


def test_the_search_index_is_trimmed_and_folded_as_the_hooks_do(
        finished: tuple[Path, int], hooks_site: SharedBuild) -> None:
    site, before = finished
    ours = json.loads((hooks_site.site / INDEX).read_text(encoding="utf-8"))
    theirs = json.loads((site / INDEX).read_text(encoding="utf-8"))
    size, reference = (site / INDEX).stat().st_size, (hooks_site.site / INDEX).stat().st_size
    # Unit pages indexed whole made the engine's own index this much larger.
    assert before > 2 * reference
    assert 0.9 < size / reference < 1.1
    assert theirs["config"] == ours["config"]
    assert sorted(d["location"] for d in theirs["docs"]) == \
        sorted(d["location"] for d in ours["docs"])
    gardsten = next(d for d in theirs["docs"] if d["location"] == "enheter/bvc-gardsten/")
    assert "gardsten" in gardsten["folded_title"]


def _worker_facts(site: Path) -> dict[str, object]:
    """What sw.js's first line says of the build (its precache list, the PDFs…)."""
    line = (site / "sw.js").read_text(encoding="utf-8").split("\n", 1)[0]
    found: dict[str, object] = json.loads(line.removeprefix("const HB = ").removesuffix(";"))
    return found


def test_the_service_worker_keeps_the_same_files(finished: tuple[Path, int],
                                                 hooks_site: SharedBuild) -> None:
    ours, theirs = _worker_facts(hooks_site.site), _worker_facts(finished[0])
    assert theirs["precache"] == ours["precache"]
    assert theirs["release"] == ours["release"] and theirs["pdfs"] == ours["pdfs"] == {}
    html = (finished[0] / "index.html").read_text(encoding="utf-8")
    assert "sw.js" in html  # the pages register the worker (extra.handbook_offline_cache)


def test_the_offline_copy_from_pages_output_is_finished_too(
        tmp_path: Path, example_handbook: Handbook) -> None:
    """``pages -f mkdocs.offline.yml``: one configuration with no INHERIT of itself; the
    offline plugin's script copy of the index is trimmed as well; no service worker."""
    project = copy_project(tmp_path)
    written = _handbook("pages", "out", "-f", "mkdocs.offline.yml", cwd=project)
    assert written.returncode == 0, written.stderr
    config = (project / "out" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT" not in config and "!relative" not in config
    _engine_build("mkdocs", project / "out")
    site = project / "out" / "site-offline"
    done = _handbook("finish", str(site), "-f", "mkdocs.offline.yml", cwd=project)
    assert done.returncode == 0, done.stderr
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    index = json.loads(script.removeprefix("var __index = "))
    assert index == json.loads((site / INDEX).read_text(encoding="utf-8"))
    assert "folded_title" in index["config"]["fields"]
    assert not (site / "sw.js").exists() and not (site / "manifest.webmanifest").exists()
    units = (site / "search" / "units.js").read_text(encoding="utf-8")
    assert '"url": "enheter/{id}.html"' in units or '"url":"enheter/{id}.html"' in units
    assert len(list((site / "data").glob("*.json"))) == len(example_handbook.units)


def test_finish_refuses_a_site_without_the_unit_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (tmp_path / "empty").mkdir()
    result = _handbook("finish", str(tmp_path / "empty"), cwd=project)
    assert result.returncode == 1
    assert re.search(r"ingen sida för enheten [a-z-]+; bygg först sidorna", result.stderr)
    assert not any((tmp_path / "empty").iterdir())
    assert _handbook("finish", str(tmp_path / "nowhere"), cwd=project).returncode == 2


# --- the PDFs: what finish renders after another engine is what the hooks render -------

# The binder finish renders again (the others it reuses from the hooks build's cache).
RENDERED = "vc-angen"


@pytest.fixture(scope="module")
def finished_pdfs(tmp_path_factory: pytest.TempPathFactory,
                  example_site: SharedBuild) -> tuple[Path, str, str]:
    """(the site plain MkDocs built from ``handbook pages`` and ``finish`` finished with
    PDFs, the first finish's output, the second's). The project starts with the hooks
    build's PDF cache without ``RENDERED``'s binder and handbok.pdf: those two are made
    again, and every other binder is reused only if its cache key, which covers its
    whole print HTML (region chapters included), is the hooks build's."""
    project = copy_project(tmp_path_factory.mktemp("pdfs"))
    cache = project / ".cache" / "pdf"
    shutil.copytree(example_site.project / ".cache" / "pdf", cache)
    for name in (f"{RENDERED}.pdf", "handbok.pdf"):
        (cache / name).unlink()
    # The day the hooks build stamped its drafts, so a run across midnight compares
    # the same bytes (its stamp is taken at its start).
    built = example_site.before
    written = _handbook("pages", "out", cwd=project, pdf=True, built=built)
    assert written.returncode == 0, written.stderr
    _engine_build("mkdocs", project / "out")
    first = _handbook("finish", "out/site", cwd=project, pdf=True, built=built)
    assert first.returncode == 0, first.stderr
    second = _handbook("finish", "out/site", cwd=project, pdf=True, built=built)
    assert second.returncode == 0, second.stderr
    return project / "out" / "site", first.stdout, second.stdout


def test_finish_renders_only_what_the_hooks_cache_lacks_then_nothing(
        finished_pdfs: tuple[Path, str, str]) -> None:
    _, first, second = finished_pdfs
    assert f"PDF-pärmar: 1 skapade ({RENDERED}), 5 oförändrade; hela handboken skapad" \
        in first
    assert "PDF-pärmar: 0 skapade (inga), 6 oförändrade; hela handboken oförändrad" in second


def test_finished_binders_are_the_hooks_builds_byte_for_byte(
        finished_pdfs: tuple[Path, str, str], example_site: SharedBuild) -> None:
    site = finished_pdfs[0]
    assert _files(site) == _files(example_site.site)  # no stand-in or temporary left
    ours = example_site.site / "pdf"
    for name in (f"{RENDERED}.pdf", "handbok.pdf"):
        assert (site / "pdf" / name).read_bytes() == (ours / name).read_bytes(), name
    with pikepdf.open(site / "pdf" / "handbok.pdf") as theirs, \
            pikepdf.open(ours / "handbok.pdf") as reference:
        assert len(theirs.pages) == len(reference.pages) > 20


def test_finished_pages_link_the_binders(finished_pdfs: tuple[Path, str, str],
                                         example_site: SharedBuild) -> None:
    site = finished_pdfs[0]
    links = re.compile(r'href="([^"]*\.pdf)"')
    for page in ("enheter/index.html", f"enheter/{RENDERED}/index.html"):
        found = links.findall((site / page).read_text(encoding="utf-8"))
        assert found and found == links.findall(
            (example_site.site / page).read_text(encoding="utf-8")), page
    # A release build's reprint list goes where the marker is (finish_pdfs.py).
    assert "<!-- hb-reprint -->" in (site / "enheter" / RENDERED / "index.html").read_text(
        encoding="utf-8")
    pdfs = _worker_facts(site)["pdfs"]
    assert pdfs == _worker_facts(example_site.site)["pdfs"]
    assert f"pdf/{RENDERED}.pdf" in pdfs.values()  # type: ignore[attr-defined]


@pytest.mark.parametrize("release", [DRAFT, "2026.12"])
def test_a_release_puts_the_reprint_lists_on_the_pages_once_the_pdfs_are_there(
        release: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        example_handbook: Handbook) -> None:
    """As the hooks: after the binders, a release (not a draft) compares each with the
    one published before (binder/reprint_page.py, tested with real releases in
    tests/publish/test_release.py)."""
    calls: list[tuple[object, ...]] = []

    def binders(*args: object) -> BinderReport:
        calls.append(("binders", args[-1]))
        return BinderReport(rendered=["vc-angen"])

    def reprint(*args: object) -> str:
        calls.append(("reprint", *args[2:]))
        return "2026.11"

    monkeypatch.setattr(finish_pdfs, "build_binders", binders)
    monkeypatch.setattr(finish_pdfs, "write_reprint_lists", reprint)
    monkeypatch.setattr(BuiltPdfs, "inputs", lambda self: None)
    step = BuiltPdfs(example_handbook, {}, tmp_path, Stamp(release, dt.date(2026, 12, 1), "abc"),
                     directory_urls=False)
    step(tmp_path / "site" / "pdf")
    assert calls[0] == ("binders", tmp_path / "site" / "pdf")
    assert calls[1:] == ([] if release == DRAFT else
                         [("reprint", release, tmp_path / "site", False)])
    assert step.since == (None if release == DRAFT else "2026.11")
    assert step.report.rendered == ["vc-angen"]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launched_chromium() as browser:
        yield browser


def test_the_finder_works_in_chromium(finished: tuple[Path, int], chromium: Browser,
                                      example_handbook: Handbook) -> None:
    """Typing a unit's name on the start page lists the unit (before the step, the start
    page says that the search could not start)."""
    unit = example_handbook.unit("vc-kortedala")
    with serve(finished[0]) as base:
        context = chromium.new_context(viewport=PHONE, locale="sv-SE",  # type: ignore[arg-type]
                                       service_workers="block")
        page = context.new_page()
        page.goto(base)
        page.get_by_label("Sök enhet").press_sequentially("kortedala")
        expect(page.locator(".hb-finder-results a").first).to_have_text(unit.name)
        context.close()


def test_zensicals_own_index_keeps_one_entry_per_unit_page(tmp_path: Path) -> None:
    """Zensical writes ``search.json`` (``items``, not lunr's ``docs``): the step drops a
    unit page's sections from it as from Material's index."""
    items = [{"location": "", "title": "Start"},
             {"location": "enheter/vc-angen/", "title": "Angered"},
             {"location": "enheter/vc-angen/#kontakter", "title": "Kontakter"},
             {"location": "enheter/#grupp-x", "title": "Grupp"},
             {"location": "kapitel/roller/#tib", "title": "TIB"}]
    (tmp_path / "search.json").write_text(json.dumps({"config": {}, "items": items}),
                                          encoding="utf-8")
    trim_zensical_index(tmp_path)
    kept = json.loads((tmp_path / "search.json").read_text(encoding="utf-8"))["items"]
    assert [item["title"] for item in kept] == ["Start", "Angered", "Grupp", "TIB"]
