"""The handbook in a real browser: Debian's Chromium driven by Playwright.

One build of the example handbook serves every test here: the intranet site
(``site/``, served on 127.0.0.1) and the offline copy (``site-offline/``, opened
from ``file://``), both with their PDF binders. Screenshots and print output go
to ``test-artifacts/`` for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import material.templates as material_templates
import pytest
from browser import (
    ARTIFACTS,
    AXE,
    DESKTOP,
    PHONE,
    VIEWPORTS,
    Requests,
    Restartable,
    axe_violations,
    describe,
    launched_chromium,
    same_origin,
    search,
    serve,
)
from nginx import Nginx
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader
from sitebuild import EXAMPLE_DAY, REPO, SharedBuild, copy_project, mkdocs_build, require_file

from handbook import Handbook, Unit
from handbook.labels import labels
from handbook.render.card import call_order
from handbook.routes import PDF_CACHE_DIR

pytestmark = [pytest.mark.build, pytest.mark.pdf, pytest.mark.browser]

OpenPage = Callable[..., tuple[Page, Requests]]


@pytest.fixture(scope="module")
def units(example_handbook: Handbook) -> list[Unit]:
    """The example's units by id."""
    return sorted(example_handbook.units, key=lambda u: u.id)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, example_site: SharedBuild) -> Path:
    """A copy of the example with the offline copy built in it (``site-offline/``); its
    PDFs come from the run's shared example build's cache, so this build renders none."""
    root = copy_project(tmp_path_factory.mktemp("browser"))
    shutil.copytree(example_site.project / PDF_CACHE_DIR, root / PDF_CACHE_DIR)
    result = mkdocs_build(root, "-f", "mkdocs.offline.yml", pdf=True,
                          env={"HANDBOOK_TODAY": EXAMPLE_DAY})
    assert result.returncode == 0, result.stderr
    assert "PDF binders: rendered 0 (none)" in result.stderr, result.stderr
    return root


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(example_site: SharedBuild) -> Iterator[str]:
    """The example site served by nginx with the shipped configuration (its CSP,
    Cache-Control and gzip), as a region hosts it (hosting/nginx)."""
    server = Nginx(example_site.site, "shipped")
    yield server.start()
    server.stop()


@pytest.fixture(scope="module")
def offline(project: Path) -> str:
    return (project / "site-offline").as_uri() + "/"


@pytest.fixture
def open_page(browser: Browser) -> Iterator[OpenPage]:
    """``open_page(base, viewport)``: a fresh page whose requests are recorded;
    anything not from ``base`` is aborted."""
    contexts = []

    def make(base: str, viewport: dict[str, int] = DESKTOP,
             bypass_csp: bool = False) -> tuple[Page, Requests]:
        # These tests are about the pages: the service worker's copy (and its own
        # requests) has tests of its own below, with workers allowed. bypass_csp: for
        # axe-core, which the test adds to the page as an inline script.
        context = browser.new_context(viewport=viewport, locale="sv-SE",  # type: ignore[arg-type]
                                      service_workers="block", bypass_csp=bypass_csp)
        contexts.append(context)
        requests = Requests(context, same_origin(base))
        return context.new_page(), requests

    yield make
    for context in contexts:
        context.close()


def action_card_heading(page: Page) -> Locator:
    return page.locator("h2#atgardskort")


# --- The offline copy, from disk ------------------------------------------------------


def test_offline_copy_opens_navigates_and_shows_its_age(open_page: OpenPage,
                                                         offline: str, project: Path,
                                                         units: list[Unit]) -> None:
    page, requests = open_page(offline)
    page.goto(offline + "index.html")
    stamp = page.locator(".hb-copy-stamp")
    today = dt.date.today().isoformat()
    words = labels()["this_copy"]
    expect(stamp).to_contain_text(f"{words['draft']} {today}{words['today']}.")
    expect(stamp.locator(".hb-copy-on-disk")).to_be_visible()

    page.locator(".md-sidebar--primary .md-nav__link", has_text="Enheter").click()
    expect(page).to_have_url(offline + "enheter/index.html")
    links = page.locator("article table a[href*='#atgardskort']")
    expect(links).to_have_count(len(units))
    for unit in units:
        page.goto(offline + f"enheter/{unit.id}.html")
        expect(page.locator("article h1")).to_contain_text(unit.name)
        pdf = page.locator("article a.md-button--primary[href$='.pdf']")
        href = pdf.get_attribute("href")
        assert href is not None
        target = (project / "site-offline" / "enheter" / href).resolve()
        assert target == (project / "site-offline" / "pdf" / f"{unit.id}.pdf").resolve()
        assert target.read_bytes().startswith(b"%PDF")
    assert not requests.outside
    assert all(url.startswith("file:") for url in requests.seen if "://" in url)


