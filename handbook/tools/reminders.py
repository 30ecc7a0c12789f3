"""Reminder issues before a plan goes stale: what the reminders workflow should do.

Given the status document (``python -m handbook status --format json``) and the issues
the workflow made before, :func:`decide` says, per unit, whether to open, update,
leave, close or reopen its issue. Nothing here talks to GitHub (``reminders_github.py``
does), so every decision can be tested on recorded input.

An issue is the workflow's own only when it has the reminder label, the hidden
marker with the unit's id, and the workflow's account as its author: an issue a
person wrote, or copied the marker into, is never touched.

A unit due again after its issue was closed: the closed issue is reopened when it was
about the same review (the same valid-until day in its hidden marker: the unit was
current for a while, or someone closed the issue without fixing the plan), so the
discussion stays in one place; a new review period gets a new issue, so a year-old
discussion about the previous review is not mixed into this one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..errors import HandbookError
from ..labels import labels, message
from ..plan.status import Status
from ..routes import unit_url
from ..schema.scalars import USER, USER_MAX_LENGTH

BOT = "github-actions[bot]"  # the author of issues made with the workflow's token
MARKER = "<!-- handbook-reminder: {id} -->"
PERIOD_MARKER = "<!-- handbook-reminder-valid-until: {date} -->"
_MARKER = re.compile(r"^<!-- handbook-reminder: ([a-z0-9]+(?:-[a-z0-9]+)*) -->\r?$", re.M)
_PERIOD = re.compile(r"^<!-- handbook-reminder-valid-until: (\d{4}-\d\d-\d\d) -->\r?$", re.M)
MAX_ASSIGNEES = 10  # GitHub's limit per issue


class Action(Enum):
    """What the workflow does about one unit's reminder issue."""

    OPEN = "open"
    UPDATE = "update"
    LEAVE = "leave"
    CLOSE = "close"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Issue:
    """An issue as GitHub lists it (the fields a decision reads)."""

    number: int
    title: str
    body: str
    state: str  # "open" or "closed"
    labels: frozenset[str] = frozenset()
    assignees: frozenset[str] = frozenset()
    author: str = BOT
    pull_request: bool = False

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> Issue:
        """The issue as GitHub's REST API lists it."""
        return cls(int(item["number"]), str(item.get("title") or ""),
                   str(item.get("body") or ""), str(item["state"]),
                   frozenset(str(label["name"]) for label in item.get("labels") or []),
                   frozenset(str(user["login"]) for user in item.get("assignees") or []),
                   str((item.get("user") or {}).get("login", "")), "pull_request" in item)

    def unit_id(self) -> str | None:
        """The unit its hidden marker names, or None (an issue made by a person)."""
        found = _MARKER.search(self.body)
        return found.group(1) if found else None

    def valid_until(self) -> str | None:
        """The review date its second marker holds, or None."""
        found = _PERIOD.search(self.body)
        return found.group(1) if found else None


@dataclass(frozen=True)
class Reminder:
    """The issue a unit should have: its text and who it is assigned to."""

    unit_id: str
    title: str
    body: str
    assignees: tuple[str, ...]
    valid_until: str


@dataclass(frozen=True)
class Decision:
    """One unit's action, the issue it acts on and the reminder's text."""

    action: Action
    unit_id: str
    issue: int | None = None  # the existing issue's number; None to open one
    reminder: Reminder | None = None  # the text to write (open, update, reopen)
    add_assignees: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()  # "title", "body", "assignees"
    comment: str | None = None
    state_reason: str | None = None  # for close: "completed" or "not_planned"


def is_ours(issue: Issue, label: str, bot: str = BOT) -> bool:
    """Whether the workflow made the issue: its label, its marker and its author."""
    return (not issue.pull_request and label in issue.labels and issue.author == bot
            and issue.unit_id() is not None)


def reminder_label() -> str:
    """The label every reminder issue carries."""
    return str(labels()["reminders"]["label"])


