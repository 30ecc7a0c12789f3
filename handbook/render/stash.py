"""Raw HTML blocks of a generated page kept away from Markdown, and put back after.

A unit's page is mostly HTML the package has already rendered and escaped
(tables of values, the action card, the history). Python-Markdown passes such
a block through unchanged, but finds its end by running it through its HTML
parser (``md_in_html``), which was about a third of the site build at 300 units.
``stash_blocks`` swaps each such block for a placeholder paragraph before
Markdown runs and ``restore_blocks`` puts the block back in the HTML: the page
comes out the same, byte for byte (tests/render/test_fuzz_stash.py compares both ways).

Only a block that Markdown would pass through whole is stashed: it stands
between blank lines at the top level (not inside an open element, such as a
``markdown="1"`` group), starts with a block-level tag, closes every element it
opens, and has nothing but white space between its top-level elements. Any
other text is left to Markdown as before, which is never wrong, only slower.
"""

from __future__ import annotations

import hashlib
import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

from ..errors import HandbookError

# Elements with no closing tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
# Content Markdown or the browser reads differently from ordinary elements.
RAW = re.compile(r"<(?:!|\?|script|style|pre|textarea)", re.IGNORECASE)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>")
BLOCK = frozenset(BLOCK_LEVEL_ELEMENTS)


def _depth_change(chunk: str) -> tuple[int, bool]:
    """(opened minus closed elements, whether only white space stands between the
    chunk's top-level elements and nothing closes an element not opened in it)."""
    depth = 0
    position = 0
    clean = True
    for match in TAG.finditer(chunk):
        if depth == 0 and chunk[position:match.start()].strip():
            clean = False
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            depth -= 1
            if depth < 0:
                clean = False
        elif name not in VOID and not self_closing:
            depth += 1
        position = match.end()
    if depth == 0 and chunk[position:].strip():
        clean = False
    return depth, clean


def _stashable(chunk: str) -> bool:
    first = TAG.match(chunk)
    if first is None or first.group(1) or first.group(2).lower() not in BLOCK:
        return False
    if RAW.search(chunk) or "markdown=" in chunk or not chunk.rstrip().endswith(">"):
        return False
    depth, clean = _depth_change(chunk)
    return depth == 0 and clean


def stash_blocks(markdown: str) -> tuple[str, dict[str, str]]:
    """The Markdown with each block Markdown would pass through whole replaced by a
    placeholder paragraph, and the blocks by placeholder."""
    # The placeholder depends on the page's own text, so no text on it can name one.
    salt = hashlib.sha256(markdown.encode("utf-8")).hexdigest()[:16]
    blocks: dict[str, str] = {}
    out: list[str] = []
    depth = 0
    for chunk in re.split(r"(\n[ \t]*\n)", markdown):
        if chunk.strip() and depth == 0 and not chunk.startswith((" ", "\t")) \
                and _stashable(chunk):
            token = f"hbstash{salt}x{len(blocks)}"
            blocks[token] = chunk.strip("\n")
            out.append(token)
            continue
        if chunk.strip():
            depth = max(0, depth + _depth_change(chunk)[0])
        out.append(chunk)
    return "".join(out), blocks


class StashError(HandbookError):
    """A placeholder did not come out of Markdown as the paragraph it went in as."""


def restore_blocks(html: str, blocks: dict[str, str]) -> str:
    """The HTML with each placeholder paragraph replaced by its block."""
    if not blocks:
        return html
    found: set[str] = set()

    def block(match: re.Match[str]) -> str:
        found.add(match.group(1))
        # Markdown ends a raw block with a blank line (a paragraph with a newline), and
        # ends the page with no line break.
        return blocks[match.group(1)] + ("\n" if match.end() < len(html) else "")

    pattern = re.compile(r"<p>(" + "|".join(map(re.escape, blocks)) + r")</p>")
    html = pattern.sub(block, html)
    if len(found) != len(blocks):
        missing = sorted(set(blocks) - found)
        raise StashError(f"{len(missing)} HTML block(s) did not come back, first {missing[0]}")
    return html
