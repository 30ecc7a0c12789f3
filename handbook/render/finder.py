"""The unit finder's index, and the groups the list pages show units in.

Material's full-text search loads and indexes every page before it answers, which
took seconds at hundreds of units. The finder answers "where is my unit's action
card" from a small index of the units only: id, name, address, organisation and
group names, nothing else of a unit's plan. The build writes it as a script that
sets a global (``search/units.js``) rather than as JSON, because the offline copy
opens from ``file://``, where a page may load a script but not fetch a file.
handbook.js loads it the first time a reader uses a finder box.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.project import Handbook, Unit
from .text import swedish_key

FINDER_SCRIPT = "search/units.js"
GLOBAL = "__hbUnits"
# A list page opens every group when the handbook is this small; a region's
# hundreds of units start folded, one line per group.
OPEN_GROUPS_UP_TO = 20
NO_GROUP = ""


def home_group(unit: Unit) -> str:
    """The one group a list page shows the unit under: the last group in merge
    order, whose settings win (an area group before the organisation it extends);
    ``NO_GROUP`` for a unit without groups."""
    return unit.groups[-1] if unit.groups else NO_GROUP


@dataclass(frozen=True)
class UnitGroup:
    """A group of units on the list pages: id, name and its units."""

    id: str  # a group id, or NO_GROUP
    name: str
    units: list[Unit]

    @property
    def anchor(self) -> str:
        """The group's anchor on the list pages."""
        return f"grupp-{self.id or 'ingen'}"


def unit_groups(units: list[Unit], group_names: dict[str, str],
                no_group: str) -> list[UnitGroup]:
    """Every unit once, under its home group; groups sorted by name (the units
    without a group last, named ``no_group``), units in the given order."""
    by_group: dict[str, list[Unit]] = {}
    for unit in units:
        by_group.setdefault(home_group(unit), []).append(unit)
    groups = [UnitGroup(gid, group_names.get(gid, gid) if gid else no_group, members)
              for gid, members in by_group.items()]
    return sorted(groups, key=lambda g: (g.id == NO_GROUP, natural_key(g.name), g.id))


def natural_key(text: str) -> list[tuple[int, int | str]]:
    """Swedish order with numbers by value: "Område 2" before "Område 10"."""
    return [(0, int(part)) if part.isdigit() else (1, swedish_key(part))
            for part in re.split(r"(\d+)", text) if part]


def finder_entries(units: list[Unit], group_names: dict[str, str]) -> list[dict[str, Any]]:
    """The public facts the finder searches and shows, one entry per unit."""
    entries = []
    for unit in units:
        entry: dict[str, Any] = {"id": unit.id, "name": unit.name}
        for key, field in (("place", "address"), ("org", "organisation")):
            if unit.data.get(field):
                entry[key] = str(unit.data[field])
        # The groups a reader knows the unit by, most specific first.
        entry["groups"] = [group_names.get(g, g) for g in reversed(unit.groups)]
        entries.append(entry)
    return entries


def finder_script(handbook: Handbook, directory_urls: bool) -> str:
    """The finder's index as a script; ``directory_urls`` says how the site links a
    unit's page (``enheter/<id>/`` online, ``enheter/<id>.html`` in the offline copy)."""
    units = sorted(handbook.units, key=lambda u: (swedish_key(u.name), u.id))
    index = {"url": "enheter/{id}/" if directory_urls else "enheter/{id}.html",
             "units": finder_entries(units, handbook.group_names())}
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return f"var {GLOBAL} = {text};\n"


def write_finder_index(handbook: Handbook, site_dir: Path, directory_urls: bool) -> Path:
    """Write the unit finder's index script into the site; return its path."""
    path = site_dir / FINDER_SCRIPT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(finder_script(handbook, directory_urls), encoding="utf-8")
    return path
