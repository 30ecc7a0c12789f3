"""Small text helpers shared by the page builders."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_SWEDISH_ORDER = str.maketrans({"å": "z\x01", "ä": "z\x02", "ö": "z\x03",
                                "æ": "z\x02", "ø": "z\x03"})


def md_escape(text: object) -> Markup:
    """Text safe to place in Markdown: HTML escaped, Markdown syntax neutralised.

    Braces are escaped too, so a unit name cannot smuggle ``{: onclick=…}``
    attributes into a heading through the attr_list extension.
    """
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(str(text)))))


def swedish_key(text: str) -> str:
    """Sort key that puts å, ä, ö after z, as a Swedish reader expects."""
    return text.casefold().translate(_SWEDISH_ORDER)
