"""Shared helper: write a tree of files into ``tmp_path`` from a dict."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

Tree = dict[str, str | bytes]


@pytest.fixture
def write_tree(tmp_path: Path) -> Callable[[Tree], Path]:
    """Return ``write(files)``: writes ``{relative path: text or bytes}`` exactly as
    given (text as UTF-8, bytes untouched) and returns ``tmp_path / "units"``."""

    def write(files: Tree) -> Path:
        for relative, content in files.items():
            path = tmp_path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return tmp_path / "units"

    return write
