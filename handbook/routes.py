"""Where things are: the folders, page paths, PDF names and URLs of a handbook build.

These are the names other tools rely on (``../shared/design.md``, "Contract"):
one home for each, used by the hooks, the page builders, the binders and the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import settings

UNITS_DIR = "units"  # beside mkdocs.yml: _region.yml, _groups/, <id>.yml
CHAPTERS_DIR = "kapitel/"  # under docs/: the region chapters every binder prints
UNITS_DIR_URL = "enheter"  # the unit pages: enheter/<id>/ and the units index
UNITS_INDEX = f"{UNITS_DIR_URL}/index.md"
# The other generated pages' sources (mkdocs.yml's nav names them by these paths).
START_PAGE = "index.md"
STATUS_PAGE = "status.md"  # document control of every unit
FORMS_PAGE = "blanketter.md"  # every form and where its paper copies are
PDF_DIR = "pdf"  # in the site: pdf/<id>.pdf and pdf/handbok.pdf
DATA_DIR = "data"  # in the site: data/<id>.json
PDF_CACHE_DIR = ".cache/pdf"  # beside mkdocs.yml: rendered PDFs and their manifest
HISTORY_CACHE_DIR = ".cache/history"  # beside mkdocs.yml: what each commit changed
SHARD_ENV = settings.SHARD  # K/N: the build renders only shard K's binders
HANDBOOK = "handbok"  # the whole-handbook PDF's name, reserved as a unit id
WHOLE_HANDBOOK_FILE = f"{HANDBOOK}.pdf"  # not the setting HANDBOOK_PDF (settings.py)
SERVICE_WORKER = "sw.js"  # in the site's (version's) root: its scope is that folder
WEB_MANIFEST = "manifest.webmanifest"  # beside it: name, icon and start page of the app
APP_ICONS = {192: "assets/images/handbok-192.png",  # from docs/assets/images/
             512: "assets/images/handbok-512.png"}
# Versions (mike): every release is a folder under the site's root, and the alias
# LATEST_ALIAS always leads to the newest. Printed addresses (QR codes, the cover's
# URL, reminder issues) lead to the alias, never to one release's folder: a binder
# printed today must open the current plan next year.
LATEST_ALIAS = "latest"
LATEST_SETTING = settings.EXTRA_LATEST_ALIAS  # the alias printed addresses lead to
MIKE_VERSION_ENV = settings.MIKE_VERSION  # set by mike for the build of one version


def unit_page(unit_id: str) -> str:
    """The unit page's source path in the site (``enheter/<id>.md``)."""
    return f"{UNITS_DIR_URL}/{unit_id}.md"


def unit_page_output(unit_id: str, directory_urls: bool = True) -> str:
    """The unit page's file in the built site."""
    if directory_urls:
        return f"{UNITS_DIR_URL}/{unit_id}/index.html"
    return f"{UNITS_DIR_URL}/{unit_id}.html"


def stable_root(site_url: str | None, alias: str | None,
                building_version: str | None = None) -> str | None:
    """The address printed on paper for the site's root, or None without a site URL.

    ``site_url`` (``mkdocs.yml``) is the site's root, where mike's ``versions.json``
    lies. mike's plugin appends the version it builds (``building_version``, from
    ``MIKE_VERSION_ENV``) before the hooks see it; that is taken off again. With an
    ``alias`` (``printed_alias``: ``latest``) the alias's folder is printed.
    """
    if not site_url:
        return None
    root = site_url.rstrip("/")
    if building_version and root.endswith(f"/{building_version}"):
        root = root.removesuffix(building_version).rstrip("/")
    return f"{root}/{alias}/" if alias else f"{root}/"


def printed_alias(extra: object) -> str | None:
    """The alias printed addresses lead to: ``extra.latest_alias`` in ``mkdocs.yml``
    (``latest``; the offline copy inherits it), or None for a site without versions."""
    alias = extra.get(LATEST_SETTING) if isinstance(extra, Mapping) else None
    return alias.strip("/") or None if isinstance(alias, str) else None


def unit_url(site_url: str | None, unit_id: str) -> str | None:
    """The unit page's full address under ``site_url`` (give it ``stable_root``'s
    address: the binder's QR code), or None without a site URL."""
    if not site_url:
        return None
    return site_url.rstrip("/") + f"/{UNITS_DIR_URL}/{unit_id}/"


def unit_page_url(unit_id: str, directory_urls: bool) -> str:
    """The unit page's address relative to the site's root, as MkDocs writes it
    (``enheter/<id>/`` online, ``enheter/<id>.html`` in the offline copy)."""
    return f"{UNITS_DIR_URL}/{unit_id}/" if directory_urls else f"{UNITS_DIR_URL}/{unit_id}.html"


def unit_pdf(unit_id: str) -> str:
    """A unit binder's file name under ``pdf/``."""
    return f"{unit_id}.pdf"


def in_nav(src_uri: str) -> bool:
    """Whether a generated page is listed in the navigation: every page but the unit
    pages, which the units index lists."""
    return not src_uri.startswith(f"{UNITS_DIR_URL}/") or src_uri == UNITS_INDEX


def chapter_id(src_uri: str) -> str | None:
    """The id of a region chapter (``kapitel/roller-och-ansvar.md`` →
    ``roller-och-ansvar``), or None for any other page."""
    if not src_uri.startswith(CHAPTERS_DIR):
        return None
    return src_uri.removeprefix(CHAPTERS_DIR).removesuffix(".md").replace("/", "-")
