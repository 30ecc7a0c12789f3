"""Search and list-page benchmark (issue #12): typing to the first result in Chromium.

Builds the example handbook (6 units, the baseline) and a synthetic region of N
units (bench/region.py; ``--units``, default 1000), each as the intranet site and
as the offline copy (``HANDBOOK_PDF=0``), and measures in Debian's Chromium:

- the size of Material's search index and of the unit finder's index;
- page weight of the start page, the units index and the status page (HTML bytes
  and DOM elements after the page's scripts ran);
- the time from the first keystroke of part of a unit's place (with Swedish
  letters, lower case) to the first result shown, for the unit finder (start
  page) and for Material's search (header box), online (a local HTTP server) and
  offline (``file://``). The page has loaded and its requests have settled before
  typing; the median of ``--repeat`` fresh pages is reported.

``--project DIR`` measures an already built project (site/ and site-offline/)
instead of building, to keep the numbers of an older build.

    python bench/bench_search.py --units 1000
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright
from region import PLACES, ROOT, unit_id, write_region

# Debian's Chromium on PATH, or the browser HANDBOOK_CHROMIUM names (as the tests find it).
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "chromium")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 30_000
LIST_PAGES = {"start": "", "units": "enheter/", "status": "status/"}
FINDER_INDEX = Path("search") / "units.js"
# Records, in the page, when the first keystroke happened and when the first
# result (``selector``) showed; polled every frame.
WATCH = """selector => { window.__bench = {start: null, found: null};
  document.addEventListener('keydown', () => {
    if (window.__bench.start === null) window.__bench.start = performance.now(); }, true);
  const look = () => { const hit = document.querySelector(selector);
    if (hit && hit.offsetParent !== null && window.__bench.start !== null) {
      window.__bench.found = performance.now(); return; }
    requestAnimationFrame(look); };
  requestAnimationFrame(look); }"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page left while it loads the index closes its connection: not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    server = _Server(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def _chromium() -> str:
    found = shutil.which(CHROMIUM)
    if found is None:
        sys.exit(f"{CHROMIUM} is not installed (Debian package chromium)")
    return found