def decide(status: Mapping[str, Any], issues: Iterable[Issue], site_url: str | None,
           assignable: Callable[[str], bool] = lambda _user: True,
           bot: str = BOT) -> list[Decision]:
    """What to do with each unit's reminder issue, sorted by unit id."""
    units = status_units(status)
    wanted = {u["id"]: reminder_for(u, site_url, assignable) for u in units if needs_reminder(u)}
    mine: dict[str, list[Issue]] = {}
    for issue in sorted(issues, key=lambda i: i.number):
        if is_ours(issue, reminder_label(), bot):
            mine.setdefault(str(issue.unit_id()), []).append(issue)
    known = {u["id"]: u for u in units}
    gone = {uid for uid in mine if uid not in known}
    decisions: list[Decision] = []
    for unit_id in sorted(set(wanted) | set(mine)):
        found = mine.get(unit_id, [])
        if unit_id in wanted:
            decisions += _keep_one_open(wanted[unit_id], found)
        else:
            text = labels()["reminders"]
            comment = (text["comment_gone"].format(id=unit_id) if unit_id in gone else
                       text["comment_current"].format(date=known[unit_id]["valid_until"]))
            decisions += [Decision(Action.CLOSE, unit_id, i.number, comment=comment,
                                   state_reason="not_planned" if unit_id in gone
                                   else "completed")
                          for i in found if i.state == "open"]
    return decisions


def _keep_one_open(reminder: Reminder, found: Sequence[Issue]) -> list[Decision]:
    """The oldest open issue is kept (updated if needed) and any other open one closed
    as its duplicate; with none open, reopen this review's issue or open a new one."""
    unit_id = reminder.unit_id
    still_open = [i for i in found if i.state == "open"]
    if still_open:
        kept, *extra = still_open
        text = labels()["reminders"]["comment_duplicate"].format(number=kept.number)
        return [_update_or_leave(reminder, kept)] + [
            Decision(Action.CLOSE, unit_id, i.number, comment=text, state_reason="not_planned")
            for i in extra]
    same_review = [i for i in found if i.valid_until() == reminder.valid_until]
    if same_review:
        issue = same_review[-1]
        comment = labels()["reminders"]["comment_reopen"].format(date=reminder.valid_until)
        return [Decision(Action.REOPEN, unit_id, issue.number, reminder,
                         _missing(reminder, issue), _changes(reminder, issue), comment)]
    return [Decision(Action.OPEN, unit_id, None, reminder, reminder.assignees)]


def _update_or_leave(reminder: Reminder, issue: Issue) -> Decision:
    changes = _changes(reminder, issue)
    action = Action.UPDATE if changes else Action.LEAVE
    return Decision(action, reminder.unit_id, issue.number, reminder,
                    _missing(reminder, issue), changes)


def _missing(reminder: Reminder, issue: Issue) -> tuple[str, ...]:
    """Maintainers not yet assigned. Assignees a person added are never removed."""
    present = {login.lower() for login in issue.assignees}
    return tuple(user for user in reminder.assignees if user.lower() not in present)


def _changes(reminder: Reminder, issue: Issue) -> tuple[str, ...]:
    changes = []
    if reminder.title != issue.title.strip():
        changes.append("title")
    if reminder.body != _normalised(issue.body):
        changes.append("body")
    if _missing(reminder, issue):
        changes.append("assignees")
    return tuple(changes)


def _normalised(body: str) -> str:
    """GitHub keeps a body edited in the browser with CRLF line ends."""
    return body.replace("\r\n", "\n").strip()


def needs_reminder(unit: Mapping[str, Any]) -> bool:
    """Whether a unit of the status JSON is due, overdue or missing a printed form."""
    return unit["status"] != Status.CURRENT.value or bool(unit["missing_paper"])


