"""Reminder issues (#14 part 3): the decisions against real status output of the
example units (``python -m handbook status --format json --today …``), the Swedish
issue texts, and the runner's HTTP calls against a local stand-in for GitHub."""

from __future__ import annotations

import atexit
import copy
import functools
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from examplegaps import units_before_review
from github_fake import REPO as GH_REPO
from github_fake import FakeGitHub, serve
from sitebuild import REPO

from handbook.errors import HandbookError
from handbook.tools.github import GitHub, run
from handbook.tools.reminders import Action, Decision, Issue, decide, reminder_for

pytestmark = pytest.mark.unit

SITE = "https://kontinuitet.intranat.example/"
LABEL = "påminnelse"
BOT = "github-actions[bot]"
DUE_UNITS = {"vc-angen", "vc-kortedala", "vc-vanersborg"}  # on 2026-11-26, see test_status


@functools.cache
def dated_units() -> Path:
    """The example units with the dates these tests follow (tests/examplegaps.py): the
    example's own are re-chosen now and then so that it shows a mix of statuses."""
    folder = Path(tempfile.mkdtemp(prefix="reminders-"))
    atexit.register(shutil.rmtree, folder, True)
    return units_before_review(REPO, folder)


def status_of(day: str, units: Path | None = None) -> dict[str, Any]:
    """The real status command's output (a fresh copy; each day and folder runs once)."""
    return copy.deepcopy(_status_of(day, units or dated_units()))


@functools.cache
def _status_of(day: str, units: Path) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "handbook", "status", "--units", str(units),
                             "--today", day, "--format", "json"],
                            cwd=REPO, capture_output=True, text=True, timeout=120, check=True)
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="module")
def nov26() -> dict[str, Any]:
    return status_of("2026-11-26")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example units after vc-angen's review: approved anew on 2026-11-20."""
    units = tmp_path_factory.mktemp("reviewed") / "units"
    shutil.copytree(dated_units(), units)
    unit = units / "vc-angen.yml"
    text = unit.read_text(encoding="utf-8")
    assert "  approved: 2025-11-17\n" in text
    unit.write_text(text.replace("  approved: 2025-11-17\n", "  approved: 2026-11-20\n"),
                    encoding="utf-8")
    return units


def issues_for(decisions: list[Decision], state: str = "open") -> list[Issue]:
    """The issues GitHub would hold after the decisions to open were carried out."""
    made = []
    for number, d in enumerate(decisions, 1):
        assert d.reminder is not None
        made.append(Issue(number, d.reminder.title, d.reminder.body, state, frozenset({LABEL}),
                          frozenset(d.reminder.assignees), BOT))
    return made


def by_unit(decisions: list[Decision]) -> dict[str, list[Decision]]:
    found: dict[str, list[Decision]] = {}
    for d in decisions:
        found.setdefault(d.unit_id, []).append(d)
    return found


def test_status_json_names_each_units_maintainers(nov26: dict[str, Any]) -> None:
    by_id = {u["id"]: u for u in nov26["units"]}
    assert by_id["vc-angen"]["maintainers"] == ["malin-hedberg", "jonasek"]
    assert by_id["vc-vanersborg"]["maintainers"] == ["hannes-blom", "birgitta-forsman"]


def test_opens_one_issue_per_due_overdue_or_missing_paper_unit(nov26: dict[str, Any]) -> None:
    decisions = decide(nov26, [], SITE)
    assert [d.action for d in decisions] == [Action.OPEN] * 3
    assert [d.unit_id for d in decisions] == sorted(DUE_UNITS)
    units = {u["id"]: u for u in nov26["units"]}
    assert {units[i]["status"] for i in DUE_UNITS} == {"forfallen", "dags-for-oversyn"}
    # Current units get none, even one that lacks a checklist (bvc-gardsten).
    current = {u["id"] for u in nov26["units"] if u["status"] == "aktuell"}
    assert current == set(units) - DUE_UNITS and "bvc-gardsten" in current
    assert {d.unit_id: d.add_assignees for d in decisions} == {
        "vc-angen": ("malin-hedberg", "jonasek"), "vc-kortedala": ("sara-ljung", "mikael-berg"),
        "vc-vanersborg": ("hannes-blom", "birgitta-forsman")}


