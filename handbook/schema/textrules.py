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

from .limits import MAX_LINE_CHARS

BIDI = frozenset(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Unicode's control characters (category Cc) are exactly U+0000–U+001F and U+007F–U+009F.
SURROGATES = "\ud800-\udfff"
REFUSED_IN_ONE_LINE = re.compile(
    f"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069{SURROGATES}]")
REFUSED_IN_MULTILINE = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069{SURROGATES}]")

NAMES = {
    "\n": "radbrytning", "\t": "tabb", "\r": "vagnretur, \\r", "\f": "sidmatning, \\f",
    "\v": "vertikal tabb, \\v", "\0": "nolltecken, \\0", "\x1b": "escape, \\e",
    "\x85": "radbrytning NEL", "\u2028": "radseparator", "\u2029": "styckeseparator",
    "\u202a": "vänster-till-höger-inbäddning", "\u202b": "höger-till-vänster-inbäddning",
    "\u202c": "slut på inbäddning", "\u202d": "vänster-till-höger-åsidosättning",
    "\u202e": "höger-till-vänster-åsidosättning", "\u2066": "vänster-till-höger-isolering",
    "\u2067": "höger-till-vänster-isolering", "\u2068": "första stark isolering",
    "\u2069": "slut på isolering",
}


def char_name(char: str) -> str:
    """'U+000C (sidmatning, \\f)'."""
    name = NAMES.get(char, "styrtecken")
    return f"U+{ord(char):04X} ({name})"


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
            return (f"texten är {len(text)} tecken lång; ett fält på en rad får vara högst "
                    f"{MAX_LINE_CHARS} tecken; korta texten")
        return ""
    refused = found.group()
    if "\ud800" <= refused <= "\udfff":
        return (f"'\\u{ord(refused):04x}' är inget tecken (ett ensamt surrogat, halva ett "
                "tecken utanför det grundläggande planet); ta bort escape-sekvensen eller "
                "skriv tecknet självt, t.ex. '😀' i stället för '\\ud83d\\ude00'")
    if refused in BIDI:
        return (f"tecknet {char_name(refused)} är inte tillåtet: det syns inte men kan dölja "
                "eller kasta om ord; ta bort det, eller skriv om värdet för hand om det är "
                "inklistrat")
    hint = f", t.ex. '{example}'" if example else ""
    if not multiline and refused in "\n\r\x85\u2028\u2029":
        if block and "\n" not in text.rstrip("\n"):
            return ("fältet är en rad, men '|' och '>' ger en radbrytning sist i värdet; "
                    f"skriv värdet på samma rad som nyckeln{hint}")
        return ("fältet är en rad och får inte innehålla radbrytningar; skriv värdet på en "
                f"rad{hint}")
    if refused == "\t" and not multiline:
        return (f"tecknet {char_name(refused)} är inte tillåtet i ett fält på en rad; skriv "
                "ett blanksteg i stället")
    if refused in "\r\x85\u2028\u2029":
        return (f"tecknet {char_name(refused)} är inte tillåtet; skriv en vanlig "
                "radbrytning i stället")
    return f"tecknet {char_name(refused)} är inte tillåtet i en text; ta bort det"


def visible(text: str) -> str:
    """``text`` with every refused character written as an escape (``\\x0c``,
    ``\\u202e``), so a message that quotes editor text cannot break a terminal,
    a CI log line or the reading order."""
    return REFUSED_IN_ONE_LINE.sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
