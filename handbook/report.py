"""Problems as text for people, GitHub Actions annotations, or JSON for tools.

``text`` is the contract format, one ``path:line:col: field: message`` per
line. ``github`` writes workflow commands, so each problem shows on the
changed line of a pull request. ``json`` is one document for other tools.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .errors import Problem

FORMATS = ("text", "github", "json")


def format_problems(problems: Iterable[Problem], fmt: str) -> str:
    """Every problem, sorted by place, as the whole output (empty text when none)."""
    ordered = sorted(set(problems))
    if fmt == "text":
        return "".join(f"{p}\n" for p in ordered)
    if fmt == "github":
        return "".join(f"{github_annotation(p)}\n" for p in ordered)
    if fmt == "json":
        return json_report(ordered)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def github_annotation(problem: Problem) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` with GitHub's escaping."""
    properties = ",".join(f"{key}={_escape_property(str(value))}" for key, value in (
        ("file", problem.path), ("line", problem.line), ("col", problem.col),
        ("title", problem.field)))
    return f"::error {properties}::{_escape_data(f'{problem.field}: {problem.message}')}"


def json_report(problems: list[Problem]) -> str:
    """The problems as the validator's JSON report."""
    document = {
        "valid": not problems,
        "count": len(problems),
        "problems": [{"path": p.path, "line": p.line, "col": p.col, "field": p.field,
                      "message": p.message} for p in problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    # The runner reads '%', CR and LF as escapes or line ends in a message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # ... and ':' and ',' end a property value.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
