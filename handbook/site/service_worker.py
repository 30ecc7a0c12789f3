"""The site's copy in the browser: a service worker and a web app manifest.

After the build has written the site, ``write_offline_cache`` writes
``manifest.webmanifest`` (the app's Swedish name, icons and start page) and
``sw.js`` into the site's root: the list of files the worker keeps (every page,
the search index and the assets), the PDF of each unit page (kept when the page
is opened), the release and build date, and the build identity, a digest of the
kept files. The worker's code is ``service-worker.js`` beside this module, written by hand
(no Workbox: see README, "The site without a server").

The list is sorted and the identity depends only on the files' paths and bytes,
so two builds of the same inputs write the same ``sw.js``. Nothing here imports
MkDocs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import settings
from ..errors import UsageError
from ..history.stamp import Stamp
from ..labels import labels
from ..routes import (
    APP_ICONS,
    DATA_DIR,
    PDF_DIR,
    SERVICE_WORKER,
    WEB_MANIFEST,
    WHOLE_HANDBOOK_FILE,
    unit_page_url,
    unit_pdf,
)

WORKER_SOURCE = Path(__file__).with_name("service-worker.js")
SEARCH_INDEX = "search/search_index.json"
LUNR_DIR = "assets/javascripts/lunr/"
THEME_COLOR = "#3f51b5"  # Material's indigo, the palette's primary colour (mkdocs.yml)
# Not kept: the binders (a unit's PDF is kept when its page is opened; handbok.pdf is
# tens of MB), the unit data that compares releases (it needs the other releases, that
# is the server, anyway), source maps, the sitemap and the worker itself.
SKIPPED_DIRS = (f"{PDF_DIR}/", f"{DATA_DIR}/")
SKIPPED_NAMES = frozenset({SERVICE_WORKER, "sitemap.xml", "sitemap.xml.gz"})
SKIPPED_SUFFIXES = (".map",)


@dataclass(frozen=True)
class Precache:
    """What the worker keeps at install: addresses relative to the site's root."""

    urls: list[str]
    identity: str
    size: int  # bytes of the kept files


def lunr_files(langs: Iterable[str]) -> set[str]:
    """The search's language files the search worker loads for ``langs`` (Material's
    worker: the stemmer support, one file per language, ``multi`` for several); the
    other 30 languages are left out."""
    langs = list(langs)
    names = {"min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js"}
    names |= {f"min/lunr.{lang}.min.js" for lang in langs if lang != "en"}
    if "ja" in langs:
        names.add("tinyseg.js")
    if "th" in langs:
        names.add("wordcut.js")
    return {LUNR_DIR + name for name in names}


def search_langs(site_dir: Path) -> list[str]:
    """The search's languages, as Material wrote them into the built index."""
    index = site_dir / SEARCH_INDEX
    if not index.is_file():
        return []
    langs: list[str] = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    return langs


def kept(path: str, lunr: set[str]) -> bool:
    """Whether the worker keeps the site's file ``path`` (``lunr``: the search files
    the site's languages need)."""
    name = path.rsplit("/", 1)[-1]
    if path.startswith(SKIPPED_DIRS) or name in SKIPPED_NAMES or name.endswith(SKIPPED_SUFFIXES):
        return False
    return not path.startswith(LUNR_DIR) or path in lunr


def page_address(path: str) -> str:
    """The address a file is asked for by: a folder's ``index.html`` as the folder."""
    if path == "index.html":
        return "./"
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


def precache(site_dir: Path) -> Precache:
    """The files of a built site that the worker keeps, and the build's identity."""
    lunr = lunr_files(search_langs(site_dir))
    paths = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
                   if p.is_file())
    digest = hashlib.sha256()
    size = 0
    urls = []
    for path in paths:
        if not kept(path, lunr):
            continue
        data = (site_dir / path).read_bytes()
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
        size += len(data)
        urls.append(page_address(path))
    return Precache(urls, digest.hexdigest()[:16], size)


@dataclass(frozen=True)
class Binder:
    """Where a binder is on paper, for the page that says its PDF is not kept."""

    unit: str  # the unit's name; "" for handbok.pdf
    places: list[str]  # document.distribution: where each printed copy is kept


