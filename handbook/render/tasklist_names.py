"""Markdown extension: each checkbox of a task list ("- [ ] …") is named by its item.

pymdownx.tasklist draws a checkbox inside an empty ``<label>``, which leaves the
box without an accessible name (axe-core: "Form elements must have labels").
This names each box by its item's text, as the unit pages' checklists do. Load
it after ``pymdownx.tasklist`` (``markdown_extensions`` in ``mkdocs.yml``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from html import escape
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

NESTED_LISTS = ("ul", "ol")


class _NameCheckboxes(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for item in root.iter("li"):
            if "task-list-item" in (item.get("class") or "").split():
                self._name(item)

    def _name(self, item: etree.Element) -> None:
        """pymdownx.tasklist stashes the checkbox's HTML at the start of the item's
        text (or of its first paragraph); add the name to that stashed HTML."""
        holder = item if item.text else next(iter(item), None)
        match = HTML_PLACEHOLDER_RE.match(holder.text or "") if holder is not None else None
        if match is None:
            return
        blocks = self.md.htmlStash.rawHtmlBlocks
        index = int(match.group(1))
        name = escape(item_text(item), quote=True)
        blocks[index] = str(blocks[index]).replace(
            '<input type="checkbox"', f'<input type="checkbox" aria-label="{name}"', 1)


def item_text(item: etree.Element) -> str:
    """The item's own words: its text and inline children, not a nested list."""
    parts = [item.text or ""]
    for child in item:
        if child.tag in NESTED_LISTS:
            break
        parts.extend(child.itertext())
        parts.append(child.tail or "")
    return " ".join(HTML_PLACEHOLDER_RE.sub("", "".join(parts)).split())


class TaskListNames(Extension):
    """Markdown extension: name each task list box by its item, for screen readers."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        """Register the tree processor that names the boxes."""
        # After pymdownx.tasklist (priority 25), which makes the checkboxes.
        md.treeprocessors.register(_NameCheckboxes(md), "task-list-names", 5)


def makeExtension(**kwargs: Any) -> TaskListNames:  # noqa: N802 - Markdown's entry point
    """The extension, as Markdown loads it by module name."""
    return TaskListNames(**kwargs)
