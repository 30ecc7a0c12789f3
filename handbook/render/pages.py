"""The generated pages: start page, units index, one page per unit, forms page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .. import routes
from ..data.project import REGION_FILE, Handbook, Unit
from ..history.log import CHANGE_LINES, Entry, History
from ..history.stamp import Stamp
from ..labels import labels
from ..plan.status import UnitStatus, today, unit_status
from ..schema.fields import UNIT
from .card import action_card
from .finder import FINDER_SCRIPT, OPEN_GROUPS_UP_TO, UnitGroup, unit_groups
from .phones import phone_links
from .safe_markdown import to_html
from .sections import meta_html, unit_parts
from .text import md_escape, swedish_key
from .values import number_html, scalar_html, tel_href, value_html

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class GeneratedPage:
    """A page the hooks add: where it lives in docs/, its Markdown and the file to edit."""

    src_uri: str  # where it pretends to live in docs/
    markdown: str
    edit_path: str | None  # the file an editor changes, relative to the project


def unit_uri(unit_id: str) -> str:
    """The docs/ path of a unit's page."""
    return routes.unit_page(unit_id)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the page templates."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True,
                             # Markdown headings take "{#anchor}", so comments use {## ##}.
                             comment_start_string="{##", comment_end_string="##}")
    env.filters.update(md=md_escape, markdown=to_html, tel=tel_href, number=number_html,
                       cell_link=cell_link, phones=phone_links)
    env.globals.update(L=labels(), T=UNIT.fields, value_html=value_html,
                       scalar_html=scalar_html, unit_uri=unit_uri, status_text=status_text,
                       finder_script=FINDER_SCRIPT)
    return env


def render(template: str, **context: Any) -> str:
    """Render the page template ``template`` with ``context``."""
    return environment().get_template(template).render(**context)


def units_by_name(handbook: Handbook) -> list[Unit]:
    """The units sorted by name as Swedish sorts it, then by id."""
    return sorted(handbook.units, key=lambda u: (swedish_key(u.name), u.id))


def generated_pages(handbook: Handbook, units_dir: str = routes.UNITS_DIR, pdf: bool = True,
                    day: dt.date | None = None,
                    history: History | None = None,
                    stamp: Stamp | None = None) -> list[GeneratedPage]:
    """Every generated page; ``pdf`` says whether the PDF binders exist to link to,
    ``day`` is the day document-control statuses are computed for, ``history``
    the git history (``None`` when the build has none), ``stamp`` the release and
    build date the start page shows (a copy on disk can be old)."""
    region_path = f"{units_dir}/{REGION_FILE}"
    units = units_by_name(handbook)
    day = day or today()
    # The history is read once per build; each unit's approval is a walk over its entries.
    statuses = {unit.id: unit_status(unit, day, history.changed_after_approval(unit)
                                     if history else None) for unit in units}
    lists = list_context(handbook, units, statuses)
    pages = [
        GeneratedPage(routes.START_PAGE, render("start.md.j2", region=handbook.region,
                                         calls=handbook.region.get("contacts", []),
                                         stamp=stamp, **lists),
                      region_path),
        GeneratedPage(routes.UNITS_INDEX, render("units.md.j2", pdf=pdf, **lists), None),
        GeneratedPage(routes.STATUS_PAGE, render("status.md.j2", day=day,
                                          counts=_counts(statuses.values()),
                                          gaps=sum(1 for s in statuses.values()
                                                   if s.missing_paper),
                                          checklist_gaps=sum(1 for s in statuses.values()
                                                             if s.missing_checklists),
                                          changed=sum(1 for s in statuses.values()
                                                      if s.changed_after_approval),
                                          **lists), None),
        GeneratedPage(routes.FORMS_PAGE, render("forms.md.j2", forms=forms_catalogue(units)),
                      region_path),
    ]
    names = handbook.group_names()
    pages += [unit_page(unit, pdf, statuses[unit.id],
                        history.for_unit(unit) if history else None, names) for unit in units]
    return pages


def list_context(handbook: Handbook, units: list[Unit],
                 statuses: dict[str, UnitStatus]) -> dict[str, Any]:
    """What the pages that list every unit share: the units by group (each unit
    once), whether the groups start open, and each group's status counts."""
    groups = unit_groups(units, handbook.group_names(), labels()["finder"]["no_group"])

    def group_counts(group: UnitGroup) -> dict[str, int]:
        return _counts(statuses[unit.id] for unit in group.units)

    return {"groups": groups, "open_groups": len(units) <= OPEN_GROUPS_UP_TO,
            "statuses": statuses, "group_counts": group_counts}


def _counts(statuses: Iterable[UnitStatus]) -> dict[str, int]:
    counts = {name: 0 for name in labels()["status"]["names"]}
    for status in statuses:
        counts[status.status.value] += 1
    return counts


def status_text(status: UnitStatus) -> str:
    """The status line a reader sees for a unit's review status."""
    template = {"aktuell": "current", "dags-for-oversyn": "due", "forfallen": "overdue"}
    text = labels()["status"][template[status.status.value]]
    return str(text).format(date=status.valid_until.isoformat(), days=abs(status.days_left))


def unit_page(unit: Unit, pdf: bool, status: UnitStatus,
              entries: list[Entry] | None,
              group_names: dict[str, str] | None = None) -> GeneratedPage:
    """The unit's generated page."""
    card = action_card(unit.data, status)
    markdown = render("unit.md.j2", unit=unit, pdf=pdf,
                      meta=meta_html(unit.data, group_names, on_page=True),
                      status=status, entries=entries, change_limit=CHANGE_LINES,
                      card=card, parts=unit_parts(unit.data, card.calls))
    return GeneratedPage(unit_uri(unit.id), markdown, unit.path)


@dataclass
class FormUse:
    """One unit's use of one form, for the forms page."""

    unit: Unit
    form: dict[str, Any]


def forms_catalogue(units: list[Unit]) -> list[tuple[dict[str, Any], list[FormUse]]]:
    """Every form by id, with each unit that has it; sorted by title."""
    by_id: dict[str, tuple[dict[str, Any], list[FormUse]]] = {}
    for unit in units:
        for form in unit.data.get("forms", []):
            entry = by_id.setdefault(form["id"], (form, []))
            entry[1].append(FormUse(unit, form))
    return sorted(by_id.values(), key=lambda e: (swedish_key(str(e[0]["title"])),
                                                 e[0]["id"]))


def cell_link(url: str) -> Markup:
    """A link inside a Markdown table cell, where a '|' would end the cell."""
    return Markup('<a href="{0}">{0}</a>').format(url.replace("|", "%7C"))
