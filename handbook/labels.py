"""The labels file: every Swedish string a reader sees, and every message an editor
gets about a unit file (``editor:``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import HandbookError

LABELS_FILE = Path(__file__).with_name("labels.yml")


# libyaml's safe loader reads the labels file ten times faster than PyYAML's own (it is
# read at import, by every process); the file is ours, so both read it the same.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """The labels file, read once."""
    with LABELS_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=LOADER)  # noqa: S506 - a safe loader
    return data


def _entry(key: str) -> Any:
    """The entry at the dotted path ``key`` of the labels file."""
    entry: Any = labels()
    for part in key.split("."):
        entry = entry[part]
    return entry


def message(key: str, /, **values: object) -> str:
    """The message at the dotted path ``key`` of the labels file
    (``editor.load.unknown_key``), its ``{placeholders}`` filled in from ``values``."""
    return str(_entry(key)).format(**values)


def messages(key: str) -> dict[str, str]:
    """The table of words at the dotted path ``key`` (``editor.text.char_names``)."""
    return {str(name): str(text) for name, text in _entry(key).items()}


def field_label(key: str) -> str:
    """The Swedish label of the schema field ``key``."""
    return str(labels()["fields"][key])


def nav_title(key: str) -> str:
    """The title of the navigation's section ``key``: ``mkdocs.yml`` names a section by a
    key of ``nav:`` in the labels file, and the hooks (or ``handbook pages``) put the
    title in."""
    titles: dict[str, str] = labels()["nav"]
    if key not in titles:
        raise HandbookError(f"mkdocs.yml: avsnittet {key!r} under nav: har ingen rubrik; "
                            f"skriv den i handbook/labels.yml under nav:, t.ex. "
                            f"{key}: Regionens rutiner")
    return titles[key]
