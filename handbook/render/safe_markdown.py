"""Markdown for editor-written fields: no raw HTML, no images, only safe links.

Unit files come from pull requests and end up in pages every member of staff
opens, so a Markdown field may format text and link to https/http/mailto/tel
addresses, and nothing else.

A plan text is also rendered as its editor wrote it (issue 27): only lists,
``**bold**``, ``*emphasis*``, links, ``` `code` ``` and a ``---`` line format it.
A ``#`` or ``>`` at the start of a line, a ``===`` line, an indented line, a
backslash, an underscore and a ``[x]: …`` line are text; a list typed right after
a line of text is a list, and ``1)`` numbers one as ``1.`` does; a bare
``https://`` address is a link, which ends at the first character that cannot be
in an address (a quotation mark, ``<``, ``>``, a brace, a space).
tests/render/test_plan_text_markdown.py holds
the table of cases.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.extensions.sane_lists import SaneOListProcessor, SaneUListProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..schema.fields import LINK_SCHEMES
from .phones import find_phones, tel_href

_REMOVED_INLINE = ("html", "image_link", "image_reference", "short_image_ref",
                   # a backslash is a character (\\server\share), not an escape
                   "escape")
# Headings, quotes, code blocks and link definitions: a "# TODO", "> 30 min" or
# indented line is text, and a "[1]: …" line stays.
_REMOVED_BLOCKS = ("code", "hashheader", "setextheader", "quote", "reference")

# A list item as an editor types it: "-", "*", "+", "1." or "1)" and a space.
_ITEM = re.compile(r"[ \t]{0,3}(?:([*+-])|\d+[.)])[ \t]+\S")


def _kind(match: re.Match[str]) -> str:
    return "ul" if match.group(1) else "ol"


class _PlanLines(Preprocessor):
    """Lines as an editor means them: a list may follow a text line without a blank
    line, a line of text after a list (not indented) is text again, bullets after
    numbered steps are a list of their own, and indentation outside a list is not a
    code block."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        kind = ""  # the list the lines are in, "ul" or "ol"; "" outside a list
        blank = True
        for line in lines:
            if not line.strip():
                out.append("")
                blank = True
                continue
            indented = line[:1] in (" ", "\t")
            item = _ITEM.match(line)
            if kind and not indented and (item is None or _kind(item) != kind):
                kind = ""  # the list ends: text again, or a list of another kind
                if not blank:
                    out.append("")
                    blank = True
            if not kind:
                line = line.lstrip(" \t")
                item = _ITEM.match(line)
                if item is not None:
                    if not blank:
                        out.append("")
                    kind = _kind(item)
            out.append(line)
            blank = False
        return out


def _indent_re(tab: int) -> re.Pattern[str]:
    """A nested item of either kind, one level in."""
    return re.compile(rf"^[ ]{{{tab},{tab * 2 - 1}}}((\d+[.)])|[*+-])[ ]+.*")


class _OList(SaneOListProcessor):
    """Numbered items written "1." or "1)"."""

    def __init__(self, parser: markdown.blockparser.BlockParser) -> None:
        super().__init__(parser)
        last = self.tab_length - 1
        self.RE = re.compile(rf"^[ ]{{0,{last}}}\d+[.)][ ]+(.*)")
        self.CHILD_RE = re.compile(rf"^[ ]{{0,{last}}}((\d+[.)]))[ ]+(.*)")
        self.INDENT_RE = _indent_re(self.tab_length)


class _UList(SaneUListProcessor):
    """Bullet items, with numbered items written "1)" nested in them."""

    def __init__(self, parser: markdown.blockparser.BlockParser) -> None:
        super().__init__(parser)
        self.INDENT_RE = _indent_re(self.tab_length)


# Characters that cannot stand in an address (RFC 3986: they must be percent-encoded)
# and whitespace. A bare address ends at the first of them: in text such as
# ``<iframe src="https://x.example">`` the address is https://x.example, not with ``">``.
_NOT_IN_URL = re.compile(r'[\s"<>\\^`{|}\x00-\x1f\x7f]')
# What a sentence puts after an address, not part of it (magiclink trims these too).
_TRAILING = ".,:;!?'"


class _UrlEnds(Treeprocessor):
    """A bare address (magiclink's link whose text is its address) ends where a
    character that cannot be in an address begins; the rest is text after the link."""

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if len(link) or link.text != href:
                continue
            cut = _NOT_IN_URL.search(href)
            if cut is None:
                continue
            kept = href[:cut.start()].rstrip(_TRAILING)
            link.set("href", kept)
            link.text = kept
            link.tail = href[len(kept):] + (link.tail or "")


class _SafeLinks(Treeprocessor):
    """Drop the address of any link whose scheme is not allowed (keep its text); a
    link whose text is its address is marked as one (``hb-url``: the binder does
    not print the address after it again)."""

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            scheme = href.split(":", 1)[0].lower() if ":" in href else ""
            if scheme not in LINK_SCHEMES:
                link.tag = "span"
                link.attrib.clear()
            elif len(link) == 0 and link.text == href:
                link.set("class", "hb-url")


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
    md = markdown.Markdown(extensions=["sane_lists", "pymdownx.magiclink"],
                           output_format="html")
    md.preprocessors.deregister("html_block")
    md.preprocessors.register(_PlanLines(md), "plan_lines", 15)
    for name in _REMOVED_INLINE:
        md.inlinePatterns.deregister(name)
    for name in _REMOVED_BLOCKS:
        md.parser.blockprocessors.deregister(name)
    md.parser.blockprocessors.register(_OList(md.parser), "olist", 40)
    md.parser.blockprocessors.register(_UList(md.parser), "ulist", 30)
    if md.delimiters is not None:  # an underscore is a character (reserv_rutiner)
        md.delimiters.remove("_")
    md.treeprocessors.register(_UrlEnds(md), "url_ends", 2)  # before the phone numbers
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
