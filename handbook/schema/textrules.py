"""Which characters a value may contain, and how editor text is shown in messages.

The rule (CONTRIBUTING.md says the same to editors):

- No field accepts the bidirectional controls U+202A–U+202E and U+2066–U+2069.
  They are invisible, and can hide or reorder words in a crisis document.
- A Markdown field (several lines) accepts line breaks and tabs, and no other
  control character (Unicode category Cc, e.g. ``\\r``, ``\\f``, ``\\0``, U+0085)
  and neither U+2028 nor U+2029.
- Every other field is one line: no control character at all, line breaks and
  tabs included, and neither U+2028 nor U+2029. A form feed made words vanish
  from the printed binder; a line break in a one-line field broke the status
  table's row.
- No field accepts a lone surrogate (U+D800–U+DFFF, written as an escape such as
  ``"\\ud800"`` in a quoted YAML value): it is no character at all, and the page
  and search index cannot be written in UTF-8 with it.
"""

from __future__ import annotations

import re

from ..labels import message, messages
from .limits import MAX_LINE_CHARS

BIDI = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Unicode's control characters (category Cc) are exactly U+0000–U+001F and U+007F–U+009F.
SURROGATES = "\ud800-\udfff"
REFUSED_IN_ONE_LINE = re.compile(
    f"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069{SURROGATES}]")
REFUSED_IN_MULTILINE = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069{SURROGATES}]")

# The Swedish name of each character a message names, by character.
NAMES = {chr(int(code, 16)): name for code, name in messages("editor.text.char_names").items()}


def char_name(char: str) -> str:
    """'U+000C (sidmatning, \\f)'."""
    name = NAMES.get(char) or message("editor.text.control_char")
    return message("editor.text.char", code=f"{ord(char):04X}", name=name)


def is_refused(char: str, multiline: bool) -> bool:
    """Whether ``char`` is refused in a value (one line or multi-line)."""
    pattern = REFUSED_IN_MULTILINE if multiline else REFUSED_IN_ONE_LINE
    return pattern.fullmatch(char) is not None


def text_problem(text: str, *, multiline: bool, block: bool, example: str) -> str:
    """The message for a value with a refused character or too long for one line;
    ``""`` when the text is fine. ``block``: written with '|' or '>'."""
    found = (REFUSED_IN_MULTILINE if multiline else REFUSED_IN_ONE_LINE).search(text)
    if found is None:
        if not multiline and len(text) > MAX_LINE_CHARS:
            return message("editor.text.too_long", length=len(text), limit=MAX_LINE_CHARS)
        return ""
    refused = found.group()
    if "\ud800" <= refused <= "\udfff":
        return message("editor.text.surrogate", escape=f"\\u{ord(refused):04x}")
    if refused in BIDI:
        return message("editor.text.bidi", char=char_name(refused))
    hint = message("editor.common.example_hint", example=example) if example else ""
    if not multiline and refused in "\n\r\x85\u2028\u2029":
        if block and "\n" not in text.rstrip("\n"):
            return message("editor.text.block_line_break", hint=hint)
        return message("editor.text.line_break", hint=hint)
    if refused == "\t" and not multiline:
        return message("editor.text.tab", char=char_name(refused))
    if refused in "\r\x85\u2028\u2029":
        return message("editor.text.odd_line_break", char=char_name(refused))
    return message("editor.text.control", char=char_name(refused))


def visible(text: str) -> str:
    """``text`` with every refused character written as an escape (``\\x0c``,
    ``\\u202e``), so a message that quotes editor text cannot break a terminal,
    a CI log line or the reading order."""
    return REFUSED_IN_ONE_LINE.sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