@pytest.mark.parametrize(("words", "unit"), [("trollh", "vc-trollhattan-centrum"),
                                             ("vänersb", "vc-vanersborg"),
                                             ("gårdst", "bvc-gardsten")])
def test_offline_search_finds_a_unit_by_part_of_its_name(open_page: OpenPage, offline: str,
                                                          words: str, unit: str,
                                                          units: list[Unit]) -> None:
    page, requests = open_page(offline)
    page.goto(offline + "index.html")
    search(page, words)
    result = page.locator(f".md-search-result__item > a[href*='enheter/{unit}.html']").first
    result.click()
    expect(page).to_have_url(re.compile(rf"/enheter/{unit}\.html"))
    name = next(u.name for u in units if u.id == unit)
    expect(page.locator("article h1")).to_contain_text(name)
    assert not requests.outside
    # The search ran in its worker from disk, through the bundled shim.
    assert any(url.endswith("/lunr.sv.min.js") for url in requests.seen)
    assert any(url.endswith("/vendor/iframe-worker-shim.js") for url in requests.seen)


# --- No request leaves the site -------------------------------------------------------


@pytest.mark.parametrize("copy", ["site", "offline"])
def test_no_request_leaves_the_site(open_page: OpenPage, request: pytest.FixtureRequest,
                                    copy: str) -> None:
    base: str = request.getfixturevalue(copy)
    page, requests = open_page(base)
    suffix = ".html" if copy == "offline" else "/"
    page.goto(base + ("index.html" if copy == "offline" else ""))
    page.goto(base + "enheter/vc-angen" + suffix)
    search(page, "angered")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    requests.settle(page)
    assert requests.outside == []
    # The recorder saw the search worker's own requests, so it would see theirs.
    assert any(url.endswith("/lunr.sv.min.js") for url in requests.seen)


def test_request_recorder_catches_outside_requests_of_pages_and_workers(
        open_page: OpenPage, example_site: SharedBuild) -> None:
    # Python's server: the shipped nginx's CSP would block these before they are sent.
    with serve(example_site.site) as site:
        page, requests = open_page(site)
        page.goto(site)
        check_recorder(page, requests)


def check_recorder(page: Page, requests: Requests) -> None:
    page.evaluate("""() => {
        new Image().src = "https://fonts.example/font.woff2";
        new Worker(URL.createObjectURL(new Blob(["fetch('https://cdn.example/shim.js')"])));
    }""")
    page.wait_for_timeout(500)
    assert sorted(requests.outside) == ["https://cdn.example/shim.js",
                                        "https://fonts.example/font.woff2"]


# --- Finding your unit ----------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_start_page_reaches_every_action_card_in_one_click(open_page: OpenPage, site: str,
                                                           viewport: str,
                                                           units: list[Unit]) -> None:
    page, _ = open_page(site, VIEWPORTS[viewport])
    for unit in units:
        page.goto(site)
        page.locator("article ul a", has_text=unit.name).click()
        expect(page).to_have_url(site + f"enheter/{unit.id}/#atgardskort")
        expect(action_card_heading(page)).to_be_in_viewport()


def test_units_index_reaches_an_action_card_in_two_clicks(open_page: OpenPage,
                                                          site: str) -> None:
    page, _ = open_page(site)
    page.goto(site)
    page.locator(".md-sidebar--primary .md-nav__link", has_text="Enheter").click()
    page.locator("article table a", has_text="Närhälsan Kortedala vårdcentral").click()
    expect(page).to_have_url(site + "enheter/vc-kortedala/#atgardskort")
    expect(action_card_heading(page)).to_be_in_viewport()


