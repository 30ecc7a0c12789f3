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
import unicodedata

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
    name = NAMES.get(char) or (
        message("editor.text.control_char") if unicodedata.category(char) == "Cc" else
        message("editor.text.wide_char") if "\uff01" <= char <= "\uff5e" else
        message("editor.text.other_char"))
    return message("editor.text.char", code=f"{ord(char):04X}", name=name)


def char_label(char: str) -> str:
    """'U+200B, nollbrett mellanslag': for a message that puts it in parentheses."""
    name = char_name(char)
    return name.replace(" (", ", ", 1)[:-1] if name.endswith(")") else name


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


# --- characters pasted from Word, Outlook and web pages -------------------------------
# CONTRIBUTING.md ("Tecken från Word, Outlook och Anteckningar") has the same table.
#
# Invisible characters: refused in every field and key, named with their column.
# They hide a person from a search, break a link and make an id differ from the
# one it looks like.
INVISIBLE = frozenset("\u200b\u2060\ufeff\u00ad\u180e\u200e\u200f\u2061\u2062\u2063\u2064")
# Joiners belong to some scripts and to emoji sequences: kept in texts, refused in
# every other kind (an id, a number, an address is never written with one).
JOINERS = frozenset("\u200c\u200d")
# Spaces that look like a space but are not one: to YAML (an indent, the space
# after a colon), to a phone link, to an id.
HARD_SPACES = frozenset("\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006"
                        "\u2008\u205f\u3000")
# Dashes that word processors write for '-' (Word's AutoFormat turns '-' into '–').
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
# Quotation marks around a whole value (“…”, ”…”, ‘…’, »…«): a word processor's
# quotes, where YAML's are '"' and "'".
OPEN_QUOTES = {"\u201c": "\u201d\u201c", "\u201d": "\u201d\u201c", "\u201e": "\u201d\u201c",
               "\u2018": "\u2019\u2018", "\u2019": "\u2019\u2018", "\u00bb": "\u00ab\u00bb",
               "\u00ab": "\u00bb\u00ab"}
DOUBLE_QUOTES = "\u201c\u201d\u201e\u00ab\u00bb"
# What Word writes at the start of a pasted list item.
BULLETS = frozenset("\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u2219\u25a0\u25a1\uf0b7"
                    "\u2013\u2014")


def char_kind(char: str) -> str:
    """How a message speaks of ``char``: invisible, space, dash, quote, wide or other."""
    if char in INVISIBLE or char in JOINERS:
        return "invisible"
    if char in HARD_SPACES:
        return "space"
    if char in DASHES:
        return "dash"
    if char in OPEN_QUOTES or char in "\u201d\u2019\u00ab":
        return "quote"
    if "\uff01" <= char <= "\uff5e":
        return "wide"
    return "other"


def pasted_char(text: str, *, code: bool) -> int:
    """The index of the first character in ``text`` that is invisible (or, in a value
    that is a ``code`` — an id, a number, an address — also a joiner), or -1."""
    refused = INVISIBLE | JOINERS if code else INVISIBLE
    return next((i for i, c in enumerate(text) if c in refused), -1)


def unwrap_quotes(text: str) -> str | None:
    """``text`` without the word processor's quotation marks when they wrap the whole
    value and appear nowhere inside it (an apostrophe between letters may: O’Brien);
    None when they do not wrap it."""
    if len(text) < 3 or text[0] not in OPEN_QUOTES or text[-1] not in OPEN_QUOTES[text[0]]:
        return None
    inner = text[1:-1]
    if text[0] in DOUBLE_QUOTES:
        return None if any(c in DOUBLE_QUOTES for c in inner) else inner
    for i, c in enumerate(inner):
        if c == "\u2018" or (c == "\u2019" and not (0 < i < len(inner) - 1 and
                                                     inner[i - 1].isalpha() and
                                                     inner[i + 1].isalpha())):
            return None
    return inner
