"""YAML syntax errors as an editor can act on them: in Swedish, on the line to fix.

PyYAML's messages ("mapping values are not allowed here", "expected <block end>")
name the parser's state, and sometimes the line after the slip. The common slips
in a unit file are recognised from the text around the mark and said with their
fix; anything else is said in Swedish from what the parser names (``PARSER``): an
editor never reads the parser's English.
"""

from __future__ import annotations

import re

import yaml

from ..errors import FILE_FIELD, Problem
from ..labels import message, messages
from ..schema.fields import UNIT, ListOf, Record
from ..schema.textrules import unwrap_quotes

GENERAL = message("editor.yaml.general")
# "key:value" with no space: YAML reads the whole line as one text, and the error
# comes on a later line.
NO_SPACE = re.compile(r"^(\s*(?:- )?)([A-Za-z_][A-Za-z0-9_]*):(?=[^\s/])(.*)$")
KEY = re.compile(r"^(\s*(?:- )?)([A-Za-z_][A-Za-z0-9_]*): (.*)$")
# Where a value starts on a line: after "key: ", or after "- " in a list.
VALUE = re.compile(r"^(\s*(?:- )?(?:[A-Za-z_][A-Za-z0-9_]*: +)?|\s*- +)(\S.*)$")
# Characters YAML reserves at the start of a value (see also load.py's '!' and '&').
RESERVED = re.compile(r"found character '([@`%])' that cannot start any token")
OPENERS = messages("editor.yaml.openers")  # '"': "ett citattecken", …
READ_AS = messages("editor.yaml.read_as")  # how YAML reads each opener