FINDS = [("gårdst", "bvc-gardsten"), ("GARDSTEN", "bvc-gardsten"), ("ange", "vc-angen"),
         ("narh troll", "vc-trollhattan-centrum")]


@pytest.mark.parametrize("copy", ["site", "offline"])
@pytest.mark.parametrize(("words", "unit"), FINDS)
def test_finder_lists_the_unit_first_and_opens_its_action_card(
        open_page: OpenPage, request: pytest.FixtureRequest, copy: str, words: str,
        unit: str, units: list[Unit]) -> None:
    """Part of a unit's name, in lower or upper case, with or without å, ä, ö: the
    unit's link comes first, online and in the offline copy from disk."""
    base: str = request.getfixturevalue(copy)
    page, requests = open_page(base, PHONE)
    page.goto(base + ("index.html" if copy == "offline" else ""))
    box = page.get_by_label("Sök enhet")
    box.press_sequentially(words)
    first = page.locator(".hb-finder-results a").first
    name = next(u.name for u in units if u.id == unit)
    expect(first).to_have_text(name)
    suffix = ".html" if copy == "offline" else "/"
    assert str(first.get_attribute("href")).endswith(f"enheter/{unit}{suffix}#atgardskort")
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/enheter/{unit}{re.escape(suffix)}#atgardskort$"))
    expect(action_card_heading(page)).to_be_in_viewport()
    assert not requests.outside
    assert any(url.endswith("/search/units.js") for url in requests.seen)


def test_finder_loads_its_index_only_when_used(open_page: OpenPage, site: str) -> None:
    page, requests = open_page(site)
    page.goto(site + "enheter/")
    requests.settle(page)
    assert not any(url.endswith("/search/units.js") for url in requests.seen)
    page.get_by_label("Sök enhet").focus()
    expect(page.locator(".hb-finder")).to_be_visible()
    page.wait_for_function("() => !!window.__hbUnits")
    assert any(url.endswith("/search/units.js") for url in requests.seen)


@pytest.mark.parametrize(("words", "units"), [
    ("nordost", ["Närhälsan Angered vårdcentral", "Närhälsan Gårdsten barnavårdscentral",
                 "Närhälsan Kortedala vårdcentral"]),
    ("nu-sjukvården", ["Allmänpsykiatrisk mottagning Uddevalla"]),
    ("zzz", [])])
def test_finder_finds_a_group_or_organisation_and_says_how_many(
        open_page: OpenPage, site: str, words: str, units: list[str]) -> None:
    page, _ = open_page(site)
    page.goto(site + "status/")
    page.get_by_label("Sök enhet").fill(words)
    count = page.locator(".hb-finder-count")
    finder = labels()["finder"]
    if not units:
        expect(count).to_have_text(finder["none"])
    else:
        expect(count).to_have_text(finder["one"] if len(units) == 1
                                   else finder["all"].format(total=len(units)))
    links = page.locator(".hb-finder-results a")
    expect(links).to_have_count(len(units))
    assert links.all_inner_texts() == units


@pytest.mark.parametrize("path", ["", "enheter/", "status/"])
def test_list_pages_show_each_unit_once_under_its_group(open_page: OpenPage, site: str,
                                                      path: str,
                                                      example_handbook: Handbook,
                                                      units: list[Unit]) -> None:
    page, _ = open_page(site)
    page.goto(site + path)
    groups = page.locator("article details.hb-group")
    names = example_handbook.group_names()
    seen: list[str] = []
    for group in groups.all():
        title = group.locator("summary").inner_text()
        links = group.locator("a[href*='enheter/'], td:first-child a, li a")
        ids = sorted({re.sub(r"^.*?([a-z0-9-]+)/(#.*)?$", r"\1", str(a.get_attribute("href")))
                      for a in links.all()})
        expected = sorted(u.id for u in units if names[u.groups[-1]] in title)
        assert ids == expected, title
        seen += ids
    assert sorted(seen) == sorted(u.id for u in units)  # every unit, each once


def test_without_javascript_the_whole_units_index_shows(browser: Browser, site: str,
                                                        units: list[Unit]) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site + "enheter/")
        expect(page.locator("article table tbody tr:visible")).to_have_count(len(units))
    finally:
        context.close()


