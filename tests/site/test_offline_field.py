"""The site's copy in the browser in field conditions (issue #28): a web server with
its default headers (``Last-Modified`` and ``ETag``, no ``Cache-Control``) serving
files days old, stopped, and hanging (it accepts and never answers); PDFs that were
not kept; a copy of an internal build that expires; and no script error on any page
online, from the copy, or from disk.

The served release is the run's shared example build, copied and laid out as mike
does (``2026.11/``, ``latest`` → it, ``versions.json``), with every file's time set
three days back. The servers come from ``SERVERS``: classes with ``start`` (the base
address, the same port each time), ``stop`` (the port refuses) and ``hang``.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import material.templates as material_templates
import pytest
from browser import DESKTOP, PHONE, Requests, launched_chromium, same_origin, search
from fieldserver import DefaultHeadersServer, age_files
from nginx import Nginx
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sitebuild import EXAMPLE_DAY, REPO, SharedBuild, shared_build

from handbook import settings
from handbook.labels import labels
from handbook.site.service_worker import Binder

pytestmark = [pytest.mark.build, pytest.mark.pdf, pytest.mark.browser]

SHOTS = REPO / "test-artifacts" / "offline-field"
# The units the scenario uses (the example's): opened online, then from the copy.
OPENED, OTHER, THIRD = "vc-angen", "bvc-gardsten", "vc-kortedala"
# Issue #28's limits under a hanging server, measured in this browser, from the
# click (goto) to the notice and from the last keystroke to the first result. The
# worker waits NETWORK_WAIT_MS for the page, then the copy answers; what is above
# that here is the browser's own work on a shared 2-core machine, given a margin
# (bench/bench_offline.py measures the figures without one).
PAGE_LIMIT_S = 1.5 + 1.0
SEARCH_LIMIT_S = 2.0 + 1.0


class Server(Protocol):
    def start(self) -> str: ...
    def stop(self) -> None: ...
    def hang(self) -> None: ...


def nginx_default(root: Path) -> Server:
    """Debian's nginx as installed: Last-Modified and ETag, no Cache-Control."""
    return Nginx(root, "default")


def nginx_shipped(root: Path) -> Server:
    """nginx with hosting/nginx/kontinuitetshandboken.conf (Cache-Control, CSP …)."""
    return Nginx(root, "shipped")


# Python's server with nginx's default headers, then the real nginx both ways.
SERVERS: list[Callable[[Path], Server]] = [DefaultHeadersServer, nginx_default, nginx_shipped]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, example_site: SharedBuild) -> Path:
    """The example's build as mike lays out a release, every file three days old."""
    root = tmp_path_factory.mktemp("field")
    shutil.copytree(example_site.site, root / "2026.11")
    (root / "latest").symlink_to("2026.11")
    (root / "versions.json").write_text(json.dumps(
        [{"version": "2026.11", "title": "2026.11", "aliases": ["latest"]}]), encoding="utf-8")
    age_files(root, days=3)
    return root


@pytest.fixture(params=SERVERS, ids=lambda factory: factory.__name__)
def server(request: pytest.FixtureRequest, served: Path) -> Iterator[Server]:
    made: Server = request.param(served)
    yield made
    made.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(viewport=DESKTOP, locale="sv-SE")  # type: ignore[arg-type]
    yield made
    made.close()


IN_COPY = """async (url) => {
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
        return {status: response.status, head: String.fromCharCode(...bytes.slice(0, 5))};
    } catch (error) {
        return {status: 0, head: String(error)};
    }
}"""
# The kept copy of a file, stored ``days`` ago (the worker's own header).
AGE_IN_COPY = """async ([url, days]) => {
    const href = new URL(url, location.href).href;
    for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        const hit = await cache.match(href);
        if (!hit) { continue; }
        const headers = new Headers(hit.headers);
        headers.set("X-Handbook-Kept", String(Date.now() - days * 86400000));
        await cache.put(href, new Response(await hit.blob(), {status: hit.status, headers}));
        return true;
    }
    return false;
}"""


def wait_for(page: Page, script: str, arg: object = None, limit_ms: int = 20_000) -> object:
    """Poll ``script`` in the page until it returns a true value."""
    waited = 0
    while waited < limit_ms:
        value = page.evaluate(script, arg)
        if value:
            return value
        page.wait_for_timeout(100)
        waited += 100
    raise AssertionError(f"not true after {limit_ms} ms: {script}")


