"""What the service worker keeps and the manifest says, on made-up site trees
(handbook/site/service_worker.py). The worker in a browser: tests/site/test_browser.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Tree

from handbook import settings
from handbook.history.stamp import Stamp
from handbook.labels import labels
from handbook.routes import APP_ICONS
from handbook.site.service_worker import (
    page_address,
    precache,
    theme_settings,
    unit_pdfs,
    web_manifest,
    worker_script,
    write_offline_cache,
)

pytestmark = pytest.mark.unit

STAMP = Stamp("2026.12", dt.date(2026, 11, 27), "0123456789")
INDEX = json.dumps({"config": {"lang": ["sv"]}, "docs": []})
SITE: Tree = {
    "site/index.html": "<html>start</html>",
    "site/404.html": "<html>404</html>",
    "site/enheter/index.html": "<html>enheter</html>",
    "site/enheter/vc-angen/index.html": "<html>angen</html>",
    "site/search/search_index.json": INDEX,
    "site/search/units.js": "var x = 1;",
    "site/assets/javascripts/bundle.1234.min.js": "js",
    "site/assets/javascripts/bundle.1234.min.js.map": "map",
    "site/assets/javascripts/lunr/min/lunr.sv.min.js": "sv",
    "site/assets/javascripts/lunr/min/lunr.de.min.js": "de",
    "site/assets/javascripts/lunr/min/lunr.stemmer.support.min.js": "stem",
    "site/assets/javascripts/lunr/wordcut.js": "th",
    "site/assets/stylesheets/main.css": "css",
    "site/pdf/vc-angen.pdf": b"%PDF-1.7",
    "site/pdf/handbok.pdf": b"%PDF-1.7",
    "site/data/vc-angen.json": "{}",
    "site/sitemap.xml": "<urlset/>",
    "site/sitemap.xml.gz": b"\x1f\x8b",
}


@pytest.fixture
def site(write_tree: Callable[[Tree], Path], tmp_path: Path) -> Path:
    write_tree(SITE)
    return tmp_path / "site"


def test_keeps_every_page_the_search_and_the_assets_and_nothing_else(site: Path) -> None:
    kept = precache(site)
    assert kept.urls == [
        "404.html",
        "assets/javascripts/bundle.1234.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/javascripts/lunr/min/lunr.sv.min.js",
        "assets/stylesheets/main.css",
        "enheter/",
        "enheter/vc-angen/",
        "./",
        "search/search_index.json",
        "search/units.js",
    ]
    assert kept.size == sum(len(SITE[f"site/{path}"]) for path in (
        "404.html", "assets/javascripts/bundle.1234.min.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/javascripts/lunr/min/lunr.sv.min.js", "assets/stylesheets/main.css",
        "enheter/index.html", "enheter/vc-angen/index.html", "index.html",
        "search/search_index.json", "search/units.js"))


@pytest.mark.parametrize(("path", "address"), [
    ("index.html", "./"), ("enheter/index.html", "enheter/"),
    ("enheter/vc-angen/index.html", "enheter/vc-angen/"), ("404.html", "404.html"),
    ("bidra.html", "bidra.html"), ("assets/x/index.html.js", "assets/x/index.html.js")])
def test_a_folders_index_is_kept_under_the_folders_address(path: str, address: str) -> None:
    assert page_address(path) == address


def test_identity_follows_the_kept_files_only(site: Path) -> None:
    before = precache(site).identity
    assert precache(site).identity == before
    (site / "pdf" / "vc-angen.pdf").write_bytes(b"%PDF-2.0")  # not kept
    (site / "assets/javascripts/bundle.1234.min.js.map").write_text("other")
    assert precache(site).identity == before
    (site / "enheter" / "vc-angen" / "index.html").write_text("<html>ny</html>")
    changed = precache(site).identity
    assert changed != before
    # A file moved keeps its bytes but not its address: a new identity too.
    (site / "assets/stylesheets/main.css").rename(site / "assets/stylesheets/other.css")
    assert precache(site).identity not in (before, changed)


def test_worker_script_states_the_build_and_the_unit_pdfs(site: Path) -> None:
    kept = precache(site)
    pdfs = unit_pdfs(["vc-angen", "bvc-gardsten"], directory_urls=True)
    assert pdfs == {"enheter/vc-angen/": "pdf/vc-angen.pdf",
                    "enheter/bvc-gardsten/": "pdf/bvc-gardsten.pdf"}
    script = worker_script("2026.12", "2026-11-27", kept, pdfs)
    first, rest = script.split("\n", 1)
    facts = json.loads(first.removeprefix("const HB = ").removesuffix(";"))
    assert facts == {"release": "2026.12", "built": "2026-11-27", "identity": kept.identity,
                     "precache": kept.urls, "pdfs": dict(sorted(pdfs.items())),
                     "wait": settings.NETWORK_WAIT_MS, "keepDays": 0, "binders": {},
                     "words": labels()["not_kept"]}
    assert "self.addEventListener(\"fetch\"" in rest
    assert unit_pdfs(["vc-angen"], directory_urls=False) == {
        "enheter/vc-angen.html": "pdf/vc-angen.pdf"}


def test_written_worker_is_the_same_for_the_same_site(site: Path) -> None:
    kept = write_offline_cache(site, "Kontinuitetshandboken", STAMP, {})
    first = (site / "sw.js").read_bytes()
    assert "manifest.webmanifest" in kept.urls  # written first, so kept too
    assert "sw.js" not in kept.urls
    again = write_offline_cache(site, "Kontinuitetshandboken", STAMP, {})
    assert (site / "sw.js").read_bytes() == first and again == kept


def test_manifest_is_swedish_and_opens_this_releases_start_page() -> None:
    manifest = json.loads(web_manifest("Kontinuitetshandboken"))
    words = labels()["web_app"]
    assert manifest["name"] == "Kontinuitetshandboken"
    assert manifest["short_name"] == words["short_name"]
    assert manifest["lang"] == "sv" and manifest["start_url"] == "./"
    assert manifest["display"] == "standalone"
    icons = {(icon["purpose"], icon["sizes"], icon["src"]) for icon in manifest["icons"]}
    assert icons == {*(("any", f"{size}x{size}", path) for size, path in APP_ICONS.items()),
                     ("maskable", "512x512", APP_ICONS[512])}
    docs = Path(__file__).resolve().parents[2] / "docs"
    for size, path in APP_ICONS.items():
        png = (docs / path).read_bytes()
        assert png.startswith(b"\x89PNG")
        assert int.from_bytes(png[16:20], "big") == size  # width in the IHDR chunk


def test_no_address_in_worker_or_manifest_leaves_the_site(site: Path) -> None:
    """Every address the worker fetches or the manifest names is relative to the
    site's own folder: no scheme, no host, no path from the server's root."""
    write_offline_cache(site, "Kontinuitetshandboken", STAMP,
                        unit_pdfs(["vc-angen"], directory_urls=True))
    script = (site / "sw.js").read_text(encoding="utf-8")
    facts = json.loads(script.split("\n", 1)[0].removeprefix("const HB = ").removesuffix(";"))
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    addresses = [*facts["precache"], *facts["pdfs"], *facts["pdfs"].values(),
                 manifest["start_url"], manifest["scope"],
                 *(icon["src"] for icon in manifest["icons"])]
    assert addresses and not [a for a in addresses if re.match(r"[a-z]+:|/", a)]
    # The code builds every address from its own location (ROOT) and the list above.
    assert "://" not in script
    assert not re.search(r"""["'`]//""", script)


def test_notice_words_reach_the_pages() -> None:
    settings = theme_settings()
    words = labels()
    assert settings["labels"]["notice"] == words["cached_copy"]["notice"]
    assert "{date}" in settings["labels"]["notice"]
    for age in ("today", "one_day", "days"):
        assert settings["labels"][age] == words["this_copy"][age]
    assert settings["draft"] == words["stamp"]["draft"]
