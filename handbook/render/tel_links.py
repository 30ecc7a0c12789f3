"""Markdown extension for the site's own pages (region chapters, guides): phone
numbers in the text become tel: links, as in the unit files' Markdown fields.

Listed in mkdocs.yml under ``markdown_extensions`` as ``handbook.render.tel_links``.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.extensions import Extension

from .safe_markdown import PhoneLinks


class TelLinks(Extension):
    """Markdown extension: phone numbers in text become tel: links."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        """Register the tree processor that links phone numbers."""
        # After the inline patterns (20), so link texts and code are known and skipped.
        md.treeprocessors.register(PhoneLinks(md), "tel-links", 4)


def makeExtension(**kwargs: Any) -> TelLinks:  # noqa: N802 - Markdown's entry point
    """The extension, as Markdown loads it by module name."""
    return TelLinks(**kwargs)
