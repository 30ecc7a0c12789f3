"""Carry out the reminder decisions on GitHub (``python -m handbook reminders``,
handbook/cli/reminders.py).

Talks to the GitHub REST API with urllib and the workflow's own ``GITHUB_TOKEN``
(permissions ``issues: write``, ``contents: read``); ``--dry-run`` only reads (the
issue list, who can be assigned) and prints what it would do.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..errors import HandbookError
from ..labels import message
from .reminders import BOT, Action, Decision, Issue, decide, describe, reminder_label, status_units

API_URL = "https://api.github.com"
TIMEOUT_SECONDS = 30
# GitHub asks for a second between requests that change something (secondary rate
# limits); a first run in a large region opens many issues at once.
WRITE_PAUSE_SECONDS = 1.0


class _TokenStaysHome(urllib.request.HTTPRedirectHandler):
    """Follows a redirect without the token when it leads to another host: GitHub sends
    a release asset's download to its storage, which refuses a second credential and
    must never see the repository's token."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                         headers: Any, newurl: str) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urllib.parse.urlsplit(newurl).netloc != \
                urllib.parse.urlsplit(req.full_url).netloc:
            new.remove_header("Authorization")
        return new


class GitHub:
    """The few REST calls the reminders and find-person need, for one repository."""

    def __init__(self, repo: str, token: str | None, api_url: str = API_URL,
                 write_pause: float = WRITE_PAUSE_SECONDS) -> None:
        self.repo, self.token, self.api_url = repo, token, api_url.rstrip("/")
        self.write_pause, self._last_write = write_pause, 0.0

    def request(self, method: str, path: str, payload: Any = None) -> tuple[int, Any, str]:
        """Status, decoded JSON (or None) and the Link header of one call; ``path`` is
        relative to the API, or a full address on the API's own host (pagination)."""
        url = path if path.startswith(self.api_url + "/") else self.api_url + path
        data = None if payload is None else json.dumps(payload).encode("utf-8")
        headers = {"Accept": "application/vnd.github+json", "User-Agent": "handbook-reminders",
                   "X-GitHub-Api-Version": "2022-11-28"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data, headers, method=method)  # noqa: S310
        if method != "GET":
            time.sleep(max(0.0, self._last_write + self.write_pause - time.monotonic()))
            self._last_write = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                raw = response.read()
                return response.status, json.loads(raw) if raw else None, \
                    response.headers.get("Link", "")
        except urllib.error.HTTPError as error:
            if method == "GET" and error.code == 404 and "/assignees/" in url:
                return 404, None, ""
            raise HandbookError(message("editor.github.refused", code=error.code, method=method,
                                        path=urllib.parse.urlsplit(url).path,
                                        reason=_message(error))) from None
        except urllib.error.URLError as error:
            raise HandbookError(message("editor.github.unreachable", url=self.api_url,
                                        reason=error.reason)) from None

    def _repo_path(self, rest: str) -> str:
        return f"/repos/{self.repo}{rest}"

    def releases(self) -> list[dict[str, Any]]:
        """Every release of the repository, with its assets, page by page."""
        return list(self._pages(self._repo_path("/releases?per_page=100")))

    def asset(self, asset_id: int) -> bytes:
        """A release asset's bytes (GitHub redirects to its storage; the token stays)."""
        headers = {"Accept": "application/octet-stream", "User-Agent": "handbook-find-person",
                   "X-GitHub-Api-Version": "2022-11-28"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        url = f"{self.api_url}{self._repo_path(f'/releases/assets/{asset_id}')}"
        request = urllib.request.Request(url, headers=headers)  # noqa: S310
        opener = urllib.request.build_opener(_TokenStaysHome())
        try:
            with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as error:
            raise HandbookError(message("editor.github.refused", code=error.code, method="GET",
                                        path=urllib.parse.urlsplit(url).path,
                                        reason=_message(error))) from None
        except urllib.error.URLError as error:
            raise HandbookError(message("editor.github.unreachable", url=self.api_url,
                                        reason=error.reason)) from None

    def issues(self, label: str) -> list[Issue]:
        """Every issue (open and closed) with ``label``, page by page."""
        query = urllib.parse.urlencode({"state": "all", "labels": label, "per_page": 100})
        return [Issue.from_api(item) for item in self._pages(self._repo_path(f"/issues?{query}"))]

    def _pages(self, first: str) -> Iterator[dict[str, Any]]:
        address: str | None = first
        while address:
            _status, items, link = self.request("GET", address)
            if not isinstance(items, list):
                raise HandbookError(message("editor.github.not_a_list", address=address))
            yield from items
            address = _next_page(link)
            if address and not address.startswith(self.api_url + "/"):
                raise HandbookError(message("editor.github.other_host", address=address))

    def assignable(self, user: str) -> bool:
        """Whether GitHub lets an issue of the repository be assigned to ``user``."""
        status, _body, _link = self.request(
            "GET", self._repo_path(f"/assignees/{urllib.parse.quote(user)}"))
        return status == 204

    def apply(self, decision: Decision, label: str) -> None:
        """Carry out one decision: open, edit, close or reopen the issue."""
        issue_path = self._repo_path(f"/issues/{decision.issue}")
        reminder = decision.reminder
        if decision.action is Action.OPEN:
            assert reminder is not None
            _s, made, _l = self.request("POST", self._repo_path("/issues"), {
                "title": reminder.title, "body": reminder.body, "labels": [label],
                "assignees": list(reminder.assignees)})
            made = made if isinstance(made, dict) else {}
            if label not in {item.get("name") for item in made.get("labels", [])}:
                # Without the label the next run would not find it and open another.
                raise HandbookError(message("editor.github.unlabelled",
                                            number=made.get("number"), label=label))
            return
        if decision.action is Action.CLOSE:
            if decision.comment:
                self.request("POST", issue_path + "/comments", {"body": decision.comment})
            self.request("PATCH", issue_path, {"state": "closed",
                                               "state_reason": decision.state_reason})
            return
        if decision.action in (Action.UPDATE, Action.REOPEN):
            assert reminder is not None
            fields: dict[str, str] = {"title": reminder.title, "body": reminder.body}
            if decision.action is Action.REOPEN:
                fields["state"] = "open"
            if decision.action is Action.REOPEN or {"title", "body"} & set(decision.changed):
                self.request("PATCH", issue_path, fields)
        if decision.add_assignees and decision.action is not Action.LEAVE:
            self.request("POST", issue_path + "/assignees",
                         {"assignees": list(decision.add_assignees)})
        if decision.action is Action.REOPEN and decision.comment:
            self.request("POST", issue_path + "/comments", {"body": decision.comment})


def _next_page(link: str) -> str | None:
    for part in link.split(","):
        address, _sep, params = part.partition(";")
        if 'rel="next"' in params:
            return address.strip().strip("<>")
    return None


def _message(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read()).get("message", error.reason))
    except (ValueError, AttributeError):
        return str(error.reason)


