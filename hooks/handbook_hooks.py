"""MkDocs hooks: each event makes one call into the ``handbook`` package.

Unit files are loaded once per build in ``on_config``, into a typed
``HookState`` (handbook/site/hookstate.py) that the later events read; problems in
them stop the build with the same ``path:line:col: field: message`` lines as
``python -m handbook validate``. A ``HandbookError`` from any event becomes MkDocs'
``PluginError`` in one place, ``reported``. Pages are generated in memory, never written
into ``docs/``. PDF binders are brought up to date from ``on_env`` on, beside the
pages MkDocs writes, and copied into the site in ``on_post_build``; the PDF side
(``handbook.binder``) is imported only by a build that renders PDFs or names a
shard. Paths and names come from ``handbook.routes``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urljoin

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

if TYPE_CHECKING:
    from handbook.binder.workers import Workers

import handbook
from handbook import HandbookError
from handbook.labels import nav_title
from handbook.plan.status import today
from handbook.render.pages import generated_pages
from handbook.render.search_index import page_head
from handbook.render.stash import restore_blocks, stash_blocks
from handbook.routes import (
    MIKE_VERSION_ENV,
    PDF_CACHE_DIR,
    PDF_DIR,
    SHARD_ENV,
    UNITS_DIR,
    WHOLE_HANDBOOK_FILE,
    chapter_id,
    in_nav,
    printed_alias,
    stable_root,
    unit_pdf,
)
from handbook.settings import setting
from handbook.site.finish import SiteFacts, finish_site
from handbook.site.hookstate import HookState, pdf_wanted, theme_extra
from handbook.site.service_worker import theme_settings

__all__ = ["SHARD_ENV"]  # tests/site/test_preview.py: the hooks and the package agree

log = get_plugin_logger("handbook")
_command = "build"  # from on_startup: "build", "gh-deploy" or "serve"
_state: HookState | None = None


Event = TypeVar("Event", bound=Callable[..., Any])


def reported(event: Event) -> Event:
    """The one place where the package's errors stop the build: a ``HandbookError``
    becomes MkDocs' ``PluginError`` with the message an editor reads (for bad unit
    files, the same lines as ``python -m handbook validate``)."""

    @functools.wraps(event)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return event(*args, **kwargs)
        except HandbookError as error:
            raise PluginError(error.for_editor()) from None

    return cast(Event, run)


def state() -> HookState:
    if _state is None:
        raise PluginError("the handbook hooks ran before on_config")
    return _state


def pdf_enabled() -> bool:
    """``HANDBOOK_PDF`` decides; by default ``mkdocs build`` renders PDFs, serve and a
    preview (``HANDBOOK_PREVIEW``) do not."""
    return pdf_wanted(_command)


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


@reported
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _state
    root = Path(config.config_file_path).resolve().parent
    if _state is not None and _state.helper is not None:
        _state.helper.terminate()  # an earlier build (serve) stopped before its PDFs
    helper = _start_helper() if pdf_wanted(_command) else None
    try:
        _state = build = HookState.start(root, _command, config.extra)
    except BaseException:
        if helper is not None:
            helper.terminate()  # no PDFs: the build stops here
        raise
    build.helper = helper
    config.extra.update(theme_extra(build.stamp, build.example, build.handbook.public))
    build.offline_cache = _command != "serve" and not _plugin_enabled(config, "offline")
    if build.offline_cache:
        config.extra["handbook_offline_cache"] = theme_settings()
    return config


def _plugin_enabled(config: MkDocsConfig, name: str) -> bool:
    """Whether Material's plugin ``name`` is on (the offline copy's build has
    ``offline``: a page from file:// gets no service worker or manifest)."""
    plugin = config.plugins.get(f"material/{name}")
    return plugin is not None and bool(getattr(plugin.config, "enabled", True))


@reported
def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = state()
    for page in generated_pages(build.handbook, UNITS_DIR, pdf=build.pdf,
                                history=build.history, stamp=build.stamp):
        inclusion = InclusionLevel.UNDEFINED if in_nav(page.src_uri) \
            else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.src_uri, content=page.markdown,
                                    inclusion=inclusion))
        build.pages[page.src_uri] = page
    build.chapter_files = {file.src_uri for file in files.documentation_pages()
                           if chapter_id(file.src_uri) is not None}
    if build.pdf:
        # Stand-ins so links to the PDFs resolve; on_post_build writes the real files.
        for name in [unit_pdf(unit.id) for unit in build.handbook.units] + [WHOLE_HANDBOOK_FILE]:
            files.append(File.generated(config, f"{PDF_DIR}/{name}", content=b""))
    return files


@reported
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    state().order = [page.file.src_uri for page in nav.pages]
    _title_sections(nav.items)
    return nav


def _title_sections(items: list[Any]) -> None:
    """Each section's title from the labels: mkdocs.yml names it by its key."""
    for item in items:
        if isinstance(item, Section):
            item.title = nav_title(item.title)
            _title_sections(item.children)


