"""The shipped nginx configuration (hosting/nginx/kontinuitetshandboken.conf) in a
real nginx on 127.0.0.1: headers per kind of file, gzip, the logout's
Clear-Site-Data, and the IIS web.config naming the same header values."""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message

import pytest
from browser import launched_chromium, search
from nginx import SHIPPED, Nginx
from playwright.sync_api import Browser, Page, expect
from sitebuild import SharedBuild

pytestmark = [pytest.mark.build]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")
REVALIDATE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def shipped(example_site: SharedBuild) -> Iterator[str]:
    assert example_site.returncode == 0, example_site.output
    server = Nginx(example_site.site, "shipped")
    yield server.start()
    server.stop()


def get(url: str, gzipped: bool = False) -> tuple[int, Message, bytes]:
    headers = {"Accept-Encoding": "gzip"} if gzipped else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def fingerprinted(example_site: SharedBuild, pattern: str) -> str:
    found = sorted(p.relative_to(example_site.site).as_posix()
                   for p in example_site.site.glob(pattern))
    assert found, pattern
    return found[0]


@pytest.mark.parametrize(("path", "kind", "cache"), [
    ("", "text/html; charset=utf-8", REVALIDATE),
    ("enheter/vc-angen/", "text/html; charset=utf-8", REVALIDATE),
    ("sw.js", "application/javascript; charset=utf-8", REVALIDATE),
    ("search/search_index.json", "application/json", REVALIDATE),
    ("data/vc-angen.json", "application/json", REVALIDATE),
    ("manifest.webmanifest", "application/manifest+json", REVALIDATE),
    ("assets/javascripts/handbook.js", "application/javascript; charset=utf-8", REVALIDATE),
    ("assets/stylesheets/handbook.css", "text/css", REVALIDATE),
    ("pdf/vc-angen.pdf", "application/pdf", REVALIDATE),
    ("assets/javascripts/bundle.*.min.js", "application/javascript; charset=utf-8", IMMUTABLE),
    ("assets/stylesheets/main.*.min.css", "text/css", IMMUTABLE),
    ("assets/javascripts/workers/search.*.min.js", "application/javascript; charset=utf-8",
     IMMUTABLE),
])
def test_headers_per_kind_of_file(shipped: str, example_site: SharedBuild, path: str,
                                  kind: str, cache: str) -> None:
    if "*" in path:
        path = fingerprinted(example_site, path)
    status, headers, _ = get(shipped + path)
    assert status == 200, path
    assert headers["Content-Type"] == kind, path
    assert headers["Cache-Control"] == cache, path
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Content-Security-Policy"] == CSP
    assert headers["Clear-Site-Data"] is None


@pytest.mark.parametrize("path", ["", "enheter/", "search/search_index.json",
                                  "assets/javascripts/handbook.js",
                                  "assets/stylesheets/handbook.css", "manifest.webmanifest"])
def test_text_is_gzipped(shipped: str, example_site: SharedBuild, path: str) -> None:
    status, headers, body = get(shipped + path, gzipped=True)
    assert status == 200
    assert headers["Content-Encoding"] == "gzip", path
    assert "Accept-Encoding" in (headers["Vary"] or "")
    on_disk = example_site.site / (path + "index.html" if path in ("", "enheter/") else path)
    assert gzip.decompress(body) == on_disk.read_bytes()


def test_a_missing_page_is_the_sites_404_with_the_same_headers(shipped: str) -> None:
    status, headers, body = get(shipped + "finns-inte/")
    assert status == 404
    assert "md-content" in body.decode()
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_logout_clears_the_kept_copy(shipped: str) -> None:
    status, headers, body = get(shipped + "utloggning/")
    assert status == 200
    assert headers["Clear-Site-Data"] == '"cache", "storage"'
    assert headers["Cache-Control"] == "no-store"
    assert "Du är utloggad" in body.decode()


def test_iis_sends_the_same_headers() -> None:
    """hosting/iis/web.config names the header values of the nginx file (drift)."""
    nginx = SHIPPED.read_text(encoding="utf-8")
    iis = (SHIPPED.parents[1] / "iis" / "web.config").read_text(encoding="utf-8")
    sent = dict(re.findall(r'^add_header ([\w-]+) "([^"]*)" always;', nginx, re.M))
    assert sent.keys() == {"X-Content-Type-Options", "Referrer-Policy",
                           "Content-Security-Policy"}
    assert sent["Content-Security-Policy"] == CSP
    for name, value in sent.items():
        assert f'<add name="{name}" value="{value}" />' in iis, name
    assert IMMUTABLE in nginx and IMMUTABLE in iis
    assert '<add name="Clear-Site-Data" value="&quot;cache&quot;, &quot;storage&quot;" />' in iis
    assert "application/manifest+json" in iis


# --- In Chromium ------------------------------------------------------------------------

PAGES = ["", "enheter/", "enheter/vc-angen/", "kapitel/forberedande-atgarder/", "status/",
         "blanketter/", "finns-inte/"]
WATCH = ("window.__violations = [];"
         "document.addEventListener('securitypolicyviolation',"
         " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launched_chromium() as browser:
        yield browser


def visit(chromium: Browser, url: str) -> tuple[Page, list[str], list[str]]:
    """A fresh page at ``url``: its CSP violations and its errors (console, uncaught)."""
    page = chromium.new_context().new_page()
    page.add_init_script(WATCH)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and
            "404 (Not Found)" not in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, page.evaluate("window.__violations"), errors


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_no_csp_violation_under_the_shipped_configuration(chromium: Browser, shipped: str,
                                                          path: str) -> None:
    page, violations, errors = visit(chromium, shipped + path)
    if path == "":
        search(page, "angen")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
    if path == "enheter/":
        page.locator(".hb-finder-input").first.press_sequentially("angered", delay=20)
        expect(page.locator(".hb-finder-results a").first).to_be_visible()
    page.wait_for_timeout(300)
    violations = page.evaluate("window.__violations")
    assert violations == [], violations
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page.context.close()


@pytest.mark.browser
def test_logout_removes_the_worker_and_its_copy(chromium: Browser, shipped: str) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(shipped)
    page.wait_for_function("navigator.serviceWorker.controller !== null "
                           "|| navigator.serviceWorker.ready.then(() => true)", timeout=20000)
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("caches.keys().then(k => k.length > 0)", timeout=20000)
    assert page.evaluate("caches.keys().then(k => k.length)") > 0
    page.goto(shipped + "utloggning/")
    expect(page.locator("h1")).to_have_text("Du är utloggad")
    page.wait_for_timeout(500)
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then(r => r.length)") == 0
    assert page.evaluate("caches.keys().then(k => k.length)") == 0
    context.close()


@pytest.fixture(scope="module")
def default(example_site: SharedBuild) -> Iterator[str]:
    server = Nginx(example_site.site, "default")
    yield server.start()
    server.stop()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_pages_work_under_nginx_defaults(chromium: Browser, default: str, path: str) -> None:
    page, _, errors = visit(chromium, default + path)
    page.wait_for_timeout(300)
    assert errors == [], errors
    page.context.close()
