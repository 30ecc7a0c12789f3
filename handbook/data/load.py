"""Strict loading of one YAML file against the schema.

PyYAML only composes the file into nodes; values are built here from the text
the editor wrote, so ``0701234567``, ``08:30`` and ``no`` stay exactly that
in text fields, and typed fields (dates, numbers, true/false) accept only
their one unambiguous spelling. Every problem in the file is collected.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.reader import ReaderError

from ..errors import FILE_FIELD, HandbookError, Problem
from ..labels import message, messages
from ..schema import scalars
from ..schema.fields import (
    PERSONAL,
    PLACEHOLDER,
    PRIVATE_VALUE,
    Field,
    ListOf,
    Record,
    Scalar,
    Type,
)
from ..schema.ids import is_id
from ..schema.limits import (
    FAST_YAML,
    MAX_FILE_BYTES,
    MAX_PROBLEMS,
    FastLimitedLoader,
    LimitedLoader,
    LimitError,
    file_size_message,
    too_many_problems_message,
)
from ..schema.textrules import (
    BULLETS,
    HARD_SPACES,
    INVISIBLE,
    JOINERS,
    char_kind,
    char_label,
    char_name,
    pasted_char,
    text_problem,
    unwrap_quotes,
    visible,
)
from ..settings import today
from .model import Obj, Origin, Seq
from .pasted import tidy
from .personal import Withheld
from .suggest import closest
from .yaml_errors import READ_AS, quoted_value, syntax_problem

YAML = "tag:yaml.org,2002:"
ALLOWED_TAGS = {YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp",
                                   "map", "seq")}


@dataclass
class Loaded:
    """The values of one file (``None`` when it could not be read) and its problems."""

    path: str
    data: Obj | None
    problems: list[Problem] = field(default_factory=list)


def load_file(path: Path, display: str, root: Record) -> Loaded:
    """Read, compose and check one file; never raises for bad content."""
    text, problem = _read_text(path, display)
    if problem:
        return Loaded(display, None, [problem])
    assert text is not None
    text = tidy(text)  # Notepad's BOM, hard spaces in the layout (pasted.py)
    odd = next((i for i, c in enumerate(text) if c in ODD_LINE_BREAKS), -1)
    if odd >= 0:
        # YAML breaks the line there, so every line after it would be counted one off,
        # and a quoted text would lose it without a word.
        line = text.count("\n", 0, odd) + 1
        col = odd - text.rfind("\n", 0, odd)
        return Loaded(display, None, [Problem(display, line, col, FILE_FIELD, message(
            "editor.load.odd_line_break", char=char_name(text[odd])))])
    try:
        node = compose(text)
    except LimitError as exc:
        mark = exc.mark
        return Loaded(display, None, [Problem(display, mark.line + 1, mark.column + 1,
                                              visible(exc.field) or FILE_FIELD,
                                              exc.message)])
    except yaml.MarkedYAMLError as exc:
        return Loaded(display, None, [syntax_problem(display, text, exc)])
    except ReaderError as exc:
        return Loaded(display, None, [_reader_problem(display, text, exc)])
    if node is None:
        return Loaded(display, None, [Problem(display, 1, 1, FILE_FIELD,
                                              message("editor.load.empty_file"))])
    builder = _Builder(display, text.splitlines())
    try:
        data = builder.build(node, root, "")
    except _TooManyProblems:
        return Loaded(display, None, builder.problems)
    if data is not None and not isinstance(data, Obj):
        data = None
    return Loaded(display, data, builder.problems)


# Line breaks of Word and Outlook (and the old NEL) that YAML breaks a line at, and no
# editor shows as one.
ODD_LINE_BREAKS = frozenset("\u2028\u2029\x85")
PURE_ONLY = ("\t", "\ufeff")  # characters that send a file to PyYAML's parser


def compose(text: str, fast: bool = FAST_YAML) -> Any:
    """The file's node tree. libyaml's parser when it is there and the file parses;
    otherwise (and for every error) PyYAML's own, whose errors the messages know."""
    # Where libyaml and PyYAML were found to differ (tests/data/test_fuzz_fast_yaml.py), the
    # pure parser decides: libyaml accepts a tab where PyYAML refuses one, counts
    # columns differently after a U+FEFF, and marks a document that is not a mapping
    # elsewhere. A unit file is a mapping.
    if fast and not any(char in text for char in PURE_ONLY):
        try:
            node = yaml.compose(text, Loader=_loader(FastLimitedLoader))
        except Exception:  # noqa: BLE001 - the pure parser reports it, the same way as always
            node = None
        if isinstance(node, yaml.MappingNode):
            return node
    return yaml.compose(text, Loader=_loader(LimitedLoader))


