"""YAML syntax errors as an editor can act on them: in Swedish, on the line to fix.

PyYAML's messages ("mapping values are not allowed here", "expected <block end>")
name the parser's state, and sometimes the line after the slip. The common slips
in a unit file are recognised from the text around the mark and said with their
fix; anything else keeps the parser's words after a Swedish sentence.
"""

from __future__ import annotations

import re

import yaml

from .errors import FILE_FIELD, Problem
from .textrules import visible

GENERAL = ("kontrollera indrag (blanksteg, inte tabb), kolon efter nyckeln och "
           "citattecken som öppnas och stängs")
# "key:value" with no space: YAML reads the whole line as one text, and the error
# comes on a later line.
NO_SPACE = re.compile(r"^(\s*(?:- )?)([A-Za-z_][A-Za-z0-9_]*):(?=[^\s/])(.*)$")
KEY = re.compile(r"^(\s*(?:- )?)([A-Za-z_][A-Za-z0-9_]*): (.*)$")


def syntax_problem(display: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The problem to report for a file YAML cannot read."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    what = visible(exc.problem or "okänt fel")
    context = str(exc.context or "")
    if "expected a single document" in context + what:
        return _at(display, line, col,
                   "filen innehåller flera YAML-dokument ('---'); en enhet per fil")
    if "'\\t'" in what or "\t" in what:
        return _at(display, line, col, "en tabb i indraget: byt tabben mot blanksteg (YAML "
                   "drar in med blanksteg, två per nivå)")
    slip = _no_space_after_colon(lines, line)
    if slip is not None:
        return slip(display)
    if "mapping values are not allowed" in what and 0 < line <= len(lines):
        quoted = _quote_the_text(lines[line - 1])
        if quoted:
            return _at(display, line, col, "texten innehåller ': ', som YAML läser som en ny "
                       f"nyckel; sätt hela texten inom citattecken, t.ex. {quoted}")
    if any(sign in what for sign in INDENT_SIGNS):
        shifted = _shifted_line(lines, line)
        if shifted is not None:
            number, column, expected, above = shifted
            return _at(display, number, column,
                       f"raden är indragen till kolumn {column} men raden ovanför (rad "
                       f"{above}) börjar i kolumn {expected}: dra in raden lika långt, med "
                       "blanksteg, så hör den till samma avsnitt")
    return _at(display, line, col, f"YAML-syntaxfel: {what}; {GENERAL}")


# The parser's words when a line stands one or two columns off its siblings.
INDENT_SIGNS = ("expected <block end>", "mapping values are not allowed",
                "did not find expected key", "could not find expected ':'")


def _shifted_line(lines: list[str], error_line: int) -> tuple[int, int, int, int] | None:
    """(line, its column, the column of the line above, that line) when the error's
    line is one or two columns off the line above it: a key or a '- ' slipped."""
    if not 0 < error_line <= len(lines):
        return None
    here = lines[error_line - 1]
    above = next((n for n in range(error_line - 1, 0, -1)
                  if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
    if above is None or not here.strip():
        return None
    column = len(here) - len(here.lstrip(" ")) + 1
    expected = len(lines[above - 1]) - len(lines[above - 1].lstrip(" ")) + 1
    if 0 < abs(column - expected) <= 2:
        return error_line, column, expected, above
    return None


def _at(display: str, line: int, col: int, message: str) -> Problem:
    return Problem(display, line, col, FILE_FIELD, message)


class _Slip:
    def __init__(self, line: int, col: int, fixed: str) -> None:
        self.line, self.col, self.fixed = line, col, fixed

    def __call__(self, display: str) -> Problem:
        return _at(display, self.line, self.col, "det saknas ett blanksteg efter kolon: "
                   f"skriv '{self.fixed}'")


def _no_space_after_colon(lines: list[str], error_line: int) -> _Slip | None:
    """The error's line, or one of the two before it, that reads "key:value": the slip
    YAML reports a line or two later, as something else."""
    for number in range(min(error_line, len(lines)), max(error_line - 3, 0), -1):
        found = NO_SPACE.match(lines[number - 1])
        if found and "://" not in lines[number - 1]:
            indent, key, value = found.groups()
            return _Slip(number, len(indent) + len(key) + 2,
                         f"{indent.lstrip()}{key}: {value.strip()}")
    return None


def _quote_the_text(line: str) -> str:
    """The line with its value in quotes: 'note: "Obs: ring IT"'."""
    found = KEY.match(line)
    if not found:
        return ""
    _indent, key, value = found.groups()
    value = value.strip()
    if not value or value[0] in "\"'" or ": " not in value:
        return ""
    quote = "'" if '"' in value else '"'
    return f"{key}: {quote}{value}{quote}"
