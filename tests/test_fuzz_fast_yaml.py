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

import yaml
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_loader import EXAMPLES, YAMLISH, dumped_yaml, mutated_example

from handbook.limits import FAST_YAML, FastLimitedLoader
from handbook.load import compose


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
