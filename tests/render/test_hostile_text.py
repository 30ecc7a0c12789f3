"""Hostile text in unit files shows as text everywhere it goes, and never runs or
applies (issue 11, item 1).

One real build of a small handbook: a unit per case below, whose name is the case's
text exactly and whose every other one-line text field holds ``<field path> <text>``;
a "benign twin" build has the same units with plain letters. Each page of the hostile
site must have the twin's elements and attributes exactly (the text created none),
the text must show literally where it belongs (title, headings, header, lists,
search index, data files), and in Chromium nothing runs and nothing is hidden. Each
unit's binder is rendered with the build's own functions; its running header and
metadata show the name as written and every other value of the unit is still there.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
import tinyhtml5
from hostile import (
    HTML,
    SITE_NAME,
    full_unit,
    local,
    risky,
    signatures,
    text_fields,
    text_of,
    unit_yaml,
)
from pypdf import PdfReader
from sitebuild import (
    REPO,
    bare_text,
    binder_texts,
    copy_project,
    expected_texts,
    mkdocs_build,
    squash,
)

from handbook import load_handbook
from handbook.binder.document import Inputs, css_string, unit_document
from handbook.binder.pdf import Job
from handbook.binder.workers import run_jobs
from handbook.data.project import Handbook, Unit
from handbook.history.stamp import current_stamp
from handbook.labels import labels
from handbook.render.safe_markdown import to_html
from handbook.schema.fields import URL
from handbook.schema.scalars import parse

pytestmark = [pytest.mark.build, pytest.mark.pdf, pytest.mark.browser]

L: dict[str, Any] = labels()
HEADER_PT = 45.0  # the page-head band of a binder page (the top margin is 57 pt)

# case → the text; the unit hostile-<case> is named exactly this.
CASES: dict[str, str] = {
    "title": "</title><script>window.__pwned=1</script>",
    "img": '<img src=x onerror="window.__pwned=2;alert(2)">',
    "attribute": '"><svg onload=window.__pwned=3>',
    "single-quote": "'><iframe srcdoc=x onload=window.__pwned=4></iframe>",
    "script-end": "</script><script>window.__pwned=5</script>",
    "jinja": "{{ 7*7 }} {% raw %}r{% endraw %} {# k #} ${7*7}",
    "style-end": "</style><style>body{display:none}</style>",
    "css-comment": "*/ } body { display: none } /*",
    "css-string": '\\"); } @page { @top-left { content: "x" } } body{display:none} .a{b:("',
    "entities": "&lt;b&gt;fet&lt;/b&gt; &amp;amp; &#60;i&#62; &#34; &quot;",
    "markdown": "**fet** _kursiv_ [länk](javascript:window.__pwned=6) ![bild](x.png) `kod`",
    "attr-list": 'Namn {: onclick="window.__pwned=7" } {#egen .klass}',
    "comment": "<!-- kommentar --> <![CDATA[ x ]]> --> <?php x ?>",
    "snippet": '--8<-- "mkdocs.yml"',
    "quotes": "Sankt Görans \"vård\"central – it's ~5 ^ 3 < 4 % 100 \\ slut",
    "anchor": "Åtgärdskort",  # its heading's anchor would be the action card's
    "search": "Sökbar </title><img src=x onerror=window.__pwned=8> &lt;i&gt;",
}
# One unit's Markdown fields (everywhere else they hold plain text).
MARKDOWN_UNIT = "hostile-markdown-fields"
MARKDOWN = ("<script>window.__pwned=20</script> <img src=x onerror=window.__pwned=21> "
            "[a](javascript:window.__pwned=22) [b](JaVaScRiPt:alert(23)) "
            "[c](data:text/html,<script>alert(24)</script>) ![d](https://evil.example/e.png) "
            "<https://ok.example/> [f](https://ok.example/\" onmouseover=\"alert(25)) "
            "{: onclick=alert(26) } &lt;b&gt; <style>body{display:none}</style>\n\n"
            "<div onclick=alert(27)>block</div>\n\n--8<-- \"mkdocs.yml\"\n")
MARKDOWN_PLAIN = "Vanlig text i ett Markdown-fält."
GROUP_NAME = '</title><script>window.__pwned=30</script>"><b>Grupp</b>'


def unit_id(case: str) -> str:
    return f"hostile-{case}"


def case_data(case: str, text: str | None) -> dict[str, Any]:
    """The unit of ``case``: with ``text`` the hostile one, with None its benign twin."""
    shown = text if text is not None else f"Enhet {case.replace('-', ' ')}"

    def value(where: str, kind: str) -> str:
        if kind == "markdown":
            return MARKDOWN if text is not None and case == "markdown-fields" else MARKDOWN_PLAIN
        return shown if where == "name" else f"{where} {shown}"

    data = full_unit(value)
    data["extends"] = ["grupp"]
    return data


def write_units(project: Path, hostile: bool) -> dict[str, dict[str, Any]]:
    """Replace the example's units with the cases; return each unit's data as written."""
    units = project / "units"
    for path in units.glob("*.yml"):
        if path.name != "_region.yml":
            path.unlink()
    shutil.rmtree(units / "_groups")
    (units / "_groups").mkdir()
    group = GROUP_NAME if hostile else "Grupp"
    (units / "_groups" / "grupp.yml").write_text(unit_yaml({"group_name": group}),
                                                 encoding="utf-8")
    written = {}
    for case, text in [*CASES.items(), ("markdown-fields", "Markdown i fälten")]:
        data = case_data(case, text if hostile else None)
        ident = MARKDOWN_UNIT if case == "markdown-fields" else unit_id(case)
        (units / f"{ident}.yml").write_text(unit_yaml(data), encoding="utf-8")
        written[ident] = data
    return written


class Build:
    def __init__(self, project: Path, written: dict[str, dict[str, Any]]) -> None:
        self.project, self.written = project, written
        self.site = project / "site"
        self.book: Handbook = load_handbook(project / "units", base=project)

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")

    def tree(self, page: str) -> etree.Element:
        root: etree.Element = tinyhtml5.parse(self.html(page))
        return root


def _build(root: Path, hostile: bool) -> Build:
    project = copy_project(root)
    written = write_units(project, hostile)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return Build(project, written)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(tmp_path_factory.mktemp("hostile"), hostile=True)


@pytest.fixture(scope="module")
def benign(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _build(tmp_path_factory.mktemp("benign"), hostile=False)


def unit_page(ident: str) -> str:
    return f"enheter/{ident}/index.html"


LIST_PAGES = ["index.html", "enheter/index.html", "status/index.html", "blanketter/index.html"]
ALL_PAGES = LIST_PAGES + [unit_page(unit_id(c)) for c in CASES] + [unit_page(MARKDOWN_UNIT)]


# --- reading pages -------------------------------------------------------------------------------

def find(root: etree.Element, tag: str, **attributes: str) -> list[etree.Element]:
    return [e for e in root.iter(f"{HTML}{tag}")
            if all(e.get(k.rstrip("_")) == v for k, v in attributes.items())]


# --- the site ------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", ALL_PAGES)
def test_text_creates_no_element_or_attribute(hostile: Build, benign: Build, page: str) -> None:
    """The hostile page has exactly its benign twin's risky markup (scripts, styles,
    handlers, link schemes); a page without Markdown payloads has all of the twin's
    elements and attributes and no others."""
    mine, twin = hostile.tree(page), benign.tree(page)
    assert risky(mine) == risky(twin)
    if page != unit_page(MARKDOWN_UNIT):
        difference = signatures(mine) - signatures(twin), signatures(twin) - signatures(mine)
        assert difference == (Counter(), Counter())
    ids = [e.get("id") for e in mine.iter() if e.get("id")]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize("case", CASES)
def test_title_heading_and_header_show_the_name_exactly(hostile: Build, case: str) -> None:
    name = CASES[case]
    root = hostile.tree(unit_page(unit_id(case)))
    [title] = find(root, "title")
    assert title.text == f"{name} - {SITE_NAME}"
    [heading] = find(root, "h1")
    assert text_of(heading) == squash(name)
    topic = [e for e in root.iter(f"{HTML}div") if e.get("data-md-component") == "header-topic"]
    assert [text_of(t) for t in topic] == [squash(name)]
    # The table of contents names the unit's checklist by its title.
    # Twice: in the drawer (overrides/partials/nav.html, a phone's contents) and in the
    # secondary sidebar; the drawer's item for the page shows the name too.
    toc = [text_of(a) for a in find(root, "a", class_="md-nav__link")
           if a.get("href") == "#checklists-checklists-0-id"]
    assert toc == [squash(f"checklists[0].title {name}")] * 2
    drawer = [text_of(li) for li in root.iter(f"{HTML}li")
              if "hb-nav-page" in (li.get("class") or "")]
    assert len(drawer) == 1 and drawer[0].startswith(squash(f"{name} {name}")), drawer
    # The action card's anchor still leads to the action card.
    [card] = [e for e in root.iter() if e.get("id") == "atgardskort"]
    assert local(card.tag) == "h2"


@pytest.mark.parametrize("case", CASES)
def test_every_text_value_shows_literally_on_the_unit_page(hostile: Build, case: str) -> None:
    ident = unit_id(case)
    root = hostile.tree(unit_page(ident))
    [article] = find(root, "article")
    text = text_of(article)
    # expected_texts puts a space between a value's elements ("… 010-441 50 00 ." for a
    # number's link and the full stop after it), so each value is looked for in the
    # article's text read the same way too.
    spaced = text_of(article, " ")
    hrefs = {a.get("href") for a in article.iter(f"{HTML}a")}
    unit = hostile.book.unit(ident)
    expected = [(where, value) for where, value in expected_texts(unit.data)
                if not where.startswith(("maintainers", "extends"))]
    # An address is the target of its title's link (the title is the link's text).
    assert [(w, v) for w, v in expected
            if v not in text and v not in spaced
            and not (w.endswith(".url") and v in hrefs)] == []
    assert squash(GROUP_NAME) in text


@pytest.mark.parametrize("case", CASES)
def test_lists_name_the_unit_exactly(hostile: Build, case: str) -> None:
    """The start page, the units index, the status page and the forms page link to the
    unit with its name as the link's whole text; the status page shows its owner."""
    ident, name = unit_id(case), CASES[case]
    for page in LIST_PAGES:
        root = hostile.tree(page)
        links = [text_of(a) for a in root.iter(f"{HTML}a")
                 if f"/{ident}/" in (a.get("href") or "") or
                 (a.get("href") or "").startswith(f"{ident}/")]
        assert links and set(links) == {squash(name)}, page
    status = text_of(find(hostile.tree("status/index.html"), "article")[0])
    assert squash(f"document.owner {name}") in status
    units = text_of(find(hostile.tree("enheter/index.html"), "article")[0])
    assert squash(f"organisation {name}") in units and squash(GROUP_NAME) in units


