"""Other engines: ``python -m handbook pages OUT``, the generated pages as files that
plain MkDocs (no hooks) builds into the same page tree as the build with the hooks;
and ProperDocs, the fork of MkDocs, building the project with its hooks.

One MkDocs build with the hooks (``projects``) is the reference for both."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from sitebuild import REPO, copy_project, mkdocs_build, page_content, squash

from handbook import Handbook, load_handbook
from handbook.errors import HandbookError
from handbook.labels import labels, nav_title
from handbook.site.engine_config import (
    Relative,
    plain_config,
    plugin_names,
    resolved_config,
)

pytestmark = pytest.mark.build

# What differs between two engines' output of the same project: the generator's name
# and version in one meta tag of every page.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def example() -> Handbook:
    return load_handbook(REPO / "units", base=REPO)


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the example built with its hooks, the written pages built by plain MkDocs)."""
    project = copy_project(tmp_path_factory.mktemp("hooks"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    out = tmp_path_factory.mktemp("plain") / "out"
    # PDFs off, as the build with the hooks (with them, the pages link the binders).
    written = subprocess.run([sys.executable, "-m", "handbook", "pages", str(out)],
                             cwd=project, capture_output=True, text=True, check=False,
                             env={**os.environ, "HANDBOOK_PDF": "0"})
    assert written.returncode == 0, written.stderr
    assert "hooks" not in (out / "mkdocs.yml").read_text(encoding="utf-8")
    assert not (out / "hooks").exists()
    result = mkdocs_build(out)
    assert result.returncode == 0, result.stderr
    return project / "site", out / "site"


def _pages(site: Path) -> dict[str, str]:
    """Each page's path → its <title>."""
    found = {}
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title, page
        found[page.parent.relative_to(site).as_posix()] = unescape(title.group(1).strip())
    return found


def test_plain_mkdocs_builds_the_same_pages_with_the_same_titles(
        projects: tuple[Path, Path], example: Handbook) -> None:
    hooks, plain = _pages(projects[0]), _pages(projects[1])
    assert plain == hooks
    # Every unit page and the pages that list them are there, not only docs/.
    expected = {f"enheter/{u.id}" for u in example.units} | {".", "enheter", "status",
                                                             "blanketter"}
    assert expected <= set(hooks)
    assert hooks["enheter/vc-angen"].startswith(example.unit("vc-angen").name)


def test_every_generated_page_has_the_same_content(projects: tuple[Path, Path],
                                                   example: Handbook) -> None:
    hooks, plain = projects
    pages = [f"enheter/{u.id}" for u in example.units] + [".", "enheter", "status",
                                                          "blanketter"]
    for page in pages:
        ours = page_content((hooks / page / "index.html").read_text(encoding="utf-8"))
        theirs = page_content((plain / page / "index.html").read_text(encoding="utf-8"))
        assert theirs == ours, page
    unit = example.unit("vc-angen")
    text = page_content((plain / "enheter" / "vc-angen" / "index.html").read_text("utf-8"))
    assert unit.name in text[:200]
    assert str(unit.data["contacts"][0]["phone"]) in text


def test_the_navigation_and_the_unit_data_files_are_the_same(
        projects: tuple[Path, Path], example: Handbook) -> None:
    hooks, plain = projects

    def nav(site: Path) -> list[str]:
        html = (site / "index.html").read_text(encoding="utf-8")
        start = html.index('<nav class="md-nav md-nav--primary"')
        return re.findall(r'href="([^"]*)"', html[start:html.index("</nav>", start)])

    assert nav(plain) == nav(hooks)
    ids = sorted(u.id for u in example.units)
    assert sorted(p.stem for p in (plain / "data").glob("*.json")) == ids
    for unit_id in ids:
        assert (plain / "data" / f"{unit_id}.json").read_bytes() == \
            (hooks / "data" / f"{unit_id}.json").read_bytes()
    assert not (plain / "pdf").exists() and not (hooks / "pdf").exists()


def test_the_example_banner_and_stamp_come_through_extra(projects: tuple[Path, Path]) -> None:
    for site in projects:
        html = (site / "enheter" / "vc-angen" / "index.html").read_text(encoding="utf-8")
        assert "Exempelhandbok – fiktiva enheter och telefonnummer" in html
        assert "Handbokens utgåva: utkast" in html


def test_pages_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "kvar.txt").write_text("x", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "handbook", "pages", str(tmp_path / "out"),
                             "-f", str(REPO / "mkdocs.yml")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "finns redan och är inte tom" in result.stderr
    assert (tmp_path / "out" / "kvar.txt").read_text(encoding="utf-8") == "x"


def test_plain_config_drops_hooks_and_watch_and_keeps_the_rest(tmp_path: Path) -> None:
    settings = {"site_name": "X", "hooks": ["hooks/a.py"], "watch": ["units"],
                "extra": {"generator": False}, "nav": ["index.md", {"region_chapters": ["a.md"]}],
                "markdown_extensions": [{"pymdownx.snippets": {
                    "base_path": Relative("$config_dir"), "check_paths": True}}]}
    plain = plain_config(settings, {"handbook_stamp": "utkast"}, tmp_path)
    assert "!" not in plain.replace("!/enheter/index.md", "")  # no YAML tag left
    assert yaml.safe_load(plain) == {
        "site_name": "X", "extra": {"handbook_stamp": "utkast", "generator": False},
        "nav": ["index.md", {nav_title("region_chapters"): ["a.md"]}],
        "markdown_extensions": [{"pymdownx.snippets": {"base_path": str(tmp_path),
                                                       "check_paths": True}}],
        "not_in_nav": "/enheter/*.md\n!/enheter/index.md\n"}
    assert "\nnot_in_nav: |\n  /enheter/*.md\n  !/enheter/index.md\n" in plain
    with pytest.raises(HandbookError, match="'extra:' måste vara en mappning"):
        plain_config({"extra": "a"}, {"handbook_stamp": "a"}, tmp_path)
    with pytest.raises(HandbookError, match="kan inte skrivas ut"):
        plain_config({"x": Relative("docs")}, {}, tmp_path)


def test_an_inherited_config_is_merged_as_mkdocs_merges_it(tmp_path: Path) -> None:
    """``-f mkdocs.offline.yml``: one configuration, the parent's merged in (mappings key
    by key, lists replaced), with no ``INHERIT`` that would name the written file."""
    (tmp_path / "base.yml").write_text(
        "site_name: X\nplugins: [search]\nextra: {a: 1, b: 2}\n"
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir\n",
        encoding="utf-8")
    (tmp_path / "child.yml").write_text(
        "INHERIT: base.yml\nsite_dir: s\nplugins: [search, offline]\nextra: {b: null}\n",
        encoding="utf-8")
    settings = resolved_config(tmp_path / "child.yml")
    assert settings["plugins"] == ["search", "offline"]
    assert settings["extra"] == {"a": 1, "b": None}
    assert plugin_names(settings) == {"search", "offline"}
    written = yaml.safe_load(plain_config(settings, {}, tmp_path / "out"))
    assert "INHERIT" not in written and written["site_dir"] == "s"
    assert written["markdown_extensions"][0]["pymdownx.snippets"]["base_path"] == \
        str(tmp_path / "out")
    (tmp_path / "loop.yml").write_text("INHERIT: loop.yml\n", encoding="utf-8")
    with pytest.raises(HandbookError, match="INHERIT leder tillbaka"):
        resolved_config(tmp_path / "loop.yml")


# --- ProperDocs -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built by ProperDocs' own command with our hooks, as ``make site``
    would run MkDocs (strict, PDFs off)."""
    project = copy_project(tmp_path_factory.mktemp("properdocs"))
    env = {**os.environ, "HANDBOOK_PDF": "0"}
    # Without -f ProperDocs looks for properdocs.yml and falls back to mkdocs.yml with a
    # notice that the fallback will go away.
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict",
                             "-f", "mkdocs.yml"], cwd=project, capture_output=True, text=True,
                            env=env, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


# The service worker's build identity is a digest of the pages' bytes, generator tag
# included, so it differs with the engine's name as the tag does.
IDENTITY = re.compile(rb'"identity": ?"[0-9a-f]+"')


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, the generator meta tag blanked (and the
    service worker's build identity, which digests it)."""
    return {path.relative_to(site).as_posix(): IDENTITY.sub(
                b'"identity": ""', GENERATOR.sub(b"<meta generator>", path.read_bytes()))
            for path in sorted(site.rglob("*")) if path.is_file()}


def test_properdocs_builds_the_pages_of_the_hooks(properdocs_site: Path,
                                                  projects: tuple[Path, Path],
                                                  example: Handbook) -> None:
    mkdocs_site = projects[0]
    ours, theirs = _pages(mkdocs_site), _pages(properdocs_site)
    # The unit pages exist only because the hooks ran under ProperDocs.
    assert {f"enheter/{u.id}" for u in example.units} <= set(theirs)
    assert theirs == ours
    for page in ours:
        path = page + "/index.html" if page != "." else "index.html"
        assert page_content((properdocs_site / path).read_text(encoding="utf-8")) == \
            page_content((mkdocs_site / path).read_text(encoding="utf-8")), page
    # The engine really was ProperDocs: it names itself in the generator tag.
    index = (properdocs_site / "index.html").read_text(encoding="utf-8")
    assert "ProperDocs 1.6" in index
    assert "ProperDocs" not in (mkdocs_site / "index.html").read_text(encoding="utf-8")


def test_properdocs_output_is_byte_identical_but_for_the_generator_tag(
        properdocs_site: Path, projects: tuple[Path, Path]) -> None:
    ours, theirs = _files(projects[0]), _files(properdocs_site)
    assert sorted(theirs) == sorted(ours)
    differ = [path for path in ours if theirs[path] != ours[path]]
    assert not differ


# --- the navigation's titles come from the labels ---------------------------------------------

def _nav_block(config: str) -> str:
    """The ``nav:`` block of a ``mkdocs.yml``."""
    start = config.index("\nnav:\n") + 1
    end = re.search(r"^\S", config[start + 4:], re.M)
    return config[start:start + 4 + end.start()] if end else config[start:]


def test_mkdocs_yml_names_no_navigation_title() -> None:
    """Pages by path only (a page's title is its own heading); sections by a key whose
    title is in labels.yml (``nav:``), so no Swedish title is written in mkdocs.yml."""
    sections = []

    def walk(entries: list[Any]) -> None:
        for entry in entries:
            if isinstance(entry, str):
                assert entry.endswith(".md"), entry
                continue
            [(key, children)] = entry.items()
            assert isinstance(children, list), f"{key}: {children} (a title for a page)"
            sections.append(key)
            walk(children)

    walk(yaml.safe_load(_nav_block((REPO / "mkdocs.yml").read_text(encoding="utf-8")))["nav"])
    assert sections == ["region_chapters"]
    assert all(nav_title(key) == labels()["nav"][key] for key in sections)


def test_the_built_navigation_shows_the_labels(projects: tuple[Path, Path]) -> None:
    """Both builds (the hooks set the section's title; ``handbook pages`` writes it into
    the plain mkdocs.yml) show the titles of the labels file, in the nav's order."""
    site = labels()["site"]
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines()[0]
    expected = [site["start_title"], site["units_title"], site["forms_title"],
                labels()["status"]["title"], contributing.lstrip("# "),
                labels()["nav"]["region_chapters"]]
    for built in projects:
        page = lxml.html.fromstring((built / "index.html").read_text(encoding="utf-8"))
        [nav] = page.xpath("//nav[contains(@class, 'md-nav--primary')]")
        # Top-level entries: a page's link or a section's label, each with its title.
        top = [squash(item.xpath("./a|./label")[0].text_content())
               for item in nav.xpath("./ul/li")]
        assert top == expected, built