# --- Accessibility and print ----------------------------------------------------------

PAGES = {"start": "", "units": "enheter/", "unit": "enheter/vc-angen/", "forms": "blanketter/",
         "status": "status/"}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(open_page: OpenPage, site: str, name: str,
                                             viewport: str) -> None:
    require_file(AXE, "npm ci installs axe-core from package-lock.json")
    page, requests = open_page(site, VIEWPORTS[viewport], bypass_csp=True)
    page.goto(site + PAGES[name])
    assert page.locator("html").get_attribute("lang") == "sv"
    requests.settle(page)
    found = axe_violations(page)
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, describe(serious)


@pytest.mark.parametrize("path", ["enheter/vc-angen/", "kapitel/forberedande-atgarder/", ""])
def test_pages_print_without_navigation_and_with_link_addresses(open_page: OpenPage, site: str,
                                                                path: str) -> None:
    page, _ = open_page(site)
    page.goto(site + path)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary',
        '.md-footer', '.md-content__button'].map(s => document.querySelector(s))
        .filter(Boolean).map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    links = page.evaluate("""() => [...document.querySelectorAll(
        'article a[href^="http"], article a[href^="mailto:"]')].map(a => ({
          href: a.getAttribute('href'), text: a.textContent,
          after: getComputedStyle(a, '::after').content}))""")
    assert links
    unshown = [link for link in links
               if link["href"] not in link["text"] and link["href"] not in link["after"]]
    assert not unshown
    if path.startswith("kapitel/"):  # links with words print their address after them
        assert any(link["href"] in link["after"] for link in links)


def test_unit_page_prints_to_paper_readably(open_page: OpenPage, site: str) -> None:
    page, _ = open_page(site)
    page.goto(site + "enheter/vc-angen/")
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / "print-unit.pdf"
    # As a browser prints by default: without background colours.
    page.pdf(path=str(target), format="A4", print_background=False)
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    page.emulate_media(media="print")
    badge = page.locator(".hb-status-badge").first
    assert badge.inner_text() in text
    # An overdue badge is white on red on screen; paper has no red behind it.
    assert badge.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    expect(page.locator("article .md-button").first).to_be_hidden()
    assert "Närhälsan Angered vårdcentral" in text
    assert "Åtgärdskort" in text
    assert "Innehållsförteckning" not in text  # the table of contents sidebar
    assert "Sök" not in text.split()


