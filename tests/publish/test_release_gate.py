"""The release gate's decisions (handbook/publish/release_gate.py), and the command the release
workflow runs."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from handbook.publish.release_gate import Request, decide
from handbook.routes import printed_alias, stable_root, unit_url

pytestmark = pytest.mark.unit

HEAD = "a" * 40
OLD = "b" * 40
DAY = dt.date(2027, 2, 14)
TAG = Request("push", "refs/tags/v2027.02", HEAD, HEAD, today=DAY)
DISPATCH = Request("workflow_dispatch", "refs/heads/main", HEAD, HEAD, today=DAY)


@pytest.mark.parametrize(("request_", "version"), [
    (TAG, "2027.02"),
    (replace(TAG, ref="refs/tags/v2027.02-2"), "2027.02"),  # a correction the same month
    (DISPATCH, "2027.02"),  # no name given: this month
    (replace(DISPATCH, version="2027.03"), "2027.03"),
    (replace(DISPATCH, version=" 2027.02 "), "2027.02"),
    # The same release again (a correction) and a newer one are allowed.
    (replace(TAG, published=("2027.02", "2027.01")), "2027.02"),
    (replace(DISPATCH, published=("2026.12", "latest-draft")), "2027.02"),
    # Next month's release may be made a little ahead (at the end of this month).
    (replace(TAG, ref="refs/tags/v2027.03"), "2027.03"),
    (replace(DISPATCH, version="2027.01", today=dt.date(2026, 12, 30)), "2027.01"),
], ids=["tag", "tag-correction", "dispatch-this-month", "dispatch-named",
        "dispatch-spaces", "same-release-again", "newer-than-published", "tag-next-month",
        "dispatch-next-month-over-new-year"])
def test_allowed(request_: Request, version: str) -> None:
    decision = decide(request_)
    assert decision.allowed, decision.reason
    assert decision.version == version
    assert decision.reason == (f"Utgåva {version} publiceras från aaaaaaaaaaaa, som är huvudet "
                               "på main.")


@pytest.mark.parametrize(("request_", "reason"), [
    # A unit maintainer's own branch, run by hand.
    (replace(DISPATCH, ref="refs/heads/min-enhet"),
     "En manuell publicering får bara köras från main, inte från refs/heads/min-enhet. "
     "Välj main under Run workflow."),
    # A tag on a branch that is not main's head, or a re-run after main moved on.
    (replace(TAG, sha=OLD),
     "Versionen bbbbbbbbbbbb är inte huvudet på main (main är nu aaaaaaaaaaaa). Bara det som "
     "är granskat och sammanslaget senast får bli latest: tagga huvudet på main, eller kör "
     "arbetsflödet på nytt från main."),
    (replace(DISPATCH, sha=OLD), None),
    (replace(TAG, main_head=""), "Kunde inte jämföra aaaaaaaaaaaa"),
    # Pushes to main and pull requests never publish.
    (Request("push", "refs/heads/main", HEAD, HEAD),
     "Händelsen push (refs/heads/main) publicerar ingen utgåva; bara en tagg v… eller en "
     "manuell körning från main gör det."),
    (Request("pull_request", "refs/pull/7/merge", HEAD, HEAD), "Händelsen pull_request"),
    (Request("workflow_run", "refs/heads/main", HEAD, HEAD), "Händelsen workflow_run"),
    (replace(TAG, ref="refs/tags/2027.02"), "Taggen 2027.02 är inte en utgåva."),
    (replace(TAG, ref="refs/tags/v2027.13"), "Taggen v2027.13 är inte en utgåva."),
    (replace(TAG, ref="refs/tags/v2027.02-0"), "Taggen v2027.02-0 är inte en utgåva."),
    (replace(DISPATCH, version="feb"),
     "Utgåvans namn feb ska vara år.månad, t.ex. 2027.02."),
    (replace(DISPATCH, version="2027.2"), "Utgåvans namn 2027.2 ska vara"),
    # Re-running an old release run: latest may not move back.
    (replace(TAG, ref="refs/tags/v2027.01", published=("2027.02", "2027.01")),
     "Utgåva 2027.01 är äldre än den publicerade 2027.02; latest får inte flyttas bakåt."),
    # Digits of other scripts: they sort after every real release, so once published
    # they would refuse all later ones as older.
    (replace(TAG, ref="refs/tags/v\u0662\u0660\u0669\u0669.02"),
     "Taggen v\u0662\u0660\u0669\u0669.02 är inte en utgåva."),
    (replace(DISPATCH, version="\uff12\uff10\uff12\uff17.02"),
     "Utgåvans namn \uff12\uff10\uff12\uff17.02 ska vara år.månad"),
    (replace(TAG, ref="refs/tags/v2027.0\u0663"), "Taggen v2027.0\u0663 är inte en utgåva."),
    # Far in the future: the same trap.
    (replace(TAG, ref="refs/tags/v9999.12"),
     "Utgåva 9999.12 ligger längre fram än nästa månad (2027.03)."),
    (replace(DISPATCH, version="2027.04"),
     "Utgåva 2027.04 ligger längre fram än nästa månad (2027.03)."),
    # What versions.json already lists is held to the same rules.
    (replace(TAG, published=("9999.12", "2027.01")),
     "versions.json på gh-pages har utgåvan 9999.12, som inte är ett giltigt namn"),
    (replace(TAG, published=("\u0662\u0660\u0669\u0669.02",)),
     "versions.json på gh-pages har utgåvan \u0662\u0660\u0669\u0669.02"),
], ids=["dispatch-from-branch", "tag-not-head", "dispatch-not-head", "no-main-head",
        "push-to-main", "pull-request", "workflow-run", "tag-without-v", "tag-month-13",
        "tag-correction-0", "dispatch-bad-name", "dispatch-short-month", "older-than-latest",
        "tag-arabic-digits", "dispatch-fullwidth-digits", "tag-one-arabic-digit",
        "tag-far-future", "dispatch-two-months-ahead", "published-far-future",
        "published-arabic-digits"])
def test_refused(request_: Request, reason: str | None) -> None:
    decision = decide(request_)
    assert not decision.allowed
    assert decision.version == ""
    if reason is None:
        assert "är inte huvudet på main" in decision.reason
    else:
        assert decision.reason.startswith(reason), decision.reason


def gate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handbook", "release-gate", *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


def _month(offset: int) -> str:
    """The release name of the month ``offset`` months from now (the command reads the
    clock: a release more than a month ahead is refused)."""
    today = dt.datetime.now(dt.UTC).date()
    months = today.year * 12 + today.month - 1 + offset
    return f"{months // 12:04d}.{months % 12 + 1:02d}"


THIS, LAST, NEXT = _month(0), _month(-1), _month(1)


def test_command_writes_the_version_for_the_next_steps(tmp_path: Path) -> None:
    output = tmp_path / "github_output"
    output.write_text("earlier=1\n", encoding="utf-8")
    versions = tmp_path / "versions.json"
    versions.write_text(json.dumps([{"version": LAST, "title": LAST,
                                     "aliases": ["latest"]}]), encoding="utf-8")
    result = gate("--event", "push", "--ref", f"refs/tags/v{THIS}", "--sha", HEAD,
                  "--main-head", HEAD, "--versions-json", str(versions),
                  "--github-output", str(output), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8") == f"earlier=1\nversion={THIS}\n"


def test_command_refuses_with_the_reason_and_writes_no_version(tmp_path: Path) -> None:
    output = tmp_path / "github_output"
    versions = tmp_path / "versions.json"
    versions.write_text(json.dumps([{"version": NEXT, "aliases": ["latest"]}]),
                        encoding="utf-8")
    result = gate("--event", "push", "--ref", f"refs/tags/v{THIS}", "--sha", HEAD,
                  "--main-head", HEAD, "--versions-json", str(versions),
                  "--github-output", str(output), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"Publiceringen stoppas: Utgåva {THIS} är äldre än den "
                                     f"publicerade {NEXT}; latest får inte flyttas bakåt.")
    assert not output.exists()


# The address printed on paper (QR code, cover, reminder issues): handbook/routes.py.

@pytest.mark.parametrize(("site_url", "alias", "building", "root"), [
    ("https://x.example/", "latest", None, "https://x.example/latest/"),
    # mike's plugin has appended the version being built: taken off again.
    ("https://x.example/2027.02", "latest", "2027.02", "https://x.example/latest/"),
    ("https://x.example/handbok/2027.02", "latest", "2027.02",
     "https://x.example/handbok/latest/"),
    # Only the version being built is taken off the root.
    ("https://x.example/handbok/", "latest", "2027.02", "https://x.example/handbok/latest/"),
    ("https://x.example/handbok", None, None, "https://x.example/handbok/"),
    (None, "latest", "2027.02", None),
    ("", "latest", None, None),
])
def test_stable_root(site_url: str | None, alias: str | None, building: str | None,
                     root: str | None) -> None:
    assert stable_root(site_url, alias, building) == root


def test_unit_url_under_the_stable_root() -> None:
    root = stable_root("https://x.example/2027.02", "latest", "2027.02")
    assert unit_url(root, "vc-angen") == "https://x.example/latest/enheter/vc-angen/"
    assert printed_alias({"latest_alias": "latest", "version": None}) == "latest"
    assert printed_alias({"latest_alias": "/senaste/"}) == "senaste"
    assert printed_alias({"latest_alias": ""}) is None
    assert printed_alias({"version": {"provider": "mike"}}) is None
