"""Whether a workflow run may publish a release (issue #16): the gate that
``.github/workflows/release.yml`` runs before it builds, so that no one publishes
an unreviewed branch, an old commit or an older release as ``latest``.

A release is published by

- a pushed tag ``vYYYY.MM`` (or ``vYYYY.MM-N``, a correction of the same month's
  release, published again as ``YYYY.MM``), or
- a manual run (``workflow_dispatch``) on ``main``, with the release's name or
  none (the current year and month).

Either way the commit must be the head of ``origin/main`` when the run starts
(so a re-run of an old release run is refused once ``main`` has moved on), and
the release may not be older than the newest one already published. The
workflow's ``release`` environment (protected: required reviewers, deployments
from ``main`` and ``v*`` tags only) is the second lock; this module is the part
that can be tested.

``python -m handbook release-gate --event E --ref R --sha S --main-head M
[--version V] [--versions-json FILE] [--github-output FILE]``: exit 0 and
``version=…`` in the output file when allowed, 1 with the reason when refused,
2 for a usage error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..history.git import versions_in
from ..labels import labels

MAIN = "refs/heads/main"
TAG_PREFIX = "refs/tags/"
# ASCII digits only: ``\d`` also takes other scripts' digits (٢٠٩٩), which sort after
# every real release and would block all later ones.
VERSION = re.compile(r"(?P<year>[0-9]{4})\.(?P<month>0[1-9]|1[0-2])")
# What looks like a release name in any script: checked strictly when published.
LOOKS_LIKE_VERSION = re.compile(r"\w{4}\.\w{1,2}")
TAG = re.compile(rf"v(?P<version>{VERSION.pattern})(-[1-9][0-9]*)?")
FULL_SHA = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class Request:
    """What the workflow run knows about itself."""

    event: str  # github.event_name
    ref: str  # github.ref: refs/tags/v2027.02 or refs/heads/main
    sha: str  # github.sha: the commit the run builds
    main_head: str  # what origin/main points at now
    version: str = ""  # workflow_dispatch's input; empty: the month of ``today``
    today: dt.date = dt.date(1970, 1, 1)
    published: tuple[str, ...] = ()  # the versions already on gh-pages


@dataclass(frozen=True)
class Decision:
    """Allowed with the release's name, or refused with the reason (Swedish)."""

    allowed: bool
    version: str
    reason: str


def _refuse(key: str, **values: str) -> Decision:
    return Decision(False, "", labels()["release_gate"][key].format(**values))


def decide(request: Request) -> Decision:
    """Allow or refuse a release; the first rule that fails gives the reason."""
    version, refused = _requested_version(request)
    if refused:
        return refused
    if not FULL_SHA.fullmatch(request.sha) or not FULL_SHA.fullmatch(request.main_head):
        return _refuse("no_head", sha=request.sha, head=request.main_head)
    if request.sha != request.main_head:
        return _refuse("not_head", sha=request.sha[:12], head=request.main_head[:12])
    for published in request.published:
        if LOOKS_LIKE_VERSION.fullmatch(published) and not _sane(published, request.today):
            return _refuse("bad_published", version=published)
    newer = [v for v in request.published if VERSION.fullmatch(v) and v > version]
    if newer:
        return _refuse("older", version=version, newest=max(newer))
    return Decision(True, version, labels()["release_gate"]["allowed"].format(
        version=version, sha=request.sha[:12]))


def _requested_version(request: Request) -> tuple[str, Decision | None]:
    """The release's name from the tag or the manual run's input, or why there is none."""
    if request.event == "push" and request.ref.startswith(TAG_PREFIX):
        tag = request.ref.removeprefix(TAG_PREFIX)
        match = TAG.fullmatch(tag)
        if not match:
            return "", _refuse("bad_tag", tag=tag)
        version = match["version"]
    elif request.event == "workflow_dispatch":
        if request.ref != MAIN:
            return "", _refuse("not_main", ref=request.ref)
        version = request.version.strip() or request.today.strftime("%Y.%m")
        if not VERSION.fullmatch(version):
            return "", _refuse("bad_version", version=version)
    else:
        return "", _refuse("event", event=request.event, ref=request.ref)
    if version > _next_month(request.today):
        return "", _refuse("too_late", version=version, limit=_next_month(request.today))
    return version, None


def _next_month(today: dt.date) -> str:
    """The latest release name the gate accepts: next month's ("2027.03" in February)."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return f"{year:04d}.{month:02d}"


def _sane(version: str, today: dt.date) -> bool:
    """Whether a published release name is one the gate would accept today."""
    return bool(VERSION.fullmatch(version)) and version <= _next_month(today)


def published_versions(versions_json: Path | None) -> tuple[str, ...]:
    """The versions in mike's ``versions.json``; none when there is no file yet."""
    if versions_json is None or not versions_json.is_file():
        return ()
    return tuple(versions_in(versions_json.read_text(encoding="utf-8"), f"{versions_json}: "))