def visit_online(page: Page, base: str) -> None:
    """What a reader does while the server works: the start page (the worker keeps
    the site), a unit page (its PDF is kept) and handbok.pdf opened once."""
    page.goto(base)
    wait_for(page, "() => navigator.serviceWorker.controller !== null")
    page.goto(base + f"enheter/{OPENED}/")
    expect(page.locator(".hb-cached-copy")).to_have_count(0)  # from the server
    wait_for(page, IN_COPY, f"../../pdf/{OPENED}.pdf")
    assert page.evaluate(FETCH, "../../pdf/handbok.pdf") == {"status": 200, "head": "%PDF-"}
    page.goto(base)  # off the unit page: the next visit to it is a new load
    # The worker keeps handbok.pdf in the background; the test asks for it offline.
    for _ in range(50):
        if page.evaluate(IN_COPY, "pdf/handbok.pdf"):
            break
        page.wait_for_timeout(100)


def assert_card_below_notice(page: Page) -> None:
    """The notice is on the screen and the action card's heading below it, on it."""
    notice = page.locator(".hb-cached-copy")
    heading = page.locator("h2#atgardskort")
    expect(notice).to_be_in_viewport()
    expect(heading).to_be_in_viewport()
    page.wait_for_timeout(200)  # the scroll to the anchor, after the strip was added
    strip = notice.bounding_box()
    card = heading.bounding_box()
    assert strip is not None and card is not None
    assert card["y"] >= strip["y"] + strip["height"], (strip, card)
    assert card["y"] + card["height"] <= (page.viewport_size or DESKTOP)["height"]


def test_a_page_from_the_copy_says_so_under_default_headers(
        server: Server, context: BrowserContext) -> None:
    """Files three days old served with Last-Modified and no Cache-Control: the HTTP
    cache would call them fresh for hours. With the server stopped, a unit page comes
    from the worker's copy with the notice, landing on the action card below it, on a
    desktop and a phone; a PDF not kept says where the paper binder is; handbok.pdf,
    opened once, is kept. With the server hanging, the page and search come from
    the copy within issue #28's limits."""
    base = server.start() + "latest/"
    # No request recorder here: Playwright's routing turns the HTTP cache off, and
    # the HTTP cache is what this test is about. The other tests here record.
    outside: list[str] = []
    context.on("request", lambda r: None if same_origin(base)(r.url) else outside.append(r.url))
    page = context.new_page()
    visit_online(page, base)
    server.stop()

    words = labels()["cached_copy"]
    # The page fetched once online, and one only the worker fetched (its precache).
    for name, size, unit in (("desktop", DESKTOP, OPENED), ("phone", PHONE, OTHER),
                             ("phone-opened", PHONE, OPENED)):
        page.set_viewport_size(size)  # type: ignore[arg-type]
        page.goto(base + f"enheter/{unit}/#atgardskort")
        expect(page.locator(".hb-cached-copy")).to_contain_text(words["notice"].split("{")[0])
        assert page.evaluate("document.documentElement.dataset.hbCached") == \
            page.locator(".hb-cached-copy time").get_attribute("datetime")
        assert_card_below_notice(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"stopped-{name}.png"))
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]

    # A binder never opened: a Swedish page that says where the paper one is.
    missing = labels()["not_kept"]
    page.goto(base + f"pdf/{OTHER}.pdf")
    expect(page.locator("h1")).to_have_text(missing["title"])
    expect(page.locator("body")).to_contain_text(missing["pdf"])
    expect(page.locator("li").first).to_have_text("Personalrummet, hyllan ovanför kylskåpet")
    page.goto(base)
    assert page.evaluate(FETCH, "pdf/handbok.pdf") == {"status": 200, "head": "%PDF-"}

    server.hang()
    page.goto(base + f"enheter/{OPENED}/")  # the worker learns the server hangs
    start = time.monotonic()
    page.goto(base + f"enheter/{THIRD}/#atgardskort", wait_until="commit")
    expect(page.locator(".hb-cached-copy")).to_be_visible()
    page_seconds = time.monotonic() - start
    assert_card_below_notice(page)
    search(page, "trollh")
    start = time.monotonic()
    expect(page.locator(".md-search-result__item > a[href*='enheter/vc-trollhattan-centrum/']")
           .first).to_be_visible(timeout=15_000)
    search_seconds = time.monotonic() - start
    assert page_seconds < PAGE_LIMIT_S, page_seconds
    assert search_seconds < SEARCH_LIMIT_S, search_seconds

    server.start()  # back: the server answers first again
    page.goto(base + f"enheter/{THIRD}/")
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator(".hb-cached-copy")).to_have_count(0)
    assert outside == []


