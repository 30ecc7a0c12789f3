"""The id rule, in one place: unit ids (the file names under units/), group ids,
and the ids of list items that merge across layers.

An id is lower-case a–z, digits and single hyphens inside, so it is safe as a
file name, a URL path segment and an HTML anchor.
"""

from __future__ import annotations

import re
import unicodedata

from ..labels import message

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID = re.compile(ID_PATTERN)
EXAMPLE = "vc-angen"
CHARACTERS = message("editor.ids.characters")  # the rule, as editors read it
RULE = message("editor.ids.rule", characters=CHARACTERS)


def is_id(text: str) -> bool:
    """Whether ``text`` is a valid id (unit file stem, list item id)."""
    return ID.match(text) is not None


def id_problem(text: str, *, file_name: bool = False, guess: bool = False) -> str:
    """The message for a text that is not an id; ``file_name``: ``text`` is a file's
    name under units/; ``guess``: suggest a valid id made from ``text``."""
    if file_name:
        return message("editor.ids.bad_file_name", name=text, rule=RULE, example=EXAMPLE)
    suggestion = suggest_id(text) if guess else ""
    hint = (message("editor.ids.did_you_mean", suggestion=suggestion)
            if suggestion and suggestion != text else "")
    return message("editor.ids.bad_id", value=text, rule=RULE, example=EXAMPLE, hint=hint)


def suggest_id(text: str) -> str:
    """A valid id close to ``text``: 'Vårdcentralen Ängen' → 'vardcentralen-angen'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", plain.lower()))
