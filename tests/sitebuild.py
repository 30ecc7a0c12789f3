"""Helpers for tests that build real sites: copy the project, run MkDocs, read pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from handbook.model import Obj, Seq
from handbook.render.phones import phone_links
from handbook.render.safe_markdown import to_html
from handbook.render.values import scalar_text
from handbook.schema import UNIT, ListOf, Record, Scalar, Type

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "mkdocs.offline.yml", "docs", "units", "hooks", "overrides",
                 "CONTRIBUTING.md")


def require_tool(name: str) -> str:
    """The path of a command-line tool; a local run without it skips, CI fails."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing in CI: .ci/run must install it")
        pytest.skip(f"{name} is not installed on this machine")
    return found


def require_file(path: Path, how: str) -> Path:
    """A file the tests need from outside the venv (``how`` says what installs it);
    a local run without it skips, CI fails."""
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing in CI: .ci/run must install it ({how})")
        pytest.skip(f"{path} is not on this machine ({how})")
    return path


def copy_project(target: Path) -> Path:
    """A copy of the project's site sources in ``target`` (the package is installed)."""
    for part in PROJECT_PARTS:
        source = REPO / part
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def mkdocs_build(project: Path, *extra: str, pdf: bool = False,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` in ``project``; PDF binders only when ``pdf`` is true,
    ``env`` adds to the environment.

    A PDF build is a draft whatever the caller's environment says, so what the
    cover shows does not depend on ``HANDBOOK_RELEASE``.
    """
    extra_env = env or {}
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_PDF": "1" if pdf else "0"}
    if pdf:
        env.pop("HANDBOOK_RELEASE", None)
    env.update(extra_env)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
                          cwd=project, capture_output=True, text=True, env=env, timeout=600)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_text(html: str) -> str:
    """The visible text of an HTML page or fragment, whitespace squashed."""
    parser = _Text()
    parser.feed(html)
    return squash(" ".join(parser.parts))


def page_content(html: str) -> str:
    """The text of the article only (not nav, header or footer)."""
    start = html.index('<article')
    return html_text(html[start:html.index("</article>", start)])


def expected_texts(data: Obj) -> list[tuple[str, str]]:
    """Every value of a unit's merged data as (field path, text a reader sees)."""
    found: list[tuple[str, str]] = []
    _walk(data, UNIT, "", found)
    return found


def _walk(value: Any, kind: Type, where: str, found: list[tuple[str, str]]) -> None:
    if isinstance(kind, Record):
        for key, spec in kind.fields.items():
            if key in value and key not in ("id", "drop"):
                _walk(value[key], spec.type, f"{where}.{key}".lstrip("."), found)
    elif isinstance(kind, ListOf):
        assert isinstance(value, Seq)
        for number, item in enumerate(value):
            _walk(item, kind.item, f"{where}[{number}]", found)
    else:
        assert isinstance(kind, Scalar)
        text = scalar_text(value, kind)
        if kind.kind == "markdown":
            text = html_text(to_html(text))
        elif kind.kind == "text":  # a phone number in it is a link, its own text element
            text = html_text(phone_links(text))
        found.append((where, squash(text)))
