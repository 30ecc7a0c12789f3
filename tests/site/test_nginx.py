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
from nginx import SHIPPED, Nginx
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