def test_search_index_titles_are_the_names_as_text(hostile: Build, benign: Build) -> None:
    """Material shows a result's title and text as HTML: each is the name's text once
    parsed, and creates no element the twin's index does not have."""
    def docs(build: Build) -> dict[str, dict[str, str]]:
        index = json.loads((build.site / "search" / "search_index.json").read_text())
        return {d["location"]: d for d in index["docs"]}

    mine, twin = docs(hostile), docs(benign)
    assert mine.keys() == twin.keys()
    for case, name in CASES.items():
        title = tinyhtml5.parse(f"<p>{mine[f'enheter/{unit_id(case)}/']['title']}")
        assert text_of(title) == squash(name), case
    for location, doc in mine.items():
        for key in ("title", "text"):
            parsed, twin_parsed = (tinyhtml5.parse(f"<div>{d[key]}</div>")
                                   for d in (doc, twin[location]))
            assert risky(parsed) == risky(twin_parsed), (location, key)
            if MARKDOWN_UNIT not in location:  # Markdown there makes paragraphs, rightly
                assert signatures(parsed) == signatures(twin_parsed), (location, key)


def test_data_files_hold_the_values_exactly(hostile: Build) -> None:
    """data/<id>.json (the "what changed" comparison) carries each text as written;
    handbook.js puts them into the page as text only."""
    for ident, data in hostile.written.items():
        document = json.loads((hostile.site / "data" / f"{ident}.json").read_text())
        values = {field["value"] for field in document["fields"].values()}
        assert document["name"] == data["name"]
        assert [w for w, v in text_fields(data) if v not in values] == []
    script = (REPO / "docs" / "assets" / "javascripts" / "handbook.js").read_text()
    assert re.findall(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(",
                      script) == []
    assert "textContent" in script


# --- links ---------------------------------------------------------------------------------------

REFUSED_URLS = ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
                "java\tscript:alert(1)", "vbscript:msgbox(1)",
                "data:text/html,<script>alert(1)</script>", "//evil.example/",
                "https:javascript:alert(1)", "file:///etc/passwd", "https://a b"]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_url_fields_refuse_other_schemes(url: str) -> None:
    value, message = parse(URL, url, quoted=True)
    assert value is None
    assert message == (f"'{url}' är ingen tillåten adress; adressen ska börja med https://, "
                       "http://, mailto: eller tel:, t.ex. https://exempel.se/sida")


