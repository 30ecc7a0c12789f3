"""MkDocs hooks: each event makes one call into the ``handbook`` package.

Unit files are loaded once per build in ``on_config``; problems in them stop
the build with the same ``path:line:col: field: message`` lines as
``python -m handbook validate``. Pages are generated in memory, never written
into ``docs/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

import handbook
from handbook import Handbook, UnitFileError, load_handbook
from handbook.render.pages import GeneratedPage, generated_pages

UNITS_DIR = "units"

_state: dict[str, object] = {}


def _project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _project_dir(config)
    try:
        _state["handbook"] = load_handbook(root / UNITS_DIR, base=root)
    except UnitFileError as error:
        raise PluginError(f"{len(error.problems)} problem(s) in the unit files:\n{error}") from None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    handbook = _state["handbook"]
    assert isinstance(handbook, Handbook)
    pages: dict[str, GeneratedPage] = {}
    for page in generated_pages(handbook, UNITS_DIR):
        inclusion = InclusionLevel.NOT_IN_NAV if page.src_uri.startswith("enheter/") \
            and page.src_uri != "enheter/index.md" else InclusionLevel.UNDEFINED
        file = File.generated(config, page.src_uri, content=page.markdown,
                              inclusion=inclusion)
        files.append(file)
        pages[page.src_uri] = page
    _state["pages"] = pages
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Point a generated page's edit link at the YAML file it was made from."""
    pages = _state["pages"]
    assert isinstance(pages, dict)
    generated = pages.get(page.file.src_uri)
    if generated and generated.edit_path and config.edit_uri:
        docs_edit = urljoin(config.repo_url or "", config.edit_uri)
        # edit_uri points into docs/; unit files live beside docs/.
        page.edit_url = urljoin(docs_edit, "../" + generated.edit_path)
    return markdown


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> None:
    """Reload on template and label changes too (``watch:`` covers units/)."""
    server.watch(str(Path(handbook.__file__).parent))
