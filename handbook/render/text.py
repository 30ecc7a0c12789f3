"""Small text helpers shared by the page builders."""

from __future__ import annotations

import re

from markupsafe import Markup

# The characters Python-Markdown (with the tables extension) takes a backslash escape
# for. A backslash before any other character stays on the page, so "~" (no extension
# here gives it a meaning) is left as it is.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_HTML_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_SWEDISH_ORDER = str.maketrans({"å": "z\x01", "ä": "z\x02", "ö": "z\x03",
                                "æ": "z\x02", "ø": "z\x03"})


def md_escape(text: object) -> Markup:
    """Text safe to place in Markdown: HTML escaped, Markdown syntax neutralised.

    Braces are escaped too, so a unit name cannot smuggle ``{: onclick=…}``
    attributes into a heading through the attr_list extension. Quotes stay as they
    are: the text lands in element content, never in an attribute, and an entity
    such as ``&#34;`` would have its "#" escaped as well, which MkDocs then shows
    as "&#34;" in the page title, the header and the search index.
    """
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(text).translate(_HTML_SPECIAL)))


def swedish_key(text: str) -> str:
    """Sort key that puts å, ä, ö after z, as a Swedish reader expects."""
    return text.casefold().translate(_SWEDISH_ORDER)
