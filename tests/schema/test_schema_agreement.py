"""The editors' JSON Schema and the validator agree, file by file.

An editor sees the JSON Schema's verdict while typing (the YAML language
server) and the validator's in the pull request; they must not contradict each
other. The files are read as the language server reads them: YAML 1.2 core
schema, where ``0701234567`` is a number and ``08:30`` and dates are text.

The schema sees one file at a time and only its parsed values, so some
problems only the validator can find. Those bad-input cases are listed in
``VALIDATOR_ONLY`` with the reason, and the test checks that the schema really
accepts them (so the list cannot go stale).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from sitebuild import REPO
from test_bad_input import BASE_TREE, CASES
from test_scaffold import fill
from unitfiles import VALID, U

from handbook import read_handbook
from handbook.schema.json_schema import render_json_schema
from handbook.tools.scaffold import NewUnit, scaffold_text

pytestmark = pytest.mark.unit

VALIDATOR = jsonschema.Draft202012Validator(
    json.loads(render_json_schema()),
    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

VALIDATOR_ONLY = {
    # Merge: the value may come from the region or a group.
    "unit-without-document": "required fields are checked after the merge",
    "missing-name-and-approved": "required fields are checked after the merge",
    "unknown-group-suggests": "which groups exist is known only from units/_groups/",
    "group-extends-unknown-group": "which groups exist is known only from units/_groups/",
    "group-cycle": "a cycle spans several files",
    "drop-nothing-inherited": "what is inherited is known only after the merge",
    "duplicate-id": "JSON Schema cannot say 'unique by id' across list items",
    # Where the file is: one schema serves units, groups and the region.
    "name-in-group": "which keys a layer may hold depends on where the file is",
    "extends-in-region": "which keys a layer may hold depends on where the file is",
    "group-name-in-unit": "which keys a layer may hold depends on where the file is",
    "group-name-in-region": "which keys a layer may hold depends on where the file is",
    "binder-in-unit": "which keys a layer may hold depends on where the file is",
    "binder-in-group": "which keys a layer may hold depends on where the file is",
    "invalid-file-names": "file names are not content",
    "reserved-ids": "file names are not content",
    "stray-underscore-file": "file names are not content",
    # Below the parsed values.
    "comment-after-a-text": "YAML drops a comment before the schema sees the value",
    "comment-after-a-phone-number": "YAML drops a comment before the schema sees the value",
    "anchor-at-the-start-of-a-text": "YAML drops an anchor before the schema sees the value",
    "bang-at-the-start-of-a-text": "YAML drops a tag before the schema sees the value",
    "approval-date-in-the-future": "the schema cannot know today's date",
    "list-item-indented-one-too-far": "YAML reads one text: the schema sees a valid step",
    "text-continued-by-a-dash-line": "YAML reads one text: the schema sees a valid note",
    "override-id-one-letter-off": "what is inherited is known only after the merge",
    "template-example-left-in": "any text may start with 't.ex.' as far as the schema knows",
    "int-leading-zero": "012 parses as the number 12 in YAML 1.2 (10 in YAML 1.1); "
                        "the schema sees the number, not the spelling",
}


class _Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema on top of PyYAML's YAML 1.1 SafeLoader."""

    yaml_implicit_resolvers: dict[Any, Any] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(k, deep=True) for k, _ in node.value]
        duplicates = {str(k) for k in keys if keys.count(k) > 1}
        if duplicates:  # the YAML language server reports "Map keys must be unique"
            raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {duplicates}",
                                                    node.start_mark)
        # JSON object keys are strings
        return {str(k): v for k, v in super().construct_mapping(node, deep=True).items()}


_CORE = [
    ("null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
              r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", list("-+.0123456789")),
]
for _name, _pattern, _first in _CORE:
    _Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_name}", re.compile(_pattern),
                                        _first)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text, 10)


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(node.value).lower()
    return float(text.replace(".inf", "inf").replace(".nan", "nan"))


_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float)
_Yaml12Loader.add_constructor("tag:yaml.org,2002:bool",
                              lambda loader, node: str(node.value).lower() == "true")


def schema_errors(raw: bytes) -> list[str]:
    """What the JSON Schema says about one file (a file YAML cannot read is an error)."""
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_Yaml12Loader)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        return [f"unreadable: {exc}"]
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def test_the_loader_reads_yaml_1_2() -> None:
    text = (b"a: 0701234567\nb: 08:30\nc: 2026-09-01\nd: no\ne: 012\nf: 0o17\ng: 1.10\n"
            b"h: ~\ni: .inf\n")
    assert yaml.load(text, Loader=_Yaml12Loader) == {
        "a": 701234567, "b": "08:30", "c": "2026-09-01", "d": "no", "e": 12, "f": 15,
        "g": 1.1, "h": None, "i": float("inf")}