def test_markdown_links_keep_their_text_and_lose_other_schemes() -> None:
    html = to_html("[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](vbscript:x) "
                   "[d](data:text/html,x) [e](https://ok.example/)")
    root = tinyhtml5.parse(str(html))
    assert [(a.get("href"), text_of(a)) for a in root.iter(f"{HTML}a")] == [
        ("https://ok.example/", "e")]
    assert text_of(root) == "a b c d e"


# --- the binder ----------------------------------------------------------------------------------

# A binder takes seconds, so two binders carry the cases: each is named by one case
# and its other text fields take every case in turn (the Markdown fields too). The
# version is plain, so the running header's top line is the name alone.
PDF_NAMES = ["css-string", "title"]


def print_unit(case: str) -> dict[str, Any]:
    payloads = [*CASES.values(), MARKDOWN]
    counter = iter(range(10_000))

    def value(where: str, kind: str) -> str:
        if where == "name":
            return CASES[case]
        if where == "document.version":
            return "1.0"
        text = payloads[next(counter) % len(payloads)]
        return text if kind == "markdown" else f"{where} {text.splitlines()[0]}"

    return full_unit(value)


@pytest.fixture(scope="module")
def binders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Unit, Path]]:
    """The print units' binders, rendered the way the build renders one."""
    import datetime as dt

    root = tmp_path_factory.mktemp("binders")
    (root / "units").mkdir()
    shutil.copy(REPO / "units" / "_region.yml", root / "units")
    for case in PDF_NAMES:
        (root / "units" / f"{unit_id(case)}.yml").write_text(unit_yaml(print_unit(case)),
                                                             encoding="utf-8")
    book = load_handbook(root / "units", base=root)
    inputs = Inputs([], "utkast", None, dt.date(2026, 11, 27))
    stamp = current_stamp(REPO)
    jobs = [Job(unit.id, unit_document(unit, inputs).filled(stamp), root / f"{unit.id}.pdf")
            for unit in book.units]
    run_jobs(jobs)
    return {unit.id: (unit, root / f"{unit.id}.pdf") for unit in book.units}