def test_the_copy_of_an_internal_build_expires(server: Server,
                                               context: BrowserContext) -> None:
    """The example is an internal build: a kept page older than its days is neither
    shown nor kept once the server is gone; a page kept since is."""
    base = server.start() + "latest/"
    requests = Requests(context, same_origin(base))
    page = context.new_page()
    page.goto(base)
    wait_for(page, "() => navigator.serviceWorker.controller !== null")
    requests.settle(page)
    days = settings.INTERNAL_COPY_DAYS
    assert page.evaluate(AGE_IN_COPY, [f"enheter/{OPENED}/", days + 1])
    assert page.evaluate(AGE_IN_COPY, [f"enheter/{OTHER}/", days - 1])
    server.stop()
    page.goto(base + f"enheter/{OPENED}/")
    expect(page.locator("h1")).to_have_text(labels()["not_kept"]["title"])
    expect(page.locator("body")).to_contain_text(labels()["not_kept"]["page"])
    assert not page.evaluate(IN_COPY, f"enheter/{OPENED}/")
    page.goto(base + f"enheter/{OTHER}/")
    expect(page.locator(".hb-cached-copy")).to_be_visible()
    assert requests.outside == []


# --- No script errors ---------------------------------------------------------------

# Not 404.html: MkDocs writes its addresses from the site's root ("/assets/…"), which
# in a release's folder (mike) or on disk lead nowhere; the server's error page
# configuration is the hosting recipe's (README, "Hosting").
PAGES = ["", f"enheter/{OPENED}/", "enheter/", "kapitel/manuella-rutiner/", "status/",
         "blanketter/"]


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy (mkdocs.offline.yml, opened from file://), built once per run."""
    built = shared_build(tmp_path_factory, "-f", "mkdocs.offline.yml",
                         env={"HANDBOOK_TODAY": EXAMPLE_DAY})
    assert built.returncode == 0, built.output
    return built.project / "site-offline"


def errors_on(page: Page, urls: list[str]) -> list[str]:
    """Console errors and uncaught exceptions while each page loads and settles."""
    found: list[str] = []
    where = [""]
    page.on("pageerror", lambda error: found.append(f"{where[0]}: {error}"))
    page.on("console", lambda message: found.append(f"{where[0]}: {message.text}")
            if message.type == "error" else None)
    for url in urls:
        where[0] = url
        page.goto(url)
        expect(page.locator("header.md-header")).to_be_attached()
        page.wait_for_timeout(400)
    return found


def test_no_script_error_on_any_page_online_from_the_copy_or_from_disk(
        server: Server, context: BrowserContext, offline_copy: Path) -> None:
    base = server.start() + "latest/"
    requests = Requests(context, lambda url: url.startswith(("file:", base.split("latest")[0]))
                        or same_origin(base)(url))
    page = context.new_page()
    page.goto(base)
    wait_for(page, "() => navigator.serviceWorker.controller !== null")
    requests.settle(page)
    online = errors_on(page, [base + p for p in PAGES])
    server.stop()
    from_copy = errors_on(context.new_page(), [base + p for p in PAGES])
    # The copy on disk names a page as a file: enheter/<id>.html, enheter/index.html.
    disk = [(offline_copy / (p.rstrip("/") + ".html" if p.endswith("/") and p != "enheter/"
                             else p + "index.html" if p in ("", "enheter/") else p)).as_uri()
            for p in PAGES]
    from_disk = errors_on(context.new_page(), disk)
    assert (online, from_copy, from_disk) == ([], [], [])
    assert requests.outside == []


def test_outdated_script_reads_the_base_against_the_page() -> None:
    """Material's outdated-release script threw "Failed to construct 'URL'" on every
    page (`new URL(relative base)`); ours is a file (no inline script, for the CSP of
    hosting/nginx) that resolves the base against the page. The browser test above
    proves no page throws."""
    name = Path("partials") / "javascripts" / "outdated.html"
    theirs = (Path(material_templates.__file__).parent / name).read_text(encoding="utf-8")
    assert 'new URL("{{ base_url }}")' in theirs  # still Material's: the override is needed
    ours = (REPO / "overrides" / name).read_text(encoding="utf-8")
    assert "<script" not in ours
    script = (REPO / "docs" / "assets" / "javascripts" / "material-page.js").read_text(
        encoding="utf-8")
    assert "new URL(document.currentScript.dataset.mdBase,location)" in script
    assert 'querySelector("[data-md-component=outdated]")' in script


def test_binder_places_are_in_the_worker(served: Path) -> None:
    """sw.js names each unit's paper binder places (document.distribution)."""
    script = (served / "2026.11" / "sw.js").read_text(encoding="utf-8")
    facts = json.loads(script.split("\n", 1)[0].removeprefix("const HB = ").rstrip(";"))
    assert facts["wait"] == settings.NETWORK_WAIT_MS
    assert facts["keepDays"] == settings.INTERNAL_COPY_DAYS
    assert facts["binders"][f"pdf/{OTHER}.pdf"]["places"][0] == \
        "Personalrummet, hyllan ovanför kylskåpet"
    assert facts["binders"]["pdf/handbok.pdf"] == {"unit": "", "places": []}
    assert Binder("", []).places == []