def test_a_current_unit_missing_a_printed_routine_gets_an_issue(
        nov26: dict[str, Any]) -> None:
    units = [dict(u) for u in nov26["units"]]
    gardsten = next(u for u in units if u["id"] == "bvc-gardsten")
    gardsten["missing_paper"] = [{"id": "avbrottsrutin-lab", "title": "Avbrottsrutin labb"}]
    (decision,) = by_unit(decide({**nov26, "units": units}, [], SITE))["bvc-gardsten"]
    assert decision.action is Action.OPEN and decision.reminder is not None
    assert decision.reminder.title == ("Kontinuitetsplanen för Närhälsan Gårdsten "
                                       "barnavårdscentral: rutin saknas på papper "
                                       "(giltig till 2027-06-09)")
    assert "- **Status:** Aktuell. Gäller till 2027-06-09." in decision.reminder.body
    assert "document.version" not in decision.reminder.body  # no review asked for


def test_issue_title_and_body_in_swedish(nov26: dict[str, Any]) -> None:
    found = by_unit(decide(nov26, [], SITE))
    angen = found["vc-angen"][0].reminder
    assert angen is not None
    assert angen.title == ("Kontinuitetsplanen för Närhälsan Angered vårdcentral: förfallen "
                           "(giltig till 2026-11-17)")
    lines = angen.body.splitlines()
    assert "- **Status:** Förfallen. Skulle ha setts över senast 2026-11-17." in lines
    assert "- **Giltig till:** 2026-11-17" in lines
    assert "- **Enhetens sida:** https://kontinuitet.intranat.example/enheter/vc-angen/" in lines
    assert "- **Version:** 2.3, fastställd 2025-11-17 av Katarina Lindqvist, verksamhetschef" \
        in lines
    assert "**Enhetens granskare:** @malin-hedberg, @jonasek" in lines
    assert lines[-2:] == ["<!-- handbook-reminder: vc-angen -->",
                          "<!-- handbook-reminder-valid-until: 2026-11-17 -->"]
    assert "Saknas på papper" not in angen.body
    vanersborg = found["vc-vanersborg"][0].reminder
    assert vanersborg is not None
    assert vanersborg.title == ("Kontinuitetsplanen för Närhälsan Vänersborg vårdcentral: dags "
                                "för översyn och rutin saknas på papper (giltig till 2026-12-10)")
    body = vanersborg.body
    assert "- **Status:** Dags för översyn. Ska ses över senast 2026-12-10." in body
    assert "### Saknas på papper" in body
    assert "- Reservrutin när ordination i Pascal inte är möjlig (`reservrutin-pascal`)" in body
    assert "https://kontinuitet.intranat.example/enheter/vc-vanersborg/" in body
    # Without a site URL there is no link, and the unit's file is still named.
    bare = reminder_for(next(u for u in nov26["units"] if u["id"] == "vc-angen"), None)
    assert "Enhetens sida" not in bare.body and "`units/vc-angen.yml`" in bare.body


def test_the_same_content_is_left_alone(nov26: dict[str, Any]) -> None:
    existing = issues_for(decide(nov26, [], SITE))
    again = decide(nov26, existing, SITE)
    assert [(d.action, d.issue, d.add_assignees) for d in again] == [
        (Action.LEAVE, i.number, ()) for i in existing]
    # A body saved in the browser comes back with CRLF line ends: still the same.
    crlf = [Issue(i.number, i.title, i.body.replace("\n", "\r\n"), i.state, i.labels,
                  i.assignees, i.author) for i in existing]
    assert {d.action for d in decide(nov26, crlf, SITE)} == {Action.LEAVE}


