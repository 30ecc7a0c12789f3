"""MkDocs hooks: each event makes one call into the ``handbook`` package.

Unit files are loaded once per build in ``on_config``; problems in them stop
the build with the same ``path:line:col: field: message`` lines as
``python -m handbook validate``. Pages are generated in memory, never written
into ``docs/``. PDF binders are rendered after the site is built.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import handbook
from handbook import Handbook, HandbookError, UnitFileError, load_handbook
from handbook.example import example_labels, example_setting
from handbook.history import read_history
from handbook.preview import check_preview, preview_from_environment
from handbook.render.finder import write_finder_index
from handbook.render.flatten import write_unit_data
from handbook.render.pages import GeneratedPage, generated_pages
from handbook.render.search_index import fold_search_index
from handbook.stamp import current_stamp, stamp_text
from handbook.status import today

if TYPE_CHECKING:
    from handbook.binder.shard import Shard

# The PDF side (handbook.binder: pypdf, pikepdf, WeasyPrint's helpers) is imported only
# by a build that renders PDFs or names a shard: a site-only build or a preview does
# not pay for it (issue #12, the site's own overhead).
SHARD_ENV = "HANDBOOK_SHARD"  # handbook.binder.shard.SHARD_ENV; tests/test_preview.py checks

UNITS_DIR = "units"
CHAPTERS_DIR = "kapitel/"
PDF_DIR = "pdf"
CACHE_DIR = ".cache/pdf"  # the same as PDF_CACHE_DIR, which the CLI uses
HISTORY_CACHE_DIR = ".cache/history"
DATA_DIR = "data"

log = get_plugin_logger("handbook")
_state: dict[str, Any] = {"command": "build"}


def _project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def pdf_enabled() -> bool:
    """``HANDBOOK_PDF`` decides; by default ``mkdocs build`` renders PDFs, serve and a
    preview (``HANDBOOK_PREVIEW``) do not."""
    setting = os.environ.get("HANDBOOK_PDF", "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    return _state["command"] != "serve" and preview_from_environment() is None


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _project_dir(config)
    preview = preview_from_environment()
    try:
        if preview is not None:
            check_preview(root / UNITS_DIR, preview)
        _state["handbook"] = load_handbook(root / UNITS_DIR, base=root, only=preview)
    except UnitFileError as error:
        raise PluginError(f"{len(error.problems)} problem i enhetsfilerna:\n{error}") \
            from None
    except HandbookError as error:
        raise PluginError(str(error)) from None
    _state["chapters"] = {}
    _state["shard"] = None
    if os.environ.get(SHARD_ENV, "").strip():
        from handbook.binder.shard import ShardError, shard_from_environment
        try:
            _state["shard"] = shard_from_environment()
        except ShardError as error:
            raise PluginError(f"{SHARD_ENV}: {error}") from None
    _state["stamp"] = stamp = current_stamp(root)
    _state["history"] = read_history(root, UNITS_DIR, root / HISTORY_CACHE_DIR)
    config.extra["handbook_stamp"] = stamp_text(stamp)
    try:
        _state["example"] = example_setting(config.extra)
    except HandbookError as error:
        raise PluginError(str(error)) from None
    # The theme's banner reads this; empty when the handbook is a real region's.
    config.extra["handbook_example"] = example_labels() if _state["example"] else None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    book: Handbook = _state["handbook"]
    pdf = pdf_enabled()
    pages: dict[str, GeneratedPage] = {}
    for page in generated_pages(book, UNITS_DIR, pdf=pdf, history=_state["history"],
                                stamp=_state["stamp"]):
        inclusion = InclusionLevel.NOT_IN_NAV if page.src_uri.startswith("enheter/") \
            and page.src_uri != "enheter/index.md" else InclusionLevel.UNDEFINED
        files.append(File.generated(config, page.src_uri, content=page.markdown,
                                    inclusion=inclusion))
        pages[page.src_uri] = page
    if pdf:
        from handbook.binder.build import HANDBOOK_PDF
        # Stand-ins so links to the PDFs resolve; on_post_build writes the real files.
        for name in [f"{unit.id}.pdf" for unit in book.units] + [HANDBOOK_PDF]:
            files.append(File.generated(config, f"{PDF_DIR}/{name}", content=b""))
    _state["pages"] = pages
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _state["order"] = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point a generated page's edit link at the YAML file it was made from."""
    generated = _state["pages"].get(page.file.src_uri)
    if generated and generated.edit_path and config.edit_uri:
        docs_edit = urljoin(config.repo_url or "", config.edit_uri)
        # edit_uri points into docs/; unit files live beside docs/.
        page.edit_url = urljoin(docs_edit, "../" + generated.edit_path)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep the region chapters as rendered; every binder prints them."""
    src = page.file.src_uri
    if src.startswith(CHAPTERS_DIR) and pdf_enabled():
        from handbook.binder.document import Chapter
        chapter_id = src.removeprefix(CHAPTERS_DIR).removesuffix(".md").replace("/", "-")
        _state["chapters"][src] = Chapter(chapter_id, page.title or chapter_id, html)
    return html


def on_post_build(config: MkDocsConfig) -> None:
    # Runs after Material's search plugin wrote the index, before its offline plugin
    # (priority -100) turns the index into a script.
    fold_search_index(Path(config.site_dir))
    write_finder_index(_state["handbook"], Path(config.site_dir), config.use_directory_urls)
    write_unit_data(_state["handbook"], _state["stamp"].release, Path(config.site_dir) / DATA_DIR)
    if not pdf_enabled():
        return
    from handbook.binder.build import build_binders
    from handbook.binder.document import Inputs
    from handbook.binder.render import RenderError
    root = _project_dir(config)
    order = _state.get("order", [])
    chapters = sorted(_state["chapters"].items(),
                      key=lambda item: (order.index(item[0]) if item[0] in order
                                        else len(order), item[0]))
    try:
        stamp = _state["stamp"]
        inputs = Inputs([c for _src, c in chapters], stamp.release, config.site_url, today(),
                        _state["history"], example=_state["example"])
        shard: Shard | None = _state["shard"]
        report = build_binders(_state["handbook"], inputs, stamp, root / CACHE_DIR,
                               Path(config.site_dir) / PDF_DIR, shard=shard)
    except RenderError as error:
        raise PluginError(f"PDF för {error.name} kunde inte skapas: {error.reason}") from None
    if shard is not None:
        _remove_stand_ins(Path(config.site_dir) / PDF_DIR)
        log.info("PDF shard %s: rendered %d (%s), unchanged %d; whole handbook left to the "
                 "assembling build", shard, len(report.rendered),
                 ", ".join(report.rendered) or "none", len(report.reused))
        return
    log.info("PDF binders: rendered %d (%s), unchanged %d; whole handbook %s",
             len(report.rendered), ", ".join(report.rendered) or "none", len(report.reused),
             "rendered" if report.handbook_rendered else "unchanged")


def _remove_stand_ins(pdf_dir: Path) -> None:
    """A shard's build renders some binders only: leave no empty stand-in that could
    pass for another binder."""
    for path in pdf_dir.glob("*.pdf"):
        if path.stat().st_size == 0:
            path.unlink()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> None:
    """Reload on template and label changes too (``watch:`` covers units/)."""
    server.watch(str(Path(handbook.__file__).parent))
