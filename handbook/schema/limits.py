"""Limits on one unit file, checked before any large structure is built.

Unit files come from pull requests, so a file may be hostile: huge, nested
thousands of levels deep (PyYAML's composer recurses and ends in a
``RecursionError``), or full of aliases that expand exponentially. The file
size is checked from ``stat`` before reading; the rest while PyYAML composes
the file, event by event, so a refused file costs at most the part read so far.

Each limit leaves ample room for a real plan. Measured on the example units
(Nov 2026): largest file 9,836 bytes, longest value 906 characters, longest
one-line value 202 characters, longest list 9 items, largest section 20 keys,
deepest nesting 6 levels. CONTRIBUTING.md lists the same numbers.
"""

from __future__ import annotations

from typing import Any

import yaml
import yaml.composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingEndEvent, SequenceEndEvent
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from ..errors import HandbookError
from ..labels import message
from .fields import UNIT, ListOf, Record, Type

MAX_FILE_BYTES = 128 * 1024
"""Largest unit file, in bytes (13× the largest example unit); checked from stat.
PyYAML composes about 150–200 KiB a second here, so the largest file allowed
costs about a second whatever it holds."""

MAX_DEPTH = 20
"""Most levels of sections and lists inside each other (the schema needs 5)."""

MAX_VALUE_CHARS = 50_000
"""Longest value or key, in characters (55× the longest example value, a Markdown text;
the print layout tests use a value of 24,310 characters, over three pages)."""

MAX_LINE_CHARS = 1_000
"""Longest value of a one-line field (5× the longest example, a checklist step)."""

MAX_LIST_ITEMS = 500
"""Most items in one list (55× the longest example list)."""

MAX_SECTION_KEYS = 100
"""Most keys in one section (the schema's largest record has 24 fields)."""


def schema_depth(kind: Type = UNIT) -> int:
    """Levels of sections and lists inside each other that the schema allows."""
    if isinstance(kind, Record):
        return 1 + max((schema_depth(f.type) for f in kind.fields.values()), default=0)
    if isinstance(kind, ListOf):
        return 1 + schema_depth(kind.item)
    return 0


def schema_widest(kind: Type = UNIT) -> int:
    """Most fields of any record in the schema."""
    if isinstance(kind, Record):
        return max([len(kind.fields), *(schema_widest(f.type) for f in kind.fields.values())])
    if isinstance(kind, ListOf):
        return schema_widest(kind.item)
    return 0


MAX_PROBLEMS = 500
"""Most problems reported for one file; the last line says the check stopped there.
Bounds the memory and output of a file full of mistakes (256 KiB of unknown keys
gave 26,000 problems and 41 MB of messages). A new unit from the scaffold with
every section taken in has 143 placeholders, each a problem."""


def too_many_problems_message() -> str:
    """The message that ends a file's report at the problem limit."""
    return message("editor.limits.too_many_problems", count=MAX_PROBLEMS - 1)


class LimitError(yaml.MarkedYAMLError, HandbookError):
    """A limit was passed at ``problem_mark``; ``field`` is the path to it."""

    def __init__(self, mark: yaml.Mark, field: str, message: str) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.mark = mark
        self.field = field
        self.message = message


def kib(size: int) -> str:
    """A size for an editor: '61 440 KiB' (Swedish thousands separator)."""
    return f"{spaced((size + 1023) // 1024)} KiB"


def spaced(number: int) -> str:
    """A number for an editor: '50 000' (Swedish thousands separator)."""
    return f"{number:,}".replace(",", " ")


def file_size_message(size: int) -> str:
    """The message for a unit file over the size limit."""
    return message("editor.limits.file_size", size=kib(size), limit=kib(MAX_FILE_BYTES))


