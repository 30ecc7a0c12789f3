"""Problems as text for people, GitHub Actions annotations, or JSON for tools.

``text`` is the contract format, one ``path:line:col: field: message`` per
line. ``github`` writes workflow commands, so each problem shows on the
changed line of a pull request. ``json`` is one document for other tools.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..errors import Problem

FORMATS = ("text", "github", "json")


def format_problems(problems: Iterable[Problem], fmt: str,
                    warnings: Iterable[Problem] = ()) -> str:
    """Every problem and warning, sorted by place, as the whole output (empty text
    when none). A warning's message starts with "varning:" in text."""
    ordered = sorted(set(problems))
    warned = sorted(set(warnings))
    if fmt == "text":
        return "".join(f"{p}\n" for p in sorted(ordered + warned))
    if fmt == "github":
        return "".join(f"{github_annotation(p, p in warned and p not in ordered)}\n"
                       for p in sorted(ordered + warned))
    if fmt == "json":
        return json_report(ordered, warned)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def github_annotation(problem: Problem, warning: bool = False) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` (``::warning`` for a warning)
    with GitHub's escaping."""
    properties = ",".join(f"{key}={_escape_property(str(value))}" for key, value in (
        ("file", problem.path), ("line", problem.line), ("col", problem.col),
        ("title", problem.field)))
    command = "warning" if warning else "error"
    return f"::{command} {properties}::{_escape_data(f'{problem.field}: {problem.message}')}"


def json_report(problems: list[Problem], warnings: list[Problem] | None = None) -> str:
    """The problems (and warnings, which leave the files valid) as the validator's JSON
    report."""
    document = {
        "valid": not problems,
        "count": len(problems),
        "problems": [_entry(p) for p in problems],
        "warnings": [_entry(w) for w in warnings or []],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _entry(problem: Problem) -> dict[str, object]:
    return {"path": problem.path, "line": problem.line, "col": problem.col,
            "field": problem.field, "message": problem.message}


def _escape_data(text: str) -> str:
    # The runner reads '%', CR and LF as escapes or line ends in a message.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # ... and ':' and ',' end a property value.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
