"""The generated pages as ordinary files: a project that plain MkDocs can build.

The hooks hand the generated pages to MkDocs in memory. ``write_pages`` writes
the same pages (``generated_pages``) as Markdown files into a copy of the docs
folder, next to a ``mkdocs.yml`` without ``hooks:``, so that ``mkdocs build``
with no hooks (or another engine that reads ``mkdocs.yml`` but ignores hooks)
builds the same page tree. What the hooks add to the configuration (the release
stamp, the example banner, the service worker's settings) is written into
``extra:``; the unit data files (``data/<id>.json``) are written into the docs
copy. The configuration is written as plain YAML any engine reads
(``engine_config.py``). What the hooks do after the pages are built, ``python -m
handbook finish SITE_DIR`` does after such a build (``finish.py``).

With ``pdf`` (``HANDBOOK_PDF`` not 0) the pages link the binders, as the hooks
build's do, and ``docs/pdf/`` holds an empty stand-in for each PDF so that the links
resolve (``--strict``); ``finish`` renders the real ones over them. Left out: edit
links that point at the unit's YAML file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..data.project import Handbook
from ..errors import HandbookError
from ..history.flatten import write_unit_data
from ..history.log import read_history
from ..history.stamp import Stamp, current_stamp
from ..render.pages import generated_pages
from ..routes import HISTORY_CACHE_DIR, PDF_DIR, UNITS_DIR, WHOLE_HANDBOOK_FILE, unit_pdf
from .engine_config import plain_config, plugin_names, read_config, resolved_config
from .example import example_setting
from .hookstate import theme_extra
from .service_worker import theme_settings

__all__ = ["Written", "read_config", "write_pages"]

SNIPPETS = ("CONTRIBUTING.md",)  # files beside mkdocs.yml that docs/ includes


@dataclass(frozen=True)
class Written:
    """What ``write_pages`` wrote: the generated pages and the plain mkdocs.yml."""

    pages: list[str]  # src_uri of each generated page, in generated order
    config: Path


def write_pages(handbook: Handbook, config: Path, out: Path,
                stamp: Stamp | None = None, pdf: bool = False) -> Written:
    """Write the project under ``out``: ``mkdocs.yml``, ``docs/`` with every generated
    page, the theme's custom folder and the snippets; ``out`` must not exist or be empty.
    With ``pdf``, the pages link the PDF binders (stand-ins in ``docs/pdf/``)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise HandbookError(f"{out}: mappen finns redan och är inte tom; välj en ny mapp")
    project = config.resolve().parent
    settings = resolved_config(config)
    docs = project / str(settings.pop("docs_dir", "docs"))
    shutil.copytree(docs, out / "docs")
    theme = settings.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir:
        shutil.copytree(project / str(custom_dir), out / str(custom_dir))
    for name in SNIPPETS:
        if (project / name).is_file():
            shutil.copy2(project / name, out / name)
    stamp = stamp or current_stamp(project)
    history = read_history(project, UNITS_DIR, project / HISTORY_CACHE_DIR)
    pages = generated_pages(handbook, "units", pdf=pdf, history=history, stamp=stamp)
    for page in pages:
        _write_new(out / "docs", page.src_uri, page.markdown.encode(), docs.name)
    if pdf:  # stand-ins, as the hooks add, so that the links resolve
        for name in [unit_pdf(unit.id) for unit in handbook.units] + [WHOLE_HANDBOOK_FILE]:
            _write_new(out / "docs", f"{PDF_DIR}/{name}", b"", docs.name)
    write_unit_data(handbook, stamp.release, out / "docs" / "data")
    extra = settings.get("extra") if isinstance(settings.get("extra"), dict) else {}
    added = theme_extra(stamp, example_setting(extra or {}), handbook.public)
    if "offline" not in plugin_names(settings):  # as the hooks: not in the copy on disk
        added["handbook_offline_cache"] = theme_settings()
    target_config = out / "mkdocs.yml"
    text = plain_config(settings, added, out.resolve(), source=config.name)
    target_config.write_text(text, encoding="utf-8")
    return Written([p.src_uri for p in pages], target_config)


def _write_new(docs: Path, src_uri: str, content: bytes, docs_name: str) -> None:
    """Write a generated file into the docs copy; one the docs folder has is an error."""
    target = docs / src_uri
    if target.exists():
        raise HandbookError(f"{docs_name}/{src_uri} finns redan i docs-mappen och "
                            "skulle skrivas över av en genererad sida")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
