"""The region chapters as the binders print them, rendered without MkDocs.

The hooks take each region chapter (``docs/kapitel/*.md``) from MkDocs as it rendered
it (``on_page_content``). A site that another engine built gets its binders from
``python -m handbook finish``, which renders the chapters here instead: with
Python-Markdown and the configuration's ``markdown_extensions``, after MkDocs' own
(``toc``, ``tables``, ``fenced_code``, which MkDocs always adds first), so that the
HTML, and with it the binder, is the same as the hooks build's whichever engine built
the pages. Titled as MkDocs titles a page: ``title:`` in the front matter, or the
first element if it is a level-one heading, or the file name. The chapters come in
the navigation's order, a chapter outside it last.

Not done: MkDocs rewrites a relative link to another page (``roller.md`` →
``../roller/``); a chapter with such a link prints it as written here.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import markdown
import yaml
from markdown.treeprocessors import Treeprocessor

from ..binder.document import Chapter
from ..errors import HandbookError
from ..routes import CHAPTERS_DIR, chapter_id
from .engine_config import untagged

# MkDocs' own extensions, always first (mkdocs/config/defaults.py).
BUILTINS = ("toc", "tables", "fenced_code")
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def region_chapters(settings: Mapping[str, Any], config_dir: Path) -> list[Chapter]:
    """Every region chapter of the docs folder, rendered as MkDocs renders it, in the
    navigation's order (``settings``: the resolved configuration, ``config_dir`` the
    folder of its file)."""
    docs = config_dir / str(settings.get("docs_dir") or "docs")
    names, configs = markdown_extensions(settings, config_dir)
    order = nav_paths(settings.get("nav"))
    sources = sorted((path.relative_to(docs).as_posix() for path in
                      (docs / CHAPTERS_DIR).rglob("*.md")),
                     key=lambda src: (order.index(src) if src in order else len(order), src))
    chapters = []
    for src in sources:
        text, meta = _front_matter((docs / src).read_text(encoding="utf-8-sig"))
        md = markdown.Markdown(extensions=names, extension_configs=configs)
        title = _TitleTreeprocessor()
        title.register_on(md)
        html = md.convert(text)
        name = chapter_id(src) or src
        chapters.append(Chapter(name, str(meta.get("title") or title.title
                                          or _file_title(src)), html))
    return chapters


def markdown_extensions(settings: Mapping[str, Any], config_dir: Path
                        ) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The extensions MkDocs loads for ``settings``, in its order, and their options
    (``!relative`` resolved against ``config_dir``)."""
    names: list[str] = list(BUILTINS)
    configs: dict[str, dict[str, Any]] = {}
    for entry in settings.get("markdown_extensions") or []:
        name, options = (entry, None) if isinstance(entry, str) else next(iter(entry.items()))
        if name not in names:
            names.append(str(name))
        if options:
            configs[str(name)] = untagged(dict(options), config_dir)
    return names, configs


def nav_paths(nav: Any) -> list[str]:
    """The page paths of a ``nav:`` in its order (titles and sections skipped)."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, Mapping):
        return [path for value in nav.values() for path in nav_paths(value)]
    if isinstance(nav, list):
        return [path for entry in nav for path in nav_paths(entry)]
    return []


class _TitleTreeprocessor(Treeprocessor):
    """The page's first element's text if it is a level-one heading (as MkDocs'
    ``_ExtractTitleTreeprocessor``, run close to the end)."""

    title: str | None = None

    def register_on(self, md: markdown.Markdown) -> None:
        self.md = md
        md.treeprocessors.register(self, "handbook_title", priority=1)

    def run(self, root: etree.Element) -> None:
        for element in root:
            if element.tag == "h1":
                self.title = _heading_text(self.md, element)
            break


def _heading_text(md: markdown.Markdown, element: etree.Element) -> str:
    """A heading's text without its permalink, tags or entities, spaces collapsed."""
    heading = copy.deepcopy(element)
    for child in list(heading):
        if "headerlink" in (child.get("class") or ""):
            heading.remove(child)
    text = re.sub(r"<!--.*?-->|<[^>]*>", "", md.serializer(heading))
    unescape = md.treeprocessors["unescape"]  # Python-Markdown's own, always registered
    return " ".join(unescape.unescape(text).split())  # type: ignore[attr-defined]


def _front_matter(text: str) -> tuple[str, dict[str, Any]]:
    """The Markdown without its YAML front matter, and the front matter."""
    found = _FRONT_MATTER.match(text)
    if found is None:
        return text, {}
    try:
        meta = yaml.safe_load(found.group(1))
    except yaml.YAMLError as error:
        raise HandbookError(f"framsidans YAML går inte att läsa: {error}") from None
    if not isinstance(meta, dict):
        return text, {}
    return text[found.end():].lstrip("\n"), meta


def _file_title(src: str) -> str:
    name = Path(src).stem.replace("-", " ").replace("_", " ")
    return name.capitalize() if name.lower() == name else name