def test_changed_content_is_updated_not_duplicated(nov26: dict[str, Any]) -> None:
    existing = issues_for(decide(nov26, [], SITE))
    later = decide(status_of("2026-12-11"), existing, SITE)  # vc-vanersborg now overdue
    vanersborg = next(i for i in existing if i.unit_id() == "vc-vanersborg")
    assert [d.action for d in later if d.unit_id != "vc-vanersborg"] == [Action.LEAVE] * 2
    (update,) = by_unit(later)["vc-vanersborg"]
    assert (update.action, update.issue, update.changed) == (
        Action.UPDATE, vanersborg.number, ("title", "body"))
    assert update.reminder is not None
    assert update.reminder.title.endswith(": förfallen och rutin saknas på papper "
                                          "(giltig till 2026-12-10)")
    assert not any(d.action is Action.OPEN for d in later)


def test_a_missing_maintainer_is_assigned_and_a_persons_assignee_kept(
        nov26: dict[str, Any]) -> None:
    existing = issues_for(decide(nov26, [], SITE))
    angen = next(i for i in existing if i.unit_id() == "vc-angen")
    changed = Issue(angen.number, angen.title, angen.body, "open", angen.labels,
                    frozenset({"malin-hedberg", "a-colleague"}), BOT)
    (decision,) = by_unit(decide(nov26, [changed], SITE))["vc-angen"]
    assert (decision.action, decision.changed, decision.add_assignees) == (
        Action.UPDATE, ("assignees",), ("jonasek",))


def test_a_unit_current_again_gets_its_issue_closed(nov26: dict[str, Any],
                                                    reviewed: Path) -> None:
    existing = issues_for(decide(nov26, [], SITE))
    after = decide(status_of("2026-11-26", reviewed), existing, SITE)
    angen = next(i for i in existing if i.unit_id() == "vc-angen")
    (close,) = by_unit(after)["vc-angen"]
    assert (close.action, close.issue, close.state_reason) == (
        Action.CLOSE, angen.number, "completed")
    assert close.comment == ("Planen är aktuell igen och inget saknas på papper (giltig till "
                             "2027-11-20). Ärendet stängs automatiskt.")
    assert {d.action for d in after if d.unit_id != "vc-angen"} == {Action.LEAVE}
    # Already closed: nothing more to do.
    closed = [Issue(i.number, i.title, i.body, "closed", i.labels, i.assignees, i.author)
              if i.number == angen.number else i for i in existing]
    assert "vc-angen" not in by_unit(decide(status_of("2026-11-26", reviewed), closed, SITE))


def test_due_again_reopens_the_same_review_and_opens_a_new_one_for_the_next(
        nov26: dict[str, Any], reviewed: Path) -> None:
    """Same valid-until day (closed by a person, the plan not yet reviewed): reopen;
    the next review period (a year later): a new issue."""
    existing = issues_for(decide(nov26, [], SITE))
    angen = next(i for i in existing if i.unit_id() == "vc-angen")
    closed = [Issue(i.number, i.title, i.body, "closed", i.labels, i.assignees, i.author)
              if i.number == angen.number else i for i in existing]
    (reopen,) = by_unit(decide(nov26, closed, SITE))["vc-angen"]
    assert (reopen.action, reopen.issue, reopen.changed) == (Action.REOPEN, angen.number, ())
    assert reopen.comment is not None and "2026-11-17" in reopen.comment
    next_year = status_of("2027-11-01", reviewed)
    assert next(u for u in next_year["units"] if u["id"] == "vc-angen")["status"] == \
        "dags-for-oversyn"
    (new,) = by_unit(decide(next_year, closed, SITE))["vc-angen"]
    assert (new.action, new.issue) == (Action.OPEN, None)
    assert new.reminder is not None and "(giltig till 2027-11-20)" in new.reminder.title