def _loader(kind: type) -> Any:
    return kind  # PyYAML's stubs know only its own loader classes


def _read_text(path: Path, display: str) -> tuple[str | None, Problem | None]:
    """The file's text, or the problem that stops it being read: a symbolic link
    (it could point outside units/), not a plain file, too large, not UTF-8."""
    if path.is_symlink():
        return None, Problem(display, 1, 1, FILE_FIELD, message("editor.load.symlink"))
    if not path.is_file():
        return None, Problem(display, 1, 1, FILE_FIELD, message("editor.load.not_a_file"))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, Problem(display, 1, 1, FILE_FIELD, file_size_message(size))
    with path.open("rb") as handle:  # at most one byte over: the file may grow meanwhile
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        return None, Problem(display, 1, 1, FILE_FIELD, file_size_message(len(raw)))
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[:exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Problem(display, line, col, FILE_FIELD,
                             message("editor.load.not_utf8", byte=f"{raw[exc.start]:02x}"))


def _reader_problem(display: str, text: str, exc: ReaderError) -> Problem:
    """PyYAML refuses some control characters anywhere in the file."""
    before = text[:exc.position]
    line = before.count("\n") + 1
    col = exc.position - (before.rfind("\n") + 1) + 1
    char = text[exc.position] if exc.position < len(text) else "\0"
    return Problem(display, line, col, FILE_FIELD,
                   message("editor.load.bad_char", char=char_name(char)))


class _TooManyProblems(HandbookError):
    """The builder stops at ``MAX_PROBLEMS``: the file is refused as it is."""


class _Builder:
    def __init__(self, display: str, lines: list[str]) -> None:
        self.display = display
        self.lines = lines  # the file's text, for what follows a value on its line
        self.problems: list[Problem] = []

    def origin(self, node: yaml.Node) -> Origin:
        return Origin(self.display, node.start_mark.line + 1, node.start_mark.column + 1)

    def problem(self, node: yaml.Node, where: str, message: str,
                at: tuple[int, int] | None = None) -> None:
        """Report ``message`` at ``node``, or at ``at`` (line, column; 1-based)."""
        o = self.origin(node)
        if at is not None:
            o = Origin(o.path, *at)
        if len(self.problems) == MAX_PROBLEMS - 1:
            message, where = too_many_problems_message(), ""
        self.problems.append(Problem(o.path, o.line, o.col, visible(where) or FILE_FIELD,
                                     visible(message)))
        if len(self.problems) == MAX_PROBLEMS:
            raise _TooManyProblems

    def build(self, node: yaml.Node, kind: Type, where: str, example: str = "") -> Any:
        """The value of ``node``; ``example`` ('key: value') helps fix a placeholder."""
        if node.tag not in ALLOWED_TAGS:
            tag = node.tag.replace(YAML, "!!", 1)
            self.problem(node, where, message("editor.load.tag", tag=tag))
            return None
        if isinstance(kind, Record):
            return self.record(node, kind, where)
        if isinstance(kind, ListOf):
            return self.sequence(node, kind, where)
        return self.scalar(node, kind, where, example)

    def record(self, node: yaml.Node, kind: Record, where: str) -> Obj | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, where, message("editor.load.not_mapping", found=_describe(node)))
            return None
        obj = Obj(self.origin(node))
        seen: dict[str, int] = {}
        meant: set[str] = set()  # the fields that unknown keys were likely meant to be
        pasted = False
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != YAML + "str":
                self.problem(key_node, where, message("editor.load.key_not_word"))
                continue
            sub = f"{where}.{key}" if where else key
            odd = _odd_key_char(key)
            if odd >= 0:
                clean = "".join(c for c in key if c not in INVISIBLE | JOINERS | HARD_SPACES)
                self.problem(key_node, f"{where}.{clean}" if where else clean,
                             _key_char_message(key, odd, clean),
                             (key_node.start_mark.line + 1,
                              key_node.start_mark.column + odd + 1))
                if clean in kind.fields:  # not also "saknas" for the key it is
                    seen.setdefault(clean, key_node.start_mark.line + 1)
                    obj.invalid.add(clean)
                continue
            if key in seen:
                # In a list item the first repeated key starts the item pasted without
                # its '- ': one message for it, not one per key it repeats.
                if not (pasted and where.endswith("]")):
                    self.problem(key_node, sub, _duplicate_key(key, seen, where))
                pasted = True
                continue
            seen[key] = key_node.start_mark.line + 1
            if key not in kind.fields:
                self.problem(key_node, sub, _unknown_key(key, kind))
                meant.add(closest(key, list(kind.fields)) or "")
                continue
            obj.keys_at[key] = self.origin(key_node)
            if _is_null(value_node):
                self.problem(value_node, sub, _empty_value(key, kind.fields[key]))
                obj.invalid.add(key)
                continue
            spec = kind.fields[key]
            if spec.data_class == PERSONAL and _private_marker(value_node):
                # The value is in the private layer (handbook/data/personal.py).
                obj.put(key, Withheld(PRIVATE_VALUE), self.origin(value_node))
                continue
            if spec.data_class == PERSONAL and _private_miswritten(value_node):
                self.problem(value_node, sub, message(
                    "editor.load.private_case", key=key, marker=PRIVATE_VALUE,
                    written=value_node.value.strip()))
                obj.invalid.add(key)
                continue
            example = f"{key}: {spec.example}" if spec.example else ""
            value = self.build(value_node, spec.type, sub, example)
            if value is None:
                obj.invalid.add(key)
            else:
                obj.put(key, value, self.origin(value_node))
        # "namn:" for "name:": the one message is the unknown key; the field it meant is
        # not reported missing as well (required.py skips what is marked invalid).
        obj.invalid.update(meant & set(kind.fields) - set(seen))
        if kind.merges_by_id and "id" not in obj and "id" not in seen:
            self.problem(node, where, message("editor.load.missing_id"))
        return obj

    def sequence(self, node: yaml.Node, kind: ListOf, where: str) -> Seq | None:
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode) and node.value[:1] in BULLETS and \
                    node.value[1:2] in (" ", "\t"):
                # '• Ring IT' on each line, pasted from Word: YAML reads one text.
                first = node.value[1:].split(node.value[0])[0].strip()
                self.problem(node, where, message(
                    "editor.text.bullet_list", bullet=node.value[0],
                    char=char_label(node.value[0]), shown=_shown(first)))
                return None
            self.problem(node, where, message("editor.load.not_list", found=_describe(node)))
            return None
        split = _split_item(node) if isinstance(kind.item, Scalar) else None
        if split is not None:
            item, parts = split
            self.problem(item, where, message(
                "editor.load.flow_split", parts=" + ".join(f"'{p}'" for p in parts),
                count=len(parts), joined=", ".join(parts)))
            return None
        seq = Seq(self.origin(node))
        for number, item in enumerate(node.value, start=1):
            value = self.build(item, kind.item, f"{where}[{_item_name(item, number)}]")
            if value is not None:
                seq.add(value, self.origin(item))
        return seq

    def scalar(self, node: yaml.Node, kind: Scalar, where: str, example: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            said = self.text_read_as_more(node, kind)
            if said:
                self.problem(node, where, said)
                return None
            self.problem(node, where, message("editor.load.not_scalar",
                                              expected=scalars.KINDS[kind.kind].expected,
                                              found=_describe(node)))
            return None
        if _is_null(node):
            self.problem(node, where, message("editor.load.empty_item"))
            return None
        multiline = scalars.KINDS[kind.kind].multiline
        refused = text_problem(node.value, multiline=multiline,
                               block=node.style in ("|", ">"), example=example)
        if refused:
            self.problem(node, where, refused)
            return None
        code = kind.kind not in ("text", "markdown")
        index = pasted_char(node.value, code=code)
        if index >= 0:
            self.problem(node, where, _char_message(node.value, index, ""),
                         self.locate(node, node.value[index]))
            return None
        if node.value.lstrip().startswith(PLACEHOLDER):
            self.problem(node, where, _placeholder(node.value, example))
            return None
        stripped = self.stripped_mark(node)
        if stripped is not None:
            self.problem(node, where, stripped)
            return None
        if kind.kind in ("text", "markdown") and TEMPLATE_EXAMPLE.match(node.value):
            self.problem(node, where, _template_example(node.value))
            return None
        merged = self.merged_item(node)
        if merged is not None:
            self.problem(node, where, merged)
            return None
        comment = self.comment_after(node)
        if comment is not None:
            self.problem(node, where, _comment_after(node.value, comment,
                                                     kind.kind in ("text", "markdown")))
            return None
        text, quoted = node.value, node.style is not None
        if not quoted:
            # “Anna Andersson”: Word's quotation marks around the whole value are not
            # part of it (YAML's own, '"' and "'", are never part of a value either).
            inner = unwrap_quotes(text)
            if inner is not None:
                text, quoted = inner, True
        said = self.pasted_marker(node, where, text)
        if said:
            self.problem(node, where, said)
            return None
        value, said = scalars.parse(kind, text, quoted=quoted)
        if said:
            self.problem(node, where, *self.explained(node, kind, text, said))
            return None
        if isinstance(value, dt.date) and value > today():
            # Every date of a plan has been: approved, checked, an exercise held. A date
            # ahead would show the plan as current for years.
            self.problem(node, where, message("editor.load.future_date",
                                              date=value.isoformat(),
                                              today=today().isoformat()))
            return None
        return value


    def locate(self, node: yaml.Node, char: str) -> tuple[int, int] | None:
        """(line, column) of the first ``char`` in the file's text of ``node``, or None
        (written as an escape, "\u200b": the node's own place is said)."""
        start, end = node.start_mark, node.end_mark
        for number in range(start.line, min(end.line, len(self.lines) - 1) + 1):
            line = self.lines[number]
            found = line.find(char, start.column if number == start.line else 0)
            if found >= 0:
                return number + 1, found + 1
        return None

    def explained(self, node: yaml.ScalarNode, kind: Scalar, text: str,
                  said: str) -> tuple[str, tuple[int, int] | None]:
        """The kind's message, or one that names the pasted character that made the value
        wrong (a dash, a hard space, a quotation mark, a wide digit) and points at it; for
        a link with a space, the space."""
        if kind.kind == "url" and " " in text.strip() and \
                text.lower().startswith(("https://", "http://", "mailto:", "tel:")):
            index = text.index(" ")
            return (message("editor.scalars.url_space", place=_place(text, index, "")),
                    self.locate(node, " ") if node.style is None else None)
        bracketed = re.search(r"<((?:https?|mailto|tel):[^<>\s]+)>", text)
        if kind.kind == "url" and bracketed:
            # Outlook writes a link as "Serviceportalen<https://…>" in plain text.
            return (message("editor.scalars.url_brackets", url=bracketed[1]),
                    self.locate(node, "<"))
        pasted = {index: kind_of for index, char in enumerate(text)
                  if (kind_of := char_kind(char)) in _PASTED and ord(char) > 0x7e
                  and not (kind.kind == "phone" and kind_of in ("dash", "space"))}
        if not pasted:
            return said, None
        # Named only when it is what is wrong: written plainly, the value would pass
        # ('2026–09–01'); '08:30–09:00' is no time with any dash.
        plain = "".join(_PLAIN.get(pasted[i], c) if i in pasted else c
                        for i, c in enumerate(text))
        if scalars.parse(kind, unicodedata.normalize("NFKC", plain), quoted=False)[1]:
            return said, None
        index = min(pasted)
        char = text[index]
        return (message("editor.text.wrong_char", shown=char, char=char_label(char),
                        place=_place(text, index, ""),
                        expected=scalars.KINDS[kind.kind].expected,
                        fix=messages("editor.text.fix")[pasted[index]]),
                self.locate(node, char))

    def pasted_marker(self, node: yaml.ScalarNode, where: str, text: str) -> str:
        """What to say about a list item that starts with Word's bullet ('- • Ring IT');
        '' otherwise."""
        if where.endswith("]") and text[:1] in BULLETS and text[1:2] in (" ", "\t"):
            return message("editor.text.bullet_item", bullet=text[0], char=char_label(text[0]),
                           shown=_shown(text[1:].strip()))
        return ""

    def text_read_as_more(self, node: yaml.Node, kind: Scalar) -> str:
        """What to say when a text was written so YAML reads a key and a value ('- Ring
        IT: 010-…') or a list ('[a, b]') instead; '' otherwise."""
        if kind.kind not in ("text", "markdown") or \
                node.start_mark.line >= len(self.lines):
            return ""
        line = self.lines[node.start_mark.line]
        if isinstance(node, yaml.MappingNode) and len(node.value) == 1 and \
                node.flow_style is False and isinstance(node.value[0][1], yaml.ScalarNode) \
                and node.start_mark.line == node.value[0][1].end_mark.line:
            return message("editor.yaml.colon_in_text", fixed=quoted_value(line))
        if isinstance(node, yaml.SequenceNode) and node.flow_style:
            return message("editor.yaml.text_after_quote", sign=READ_AS["["],
                           fixed=quoted_value(line))
        return ""

    def stripped_mark(self, node: yaml.ScalarNode) -> str | None:
        """What to say when an unquoted value starts with '&' (an anchor) or '! ' (a tag):
        YAML takes the word off the text without a word, so it would not be published."""
        if node.style is not None or node.start_mark.line >= len(self.lines):
            return None
        source = self.lines[node.start_mark.line][node.start_mark.column:]
        mark = re.match(r"(&\S*|!(?=\s))", source)
        if mark is None:
            return None
        what = message("editor.load.anchor") if mark[1].startswith("&") else \
            message("editor.load.tag_mark")
        shown = " ".join(f"{mark[1]} {node.value}".split())
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        return message("editor.load.stripped_mark", mark=mark[1], what=what, shown=shown)

    def merged_item(self, node: yaml.ScalarNode) -> str | None:
        """What to say when an unquoted text runs on into a line that starts with '- ':
        a list item indented one step too far (the next item became the end of this
        one), or a line under a key's text that was meant as a point of its own."""
        start, end = node.start_mark, node.end_mark
        if node.style is not None or start.line == end.line:
            return None
        before = self.lines[start.line][:start.column].rstrip()
        for number in range(start.line + 1, min(end.line + 1, len(self.lines))):
            if not self.lines[number].lstrip().startswith("- "):
                continue
            if before.endswith("-"):
                dash = before.rfind("-") + 1
                return message("editor.load.item_indented", line=number + 1, column=dash)
            return message("editor.load.item_in_text", line=number + 1, start=start.line + 1)
        return None

    def comment_after(self, node: yaml.ScalarNode) -> str | None:
        """The comment after an unquoted value on its last line (``skåp #4``: YAML ends
        the value at `` #`` and drops the rest), or None."""
        if node.style is not None:
            return None  # quoted or a block: a comment after it was written as one
        start, end = node.start_mark, node.end_mark
        if start.line == end.line and start.line < len(self.lines):
            # One line: the value stands as written from its start (end marks of the
            # two parsers may count columns differently; start marks are compared).
            rest = self.lines[start.line][start.column + len(node.value):]
        elif end.line < len(self.lines):
            rest = self.lines[end.line][end.column:]
        else:
            return None
        found = re.match(r"[ \t]+(#.*)$", rest)
        return found[1].rstrip() if found else None


# The template's examples start "ÄNDRA: t.ex. …": with only "ÄNDRA:" removed, the
# example would be published as the unit's own value.
TEMPLATE_EXAMPLE = re.compile(r"\s*t\.\s?ex\.?(\s|$)", re.IGNORECASE)


def _split_item(node: yaml.SequenceNode) -> tuple[yaml.Node, list[str]] | None:
    """(the first item, the items it was split into) when a list written in [ ] has an
    item whose '(' closes only in a later item: YAML split it at the comma between."""
    if not node.flow_style:
        return None
    items = node.value
    for start, item in enumerate(items):
        if not isinstance(item, yaml.ScalarNode) or item.style is not None:
            continue
        depth = item.value.count("(") - item.value.count(")")
        if depth <= 0:
            continue
        parts = [item.value]
        for later in items[start + 1:]:
            if not isinstance(later, yaml.ScalarNode):
                break
            parts.append(later.value)
            depth += later.value.count("(") - later.value.count(")")
            if depth <= 0:
                return item, parts
    return None


# How a pasted character is written plainly (for the check above): a dash as '-', a
# hard space and a quotation mark not at all; a wide digit as itself, which NFKC makes
# the plain digit.
_PLAIN = {"dash": "-", "space": "", "quote": ""}
_PASTED = {*_PLAIN, "wide"}


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _place(text: str, index: int, first: str) -> str:
    """Where a character is in a value: "efter 'tib'", or "först i värdet"."""
    line = text[:index].rsplit("\n", 1)[-1].lstrip()
    before = line if len(line) <= 30 else "..." + line[-27:]
    if not before:
        return first or message("editor.text.first_in_value")
    return message("editor.text.after", before=before)


def _char_message(text: str, index: int, first: str) -> str:
    return message("editor.text.invisible", char=char_label(text[index]),
                   place=_place(text, index, first))


def _odd_key_char(key: str) -> int:
    return next((i for i, c in enumerate(key) if c in INVISIBLE | JOINERS | HARD_SPACES), -1)


def _key_char_message(key: str, index: int, clean: str) -> str:
    place = _place(key, index, message("editor.text.first_in_key"))
    if key[index] in HARD_SPACES:
        return message("editor.text.space_in_key", char=char_label(key[index]), place=place,
                       key=clean)
    return message("editor.text.invisible_in_key", char=char_label(key[index]), place=place)


def _template_example(text: str) -> str:
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return message("editor.load.template_example", shown=shown)


def _comment_after(value: str, comment: str, text: bool) -> str:
    """What to do about a comment after a value: quote it into a text, or move it."""
    if not text:
        return message("editor.load.comment_after", comment=comment,
                       fix=message("editor.load.comment_move"))
    shown = " ".join(f"{value} {comment}".split())
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    quote = "'" if '"' in shown else '"'
    return message("editor.load.comment_after", comment=comment,
                   fix=message("editor.load.comment_quote", quoted=f"{quote}{shown}{quote}"))


def _duplicate_key(key: str, seen: dict[str, int], where: str) -> str:
    """A key twice in one record. In a list item it is most often the next item, pasted
    without its '- ': removing a line would lose that item."""
    if where.endswith("]"):
        return message("editor.load.duplicate_key_in_list", key=key, line=seen[key],
                       first=min(seen.values()))
    return message("editor.load.duplicate_key", key=key, line=seen[key])


def _item_name(item: yaml.Node, number: int) -> str:
    """How a message names a list item: by its id where it has one (as the merged
    handbook's messages do), else by its place in the list, from 1."""
    if isinstance(item, yaml.MappingNode):
        for key, value in item.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" and \
                    isinstance(value, yaml.ScalarNode) and is_id(value.value):
                return str(value.value)
    return str(number)


def _private_marker(node: yaml.Node) -> bool:
    """Whether a personal field says ``privat``: its value is in the private layer."""
    if not isinstance(node, yaml.ScalarNode):
        return False
    word = node.value.strip()
    return (word if node.style else unwrap_quotes(word) or word) == PRIVATE_VALUE


def _private_miswritten(node: yaml.Node) -> bool:
    """'Privat', 'PRIVAT', “privat”: meant as ``privat`` in a personal field."""
    if not isinstance(node, yaml.ScalarNode):
        return False
    word = node.value.strip()
    return (unwrap_quotes(word) or word).strip().lower() == PRIVATE_VALUE \
        and not _private_marker(node)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == YAML + "null" \
        and node.style is None


def _empty_value(key: str, spec: Field) -> str:
    if spec.required:
        hint = message("editor.common.example_hint", example=f"{key}: {spec.example}") \
            if spec.example else ""
        return message("editor.load.empty_value", hint=hint)
    return message("editor.load.empty_optional")


def _placeholder(text: str, example: str) -> str:
    shown = " ".join(text.split())
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    hint = message("editor.common.example_hint", example=example) if example else ""
    return message("editor.load.placeholder", shown=shown, placeholder=PLACEHOLDER, hint=hint)


def _unknown_key(key: str, kind: Record) -> str:
    guess = closest(key, list(kind.fields))
    known = ", ".join(kind.fields)
    hint = message("editor.common.did_you_mean", guess=guess) if guess else ""
    return message("editor.load.unknown_key", key=key, hint=hint, known=known)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return message("editor.load.found_mapping")
    if isinstance(node, yaml.SequenceNode):
        return message("editor.load.found_list")
    text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return message("editor.load.found_text", text=text) if text else \
        message("editor.load.found_empty")


