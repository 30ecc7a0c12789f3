"""The generated pages as ordinary files: a project that plain MkDocs can build.

The hooks hand the generated pages to MkDocs in memory. ``write_pages`` writes
the same pages (``generated_pages``) as Markdown files into a copy of the docs
folder, next to a ``mkdocs.yml`` without ``hooks:``, so that ``mkdocs build``
with no hooks (or another engine that reads ``mkdocs.yml`` but ignores hooks)
builds the same page tree. What the hooks add to the configuration (the release
stamp, the example banner) is written into ``extra:``; the unit data files
(``data/<id>.json``) are written into the docs copy.

What only a hook can do is left out, and the README says so: the Swedish
letters folded into the search index, edit links that point at the unit's YAML
file, and the PDF binders (the pages are written as with ``HANDBOOK_PDF=0``).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..data.project import Handbook
from ..errors import HandbookError
from ..history.flatten import write_unit_data
from ..history.log import read_history
from ..history.stamp import Stamp, current_stamp
from ..labels import nav_title
from ..render.pages import generated_pages
from ..routes import HISTORY_CACHE_DIR, UNITS_DIR
from .example import example_setting
from .hookstate import theme_extra

SNIPPETS = ("CONTRIBUTING.md",)  # files beside mkdocs.yml that docs/ includes
DROPPED_KEYS = ("hooks", "watch")  # watch names units/, which the copy does not have
# Unit pages are reached from the units index, not the navigation (the hooks mark
# them NOT_IN_NAV); without this MkDocs would warn about each, and --strict fail.
NOT_IN_NAV = "not_in_nav: |\n  /enheter/*.md\n  !/enheter/index.md\n"


@dataclass(frozen=True)
class Written:
    """What ``write_pages`` wrote: the generated pages and the plain mkdocs.yml."""

    pages: list[str]  # src_uri of each generated page, in generated order
    config: Path


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its settings; MkDocs' own tags (``!relative``) read as text."""


_AnyTagLoader.add_multi_constructor(
    "!", lambda loader, _suffix, node: loader.construct_scalar(node)
    if isinstance(node, yaml.ScalarNode) else None)


def read_config(config: Path) -> dict[str, Any]:
    """The mkdocs.yml as a mapping, MkDocs' own YAML tags read as plain values."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # noqa: S506
    if not isinstance(data, dict):
        raise HandbookError(f"{config}: mkdocs.yml är ingen mappning")
    return data


def write_pages(handbook: Handbook, config: Path, out: Path,
                stamp: Stamp | None = None) -> Written:
    """Write the project under ``out``: ``mkdocs.yml``, ``docs/`` with every generated
    page, the theme's custom folder and the snippets; ``out`` must not exist or be empty."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise HandbookError(f"{out}: mappen finns redan och är inte tom; välj en ny mapp")
    project = config.resolve().parent
    settings = read_config(config)
    docs = project / str(settings.get("docs_dir", "docs"))
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
    pages = generated_pages(handbook, "units", pdf=False, history=history, stamp=stamp)
    for page in pages:
        target = out / "docs" / page.src_uri
        if target.exists():
            raise HandbookError(f"{docs.name}/{page.src_uri} finns redan i docs-mappen och "
                                "skulle skrivas över av en genererad sida")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    write_unit_data(handbook, stamp.release, out / "docs" / "data")
    extra = settings.get("extra") if isinstance(settings.get("extra"), dict) else {}
    added = theme_extra(stamp, example_setting(extra or {}), handbook.public)
    target_config = out / "mkdocs.yml"
    text = plain_config(config.read_text(encoding="utf-8"), added)
    target_config.write_text(text, encoding="utf-8")
    return Written([p.src_uri for p in pages], target_config)


def plain_config(text: str, extra: dict[str, Any]) -> str:
    """``mkdocs.yml`` without the hooks (and ``watch:``), with ``extra`` added under
    ``extra:``, the navigation's sections titled from the labels (as the hooks do) and
    the unit pages kept out of the navigation. Edited as text, so comments, MkDocs' tags
    and the order of everything else stay as they were."""
    lines = _titled_sections(_drop_blocks(text.splitlines(keepends=True), DROPPED_KEYS))
    added = [f"  {key}: {json.dumps(value, ensure_ascii=False)}\n"
             for key, value in extra.items()]
    for number, line in enumerate(lines):
        if re.match(r"extra:\s*(#.*)?$", line):
            lines[number + 1:number + 1] = added
            break
        if line.startswith("extra:"):
            raise HandbookError("mkdocs.yml: 'extra:' måste vara ett block (en nyckel per "
                                "rad), inte skrivet på en rad")
    else:
        lines += ["\nextra:\n", *added]
    body = "".join(lines)
    if not body.endswith("\n"):
        body += "\n"
    return body + "\n" + NOT_IN_NAV


def _titled_sections(lines: list[str]) -> list[str]:
    """Each ``- <key>:`` of the ``nav:`` block with the section's title from the labels."""
    titled, in_nav = [], False
    for line in lines:
        if line.strip() and not line[0].isspace() and not line.startswith("-"):
            in_nav = line.startswith("nav:")
        section = re.match(r"(\s*-\s+)([A-Za-z0-9_]+):\s*(#.*)?$", line) if in_nav else None
        if section:
            title = json.dumps(nav_title(section.group(2)), ensure_ascii=False)
            line = f"{section.group(1)}{title}:\n"
        titled.append(line)
    return titled


def _drop_blocks(lines: list[str], keys: tuple[str, ...]) -> list[str]:
    """Remove each top-level ``key:`` and the indented (or ``-``) lines under it."""
    kept: list[str] = []
    dropping = False
    for line in lines:
        # A comment at the margin belongs to what follows, so it ends a block too.
        if line.strip() and not line[0].isspace() and not line.startswith("-"):
            dropping = any(line.startswith(f"{key}:") for key in keys)
        if not dropping:
            kept.append(line)
    return kept