def test_issues_made_by_people_are_never_touched(nov26: dict[str, Any]) -> None:
    ours = issues_for(decide(nov26, [], SITE))
    angen = next(i for i in ours if i.unit_id() == "vc-angen")
    people = [
        Issue(101, "Fråga om planen", angen.body, "open", frozenset({LABEL}),
              author="malin-hedberg"),  # copied the marker, has the label: a person's
        Issue(102, angen.title, angen.body, "open", frozenset(), author=BOT),  # no label
        Issue(103, "Påminnelse", "Se över planen", "open", frozenset({LABEL}), author=BOT),
        Issue(104, angen.title, angen.body, "open", frozenset({LABEL}), author=BOT,
              pull_request=True),
        Issue(105, "Gammal", angen.body.replace("vc-angen", "psykiatrimottagning-uddevalla"),
              "open", frozenset({LABEL}), author="erik-sjoholm"),  # current unit
    ]
    decisions = decide(nov26, people, SITE)
    assert all(d.issue is None for d in decisions)
    assert sorted(d.unit_id for d in decisions) == sorted(DUE_UNITS)
    assert {d.action for d in decide(nov26, people + ours, SITE)} == {Action.LEAVE}


def test_a_duplicate_is_closed_and_a_removed_unit_s_issue_too(nov26: dict[str, Any]) -> None:
    ours = issues_for(decide(nov26, [], SITE))
    angen = next(i for i in ours if i.unit_id() == "vc-angen")
    twin = Issue(50, angen.title, angen.body, "open", angen.labels, angen.assignees, BOT)
    gone = Issue(51, "x", "<!-- handbook-reminder: vc-stangd -->", "open",
                 frozenset({LABEL}), author=BOT)
    decisions = by_unit(decide(nov26, [*ours, twin, gone], SITE))
    assert [(d.action, d.issue, d.state_reason) for d in decisions["vc-angen"]] == [
        (Action.LEAVE, angen.number, None), (Action.CLOSE, 50, "not_planned")]
    assert decisions["vc-angen"][1].comment == \
        f"Dubblett av #{angen.number}: påminnelsen fortsätter där."
    (close,) = decisions["vc-stangd"]
    assert (close.action, close.state_reason) == (Action.CLOSE, "not_planned")
    assert close.comment == "Enheten vc-stangd finns inte längre i handboken. " \
        "Ärendet stängs automatiskt."


def test_only_assignable_handles_are_assigned_and_the_rest_named(
        nov26: dict[str, Any]) -> None:
    units = [dict(u) for u in nov26["units"]]
    angen = next(u for u in units if u["id"] == "vc-angen")
    reminder = reminder_for(angen, SITE, assignable=lambda user: user != "jonasek")
    assert reminder.assignees == ("malin-hedberg",)
    assert ("Kunde inte tilldelas ärendet (inget användarnamn på GitHub, eller ingen "
            "behörighet i repositoryt): jonasek") in reminder.body
    angen["maintainers"] = []
    assert "inga angivna i fältet `maintainers`" in reminder_for(angen, SITE).body
    assert reminder_for(angen, SITE).assignees == ()


@pytest.mark.parametrize(("change", "message"), [
    (lambda s: s.pop("units"), "statusen saknar listan 'units'"),
    (lambda s: s["units"][1].pop("valid_until"),
     "units[1]: fältet 'valid_until' saknas eller är ingen text"),
    (lambda s: s["units"][0].update(status="gammal"), "units[0].status: 'gammal' är ingen"),
    (lambda s: s["units"][2].update(missing_paper=None),
     "units[2]: fältet 'missing_paper' saknas eller är ingen lista"),
], ids=["no-units", "no-valid-until", "unknown-status", "missing-paper-not-a-list"])
def test_a_broken_status_document_is_a_swedish_error(nov26: dict[str, Any], change: Any,
                                                     message: str) -> None:
    status = json.loads(json.dumps(nov26))
    change(status)
    with pytest.raises(HandbookError) as raised:
        decide(status, [], SITE)
    assert str(raised.value).startswith(message)


# The runner, over HTTP.

def fake_github() -> FakeGitHub:
    return FakeGitHub(assignable={"malin-hedberg", "sara-ljung", "hannes-blom"})