class _LimitedComposer(yaml.composer.Composer):
    """PyYAML's composer, refusing aliases, anchors, deep nesting, long values and
    long lists before it builds them. It reads events from whichever parser the
    loader has: PyYAML's pure-Python one or libyaml's."""

    def __init__(self) -> None:
        super().__init__()
        self._path: list[str] = []

    def _field(self) -> str:
        return "".join(self._path).lstrip(".")

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self._peek()
        if isinstance(event, AliasEvent) or event.anchor is not None:
            sign = "*" if isinstance(event, AliasEvent) else "&"
            raise LimitError(event.start_mark, self._field(),
                             message("editor.limits.anchor",
                                     mark=sign + _short(str(event.anchor))))
        if len(self._path) >= MAX_DEPTH and not isinstance(event, yaml.ScalarEvent):
            raise LimitError(event.start_mark, self._field(),
                             message("editor.limits.too_deep", limit=MAX_DEPTH,
                                     needed=schema_depth()))
        return super().compose_node(parent, index)

    def compose_scalar_node(self, anchor: Any) -> Any:
        event = self._peek()
        if len(event.value) > MAX_VALUE_CHARS:
            raise LimitError(event.start_mark, self._field(),
                             message("editor.limits.value_too_long",
                                     length=spaced(len(event.value)),
                                     limit=spaced(MAX_VALUE_CHARS)))
        return super().compose_scalar_node(anchor)

    def compose_sequence_node(self, anchor: Any) -> Any:
        start = self._next()
        node = yaml.SequenceNode(self._tag(yaml.SequenceNode, start), [], start.start_mark,
                                 None, flow_style=start.flow_style)
        while not self._check(SequenceEndEvent):
            if len(node.value) == MAX_LIST_ITEMS:
                raise LimitError(self._peek().start_mark, self._field(),
                                 message("editor.limits.list_too_long",
                                         limit=MAX_LIST_ITEMS))
            self._path.append(f"[{len(node.value) + 1}]")
            node.value.append(self.compose_node(node, len(node.value)))
            self._path.pop()
        node.end_mark = self._next().end_mark
        return node

    def compose_mapping_node(self, anchor: Any) -> Any:
        start = self._next()
        node = yaml.MappingNode(self._tag(yaml.MappingNode, start), [], start.start_mark,
                                None, flow_style=start.flow_style)
        while not self._check(MappingEndEvent):
            if len(node.value) == MAX_SECTION_KEYS:
                raise LimitError(self._peek().start_mark, self._field(),
                                 message("editor.limits.section_too_wide",
                                         limit=MAX_SECTION_KEYS, widest=schema_widest()))
            self._path.append(".?")
            key = self.compose_node(node, None)
            self._path[-1] = "." + (_short(key.value) if isinstance(key, yaml.ScalarNode)
                                    else "?")
            value = self.compose_node(node, key)
            self._path.pop()
            node.value.append((key, value))
        node.end_mark = self._next().end_mark
        return node

    def _tag(self, kind: type, start: Any) -> str:
        tag = start.tag
        if tag is None or tag == "!":
            resolver: Any = self
            tag = resolver.resolve(kind, None, start.implicit)
        return str(tag)

    # The parser's side of the loader (PyYAML's or libyaml's), untyped in the stubs.
    def _peek(self) -> Any:
        parser: Any = self
        return parser.peek_event()

    def _next(self) -> Any:
        parser: Any = self
        return parser.get_event()

    def _check(self, kind: type) -> bool:
        parser: Any = self
        return bool(parser.check_event(kind))


class LimitedLoader(Reader, Scanner, Parser, _LimitedComposer, SafeConstructor, Resolver):
    """The safe loader with the limited composer, all in Python: its errors are the
    ones the messages in ``load`` are written for."""

    def __init__(self, stream: Any) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _LimitedComposer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


try:
    from yaml._yaml import CParser as _CParser
    FAST_YAML = True
except ImportError:  # PyYAML built without libyaml
    FAST_YAML = False


class NotSameAsPyYAML(HandbookError):
    """libyaml's nodes would differ from PyYAML's here: compose with PyYAML."""


if FAST_YAML:
    class FastLimitedLoader(_LimitedComposer, _CParser,
                            SafeConstructor, Resolver):
        """A composer with the same limits reading libyaml's events, many times faster
        than PyYAML's scanner and composer. It reports no error itself: whatever the
        pure composer would refuse goes to ``LimitedLoader`` (``load.compose``), so
        every message stays the same."""

        def __init__(self, stream: Any) -> None:
            _CParser.__init__(self, stream)
            _LimitedComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def compose_node(self, parent: Any, index: Any) -> Any:
            """Compose the document's root node, checking the nesting limit on the way."""
            return self._node(0)

        def _node(self, depth: int) -> Any:
            """The node of the next event, ``depth`` collections down. Anything the
            pure composer refuses, or would mark differently, raises
            ``NotSameAsPyYAML``, and the pure loader composes the file instead."""
            event = self._next()
            kind = type(event)
            if kind is AliasEvent or event.anchor is not None:
                raise NotSameAsPyYAML
            if kind is yaml.ScalarEvent:
                value, style = event.value, event.style or None  # libyaml's plain is ""
                # A missing value: libyaml marks it on the next line, PyYAML after the
                # key, where the editor's message must point.
                if len(value) > MAX_VALUE_CHARS or (style is None and value == ""):
                    raise NotSameAsPyYAML
                tag = event.tag
                if tag is None or tag == "!":
                    tag = self._resolve(yaml.ScalarNode, value, event.implicit)
                return yaml.ScalarNode(tag, value, event.start_mark, event.end_mark,
                                       style=style)
            if depth >= MAX_DEPTH:
                raise NotSameAsPyYAML
            if kind is yaml.SequenceStartEvent:
                return self._sequence(event, depth)
            return self._mapping(event, depth)

        def _sequence(self, start: Any, depth: int) -> Any:
            node = yaml.SequenceNode(self._tag(yaml.SequenceNode, start), [],
                                     start.start_mark, None, flow_style=start.flow_style)
            items = node.value
            while not self._check(SequenceEndEvent):
                if len(items) == MAX_LIST_ITEMS:
                    raise NotSameAsPyYAML
                items.append(self._node(depth + 1))
            node.end_mark = self._next().end_mark
            return node

        def _mapping(self, start: Any, depth: int) -> Any:
            node = yaml.MappingNode(self._tag(yaml.MappingNode, start), [],
                                    start.start_mark, None, flow_style=start.flow_style)
            pairs = node.value
            while not self._check(MappingEndEvent):
                if len(pairs) == MAX_SECTION_KEYS:
                    raise NotSameAsPyYAML
                key = self._node(depth + 1)
                pairs.append((key, self._node(depth + 1)))
            node.end_mark = self._next().end_mark
            return node

        def _resolve(self, kind: type, value: Any, implicit: Any) -> Any:
            resolver: Any = self
            return resolver.resolve(kind, value, implicit)
else:  # PyYAML built without libyaml: the pure loader everywhere
    FastLimitedLoader = LimitedLoader  # type: ignore[misc,assignment]


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