@pytest.mark.parametrize("case", PDF_NAMES)
def test_binder_shows_the_name_in_header_and_metadata(binders: dict[str, tuple[Unit, Path]],
                                                      case: str) -> None:
    name = CASES[case]
    unit, path = binders[unit_id(case)]
    reader = PdfReader(path)
    assert reader.metadata is not None
    assert reader.metadata.title == f"{L['binder']['title']} – {name}"
    assert reader.metadata.author == unit.data["document"]["owner"]
    assert str(reader.metadata["/Keywords"]).startswith(f"{name}, ")
    with pikepdf.open(path) as pdf, pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == reader.metadata.title
    # The running header: the name top left (it may wrap), "Version 1.0" top right.
    with pdfplumber.open(path) as laid_out:
        for page in laid_out.pages[1:3]:
            head = [w["text"] for w in page.extract_words() if w["top"] < HEADER_PT]
            version = [L["fields"]["version"], "1.0"]
            assert [w for w in head if w in version] == version
            assert "".join(w for w in head if w not in version) == re.sub(r"\s+", "", name)


@pytest.mark.parametrize("case", PDF_NAMES)
def test_binder_keeps_every_other_value(binders: dict[str, tuple[Unit, Path]],
                                        case: str) -> None:
    """No text hides, restyles or cuts the rest of the binder. (A Markdown value is
    checked word by word: paper prints a link's address after its text.)"""
    unit, path = binders[unit_id(case)]
    text = squash(" ".join(page.extract_text() for page in PdfReader(path).pages))
    bare = bare_text(text)
    missing = [(where, value) for where, value in binder_texts(unit.data)
               if squash(value) not in text and re.sub(r"\s+", "", value) not in bare]
    markdown = {where for where, _value in text_fields(unit.data, ("markdown",))}
    assert [(where, value) for where, value in missing if where not in markdown] == []
    assert [(where, word) for where, value in missing if where in markdown
            for word in value.split() if word not in bare] == []