def copy_days(public: bool) -> int:
    """How many days the worker serves a kept page (0: no limit):
    ``HANDBOOK_COPY_DAYS``, or ``settings.INTERNAL_COPY_DAYS`` for an internal build
    and no limit for a public one."""
    value = settings.setting(settings.COPY_DAYS)
    if not value:
        return 0 if public else settings.INTERNAL_COPY_DAYS
    if not (value.isascii() and value.isdigit()):
        raise UsageError(f"{settings.COPY_DAYS}={value!r}: ange ett helt antal dagar "
                         "(0: kopian får visas hur gammal som helst)")
    return int(value)


def worker_script(release: str, built: str, kept_files: Precache,
                  pdfs: Mapping[str, str], binders: Mapping[str, Binder] | None = None,
                  keep_days: int = 0) -> str:
    """``sw.js``: the build's facts as one ``HB`` line, then the worker's code.
    ``binders``: each PDF's address → where it is on paper; ``keep_days``: how long
    a kept page may be served (0: no limit)."""
    words = labels()["not_kept"]
    facts = {"release": release, "built": built, "identity": kept_files.identity,
             "precache": kept_files.urls, "pdfs": dict(sorted(pdfs.items())),
             "wait": settings.NETWORK_WAIT_MS, "keepDays": keep_days,
             "binders": {path: {"unit": b.unit, "places": b.places}
                         for path, b in sorted((binders or {}).items())},
             "words": words}
    line = json.dumps(facts, ensure_ascii=False, separators=(",", ":"))
    return f"const HB = {line};\n" + WORKER_SOURCE.read_text(encoding="utf-8")


def web_manifest(site_name: str) -> str:
    """The web app manifest: pinned to the Start menu or taskbar, it opens the start
    page of this release's folder. Every address is relative to the manifest."""
    words = labels()["web_app"]
    manifest: dict[str, Any] = {
        "name": site_name,
        "short_name": words["short_name"],
        "description": words["description"],
        "lang": "sv",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        # The icon keeps its drawing inside the middle 80 %, so the largest one also
        # serves where the system cuts icons to its own shape ("maskable").
        "icons": [*({"src": path, "sizes": f"{size}x{size}", "type": "image/png",
                     "purpose": "any"} for size, path in sorted(APP_ICONS.items())),
                  {"src": APP_ICONS[max(APP_ICONS)], "sizes": f"{max(APP_ICONS)}x{max(APP_ICONS)}",
                   "type": "image/png", "purpose": "maskable"}],
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def unit_pdfs(unit_ids: Iterable[str], directory_urls: bool) -> dict[str, str]:
    """Each unit page's address → its binder's, both relative to the site's root."""
    return {unit_page_url(uid, directory_urls): f"{PDF_DIR}/{unit_pdf(uid)}"
            for uid in unit_ids}


def theme_settings() -> dict[str, Any]:
    """What the pages need (``extra.handbook_offline_cache``, read by overrides/main.html
    and handbook.js): the worker's and manifest's file names and the notice's words."""
    words = labels()
    return {"worker": SERVICE_WORKER, "manifest": WEB_MANIFEST, "theme_color": THEME_COLOR,
            "draft": words["stamp"]["draft"],
            "labels": {**words["cached_copy"],
                       **{k: words["this_copy"][k] for k in ("today", "one_day", "days")}}}


def paper_binders(units: Iterable[tuple[str, str, list[str]]]) -> dict[str, Binder]:
    """Each binder's address under ``pdf/`` → where it is on paper, from the units'
    (id, name, document.distribution); handbok.pdf has no places of its own."""
    found = {f"{PDF_DIR}/{unit_pdf(uid)}": Binder(name, list(places))
             for uid, name, places in units}
    found[f"{PDF_DIR}/{WHOLE_HANDBOOK_FILE}"] = Binder("", [])
    return found


def write_offline_cache(site_dir: Path, site_name: str, stamp: Stamp,
                        pdfs: Mapping[str, str], binders: Mapping[str, Binder] | None = None,
                        public: bool = False) -> Precache:
    """Write the manifest, then ``sw.js`` with the list of everything else kept;
    ``pdfs`` (``unit_pdfs``) is empty for a build without PDFs; ``binders``
    (``paper_binders``) say where each binder is on paper; ``public``: a public
    build (its copy never expires unless ``HANDBOOK_COPY_DAYS`` says so)."""
    (site_dir / WEB_MANIFEST).write_text(web_manifest(site_name), encoding="utf-8")
    kept_files = precache(site_dir)
    script = worker_script(stamp.release, stamp.built.isoformat(), kept_files, pdfs,
                           binders, copy_days(public))
    (site_dir / SERVICE_WORKER).write_text(script, encoding="utf-8")
    return kept_files