EXAMPLES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "units").rglob("*.yml"))


@pytest.mark.parametrize("path", EXAMPLES)
def test_both_accept_every_example_file(path: str) -> None:
    assert read_handbook(REPO / "units", base=REPO).problems == []
    assert schema_errors((REPO / path).read_bytes()) == []


def _files(files: dict[str, str | bytes]) -> dict[str, bytes]:
    return {k: v if isinstance(v, bytes) else v.encode() for k, v in files.items()}


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_both_reject_each_bad_input_case(request: pytest.FixtureRequest,
                                         write_tree: Callable[..., Path],
                                         files: dict[str, str | bytes],
                                         expected: list[str]) -> None:
    case_id = request.node.callspec.id
    units = write_tree({**BASE_TREE, **files})
    assert read_handbook(units, base=units.parent).problems  # the validator rejects
    verdicts = {path: schema_errors(raw) for path, raw in _files({**BASE_TREE, **files}).items()}
    rejected = {path: errors for path, errors in verdicts.items() if errors}
    if case_id in VALIDATOR_ONLY:
        assert rejected == {}, f"the schema now rejects it; drop '{case_id}' from VALIDATOR_ONLY"
    else:
        assert rejected, f"the JSON Schema accepts what the validator rejects: {expected}"


def test_every_exclusion_names_a_real_case() -> None:
    assert set(VALIDATOR_ONLY) <= {case.id for case in CASES}  # type: ignore[attr-defined]


def test_both_accept_the_valid_base_and_a_filled_scaffold(
        write_tree: Callable[..., Path]) -> None:
    filled = fill(scaffold_text(NewUnit("vc-ny", "VC Ny", ("area",)), ["area"]))
    units = write_tree({**BASE_TREE, U: VALID, "units/vc-ny.yml": filled})
    assert read_handbook(units, base=units.parent).problems == []
    for raw in _files({**BASE_TREE, U: VALID, "units/vc-ny.yml": filled}).values():
        assert schema_errors(raw) == []


def test_both_reject_each_placeholder_of_a_new_scaffold() -> None:
    text = scaffold_text(NewUnit("vc-ny", "VC Ny"), [])
    rejected = {error.split(": ", 1)[0] for error in schema_errors(text.encode())}
    assert rejected == {"maintainers/0", "maintainers/1", "document/version", "document/owner",
                        "document/approved", "document/approved_by",
                        "document/review_months", "contacts/0/name", "contacts/0/phone"}


def _properties(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property schema of the JSON Schema, by its path."""
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield f"{where}.{name}".lstrip("."), sub
            yield from _properties(sub, f"{where}.{name}".lstrip("."))
        if "items" in schema:
            yield from _properties(schema["items"], f"{where}[]")


SCHEMA = json.loads(render_json_schema())


def test_every_pattern_says_in_swedish_what_to_write() -> None:
    """Editors' tools show ``patternErrorMessage`` instead of the regular expression."""
    missing = []
    for path, prop in _properties(SCHEMA):
        for part in [prop, *prop.get("anyOf", []), *prop.get("allOf", [])]:
            if "pattern" in part and not re.match(r"(Skriv|Texten) ",
                                                  str(part.get("patternErrorMessage", ""))):
                missing.append(path)
    assert missing == []


def test_every_example_is_valid_to_its_own_schema() -> None:
    """An example an editor's tool completes is valid to its own property's schema, so
    it is typed (12, true; "12" and "true" fail "integer" and "boolean")."""
    checked = 0
    for path, prop in _properties(SCHEMA):
        for example in prop.get("examples", []):
            assert list(jsonschema.Draft202012Validator(
                {k: v for k, v in prop.items() if k != "examples"},
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
            ).iter_errors(example)) == [], (path, example)
            checked += 1
    assert checked > 50


@pytest.mark.parametrize("written", ["08:30", "08.30", "15.00", "\"15.00\"", "'08:30'"])
def test_a_time_is_accepted_by_both_as_the_validator_reads_it(
        write_tree: Callable[..., Path], written: str) -> None:
    text = VALID + f"routines:\n  calendar:\n    print_time: {written}\n"
    units = write_tree({**BASE_TREE, U: text})
    assert read_handbook(units, base=units.parent).problems == []
    assert schema_errors(text.encode()) == []