def build(project: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_PDF": "0"}
    for target, extra in (("site", []), ("site-offline", ["-f", "mkdocs.offline.yml"])):
        subprocess.run([sys.executable, "-m", "handbook", "publish", target, "--",
                        sys.executable,
                        "-m", "mkdocs", "build", "--strict", *extra], cwd=project, env=env,
                       check=True, capture_output=True)


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


def page_weight(page: Page, base: str) -> dict[str, dict[str, int]]:
    found = {}
    for name, path in LIST_PAGES.items():
        response = page.goto(base + path)
        assert response is not None
        settle(page)
        found[name] = {"html_bytes": len(response.body()),
                       "dom_elements": page.evaluate("document.getElementsByTagName('*').length")}
    return found


def typing_ms(page: Page, url: str, box: str, words: str, selector: str,
              open_box: str | None = None) -> float:
    """Milliseconds from the first keystroke of ``words`` in ``box`` to a visible
    ``selector``; NaN when typing or the result took over ``TIMEOUT_MS``."""
    page.goto(url)
    settle(page)
    if open_box and not page.locator(box).is_visible():
        page.locator(open_box).click()
    page.locator(box).click()
    page.evaluate(WATCH, selector)
    try:  # a page busy with a large index can block typing itself
        page.locator(box).press_sequentially(words, timeout=TIMEOUT_MS)
        page.wait_for_function("window.__bench.found !== null", timeout=TIMEOUT_MS)
    except PlaywrightError:
        return float("nan")
    times = page.evaluate("window.__bench")
    return float(times["found"] - times["start"])


def measure_copy(page: Page, base: str, offline: bool, words: str, repeat: int) -> dict[str, Any]:
    start = base + ("index.html" if offline else "")
    finder: list[float] = []
    material: list[float] = []
    for _ in range(repeat):
        if _has_finder(page, start):
            finder.append(typing_ms(page, start, ".hb-finder input", words,
                                    ".hb-finder-results a"))
        material.append(typing_ms(page, start, "input.md-search__input", words,
                                  ".md-search-result__item a",
                                  "label.md-header__button[for=__search]"))
    return {"finder_ms": statistics.median(finder) if finder else None,
            "material_ms": statistics.median(material)}


def _has_finder(page: Page, url: str) -> bool:
    page.goto(url)
    return page.locator(".hb-finder input").count() > 0


def measure(project: Path, words: str, unit: str, repeat: int) -> dict[str, Any]:
    site, offline = project / "site", project / "site-offline"
    finder_index = site / FINDER_INDEX
    result: dict[str, Any] = {
        "search_index_bytes": (site / "search" / "search_index.json").stat().st_size,
        "finder_index_bytes": finder_index.stat().st_size if finder_index.exists() else None,
        "query": words, "unit": unit}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        with serve(site) as base:
            result["pages"] = page_weight(page, base)
            result["online"] = measure_copy(page, base, False, words, repeat)
        result["offline"] = measure_copy(page, offline.as_uri() + "/", True, words, repeat)
        browser.close()
    return result


def example_project(target: Path) -> Path:
    write_region(0, target)
    for path in sorted((ROOT / "units").glob("*.yml")):
        if not path.stem.startswith("_"):
            (target / "units" / path.name).write_bytes(path.read_bytes())
    return target


def prepare(target: Path) -> Path:
    (target / "mkdocs.offline.yml").write_bytes((ROOT / "mkdocs.offline.yml").read_bytes())
    return target


def row(label: str, base: Any, region: Any, unit: str = "", form: str = "{:.0f}") -> str:
    def show(value: Any) -> str:
        return "–" if value is None else form.format(value) + (f" {unit}" if unit else "")
    ratio = f"{region / base:.1f}×" if base and region is not None else "–"
    return f"| {label} | {show(base)} | {show(region)} | {ratio} |"


def table(base: dict[str, Any], region: dict[str, Any], units: int) -> str:
    lines = [f"| Figure | Example (6 units) | Region ({units} units) | Ratio |",
             "| --- | ---: | ---: | ---: |",
             row("Material search index", base["search_index_bytes"] / 1e3,
                 region["search_index_bytes"] / 1e3, "kB"),
             row("Unit finder index", _kb(base["finder_index_bytes"]),
                 _kb(region["finder_index_bytes"]), "kB", "{:.1f}")]
    for copy in ("online", "offline"):
        for key, label in (("finder_ms", "unit finder"), ("material_ms", "Material search")):
            lines.append(row(f"Typing to first result, {label}, {copy}", base[copy][key],
                             region[copy][key], "ms"))
    for name in LIST_PAGES:
        lines.append(row(f"Page `{LIST_PAGES[name] or '/'}`: HTML", base["pages"][name]
                         ["html_bytes"] / 1e3, region["pages"][name]["html_bytes"] / 1e3, "kB"))
        lines.append(row(f"Page `{LIST_PAGES[name] or '/'}`: DOM elements",
                         base["pages"][name]["dom_elements"],
                         region["pages"][name]["dom_elements"]))
    return "\n".join(lines)


def _kb(value: int | None) -> float | None:
    return None if value is None else value / 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--project", type=Path, help="measure this built project only")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the builds")
    args = parser.parse_args()
    # A unit from the middle of the list whose place has Swedish letters; the query
    # is the start of its place in lower case ("vårgår" for Vårgårda).
    number = next(n for n in range(args.units // 2, args.units)
                  if set("åäö") & set(PLACES[n % len(PLACES)].lower()))
    words = PLACES[number % len(PLACES)][:6].lower()
    if args.project:
        print(json.dumps(measure(args.project, words, unit_id(number), args.repeat), indent=1))
        return
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        work = args.keep or Path(tmp)
        example = prepare(example_project(work / "example"))
        region = work / "region"
        write_region(args.units, region)
        prepare(region)
        for project in (example, region):
            print(f"building {project.name} ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            build(project)
            print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        base = measure(example, "gårdst", "bvc-gardsten", args.repeat)
        figures = measure(region, words, unit_id(number), args.repeat)
    result = {"baseline": base, "region": figures, "units": args.units}
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
    print(table(base, figures, args.units))


if __name__ == "__main__":
    main()