def test_css_string_reads_back_exactly_for_each_case() -> None:
    """The running header's CSS string, parsed as WeasyPrint parses it."""
    import tinycss2

    for name in [*CASES.values(), "a\nb\rc\fd\\e\"f'g</style>h\u2028i\u00a0j"]:
        [token] = tinycss2.parse_component_value_list(str(css_string(name)))
        assert (token.type, token.value) == ("string", name)


# --- in a browser --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser_pages(hostile: Build) -> Iterator[Any]:
    from browser import FLAGS, chromium_path, serve
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with serve(hostile.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            yield base, browser
        finally:
            browser.close()


def _new_page(browser: Any, viewport: dict[str, int]) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport=viewport)
    dialogs: list[str] = []
    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", on_dialog)
    return page, dialogs


SCRIPT_CASES = ["title", "img", "attribute", "single-quote", "script-end", "attr-list",
                "markdown", "search"]
PWNED = ("() => [typeof window.__pwned, getComputedStyle(document.body).display === \"none\"]")


def test_nothing_runs_or_hides_content_in_a_browser(hostile: Build, browser_pages: Any) -> None:
    from browser import DESKTOP, PHONE

    base, browser = browser_pages
    # The lists carry every name; the unit pages of the cases that would run script
    # carry it in every field.
    pages = LIST_PAGES + [unit_page(unit_id(case)) for case in SCRIPT_CASES] + [
        unit_page(MARKDOWN_UNIT)]
    visits = [(page.removesuffix("index.html"), DESKTOP) for page in pages]
    visits.append((unit_page(unit_id("title")).removesuffix("index.html"), PHONE))
    for viewport in (DESKTOP, PHONE):
        page, dialogs = _new_page(browser, viewport)
        try:
            for path in [path for path, size in visits if size == viewport]:
                page.goto(base + path)
                assert page.evaluate(PWNED) == ["undefined", False], path
                assert dialogs == [], path
                assert page.locator("article").first.is_visible(), path
                if path.startswith("enheter/hostile-"):
                    name = hostile.written[path.split("/")[1]]["name"]
                    assert squash(page.title()) == squash(f"{name} - {SITE_NAME}")
        finally:
            page.close()


def test_search_results_show_the_name_as_text(hostile: Build, browser_pages: Any) -> None:
    from browser import search

    base, browser = browser_pages
    page, dialogs = _new_page(browser, {"width": 1280, "height": 900})
    try:
        page.goto(base)
        search(page, "sökbar")
        result = page.locator(".md-search-result__item").first
        result.wait_for(timeout=15_000)
        titles = page.locator(".md-search-result__article h1").all_text_contents()
        assert squash(CASES["search"]) in [squash(t) for t in titles]
        page.wait_for_timeout(300)
        assert page.evaluate(PWNED) == ["undefined", False]
        assert dialogs == []
        assert page.locator(".md-search-result img").count() == 0
    finally:
        page.close()