def syntax_problem(display: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The problem to report for a file YAML cannot read."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    what = str(exc.problem or "")
    context = str(exc.context or "")
    if "expected a single document" in context + what:
        return _at(display, line, col, message("editor.yaml.many_documents"))
    if "'\\t'" in what or "\t" in what:
        here = lines[line - 1] if 0 < line <= len(lines) else ""
        if "\t" in here and "\t" not in here[:len(here) - len(here.lstrip())]:
            return _at(display, line, here.index("\t") + 1, message("editor.yaml.tab_inside"))
        return _at(display, line, col, message("editor.yaml.tab"))
    if "sequence entries are not allowed" in what and 0 < line <= len(lines):
        found = _value(lines[line - 1])
        if found and found[1].startswith("-"):
            return _at(display, line, col, message("editor.yaml.dash_value",
                                                   fixed=quoted_value(lines[line - 1])))
    orphan = _list_without_key(lines, line)
    if orphan is not None:
        number, column, above, key = orphan
        hint = message("editor.yaml.list_key_hint", key=key) if key else ""
        return _at(display, number, column,
                   message("editor.yaml.list_without_key", above=above, hint=hint))
    if "unknown escape character" in what and 0 < line <= len(lines):
        found = _value(lines[line - 1])
        if found and found[1].startswith('"') and found[1].rstrip().endswith('"'):
            column, value = found
            inner = value.rstrip()[1:-1].replace("'", "''")
            fixed = f"{lines[line - 1][:column - 1].lstrip()}'{inner}'"
            return _at(display, line, column, message("editor.yaml.backslash", fixed=fixed))
    if 0 < line <= len(lines) and lines[line - 1].lstrip().startswith("* "):
        rest = lines[line - 1].lstrip()[2:].strip()
        star = len(lines[line - 1]) - len(lines[line - 1].lstrip()) + 1
        return _at(display, line, star, message("editor.yaml.star_item", shown=rest))
    slip = _no_space_after_colon(lines, line)
    if slip is not None:
        return slip(display)
    unclosed = _unclosed_quote(lines, line)
    if unclosed is not None:
        number, column, quote = unclosed
        return _at(display, number, column,
                   message("editor.yaml.unclosed", opener=OPENERS[quote], quote=quote))
    reserved = RESERVED.search(what)
    if reserved and 0 < line <= len(lines):
        sign = reserved.group(1)
        return _at(display, line, col, message("editor.yaml.reserved", sign=sign,
                                               fixed=quoted_value(lines[line - 1])))
    opened = _text_after_quote(lines, line)
    if opened is not None:
        column, sign, fixed = opened
        return _at(display, line, column,
                   message("editor.yaml.text_after_quote", sign=READ_AS[sign], fixed=fixed))
    if "mapping values are not allowed" in what and 0 < line <= len(lines):
        quoted = _quote_the_text(lines[line - 1])
        if quoted:
            said = message("editor.yaml.colon_in_text", fixed=quoted) \
                if ": " in quoted.split(": ", 1)[1] else \
                message("editor.yaml.colon_at_end", fixed=quoted)
            return _at(display, line, col, said)
    if any(sign in what for sign in INDENT_SIGNS):
        shifted = _shifted_line(lines, line)
        if shifted is not None:
            number, column, expected, above = shifted
            return _at(display, number, column,
                       message("editor.yaml.shifted", column=column, above=above,
                               expected=expected))
    said = next((PARSER_WORDS[key] for sign, key in PARSER.items() if sign in what),
                PARSER_WORDS["other"])
    return _at(display, line, col, message("editor.yaml.syntax", what=said, general=GENERAL))


# What the parser's problem is about, by the words it uses: the key of its Swedish
# wording in labels.yml (editor.yaml.parser). The first that matches is said.
PARSER = {
    "mapping values are not allowed": "colon",
    "mapping keys are not allowed": "colon",
    "expected <block end>": "indent",
    "invalid indentation or unclosed": "flow_unclosed",
    "sequence entries are not allowed": "dash",
    "could not find expected ':'": "no_colon",
    "did not find expected key": "no_key",
    "did not find expected '-'": "no_dash",
    "found unexpected end of stream": "end",
    "found unknown escape character": "escape",
    "expected escape sequence": "escape",
    "expected ',' or ']'": "flow_list",
    "expected ',' or '}'": "flow_map",
    "cannot start any token": "token",
    "expected alphabetic or numeric character": "alias",
    "expected a comment or a line break": "after_value",
    "expected chomping or indentation indicators": "block",
    "expected indentation indicator": "block",
    "expected the node content": "content",
    "found unexpected document separator": "separator",
    "found undefined alias": "alias",
    "found duplicate anchor": "alias",
}
PARSER_WORDS = messages("editor.yaml.parser")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _list_without_key(lines: list[str], error_line: int) -> tuple[int, int, int, str] | None:
    """(line, column, the line above, a key to suggest) when the error's line starts a
    list item ('- ') that no key opens: the line with the list's key ('contacts:') was
    deleted, and YAML says "expected <block end>" or something else."""
    if not 0 < error_line <= len(lines):
        return None
    here = lines[error_line - 1]
    item = re.match(r"^( *)- ", here)
    if item is None:
        return None
    depth = len(item.group(1))
    for number in range(error_line - 1, 0, -1):
        line = lines[number - 1]
        if not line.strip() or line.lstrip().startswith("#") or _indent(line) > depth:
            continue
        if _indent(line) == depth and line.lstrip().startswith("-"):
            return None  # a sibling item: the list has its key
        if re.match(r"^ *(- )?[A-Za-z_][A-Za-z0-9_]*:\s*(#.*)?$", line):
            return None  # a key that opens the list: something else is wrong
        return error_line, depth + 1, number, _list_key(lines, error_line, depth)
    return None


def _list_key(lines: list[str], first: int, depth: int) -> str:
    """The list of the schema whose items have every key the item at line ``first``
    writes, nearest the top of the file: 'contacts' for an item with id, role, phone."""
    keys = set()
    for number in range(first, len(lines) + 1):
        line = lines[number - 1]
        if number > first and line.strip() and _indent(line) <= depth:
            break
        found = re.match(r"^ *(?:- )?([A-Za-z_][A-Za-z0-9_]*):", line)
        if found and (number == first or _indent(line) == depth + 2):
            keys.add(found.group(1))
    lists = []
    pending = [(name, spec.type, 0) for name, spec in UNIT.fields.items()]
    while pending:
        name, kind, level = pending.pop(0)
        if isinstance(kind, ListOf) and isinstance(kind.item, Record) and \
                keys <= set(kind.item.fields):
            lists.append((level, name))
        if isinstance(kind, Record):
            pending.extend((sub, spec.type, level + 1) for sub, spec in kind.fields.items())
    return min(lists)[1] if keys and lists else ""


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
        return _at(display, self.line, self.col,
                   message("editor.yaml.no_space", fixed=self.fixed))


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
    value = unwrap_quotes(value) or value  # “Obs: ring IT”: Word's quotes, meant as YAML's
    if not value or value[0] in "\"'" or (": " not in value and not value.endswith(":")):
        return ""
    quote = "'" if '"' in value else '"'
    return f"{key}: {quote}{value}{quote}"


def _value(line: str) -> tuple[int, str] | None:
    """(1-based column, text) of the value a line writes, after 'key: ' or '- '."""
    found = VALUE.match(line)
    if not found or line.lstrip().startswith("#"):
        return None
    return len(found.group(1)) + 1, found.group(2)


def _closing(value: str) -> int:
    """Where the quoted text at the start of ``value`` ends (index of the closing
    quote), or -1 when it does not end on the line."""
    quote, index = value[0], 1
    while index < len(value):
        if quote == '"' and value[index] == "\\":
            index += 2
            continue
        if value[index] == quote:
            if quote == "'" and value[index + 1:index + 2] == "'":
                index += 2  # '' is one apostrophe inside '...'
                continue
            return index
        index += 1
    return -1


def _unclosed_quote(lines: list[str], error_line: int) -> tuple[int, int, str] | None:
    """(line, column, quote) of the first value before the error's line that opens a
    quote and does not close it: YAML reads on to the next quote in the file, and
    reports something else far below."""
    for number in range(1, min(error_line, len(lines)) + 1):
        found = _value(lines[number - 1])
        if found and found[1][0] in "\"'" and _closing(found[1]) < 0:
            return (number, found[0], found[1][0]) if number < error_line else None
    return None


def _text_after_quote(lines: list[str], error_line: int) -> tuple[int, str, str] | None:
    """(column, sign, the line with the text quoted) when the error's line has a value
    that starts with a quote or a bracket and goes on after it closes:
    '"Röd" mapp' or '[Obs] ring IT'."""
    if not 0 < error_line <= len(lines):
        return None
    found = _value(lines[error_line - 1])
    if not found or found[1][0] not in OPENERS:
        return None
    column, value = found
    return column, value[0], quoted_value(lines[error_line - 1])


def quoted_value(line: str) -> str:
    """The line as written, its value in quotes: 'name: "@receptionen"' (with
    apostrophes when the value holds a double quote)."""
    found = _value(line)
    if not found:
        return line.strip()
    column, value = found
    quote = "'" if '"' in value else '"'
    value = value.replace("'", "''") if quote == "'" else value
    return f"{line[:column - 1].lstrip()}{quote}{value}{quote}"
