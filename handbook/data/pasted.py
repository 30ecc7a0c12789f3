"""The layout a word processor or Notepad leaves in a file, made YAML's before it is read.

Each change here is one that cannot alter what a value says (CONTRIBUTING.md,
"Tecken från Word, Outlook och Anteckningar", lists them for editors):

- a BOM (U+FEFF) at the very start of the file, which Notepad writes;
- a hard space (U+00A0 and its kin) in a line's indent, between a list's '-' and
  its text, or right after a key's colon: it becomes a space;
- a tab between a list's '-' and its text, or right after a key's colon: a space;
- hard spaces and tabs at the end of a line, after the last character: removed.

In a text written with '|' or '>' only a hard space in the indent is changed: the
rest of each line is the text's own.

Every replacement is one character for one, so each line and column a message
names is the one in the editor's file (the BOM is no column in any editor).
A tab in the indent itself is not replaced: how wide it was meant is unknown, and
the message says so (yaml_errors.py).
"""

from __future__ import annotations

import re

from ..schema.textrules import HARD_SPACES

_HARD = "".join(sorted(HARD_SPACES))
# The indent, then any '-' of list items, each followed by spaces, hard spaces or tabs.
_LEAD = re.compile(f"^([ {_HARD}]*)((?:-[ \t{_HARD}]+)*)")
# A key at the start of the (already unindented) line, and what follows its colon.
_KEY_GAP = re.compile(f"^([A-Za-z_][A-Za-z0-9_]*):([ \t{_HARD}]+)")
# A key or list item whose value is a '|' or '>' text on the lines below.
_BLOCK = re.compile(r"(:|^ *-)[ \t]+[|>][-+0-9]*[ \t]*(#.*)?$")
_TRAILING = re.compile(f"[ \t{_HARD}]+$")
_SPACES = str.maketrans({c: " " for c in _HARD + "\t"})


def tidy(text: str) -> str:
    """``text`` with the safe layout changes above."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not any(c in text for c in _HARD + "\t"):
        return text
    lines = []
    block = -1  # the indent of the key whose '|' or '>' text the lines are in, or -1
    for line in text.splitlines(keepends=True):
        tidied = _line(line, text_line=block >= 0 and _in_block(line, block))
        if not (block >= 0 and _in_block(line, block)):
            block = -1
            if _BLOCK.search(tidied.rstrip("\r\n")):
                block = len(tidied) - len(tidied.lstrip(" "))
        lines.append(tidied)
    return "".join(lines)


def _in_block(line: str, indent: int) -> bool:
    """Whether ``line`` belongs to a '|' or '>' text under a key indented ``indent``."""
    body = line.rstrip("\r\n")
    lead = len(body) - len(body.lstrip(" " + _HARD))
    return not body.strip(" " + _HARD + "\t") or lead > indent


def _line(line: str, text_line: bool = False) -> str:
    """The line with its layout tidied; in a '|' or '>' text (``text_line``) only the
    indent, as every other character there is the text's own."""
    body = line.rstrip("\r\n")
    end = line[len(body):]
    lead = _LEAD.match(body)
    assert lead is not None  # the pattern matches the empty string
    if text_line:
        indent = len(body) - len(body.lstrip(" " + _HARD))
        return body[:indent].translate(_SPACES) + body[indent:] + end
    start = lead.group(0).translate(_SPACES)
    rest = body[lead.end():]
    gap = _KEY_GAP.match(rest)
    if gap is not None:
        rest = f"{gap[1]}:{gap[2].translate(_SPACES)}{rest[gap.end():]}"
    body = start + rest
    trailing = _TRAILING.search(body)
    if trailing is not None and any(c != " " for c in trailing.group()):
        body = body[:trailing.start()] + trailing.group().replace("\t", "").translate(
            str.maketrans("", "", _HARD))
    return body + end