def test_runner_opens_the_issues_then_leaves_them(nov26: dict[str, Any]) -> None:
    with serve(fake_github()) as fake:
        person = fake.add("Min egen påminnelse", "text", [LABEL], author="anna")
        closed = [fake.add(f"gammal {n}", f"<!-- handbook-reminder: x{n} -->", [LABEL],
                           state="closed") for n in range(4)]
        github = GitHub(GH_REPO, "test-token", fake.url, write_pause=0)
        log = io.StringIO()
        run(nov26, github, SITE, dry_run=False, out=log)
        assert {r.authorization for r in fake.requests} == {"Bearer test-token"}
        lists = [r.path for r in fake.requests if "/issues?" in r.path]
        # Five labelled issues at two a page: three pages, each asked for once.
        assert len(lists) == 3 and lists[0] == (
            f"/repos/{GH_REPO}/issues?state=all&labels=p%C3%A5minnelse&per_page=100")
        assert [p.rsplit("page=", 1)[1] for p in lists[1:]] == ["2", "3"]
        checks = sorted(r.path.rsplit("/", 1)[1] for r in fake.requests
                        if "/assignees/" in r.path)
        assert checks == ["birgitta-forsman", "hannes-blom", "jonasek", "malin-hedberg",
                          "mikael-berg", "sara-ljung"]
        writes = fake.writes()
        assert [(r.method, r.path) for r in writes] == [("POST", f"/repos/{GH_REPO}/issues")] * 3
        angen = writes[0].payload
        assert angen["labels"] == [LABEL] and angen["assignees"] == ["malin-hedberg"]
        assert angen["title"].startswith("Kontinuitetsplanen för Närhälsan Angered")
        assert "<!-- handbook-reminder: vc-angen -->" in angen["body"]
        assert "): jonasek" in angen["body"]  # not assignable here: named, not assigned
        assert log.getvalue().splitlines()[0] == "öppna nytt ärende (vc-angen)"
        assert fake.issues[person]["title"] == "Min egen påminnelse"
        assert all(fake.issues[n]["state"] == "closed" for n in closed)

        fake.requests.clear()
        run(nov26, github, SITE, dry_run=False, out=io.StringIO())
        assert fake.writes() == []


def test_runner_updates_closes_and_reopens(nov26: dict[str, Any], reviewed: Path) -> None:
    with serve(fake_github()) as fake:
        github = GitHub(GH_REPO, "test-token", fake.url, write_pause=0)
        run(nov26, github, SITE, dry_run=False, out=io.StringIO())
        number = {Issue.from_api(i).unit_id(): n for n, i in fake.issues.items()}
        fake.requests.clear()
        run(status_of("2026-11-26", reviewed), github, SITE, dry_run=False, out=io.StringIO())
        issue = f"/repos/{GH_REPO}/issues/{number['vc-angen']}"
        assert [(r.method, r.path, r.payload) for r in fake.writes()] == [
            ("POST", issue + "/comments", {"body": (
                "Planen är aktuell igen och inget saknas på papper (giltig till 2027-11-20). "
                "Ärendet stängs automatiskt.")}),
            ("PATCH", issue, {"state": "closed", "state_reason": "completed"})]
        assert fake.issues[number["vc-angen"]]["state"] == "closed"

        fake.requests.clear()  # vc-angen due again for the same review; vänersborg overdue
        run(status_of("2026-12-11"), github, SITE, dry_run=False, out=io.StringIO())
        writes = [(r.method, r.path, sorted(r.payload)) for r in fake.writes()]
        vanersborg = f"/repos/{GH_REPO}/issues/{number['vc-vanersborg']}"
        assert writes == [("PATCH", issue, ["body", "state", "title"]),
                          ("POST", issue + "/comments", ["body"]),
                          ("PATCH", vanersborg, ["body", "title"])]
        assert fake.issues[number["vc-angen"]]["state"] == "open"
        assert len(fake.issues) == 3  # no duplicates


