"""The example marking: one setting says the handbook is an example.

The repository ships a fictional region. Its rules come from the source
document, but its units, names, phone numbers and review intervals are made
up, so every page and every binder cover says so while ``example_handbook:
true`` stands under ``extra:`` in ``mkdocs.yml``. A real region sets it to
false (or removes it) and nothing is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import settings
from ..errors import HandbookError
from ..labels import labels

SETTING = settings.EXTRA_EXAMPLE


def example_setting(extra: Mapping[str, Any]) -> bool:
    """The setting from ``mkdocs.yml``'s ``extra:``; absent means off."""
    value = extra.get(SETTING, False)
    if not isinstance(value, bool):
        raise HandbookError(f"mkdocs.yml: extra.{SETTING} must be true or false, found "
                            f"{value!r}; write 'extra: {{{SETTING}: false}}' for a real region")
    return value


def example_labels() -> dict[str, str]:
    """What the site's banner and the binder covers say."""
    return dict(labels()["example"])
