"""Helpers for tests that build real sites: copy the project, run MkDocs, read pages."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from handbook.data.model import Obj, Seq
from handbook.render.phones import phone_links
from handbook.render.safe_markdown import to_html
from handbook.render.values import scalar_text, shown
from handbook.schema.fields import HIDDEN, UNIT, ListOf, Record, Scalar, Type

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



def only_units(project: Path, kept: tuple[str, ...]) -> Path:
    """``project`` with only the unit files ``kept`` (the region and groups stay): a
    binder costs seconds, so a build that renders PDFs keeps two or three units."""
    for unit_file in (project / "units").glob("*.yml"):
        if not unit_file.stem.startswith("_") and unit_file.stem not in kept:
            unit_file.unlink()
    return project

def mkdocs_build(project: Path, *extra: str, pdf: bool = False,
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` in ``project``; PDF binders only when ``pdf`` is true,
    ``env`` adds to the environment.

    A PDF build is a draft whatever the caller's environment says, so what the
    cover shows does not depend on ``HANDBOOK_RELEASE``.
    """
    extra_env = env or {}
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_PDF": "1" if pdf else "0"}
    # The example as the intranet sees it, whatever the caller's shell (or the PR
    # workflow) says of personal data, unless the test asks otherwise.
    env.pop("HANDBOOK_AUDIENCE", None)
    env.pop("HANDBOOK_PRIVATE", None)
    if pdf:
        env.pop("HANDBOOK_RELEASE", None)
    env.update(extra_env)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
                          cwd=project, capture_output=True, text=True, env=env, timeout=600)


# --- one build of the example, shared by every module and worker of a test run ----------

# The day the shared example build computes statuses for (HANDBOOK_TODAY), so what a
# test expects of "review due" does not change at midnight or with the calendar.
EXAMPLE_DAY = "2026-12-05"


def example_unit_ids() -> list[str]:
    """The example's unit ids from the file names alone (for ``parametrize`` at import
    time, where loading the handbook would cost every worker a load per module)."""
    return sorted(p.stem for p in (REPO / "units").glob("*.yml") if not p.name.startswith("_"))


@dataclass(frozen=True)
class SharedBuild:
    """A finished build of a copy of the project. Read it, never write into it: other
    test modules (in other processes) read the same files; copy it to change it."""

    project: Path
    returncode: int
    output: str  # the build's stdout and stderr
    before: dt.date  # the calendar day just before and just after the build ran
    after: dt.date

    @property
    def site(self) -> Path:
        return self.project / "site"


def shared_build(tmp_path_factory: pytest.TempPathFactory, *extra: str, pdf: bool = False,
                 env: dict[str, str] | None = None) -> SharedBuild:
    """The example project copied and built by ``mkdocs_build(project, *extra, pdf=pdf,
    env=env)`` once per test run, whichever module asks first.

    With pytest-xdist (``--dist loadfile``) each module runs in one of several worker
    processes; the build is kept on disk under the run's base temporary folder (which the
    workers share), keyed by the arguments and a digest of the project's inputs, and a
    file lock makes a second worker wait for the first one's build instead of repeating
    it. The caller asserts ``returncode`` (a failed build is shared too, with its output).
    """
    arguments = {"extra": list(extra), "pdf": pdf, "env": sorted((env or {}).items())}
    key = hashlib.sha256(json.dumps(arguments).encode() + _inputs_digest()).hexdigest()[:16]
    root = _run_folder(tmp_path_factory) / "shared-builds"
    root.mkdir(parents=True, exist_ok=True)
    folder, record = root / key, root / f"{key}.json"
    with open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker killed mid-build
            folder.mkdir()
            project = copy_project(folder)
            before = dt.date.today()
            result = mkdocs_build(project, *extra, pdf=pdf, env=env)
            record.write_text(json.dumps({
                "returncode": result.returncode, "output": result.stdout + result.stderr,
                "before": before.isoformat(), "after": dt.date.today().isoformat()}),
                encoding="utf-8")
    done = json.loads(record.read_text(encoding="utf-8"))
    return SharedBuild(folder, done["returncode"], done["output"],
                       dt.date.fromisoformat(done["before"]),
                       dt.date.fromisoformat(done["after"]))


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base temporary folder of this test run: under xdist, the parent of the
    worker's own (``popen-gw0`` …), which all workers of the run share."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _inputs_digest() -> bytes:
    """A digest of every file a build reads from the repository: the project's parts
    and the package (the venv's libraries are the same for a whole run)."""
    digest = hashlib.sha256()
    for part in (*PROJECT_PARTS, "handbook"):
        source = REPO / part
        files = sorted(source.rglob("*")) if source.is_dir() else [source]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(REPO).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


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


def bare_text(text: str) -> str:
    """A PDF's text with no whitespace, and a word the binder hyphenated at a line's
    end (WeasyPrint's hyphenate-character U+2010, then the line break) made whole."""
    return re.sub(r"\s+", "", re.sub(r"\u2010\s+", "", text))


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
            # Not the fields a reader never sees (for the merge, for editors), nor a
            # yes/no that says whether a record applies ("ej tillämpligt" when no).
            if key in value and key not in HIDDEN and shown(spec) and not spec.applies:
                _walk(value[key], spec.type, f"{where}.{key}".lstrip("."), found)
    elif isinstance(kind, ListOf):
        assert isinstance(value, Seq)
        for number, item in enumerate(value):
            _walk(item, kind.item, f"{where}[{number}]", found)
    else:
        assert isinstance(kind, Scalar)
        found.append((where, reader_text(value, kind)))


def binder_texts(data: Obj) -> list[tuple[str, str]]:
    """``expected_texts`` as the binder prints them: its forms chapter lists where each
    paper form is kept (binder/chapters.py paper_forms), the forms' addresses, issuers
    and descriptions are on the site only, and so are the groups a unit shares values
    with and the kinds of checklist the region requires (for editors)."""
    found = [(where, value) for where, value in expected_texts(data)
             if not where.startswith(("forms[", "extends[", "required_checklists["))]
    for number, form in enumerate(data.get("forms", [])):
        if form.get("paper_location"):
            found += [(f"forms[{number}].{key}", squash(str(form[key])))
                      for key in ("title", "paper_location")]
    return found


def reader_text(value: Any, kind: Scalar) -> str:
    """The text a reader sees for one scalar value, whitespace squashed."""
    text = scalar_text(value, kind)
    if kind.kind == "markdown":
        text = html_text(to_html(text))
    elif kind.kind == "text":  # a phone number in it is a link, its own text element
        text = html_text(phone_links(text))
    return squash(text)