@reported
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point a generated page's edit link at the YAML file it was made from, and keep
    its HTML blocks away from Markdown (on_page_content puts them back)."""
    build = state()
    generated = build.pages.get(page.file.src_uri)
    if generated is None:
        return markdown
    if generated.edit_path and config.edit_uri:
        docs_edit = urljoin(config.repo_url or "", config.edit_uri)
        # edit_uri points into docs/; unit files live beside docs/.
        page.edit_url = urljoin(docs_edit, "../" + generated.edit_path)
    markdown, build.stashed[page.file.src_uri] = stash_blocks(markdown)
    return markdown


@reported
def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page is read and the region chapters rendered: start the PDFs, unless the
    last chapter already did (on_page_content)."""
    build = state()
    if build.pdf and build.pending is None:
        _start_pdfs(build, config)
    return env


@reported
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put a generated page's HTML blocks back; keep the region chapters as rendered
    (every binder prints them)."""
    build = state()
    html = restore_blocks(html, build.stashed.pop(page.file.src_uri, {}))
    if page.file.src_uri in build.pages and not in_nav(page.file.src_uri):
        # A unit page: Material's search skips it, on_page_context indexes its head.
        build.search_heads[page.file.src_uri] = page_head(html)
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    chapter = chapter_id(page.file.src_uri)
    if chapter is not None and build.pdf:
        from handbook.binder.document import Chapter
        build.chapters[page.file.src_uri] = Chapter(chapter, page.title or chapter, html)
        if build.pending is None and build.chapter_files <= set(build.chapters):
            # Every binder prints the chapters and nothing else of the pages: the PDFs
            # need not wait for the hundreds of unit pages MkDocs reads next.
            _start_pdfs(build, config)
    return html


@reported
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> TemplateContext:
    """Index a unit page's head in Material's search (after its own event skipped it)."""
    head = state().search_heads.pop(page.file.src_uri, None)
    if head is None:
        return context
    # The page's own settings again, as the theme's templates read them next.
    settings = {key: value for key, value in page.meta.pop("search").items()
                if key != "exclude"}
    if settings:
        page.meta["search"] = settings
    search = config.plugins.get("material/search")
    if search is not None and getattr(search, "search_index", None):
        search.search_index.add_entry_from_context(_SearchView(page, head))
    return context


class _SearchView:
    """What Material's search reads of a page, with only the page's head as content."""

    def __init__(self, page: Page, head: str) -> None:
        self.content = head
        self.toc = page.toc
        self.url = page.url
        self.title = page.title
        self.meta = page.meta


@reported
def on_post_build(config: MkDocsConfig) -> None:
    """Finish the site (handbook/site/finish.py, as after any other engine's build):
    the search index, finder, data files, robots, the PDFs and the service worker."""
    build = state()
    # Runs before Material's offline plugin (priority -100) turns the index into a script.
    facts = SiteFacts(config.site_name, config.use_directory_urls, build.offline_cache)
    kept = finish_site(Path(config.site_dir), build.handbook, build.stamp, facts,
                       pdfs=(lambda pdf_dir: _finish_pdfs(build, config, pdf_dir))
                       if build.pdf else None)
    if kept is not None:
        log.info("Service worker: %d files kept in the browser (%.1f MB), build %s",
                 len(kept.urls), kept.size / 1e6, kept.identity)


def _start_helper() -> Workers:
    """The PDFs' helper process, warming up (WeasyPrint, pikepdf) while the unit files
    are read and the pages rendered (workers.py)."""
    from handbook.binder.workers import warm_helper

    return warm_helper()


def _start_pdfs(build: HookState, config: MkDocsConfig) -> None:
    """Bring the PDFs up to date while MkDocs writes the pages (on_post_build waits)."""
    from handbook.binder.build import Pending
    from handbook.binder.document import Inputs

    printed_url = stable_root(config.site_url, printed_alias(config.extra),
                              setting(MIKE_VERSION_ENV) or None)
    inputs = Inputs(build.chapters_in_order(), build.stamp.release, printed_url,
                    today(), build.history, example=build.example)
    build.pending = Pending(build.handbook, inputs, build.stamp, build.root / PDF_CACHE_DIR,
                            shard=build.shard, helper=build.helper)
    build.helper = None  # the PDFs' thread ends it


def _finish_pdfs(build: HookState, config: MkDocsConfig, pdf_dir: Path) -> None:
    if build.pending is None:
        raise PluginError("the PDFs were never started (on_env did not run)")
    report = build.pending.finish(pdf_dir)
    if build.shard is not None:
        _remove_stand_ins(pdf_dir)
        log.info("PDF shard %s: rendered %d (%s), unchanged %d; whole handbook left to the "
                 "assembling build", build.shard, len(report.rendered),
                 ", ".join(report.rendered) or "none", len(report.reused))
        return
    log.info("PDF binders: rendered %d (%s), unchanged %d; whole handbook %s",
             len(report.rendered), ", ".join(report.rendered) or "none", len(report.reused),
             "rendered" if report.handbook_rendered else "unchanged")
    if not build.stamp.is_draft:
        from handbook.binder.reprint_page import write_reprint_lists

        since = write_reprint_lists(build.handbook, build.root, build.stamp.release,
                                    pdf_dir.parent, config.use_directory_urls)
        log.info("Sheets to reprint since %s on the unit pages", since or "(no earlier "
                 "release published)")


def _remove_stand_ins(pdf_dir: Path) -> None:
    """A shard's build renders some binders only: leave no empty stand-in that could
    pass for another binder."""
    for path in pdf_dir.glob("*.pdf"):
        if path.stat().st_size == 0:
            path.unlink()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> None:
    """Reload on template and label changes too (``watch:`` covers units/)."""
    server.watch(str(Path(handbook.__file__).parent))
