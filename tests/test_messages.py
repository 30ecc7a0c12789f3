"""The editor messages in handbook/labels.yml (``editor:``): every key the code asks
for is there, every key there is asked for, and each formats with its placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path
from typing import Any

import pytest

import handbook
from handbook.labels import labels, message, messages

pytestmark = pytest.mark.unit

PACKAGE = Path(handbook.__file__).parent
HELPERS = {"message", "messages"}


def _calls() -> list[tuple[str, str, ast.Call]]:
    """Every call of ``message``/``messages`` in the package: (module, helper, call)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else \
                func.attr if isinstance(func, ast.Attribute) else ""
            if name in HELPERS:
                found.append((str(path.relative_to(PACKAGE.parent)), name, node))
    return found


def _used() -> dict[str, str]:
    """The keys the code asks for, each with the helper that asks."""
    used: dict[str, str] = {}
    for module, helper, call in _calls():
        first = call.args[0] if call.args else None
        assert isinstance(first, ast.Constant) and isinstance(first.value, str), \
            f"{module}:{call.lineno}: {helper}() needs its key written out, so this test sees it"
        used[first.value] = helper
    return used


def _defined(entry: Any, key: str, tables: set[str]) -> dict[str, Any]:
    """Every key under ``key``: its templates, and the tables asked for whole."""
    if key in tables or not isinstance(entry, dict):
        return {key: entry}
    found: dict[str, Any] = {}
    for name, sub in entry.items():
        found.update(_defined(sub, f"{key}.{name}", tables))
    return found


def _placeholders(template: str) -> list[str]:
    return [name for _text, name, _spec, _conv in string.Formatter().parse(template)
            if name is not None]


def test_the_code_asks_for_editor_keys_by_name() -> None:
    used = _used()
    assert used, "no message() call found"
    assert all(key.startswith("editor.") for key in used), sorted(used)


def test_every_key_asked_for_is_in_the_labels_file() -> None:
    used = _used()
    tables = {key for key, helper in used.items() if helper == "messages"}
    defined = _defined(labels()["editor"], "editor", tables)
    missing = sorted(set(used) - set(defined))
    assert not missing, f"asked for, not in handbook/labels.yml: {missing}"


def test_every_key_in_the_labels_file_is_asked_for() -> None:
    used = _used()
    tables = {key for key, helper in used.items() if helper == "messages"}
    defined = _defined(labels()["editor"], "editor", tables)
    unused = sorted(set(defined) - set(used))
    assert not unused, f"in handbook/labels.yml, asked for nowhere: {unused}"


def test_each_template_formats_with_its_placeholders() -> None:
    used = _used()
    for key, helper in sorted(used.items()):
        if helper == "messages":
            table = messages(key)
            assert table and all(isinstance(text, str) and text for text in table.values())
            continue
        template = str(_entry(key))
        names = _placeholders(template)
        said = message(key, **{name: f"<{name}>" for name in names})
        assert isinstance(_entry(key), str), f"{key} is not a text in the labels file"
        assert all(f"<{name}>" in said for name in names), key


def test_the_placeholders_the_code_fills_in_are_the_templates() -> None:
    """Each call fills in exactly the template's placeholders (or passes them on)."""
    for module, helper, call in _calls():
        if helper != "message" or any(k.arg is None for k in call.keywords):
            continue
        key = call.args[0].value  # type: ignore[attr-defined]
        given = {k.arg for k in call.keywords}
        wanted = set(_placeholders(str(_entry(key))))
        assert given == wanted, f"{module}:{call.lineno}: {key} takes {sorted(wanted)}"


def _entry(key: str) -> Any:
    entry: Any = labels()
    for part in key.split("."):
        entry = entry[part]
    return entry
