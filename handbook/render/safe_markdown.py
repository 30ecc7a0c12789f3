"""Markdown for editor-written fields: no raw HTML, no images, only safe links.

Unit files come from pull requests and end up in pages every member of staff
opens, so a Markdown field may format text and link to https/http/mailto/tel
addresses, and nothing else.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..schema.fields import LINK_SCHEMES
from .phones import find_phones, tel_href

_REMOVED_INLINE = ("html", "image_link", "image_reference", "short_image_ref")


class _SafeLinks(Treeprocessor):
    """Drop the address of any link whose scheme is not allowed (keep its text)."""

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            scheme = href.split(":", 1)[0].lower() if ":" in href else ""
            if scheme not in LINK_SCHEMES:
                link.tag = "span"
                link.attrib.clear()


class PhoneLinks(Treeprocessor):
    """Phone numbers in the text become tel: links (not inside links or code)."""

    SKIP = ("a", "code", "pre")

    def run(self, root: etree.Element) -> None:
        """Replace raw HTML and unsafe links in the tree with their text."""
        for parent in list(root.iter()):
            if parent.tag in self.SKIP:
                continue
            for child in list(parent):
                if child.tail:
                    child.tail = self._split(parent, list(parent).index(child) + 1,
                                             child.tail)
            if parent.text:
                parent.text = self._split(parent, 0, parent.text)

    @staticmethod
    def _split(parent: etree.Element, at: int, text: str) -> str:
        """Put a link for each number at position ``at``; return the text before them."""
        spans = find_phones(text)
        if not spans:
            return text
        for number, (start, end) in enumerate(spans):
            link = etree.Element("a", {"class": "hb-phone", "href": tel_href(text[start:end])})
            link.text = text[start:end]
            following = spans[number + 1][0] if number + 1 < len(spans) else len(text)
            link.tail = text[end:following]
            parent.insert(at + number, link)
        return text[:spans[0][0]]


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    for name in _REMOVED_INLINE:
        md.inlinePatterns.deregister(name)
    md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)
    md.treeprocessors.register(PhoneLinks(md), "phone_links", 1)
    return md


def to_html(text: str) -> Markup:
    """Render editor Markdown to HTML with raw HTML shown as text."""
    if type(text) is str:  # not a subclass such as Markup, which would share a key
        return _cached_html(text)
    return _render(text)


@lru_cache(maxsize=8192)
def _cached_html(text: str) -> Markup:
    # Most Markdown on the pages is the region's and the groups' text, the same for
    # hundreds of units: rendered once per build, not once per unit.
    return _render(text)


def _render(text: str) -> Markup:
    md = _converter()
    md.reset()
    return Markup(md.convert(text))