def test_search_dialog_override_differs_from_material_only_in_its_name() -> None:
    """overrides/partials/search.html names Material's search dialog; the rest
    must stay Material's own, so an upgrade of Material shows up here."""
    material = Path(material_templates.__file__).parent / "partials" / "search.html"
    ours = (REPO / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    theirs = material.read_text(encoding="utf-8")
    ours_body = ours.split("-#}\n", 1)[1]
    theirs_body = theirs.split("-#}\n", 1)[1]
    assert ours_body.replace(' aria-label="{{ lang.t(\'search\') }}"', "", 1) == theirs_body


# --- The unit page on a phone -----------------------------------------------------------


PHONE_UNIT = "enheter/vc-angen/"


def phone_unit_page(open_page: OpenPage, site: str, path: str = PHONE_UNIT) -> Page:
    page, requests = open_page(site, PHONE)
    page.goto(site + path)
    requests.settle(page)
    return page


def in_view(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < PHONE["height"]


def test_jump_menu_is_in_the_first_screen_and_reaches_every_chapter(
        open_page: OpenPage, site: str) -> None:
    page = phone_unit_page(open_page, site)
    menu = page.locator("nav.hb-jump")
    links = menu.locator("a")
    assert in_view(page, links.last), "the whole jump menu fits the first phone screen"
    targets = [str(a.get_attribute("href")) for a in links.all()]
    # Built from the page's chapters, not a fixed list: the card, then every chapter of
    # the two parts (h3; the change history closes the second part), but the release diff.
    chapters = ["#atgardskort"] + [f"#{i}" for i in page.locator("article h3[id]").evaluate_all(
        "hs => hs.map(h => h.id)") if i != "vad-har-andrats"]
    assert targets == chapters
    for target in targets:
        page.evaluate("window.scrollTo(0, 0)")
        menu.locator(f'a[href="{target}"]').click()
        heading = page.locator(target)
        expect(heading).to_be_in_viewport()
        if target != "#atgardskort":  # a folded chapter opens (tests/site/test_phone.py)
            expect(page.locator(f"{target} + .hb-fold")).to_be_visible()
        # At the top half of the screen, unless the page ends below the chapter.
        at_end = page.evaluate("scrollY + innerHeight >= document.documentElement.scrollHeight - 1")
        assert at_end or heading.bounding_box()["y"] < PHONE["height"] / 2, target  # type: ignore[index]


def test_unit_page_lists_each_contact_number_once(open_page: OpenPage, site: str,
                                                  example_handbook: Handbook) -> None:
    page = phone_unit_page(open_page, site)
    unit = example_handbook.unit("vc-angen")
    on_card = call_order(unit.data)
    assert on_card
    # The contacts chapter: everything from its heading to the next chapter's.
    chapter = page.evaluate("""() => { const parts = [];
        let e = document.getElementById('contacts');
        for (e = e.nextElementSibling; e && e.tagName !== 'H3'; e = e.nextElementSibling)
          parts.push(e); return { text: parts.map(p => p.textContent).join(' '),
          tels: parts.flatMap(p => [...p.querySelectorAll("a[href^='tel:']")]
                                 .map(a => a.textContent.trim())),
          toCard: parts.flatMap(p => [...p.querySelectorAll("a[href='#atgardskort']")]).length };
        }""")
    for contact in on_card:  # the card's call list has the number; the chapter does not
        number = str(contact["phone"])
        assert page.locator(".hb-calls a[href^='tel:']", has_text=number).count() >= 1
        assert number not in chapter["tels"], number
    for contact in unit.data["contacts"]:
        if contact not in on_card:  # not on the card: in full in the chapter
            assert str(contact["phone"]) in chapter["tels"], contact["id"]
        if "hours" in contact:  # what the card does not show is still there
            assert str(contact["hours"]) in chapter["text"], contact["id"]
    assert chapter["toCard"] == 1  # and the chapter points at the card


def test_forms_show_titles_not_addresses(open_page: OpenPage, site: str,
                                         example_handbook: Handbook) -> None:
    page = phone_unit_page(open_page, site)
    page.locator("h3#forms button.hb-fold-toggle").click()  # the chapter is folded
    forms = page.locator("h3#forms + .hb-fold .hb-section table")
    expect(forms).to_be_visible()
    assert "https://" not in forms.inner_text()
    for form in example_handbook.unit("vc-angen").data["forms"]:
        if "url" in form:
            link = forms.locator(f'a[href="{form["url"]}"]')
            expect(link.first).to_have_text(str(form["title"]))


def test_numbers_in_checklists_can_be_tapped(open_page: OpenPage, site: str) -> None:
    page = phone_unit_page(open_page, site, "enheter/vc-kortedala/")
    page.locator(".hb-fold-all").click()  # the checklists' chapter is folded
    calls = page.locator(".hb-steps a[href^='tel:']")
    assert calls.count() >= 1
    for link in calls.all():
        digits = re.sub(r"[^0-9+]", "", link.inner_text())
        assert link.get_attribute("href") == f"tel:{digits}"


def test_groups_show_by_name(open_page: OpenPage, site: str) -> None:
    page = phone_unit_page(open_page, site)
    meta = page.locator(".hb-unit-meta")
    expect(meta).to_contain_text("Närhälsan Göteborg nordost")
    expect(meta).not_to_contain_text("goteborg-nordost")
    page.goto(site + "enheter/")
    expect(page.locator("article")).to_contain_text("Närhälsan Göteborg nordost")
    expect(page.locator("article")).not_to_contain_text("goteborg-nordost")


def result_links(page: Page) -> list[str]:
    """The first link of each search result, in the order shown."""
    page.locator(".md-search-result__item").first.wait_for()
    return [str(a.get_attribute("href")) for a in
            page.locator(".md-search-result__item > a.md-search-result__link:first-child").all()]


def test_search_without_swedish_letters_finds_the_unit(open_page: OpenPage, site: str) -> None:
    page = phone_unit_page(open_page, site, "")
    search(page, "gardsten")
    assert any("/enheter/bvc-gardsten/" in link for link in result_links(page))


def test_search_on_a_unit_page_lists_its_own_sections_first_and_opens_them(
        open_page: OpenPage, site: str) -> None:
    """Material's index holds a unit page as one entry; the page's own sections are
    searched on the page and come first."""
    page = phone_unit_page(open_page, site, "enheter/bvc-gardsten/")
    search(page, "labb")
    expect(page.locator(".hb-page-hit")).not_to_have_count(0)
    expect(page.locator(".md-search-result__item:not(.hb-page-hit)")).not_to_have_count(0)
    links = result_links(page)
    own = [link for link in links if link.startswith("/enheter/bvc-gardsten/#")]
    assert own and links[:len(own)] == own, links
    for link in own:  # a section of this page whose heading or text has the word
        anchor = link.split("#", 1)[1]
        assert "labb" in page.locator(f"[id='{anchor}']").evaluate(
            """h => { let t = h.textContent;
                      for (let e = h.nextElementSibling; e && !/^H[1-6]$/.test(e.tagName);
                           e = e.nextElementSibling) t += e.textContent;
                      return t.toLowerCase(); }""")
    assert any("/kapitel/" in link for link in links[len(own):]), "the region's chapters follow"
    page.locator(".md-search-result__item > a.md-search-result__link").first.click()
    expect(page.locator(f"[id='{own[0].split('#', 1)[1]}']")).to_be_in_viewport()


# --- Screenshots for a person to look at ----------------------------------------------


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshots_of_start_and_unit_page(open_page: OpenPage, site: str,
                                            viewport: str) -> None:
    page, requests = open_page(site, VIEWPORTS[viewport])
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in (("start", ""), ("unit", "enheter/vc-angen/"),
                       ("unit-gardsten", "enheter/bvc-gardsten/")):
        page.goto(site + path)
        requests.settle(page)
        height = page.evaluate("document.documentElement.scrollHeight")
        for suffix, full in (("", False), ("-full", True)):
            shot = ARTIFACTS / f"{name}-{viewport}{suffix}.png"
            page.screenshot(path=str(shot), full_page=full)
            with Image.open(shot) as image:
                # The whole page or the whole viewport, at the viewport's width ...
                size = VIEWPORTS[viewport]
                assert image.size == (size["width"], height if full else size["height"]), \
                    (shot.name, image.size, height)
                # ... with a page drawn on it: text in several colours, not a blank or
                # single-colour (error) page.
                colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
                assert colours is None or len(colours) > 32, (shot.name, colours)


def test_status_table_shows_every_column_on_a_desktop(open_page: OpenPage, site: str) -> None:
    """Every column of the status page, the gaps' column included, is in view without
    scrolling the table sideways."""
    page, _ = open_page(site, DESKTOP)
    page.goto(site + "status/")
    table = page.locator("article table").first
    expect(table).to_be_visible()
    headers = table.locator("thead th")
    assert headers.count() >= 8
    wrap = page.evaluate("""() => { const t = document.querySelector('article table');
        const w = t.closest('.md-typeset__scrollwrap') || t.parentElement;
        return [w.scrollWidth, w.clientWidth]; }""")
    assert wrap[0] <= wrap[1], f"the table scrolls sideways: {wrap}"
    last = headers.last.bounding_box()
    assert last is not None and last["x"] + last["width"] <= DESKTOP["width"]


# --- The site's copy in the browser (service worker, issue 14 part 1) -----------------

SHOTS = Path("/tmp/shots")
COPY_PREFIX = "kontinuitetshandboken /latest/ "


def cache_names(page: Page) -> list[str]:
    names: list[str] = page.evaluate("caches.keys()")
    return names


def wait_for(page: Page, script: str, arg: object = None, limit_ms: int = 20_000) -> object:
    """Poll ``script`` (a function, possibly async) in the page until it returns a true
    value; Playwright's wait_for_function does not wait for a promise."""
    waited = 0
    while waited < limit_ms:
        value = page.evaluate(script, arg)
        if value:
            return value
        page.wait_for_timeout(100)
        waited += 100
    raise AssertionError(f"not true after {limit_ms} ms: {script}")


PDF_IN_COPY = """async (url) => {
    for (const name of await caches.keys()) {
        if (await (await caches.open(name)).match(new URL(url, location.href).href)) {
            return true;
        }
    }
    return false;
}"""
FETCH = """async (url) => {
    try {
        const response = await fetch(url);
        const bytes = new Uint8Array(await response.arrayBuffer());
        return {status: response.status, size: bytes.length,
                head: String.fromCharCode(...bytes.slice(0, 5))};
    } catch (error) {
        return {status: 0, size: 0, head: String(error)};
    }
}"""


def release_build(tmp_path: Path, target: Path, renamed: tuple[str, str], old: str) -> None:
    """The next release, 2026.12, of the example with one unit renamed (from ``old``),
    built into ``target`` (no PDFs: the test opens none of this release's)."""
    (tmp_path / "next").mkdir()
    project = copy_project(tmp_path / "next")
    unit_file = project / "units" / f"{renamed[0]}.yml"
    text = unit_file.read_text(encoding="utf-8")
    assert f"name: {old}\n" in text
    unit_file.write_text(text.replace(f"name: {old}\n", f"name: {renamed[1]}\n"),
                         encoding="utf-8")
    result = mkdocs_build(project, "--site-dir", str(target),
                          env={"HANDBOOK_RELEASE": "2026.12"})
    assert result.returncode == 0, result.stderr


def test_site_works_from_the_browser_copy_and_a_new_release_replaces_it(
        browser: Browser, example_site: SharedBuild, units: list[Unit],
        tmp_path: Path) -> None:
    """Laid out as mike does with symlinked aliases: ``2026.11/`` (the example's build
    with its PDFs) and ``latest`` pointing at it; the reader uses ``latest/``. Open
    the start page and one unit page, stop the server, open another unit page from
    the copy, search, open the first unit's PDF; then publish 2026.12 under
    ``latest``, start the server again and see the copy replaced."""
    served = tmp_path / "served"
    shutil.copytree(example_site.site, served / "2026.11")
    (served / "latest").symlink_to("2026.11")
    server = Restartable(served)
    base = server.start() + "latest/"
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")  # type: ignore[arg-type]
    requests = Requests(context, same_origin(base))
    page = context.new_page()
    opened, other = units[0], units[1]
    today = dt.date.today().isoformat()
    try:
        page.goto(base)
        wait_for(page, "() => navigator.serviceWorker.controller !== null")
        first = cache_names(page)
        assert len(first) == 1 and first[0].startswith(COPY_PREFIX + "utkast "), first
        # Chromium reads the manifest without a complaint and would install the app
        # (but not in a test's private window).
        cdp = context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"] == base + "manifest.webmanifest" and manifest["errors"] == []
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert {error["errorId"] for error in errors} <= {"in-incognito"}, errors
        page.goto(base + f"enheter/{opened.id}/")
        expect(page.locator(".hb-cached-copy")).to_have_count(0)  # from the server
        wait_for(page, PDF_IN_COPY, f"../../pdf/{opened.id}.pdf")
        # The version's own folder is another scope, with a copy of its own.
        page.goto(base.replace("/latest/", "/2026.11/"))
        kept_version = wait_for(page, """() => caches.keys().then((names) =>
            names.find((name) => name.startsWith("kontinuitetshandboken /2026.11/ ")))""")
        requests.settle(page)
        server.stop()

        # From the copy: another unit page, with the notice.
        page.goto(base + f"enheter/{other.id}/")
        expect(page.locator("article h1")).to_contain_text(other.name)
        notice = page.locator(".hb-cached-copy")
        words = labels()["cached_copy"]
        expect(notice).to_contain_text(
            words["notice"].format(date=today) + labels()["this_copy"]["today"] + ".")
        expect(notice).to_contain_text(f"{words['detail']} {words['draft']}")
        expect(notice).to_have_attribute("role", "status")
        # Search: the index and the search worker's scripts come from the copy.
        search(page, "trollh")
        expect(page.locator(".md-search-result__item > a[href*='enheter/vc-trollhattan-centrum/']")
               .first).to_be_visible()
        # The PDF of the page opened before the stop; the other unit's was never kept.
        pdf = page.evaluate(FETCH, f"../../pdf/{opened.id}.pdf")
        expected = (example_site.site / "pdf" / f"{opened.id}.pdf").stat().st_size
        assert pdf == {"status": 200, "size": expected, "head": "%PDF-"}
        assert page.evaluate(FETCH, f"../../pdf/{other.id}.pdf")["status"] == 0
        screenshots(page, base + f"enheter/{other.id}/")

        # The next release under latest/, and the server back.
        release_build(tmp_path, served / "2026.12", (other.id, "Nytt namn i 2026.12"),
                      other.name)
        (served / "latest").unlink()
        (served / "latest").symlink_to("2026.12")
        server.start()
        page.goto(base + f"enheter/{other.id}/")
        expect(page.locator("article h1")).to_contain_text("Nytt namn i 2026.12")
        expect(page.locator(".hb-cached-copy")).to_have_count(0)
        replaced = wait_for(page, """() => caches.keys().then((names) =>
            names.length === 2 && names.some((name) => name.includes(" 2026.12 "))
            ? names.sort() : null)""")
        assert isinstance(replaced, list)
        # latest/'s old copy is gone; the other scope's copy is left alone.
        assert replaced[0] == kept_version
        assert replaced[1].startswith(COPY_PREFIX + "2026.12 ")
        assert replaced[1].split()[-1] != first[0].split()[-1]  # a new build identity
        requests.settle(page)
        server.stop()
        page.reload()
        expect(page.locator("article h1")).to_contain_text("Nytt namn i 2026.12")
        expect(page.locator(".hb-cached-copy")).to_contain_text(
            f"{words['detail']} {words['release'].format(release='2026.12')}")
    finally:
        server.stop()
        context.close()
    assert requests.outside == []
    # The recorder saw the worker's own requests (the precache: no page loads the
    # large icon), so it would have seen one to another host.
    assert any(url.endswith("/latest/assets/images/handbok-512.png") for url in requests.seen)


def screenshots(page: Page, url: str) -> None:
    """The notice on a desktop and a phone, for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)  # type: ignore[arg-type]
        page.goto(url)
        expect(page.locator(".hb-cached-copy")).to_be_in_viewport()
        page.screenshot(path=str(SHOTS / f"sw-{name}.png"))
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]


def test_from_disk_no_service_worker_registers_and_nothing_fails(
        browser: Browser, project: Path, example_site: SharedBuild) -> None:
    """The offline copy has no worker or manifest; the intranet build opened from
    file:// (its pages name the worker) registers none and reports no error."""
    offline = (project / "site-offline" / "index.html").read_text(encoding="utf-8")
    assert 'rel="manifest"' not in offline and "hb-offline-cache" not in offline
    assert not (project / "site-offline" / "sw.js").exists()
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")  # type: ignore[arg-type]
    try:
        page = context.new_page()
        problems: list[tuple[str, str]] = []  # (copy, error)
        copy = ""
        page.on("pageerror", lambda error: problems.append((copy, str(error))))
        page.on("console", lambda message: problems.append((copy, message.text))
                if message.type == "error" else None)
        folders = {"site-offline": project / "site-offline", "site": example_site.site}
        for copy, folder in folders.items():
            page.goto((folder / "index.html").as_uri())
            expect(page.locator(".hb-copy-stamp")).to_be_visible()
            page.wait_for_timeout(300)
            registered = page.evaluate("""() => navigator.serviceWorker
                ? navigator.serviceWorker.getRegistrations().then((r) => r.length, () => 0)
                : 0""")
            assert registered == 0, copy
        assert (example_site.site / "sw.js").is_file()
        # The offline copy: no error at all. The intranet build is not made for the
        # disk (Material's version list and search index fail there): none of its
        # errors is about the worker or the manifest.
        assert [error for where, error in problems if where == "site-offline"] == []
        assert not [error for where, error in problems
                    if re.search(r"(?i)service ?worker|sw\.js|manifest", error)]
    finally:
        context.close()
