"""Helpers for the browser tests: Debian's Chromium driven by Playwright, a local
web server for a built site, a request recorder and axe-core."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright
from sitebuild import REPO, require_tool

# Flags from the design notes: headless, root in a container, and no background
# traffic of the browser's own (which this machine's network refuses anyway).
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def chromium_path() -> str:
    """Debian's Chromium (package ``chromium``) as found on ``PATH``, or the browser that
    ``HANDBOOK_CHROMIUM`` names; a local run without it skips, CI fails."""
    return require_tool(os.environ.get("HANDBOOK_CHROMIUM", "chromium"))

ARTIFACTS = REPO / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# Schemes that name data already in the page; none of them reaches a host.
LOCAL_SCHEMES = ("data", "blob", "about")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output to what failed."""


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection early (a page closed mid-download) is
        normal; anything else is reported as the standard server does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)



@contextlib.contextmanager
def launched_chromium() -> Iterator[Browser]:
    """Debian's Chromium started by Playwright with the flags this machine needs (a
    module fixture's body: the tests skip, or fail under CI=true, without it)."""
    executable = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield chromium
        chromium.close()

@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 on a free port (threaded); yields the base address."""
    server = _Server(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def same_origin(base: str) -> Callable[[str], bool]:
    """Whether a request goes to the site at ``base`` (for file://, the disk)."""
    own = urlsplit(base)

    def check(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        return (parts.scheme, parts.netloc) == (own.scheme, own.netloc)

    return check


class Requests:
    """Every request of a browser context, from pages, frames and workers alike.

    A request to another host is recorded and aborted, so a test never sends a
    visit anywhere even when it fails."""

    def __init__(self, context: BrowserContext, own: Callable[[str], bool]) -> None:
        self.own = own
        self.seen: list[str] = []
        self.outside: list[str] = []
        self.last = time.monotonic()
        context.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        url = route.request.url
        self.seen.append(url)
        self.last = time.monotonic()
        if self.own(url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def settle(self, page: Page, quiet: float = 0.5, limit: float = 20.0) -> None:
        """Wait until no request has started for ``quiet`` seconds.

        Used instead of Playwright's "networkidle", which also waits for connections
        to close and, with a search worker and routed requests, at times never
        settles. A page that keeps sending requests for ``limit`` seconds fails."""
        start = time.monotonic()
        while time.monotonic() - self.last < quiet:
            if time.monotonic() - start > limit:
                raise AssertionError(
                    f"requests kept starting for {limit:.0f} s; the last ones: {self.seen[-5:]}")
            page.wait_for_timeout(100)


def search(page: Page, words: str) -> None:
    """Type into Material's search box like a reader: key by key (the search
    reacts to key-up, not to a value set at once)."""
    box = page.locator("input.md-search__input")
    narrow = (page.viewport_size or {"width": 1280})["width"] < 960  # Material's 60em
    if narrow or not box.is_visible():  # on a phone the box opens from the header's icon
        page.locator("label.md-header__button[for=__search]").click()
    box.click()
    box.press_sequentially(words, delay=20)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (every rule axe runs by default)."""
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return found


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and element, for a failure message."""
    return "\n".join(f"{v['impact']}: {v['id']} ({v['help']}) at {node['target']}"
                     for v in violations for node in v["nodes"])


class Restartable:
    """A web server for ``root`` that can be stopped and started again on the same
    port: the same origin, so a service worker registered before the stop is still
    the page's worker after it (tests/site/test_browser.py, the site's copy)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = 0  # a free port at the first start, then the same one
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        """Start serving; the base address."""
        self._server = _Server(("127.0.0.1", self.port),
                               functools.partial(_QuietHandler, directory=str(self.root)))
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        """Stop: a request to the port is refused, as from a server that is gone."""
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = self._thread = None