def status_units(status: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The status document's units, checked for the fields a reminder reads."""
    units = status.get("units") if isinstance(status, Mapping) else None
    if not isinstance(units, list):
        raise HandbookError(message("editor.reminders.no_units"))
    statuses = {s.value for s in Status}
    for index, unit in enumerate(units):
        where = f"units[{index}]"
        if not isinstance(unit, dict):
            raise HandbookError(message("editor.reminders.not_an_object", where=where))
        for key in ("id", "name", "status", "valid_until", "version", "owner", "approved"):
            if not isinstance(unit.get(key), str):
                raise HandbookError(message("editor.reminders.not_a_text", where=where, key=key))
        if unit["status"] not in statuses:
            raise HandbookError(message("editor.reminders.bad_status", where=where,
                                        value=unit["status"],
                                        statuses=", ".join(sorted(statuses))))
        if not isinstance(unit.get("missing_paper"), list):
            raise HandbookError(message("editor.reminders.no_missing_paper", where=where))
        if not isinstance(unit.get("maintainers", []), list):
            raise HandbookError(message("editor.reminders.maintainers", where=where))
    return units


def reminder_for(unit: Mapping[str, Any], site_url: str | None,
                 assignable: Callable[[str], bool] = lambda _user: True) -> Reminder:
    """The Swedish title, body and assignees of a unit's reminder issue."""
    text = labels()["reminders"]
    maintainers = [str(m) for m in unit.get("maintainers", [])]
    handles = [m for m in maintainers if USER.match(m) and len(m) <= USER_MAX_LENGTH]
    assigned = tuple(m for m in handles if assignable(m))[:MAX_ASSIGNEES]
    what = [text["what"][unit["status"]]] if unit["status"] != Status.CURRENT.value else []
    what += [text["what"]["missing_paper"]] if unit["missing_paper"] else []
    title = text["title"].format(name=unit["name"], what=text["and"].join(what),
                                 date=unit["valid_until"])
    return Reminder(unit["id"], title, _body(unit, site_url, maintainers, assigned),
                    assigned, unit["valid_until"])


def _body(unit: Mapping[str, Any], site_url: str | None, maintainers: Sequence[str],
          assigned: Sequence[str]) -> str:
    text = labels()["reminders"]
    status, until = unit["status"], unit["valid_until"]
    detail = text[{"aktuell": "current", "dags-for-oversyn": "due",
                   "forfallen": "overdue"}[status]].format(date=until)
    url = unit_url(site_url, unit["id"])
    facts = [text["status_line"].format(status=labels()["status"]["names"][status],
                                        detail=detail),
             text["valid_until"].format(date=until),
             text["document"].format(version=unit["version"], approved=unit["approved"],
                                     owner=unit["owner"]),
             *([text["page"].format(url=url)] if url else []),
             text["file"].format(id=unit["id"])]
    parts = [text["intro"].format(name=unit["name"]), "\n".join(f"- {f}" for f in facts)]
    todo = [text["todo_review"]] if status != Status.CURRENT.value else []
    if unit["missing_paper"]:
        forms = "\n".join(f"- {f.get('title', '')} (`{f.get('id', '')}`)"
                          for f in unit["missing_paper"])
        parts += [text["missing_paper_heading"], f"{text['missing_paper_intro']}\n\n{forms}"]
        todo.append(text["todo_paper"])
    todo.append(text["todo_close"])
    parts += [text["todo_heading"], "\n".join(f"{n}. {t}" for n, t in enumerate(todo, 1))]
    parts.append(_people(maintainers, assigned))
    parts += [text["footer"], MARKER.format(id=unit["id"]) + "\n"
              + PERIOD_MARKER.format(date=until)]
    return "\n\n".join(parts)


def _people(maintainers: Sequence[str], assigned: Sequence[str]) -> str:
    text = labels()["reminders"]
    if not maintainers:
        return str(text["no_maintainers"])
    names = ", ".join(f"@{m}" if USER.match(m) else m for m in maintainers)
    line = text["maintainers"].format(names=names)
    others = [m for m in maintainers if m not in assigned]
    if others:
        line += "\n\n" + text["not_assigned"].format(names=", ".join(others))
    return str(line)


def describe(decision: Decision) -> str:
    """One line for the log and ``--dry-run``, in Swedish."""
    text = labels()["reminders"]
    where = f"#{decision.issue}" if decision.issue is not None else str(text["new_issue"])
    line = f"{text['actions'][decision.action.value]} {where} ({decision.unit_id})"
    if decision.changed:
        line += ": " + ", ".join(text["changed"][c] for c in decision.changed)
    if decision.reminder and decision.action is not Action.LEAVE:
        line += f"\n    {decision.reminder.title}"
    return line