def run(status: dict[str, Any], github: GitHub, site_url: str | None, dry_run: bool,
        out: TextIO, bot: str = BOT) -> list[Decision]:
    """Decide for every unit and carry the decisions out (print them with ``dry_run``)."""
    label = reminder_label()
    known: dict[str, bool] = {}

    def assignable(user: str) -> bool:
        if user not in known:
            known[user] = github.assignable(user)
        return known[user]

    decisions = decide(status, github.issues(label), site_url, assignable, bot)
    for decision in decisions:
        out.write(describe(decision) + "\n")
        if dry_run and decision.reminder and decision.action in (Action.OPEN, Action.UPDATE,
                                                                 Action.REOPEN):
            out.write("".join(f"      {line}\n" for line in decision.reminder.body.splitlines()))
        if not dry_run and decision.action is not Action.LEAVE:
            github.apply(decision, label)
    return decisions


def read_status(source: str) -> dict[str, Any]:
    """The document that ``python -m handbook status --format json`` wrote to ``source``
    ('-': standard input), checked."""
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except ValueError as error:
        raise HandbookError(message("editor.github.no_json", source=source,
                                    error=error)) from None
    if not isinstance(document, dict):
        raise HandbookError(message("editor.github.not_status", source=source))
    try:
        status_units(document)
    except HandbookError as error:
        raise HandbookError(f"{source}: {error}") from None
    return document
