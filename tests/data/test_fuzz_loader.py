"""Generated unit files never crash the loader (issue #11, item 8).

For random bytes, random YAML, text built from YAML-ish tokens and mutations of
the example units, ``load_handbook`` on a units folder with the example region
and group layers either returns the handbook or raises ``UnitFileError`` whose
problems each name a file of the folder, a line and column from 1 and a field,
on one printable line. Any other exception fails the test.

``make test`` runs the fixed-seed "test" profile; ``make fuzz`` many more.
"""

from __future__ import annotations

import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import handbook
from handbook.errors import UnitFileError
from handbook.schema.fields import UNIT, ListOf, Record
from handbook.schema.textrules import is_refused

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (REPO / "units").glob("*.yml") if not p.name.startswith("_"))
FUZZED = "units/vc-fuzz.yml"


def _keys(kind: object) -> set[str]:
    if isinstance(kind, Record):
        return set(kind.fields).union(*(_keys(f.type) for f in kind.fields.values()))
    if isinstance(kind, ListOf):
        return _keys(kind.item)
    return set()


KEYS = sorted(_keys(UNIT))


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project folder with the example region and groups; the test writes its unit."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO / "units" / "_groups", root / "units" / "_groups")
    shutil.copy(REPO / "units" / "_region.yml", root / "units" / "_region.yml")
    yield root


def check_loads_or_reports(root: Path, content: bytes) -> None:
    (root / FUZZED).write_bytes(content)
    units = root / "units"
    try:
        handbook.load_handbook(units, base=root)
    except UnitFileError as error:
        files = {p.relative_to(root).as_posix() for p in units.rglob("*")}
        for problem in error.problems:
            assert problem.path in files, problem
            assert problem.line >= 1 and problem.col >= 1, problem
            assert problem.field and problem.message, problem
            assert not any(is_refused(c, multiline=False) for c in str(problem)), problem
        own = [p for p in error.problems if p.path == FUZZED]
        # PyYAML also counts \r, NEL, U+2028 and U+2029 as line breaks
        text = content.decode("utf-8", "replace")
        lines = sum(text.count(c) for c in "\n\r\x85\u2028\u2029") + 2
        assert all(p.line <= lines for p in own), own


# --- strategies ---------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.dates(), TEXT, st.sampled_from(["0701234567", "08:30", "no",
                                                       "2026-13-01", "ÄNDRA: x",
                                                       "javascript:alert(1)", "../x"]))
YAML_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXT), inner,
                                            max_size=5)),
    max_leaves=25)


@st.composite
def dumped_yaml(draw: st.DrawFn) -> bytes:
    value = draw(st.one_of(YAML_VALUES, st.dictionaries(st.sampled_from(KEYS), YAML_VALUES,
                                                        max_size=8)))
    text = yaml.safe_dump(value, allow_unicode=draw(st.booleans()),
                          default_flow_style=draw(st.sampled_from([False, True, None])))
    return text.encode()


TOKENS = ["name", "extends", "document", "contacts", "note", "- ", ": ", ":", "\n", "  ",
          "    ", "[", "]", "{", "}", ", ", "&a ", "*a", "!!python/object:os.system ",
          "!foo ", "'", '"', "\\f", "\\e", "\\N", "\\u202e", "|", ">", "|-", "# ", "---",
          "...", "%YAML 1.1\n", "? ", "\t", "\r", "\x85", "\u2028", "\u202e", "\x0c",
          "0701234567", "08:30", "2026-02-30", "true", "yes", "~", "null", "ÄNDRA: ",
          "https://x.se", "../", "/etc/passwd", "narhalsan", "a" * 40, "<<: ", "=", "\ufeff"]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=60).map(lambda t: "".join(t).encode())


@st.composite
def mutated_example(draw: st.DrawFn) -> bytes:
    lines = draw(st.sampled_from(EXAMPLES)).read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "indent",
                                          "dedent", "insert", "replace"]))
        if operation == "delete" and len(lines) > 1:
            del lines[at]
        elif operation == "duplicate":
            lines.insert(at, lines[at])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif operation == "indent":
            lines[at] = " " * draw(st.integers(1, 3)) + lines[at]
        elif operation == "dedent":
            lines[at] = lines[at][draw(st.integers(1, 3)):]
        elif operation == "insert":
            col = draw(st.integers(0, len(lines[at])))
            char = draw(st.one_of(st.characters(codec="utf-8", exclude_categories=["Cs"]),
                                  st.sampled_from(list(string.punctuation) + ["\t", "\r"])))
            lines[at] = lines[at][:col] + char + lines[at][col:]
        elif ":" in lines[at]:  # replace the value after the key
            key = lines[at].split(":", 1)[0]
            value = draw(st.one_of(TEXT, st.sampled_from(TOKENS)))
            lines[at] = f"{key}: {value}"
    return "\n".join(lines).encode("utf-8", "surrogatepass")


# --- properties ---------------------------------------------------------------


@given(content=st.binary(max_size=2000))
def test_random_bytes(tree: Path, content: bytes) -> None:
    check_loads_or_reports(tree, content)


@given(content=dumped_yaml())
def test_random_yaml(tree: Path, content: bytes) -> None:
    check_loads_or_reports(tree, content)


@given(content=YAMLISH)
def test_yaml_ish_tokens(tree: Path, content: bytes) -> None:
    check_loads_or_reports(tree, content)


@given(content=mutated_example())
def test_mutated_example_units(tree: Path, content: bytes) -> None:
    check_loads_or_reports(tree, content)


def test_unmutated_examples_load(tree: Path) -> None:
    """The mutations start from valid files: each example loads in this folder."""
    for example in EXAMPLES:
        (tree / FUZZED).write_bytes(example.read_bytes())
        book = handbook.load_handbook(tree / "units", base=tree)
        assert [u.id for u in book.units] == ["vc-fuzz"]
