"""The finishing step: what the site needs after an engine has written its pages.

Any engine that reads ``mkdocs.yml`` builds the pages: MkDocs with the hooks, plain
MkDocs, ProperDocs or Zensical from ``python -m handbook pages`` output. What follows
is the same for all of them and lives here, once: the search index with unit pages
as one entry each and the Swedish letters folded, the unit finder's index, the unit
data files, ``robots.txt``, the PDFs (the hooks' own, started while the pages were
written; after another engine, rendered by ``finish_pdfs.py``), and last the web app
manifest and the service worker, whose build identity digests the site as finally
written. The hooks call ``finish_site`` from ``on_post_build``; ``python -m handbook
finish SITE_DIR`` calls ``finish_built_site`` after any other engine's build. Nothing
here imports MkDocs, nor the PDF side unless the PDFs are rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..data.personal import PUBLIC, audience_from_environment, private_dir_from_environment
from ..data.project import Handbook, load_handbook
from ..errors import HandbookError
from ..history.flatten import write_unit_data
from ..history.stamp import Stamp, current_stamp
from ..render.finder import write_finder_index
from ..render.redirects import write_redirects
from ..render.robots import write_robots
from ..render.search_index import fold_search_index, trim_zensical_index
from ..routes import DATA_DIR, PDF_DIR, UNITS_DIR, unit_page_url
from ..settings import pdf_setting
from .engine_config import plugin_names, resolved_config
from .service_worker import Precache, paper_binders, unit_pdfs, write_offline_cache

if TYPE_CHECKING:
    from .finish_pdfs import BuiltPdfs

# Writes the binders into the site's pdf/ folder (the hooks' PDFs; None: no PDFs).
PdfStep = Callable[[Path], None]


@dataclass(frozen=True)
class SiteFacts:
    """What the finishing step needs to know of the engine's build."""

    site_name: str  # the web app's name
    directory_urls: bool  # enheter/<id>/ (True) or enheter/<id>.html
    offline_cache: bool  # write sw.js and the manifest (not for serve or the copy on disk)


def finish_site(site_dir: Path, handbook: Handbook, stamp: Stamp, facts: SiteFacts,
                pdfs: PdfStep | None = None) -> Precache | None:
    """Finish a built site in place; return what the service worker keeps (None when
    the build has no service worker)."""
    # Before Material's offline plugin (if any) in a hooks build turns the index into a
    # script; after a whole build, the script is rewritten too.
    fold_search_index(site_dir)
    trim_zensical_index(site_dir)
    write_finder_index(handbook, site_dir, facts.directory_urls)
    write_unit_data(handbook, stamp.release, site_dir / DATA_DIR)
    write_robots(site_dir, public=handbook.public)
    if pdfs is not None:
        pdfs(site_dir / PDF_DIR)
    # A renamed unit's former addresses, with copies of its data and PDF just written.
    write_redirects(site_dir, handbook, facts.directory_urls)
    if not facts.offline_cache:
        return None
    # Last: the worker's build identity digests the pages as they are finally written
    # (a release's reprint lists are written into the unit pages with the PDFs).
    with_pdf = [unit.id for unit in handbook.units] if pdfs is not None else []
    places = [(unit.id, unit.name, [str(p) for p in unit.data.get("document", {})
                                    .get("distribution", [])]) for unit in handbook.units]
    return write_offline_cache(site_dir, facts.site_name, stamp,
                               unit_pdfs(with_pdf, facts.directory_urls),
                               paper_binders(places), public=handbook.public)


@dataclass(frozen=True)
class Finished:
    """What ``finish_built_site`` did: the service worker's list (None without one) and
    the PDF step (None with ``HANDBOOK_PDF=0``), with its report."""

    kept: Precache | None
    pdfs: BuiltPdfs | None


def finish_built_site(site_dir: Path, config: Path) -> Finished:
    """Finish a site that an engine built without the hooks, from ``handbook pages``
    output of the project whose configuration is ``config`` (its units/ beside it, the
    same ``-f`` as for ``handbook pages``), the PDFs included unless ``HANDBOOK_PDF=0``.
    Raises ``HandbookError`` (``UnitFileError`` for problems in the unit files)."""
    root = config.resolve().parent
    settings = resolved_config(config)
    handbook = load_handbook(root / UNITS_DIR, base=root,
                             private=private_dir_from_environment(),
                             public=audience_from_environment() == PUBLIC)
    facts = SiteFacts(site_name=str(settings.get("site_name") or ""),
                      directory_urls=directory_urls(site_dir, handbook),
                      offline_cache="offline" not in plugin_names(settings))
    stamp = current_stamp(root)
    pdfs = None
    if pdf_setting() is not False:  # on unless HANDBOOK_PDF=0, as for mkdocs build
        from .finish_pdfs import BuiltPdfs  # the PDF side, only for a build with PDFs

        pdfs = BuiltPdfs(handbook, settings, root, stamp, facts.directory_urls)
    return Finished(finish_site(site_dir, handbook, stamp, facts, pdfs=pdfs), pdfs)


def directory_urls(site_dir: Path, handbook: Handbook) -> bool:
    """Whether the engine wrote pages as folders (``enheter/<id>/index.html``) or as
    files (``enheter/<id>.html``, the offline copy), from where a unit's page is."""
    unit = handbook.units[0].id if handbook.units else None
    for folders in (True, False):
        if unit is None or (site_dir / _page_file(unit_page_url(unit, folders))).is_file():
            return folders
    raise HandbookError(f"{site_dir}: ingen sida för enheten {unit}; bygg först sidorna "
                        "som python -m handbook pages skriver")


def _page_file(url: str) -> str:
    return url + "index.html" if url.endswith("/") or not url else url
