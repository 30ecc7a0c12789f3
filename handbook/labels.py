"""The labels file: every Swedish string a reader sees."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LABELS_FILE = Path(__file__).with_name("labels.yml")


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    with LABELS_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def field_label(key: str) -> str:
    return str(labels()["fields"][key])
