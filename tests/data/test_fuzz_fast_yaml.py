"""libyaml's parser gives the loader the same nodes as PyYAML's own (issue #12).

``load.compose`` reads a file with libyaml's events (about four times faster)
and falls back to PyYAML's pure parser on any error, so errors keep their
messages. For that to change nothing, every file that libyaml accepts must give
the same node tree (tags, values, styles, lines and columns) as PyYAML, and
every file PyYAML refuses must be refused the same way. Generated files from
the loader's fuzz strategies check it; ``make fuzz`` runs many more.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_loader import EXAMPLES, YAMLISH, dumped_yaml, mutated_example

from handbook.data.load import compose
from handbook.schema.limits import (
    FAST_YAML,
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_SECTION_KEYS,
    MAX_VALUE_CHARS,
    FastLimitedLoader,
)

pytestmark = pytest.mark.unit


def _tree(node: Any) -> Any:
    """What the loader reads of a node. Not ``flow_style`` nor ``end_mark``, which it
    never reads and libyaml sets differently (False where PyYAML leaves None; the end
    of a plain scalar at the end of the file)."""
    if node is None:
        return None
    marks = (node.start_mark.line, node.start_mark.column)  # the loader reads no end_mark
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value, node.style, marks)
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, marks, [_tree(n) for n in node.value])
    return ("map", node.tag, marks,
            [(_tree(k), _tree(v)) for k, v in node.value])


def _outcome(text: str, fast: bool) -> Any:
    try:
        return _tree(compose(text, fast=fast))
    except yaml.YAMLError as error:
        return ("error", type(error).__name__, str(error))


def check_same(content: bytes) -> None:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return  # the loader refuses it before any parser sees it
    assert _outcome(text, fast=True) == _outcome(text, fast=False)


def test_libyaml_is_used_for_the_example_units() -> None:
    """Not vacuous: the fast loader itself composes the example units, and the nodes
    (values, styles, lines and columns) are PyYAML's."""
    assert FAST_YAML
    for example in EXAMPLES:
        text = example.read_text(encoding="utf-8")
        fast = _tree(yaml.compose(text, Loader=FastLimitedLoader))  # type: ignore[arg-type]
        assert fast == _outcome(text, fast=False)
        assert fast[0] == "map" and len(fast[3]) > 5


@given(content=st.binary(max_size=2000))
def test_random_bytes(content: bytes) -> None:
    check_same(content)


@given(content=dumped_yaml())
def test_random_yaml(content: bytes) -> None:
    check_same(content)


@given(content=YAMLISH)
def test_yaml_ish_tokens(content: bytes) -> None:
    check_same(content)


@given(content=mutated_example())
def test_mutated_example_units(content: bytes) -> None:
    check_same(content)


def _nested(depth: int, flow: bool) -> str:
    if flow:
        return "name: " + "[" * depth + "x" + "]" * depth + "\n"
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(depth)) \
        + "  " * depth + "v: x\n"


@pytest.mark.parametrize("text", [
    *(_nested(d, flow) for d in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1)
      for flow in (False, True)),
    *("name:\n" + "".join(f"  - {i}\n" for i in range(n))
      for n in (MAX_LIST_ITEMS, MAX_LIST_ITEMS + 1)),
    *("".join(f"k{i}: {i}\n" for i in range(n)) for n in (MAX_SECTION_KEYS, MAX_SECTION_KEYS + 1)),
    *(f"name: {'x' * n}\n" for n in (MAX_VALUE_CHARS, MAX_VALUE_CHARS + 1)),
    "name: &a x\nb: *a\n", "name: !!str 12\nb: !custom x\n", "name:\nb: ''\n", "---\n", "",
], ids=lambda t: repr(t[:20]) + f"-{len(t)}")
def test_the_limits_and_their_edges_are_the_same(text: str) -> None:
    """Just inside and just past each limit: the same nodes, or the same refusal."""
    check_same(text.encode())
    if text.startswith("name: &a"):
        assert _outcome(text, fast=True)[0] == "error"