def test_runner_dry_run_writes_nothing_and_prints_the_text(nov26: dict[str, Any]) -> None:
    with serve(fake_github()) as fake:
        log = io.StringIO()
        github = GitHub(GH_REPO, None, fake.url, write_pause=0)
        decisions = run(nov26, github, SITE, dry_run=True, out=log)
        assert [d.action for d in decisions] == [Action.OPEN] * 3
        assert fake.writes() == [] and fake.issues == {}
        assert {r.authorization for r in fake.requests} == {None}
        text = log.getvalue()
        assert "      - **Giltig till:** 2026-11-17" in text
        assert "öppna nytt ärende (vc-vanersborg)\n    Kontinuitetsplanen för Närhälsan " \
            "Vänersborg vårdcentral: dags för översyn" in text


def test_runner_reports_a_github_error_in_swedish(nov26: dict[str, Any]) -> None:
    with serve(fake_github()) as fake:
        github = GitHub("someone/else", "test-token", fake.url, write_pause=0)
        with pytest.raises(HandbookError) as raised:
            run(nov26, github, SITE, dry_run=False, out=io.StringIO())
    assert str(raised.value) == ("GitHub svarade 404 på GET /repos/someone/else/issues: "
                                 "Not Found")


def test_the_command_dry_run(tmp_path: Path, nov26: dict[str, Any]) -> None:
    status = tmp_path / "status.json"
    status.write_text(json.dumps(nov26), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_TOKEN"}
    with serve(fake_github()) as fake:
        env.update(GITHUB_API_URL=fake.url, GITHUB_REPOSITORY=GH_REPO)
        command = [sys.executable, "-m", "handbook", "reminders", "--status", str(status)]
        result = subprocess.run([*command, "--dry-run"], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        # mkdocs.yml's site_url is the versioned site's root: the issue links the newest
        # release's page through the latest alias.
        assert "https://kontinuitet.intranat.example/latest/enheter/vc-kortedala/" \
            in result.stdout
        assert fake.writes() == []
        refused = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                                 timeout=120)
    assert refused.returncode == 2
    assert refused.stderr == ("python -m handbook reminders: GITHUB_TOKEN saknas (kör med "
                              "--dry-run för att bara läsa)\n")
    status.write_text("1 problem hittades", encoding="utf-8")
    broken = subprocess.run([*command, "--dry-run"], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=120)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert broken.stderr.startswith(f"python -m handbook reminders: {status}: ingen JSON")


def test_the_workflow_runs_weekly_with_the_least_permissions() -> None:
    workflow = yaml.load((REPO / ".github/workflows/reminders.yml").read_text(encoding="utf-8"),
                         Loader=yaml.BaseLoader)
    # None for the workflow; the one job's own (zizmor: no write at the workflow level)
    assert workflow["permissions"] == {}
    assert workflow["on"]["schedule"] == [{"cron": "0 6 * * 1"}]
    assert "workflow_dispatch" in workflow["on"]
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = [str(step.get("run", "")) for step in job["steps"]]
    assert ".venv/bin/python -m handbook status --format json > status.json" in runs
    (reminders,) = [s for s in job["steps"] if "handbook reminders" in str(s.get("run", ""))]
    assert reminders["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    text = (REPO / ".github/workflows/reminders.yml").read_text(encoding="utf-8")
    assert "secrets." not in text  # no token but the workflow's own


def test_an_issue_made_without_the_label_stops_the_run(nov26: dict[str, Any]) -> None:
    """GitHub drops labels it may not set; the next run would then not find the issue
    and open another, so the runner stops and says which permission is missing."""
    with serve(fake_github()) as fake:
        fake.drop_labels = True
        github = GitHub(GH_REPO, "test-token", fake.url, write_pause=0)
        with pytest.raises(HandbookError) as raised:
            run(nov26, github, SITE, dry_run=False, out=io.StringIO())
    assert str(raised.value) == ("ärende #1 skapades utan etiketten 'påminnelse': ge "
                                 "arbetsflödet behörigheten issues: write")
    assert len(fake.writes()) == 1
