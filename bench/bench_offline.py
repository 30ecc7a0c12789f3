"""The site's copy in the browser on a flaky network (issue #28): how soon a page and
a search result show when the server accepts connections and never answers.

Builds the example handbook without PDFs, serves it with a default web server's
headers (tests/fieldserver.py: Last-Modified and ETag, no Cache-Control), files
three days old, opens the start page and a unit page in Debian's Chromium so the
service worker keeps the site, then leaves the server hanging and measures, for
``--repeat`` unit pages each:

- page: from the navigation to the "Sparad kopia" notice shown (the worker waits
  ``handbook.settings.NETWORK_WAIT_MS`` for the server, then answers from its copy);
- search: from the last keystroke in the search box to the first result shown.

Medians and the worst are printed with the setting's value; the limits of issue #28
are 1.5 s and 2 s.

    python bench/bench_offline.py --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import FLAGS, search  # noqa: E402
from fieldserver import DefaultHeadersServer, age_files  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from sitebuild import copy_project  # noqa: E402

from handbook import settings  # noqa: E402

UNITS = ["vc-angen", "bvc-gardsten", "vc-kortedala", "vc-vanersborg",
         "psykiatrimottagning-uddevalla"]


def build(folder: Path) -> Path:
    project = copy_project(folder)
    env = {**os.environ, "HANDBOOK_PDF": "0", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env,
                   check=True)
    age_files(project / "site", days=3)
    return project / "site"


def measure(site: Path, repeat: int) -> tuple[list[float], list[float]]:
    server = DefaultHeadersServer(site)
    base = server.start()
    pages: list[float] = []
    searches: list[float] = []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium"), args=FLAGS)
        try:
            for round_ in range(repeat):
                context = chromium.new_context(locale="sv-SE")
                page = context.new_page()
                page.goto(base)
                page.wait_for_function("navigator.serviceWorker.controller !== null")
                page.goto(base + "enheter/")
                page.wait_for_timeout(1000)
                server.hang()
                unit = UNITS[round_ % len(UNITS)]
                start = time.monotonic()
                page.goto(base + f"enheter/{unit}/#atgardskort", wait_until="commit")
                expect(page.locator(".hb-cached-copy")).to_be_visible(timeout=30_000)
                pages.append(time.monotonic() - start)
                search(page, "trollh")
                start = time.monotonic()
                expect(page.locator(".md-search-result__item").first).to_be_visible(
                    timeout=30_000)
                searches.append(time.monotonic() - start)
                context.close()
                server.start()
        finally:
            chromium.close()
            server.stop()
    return pages, searches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = build(Path(folder))
        pages, searches = measure(site, args.repeat)
    print(f"hanging server, NETWORK_WAIT_MS = {settings.NETWORK_WAIT_MS} ms, "
          f"{args.repeat} rounds (issue #28: page 1.5 s, search 2 s)")
    for name, values in (("page from the copy", pages), ("search result", searches)):
        print(f"  {name}: median {statistics.median(values):.2f} s, "
              f"worst {max(values):.2f} s")


if __name__ == "__main__":
    main()
