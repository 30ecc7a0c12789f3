"""A renamed unit's former ids (``former_ids:``): each leads to one existing unit.

The site writes a redirect page, data file and PDF under each former id
(handbook/render/redirects.py), so a former id may not be a unit that exists, the
unit's own id, or listed by two units. Whether a rename is missing its former id
needs the published files and git: handbook/history/renamed.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Problem
from ..labels import message

if TYPE_CHECKING:
    from .project import Unit

FIELD = "former_ids"


def former_ids(unit: Unit) -> list[str]:
    """The ids the unit had before its file was renamed."""
    return [str(old) for old in unit.data.get(FIELD, [])]


def former_id_problems(units: list[Unit]) -> list[Problem]:
    """A former id that is a unit's id, the unit's own, or claimed twice."""
    problems: list[Problem] = []
    ids = {unit.id: unit for unit in units}
    claimed: dict[str, str] = {}
    for unit in units:
        listed = unit.data.get(FIELD)
        if not listed:
            continue
        for index, old in enumerate(former_ids(unit)):
            where = listed.origins[index] if index < len(listed.origins) else unit.data.origin
            if old == unit.id:
                said = message("editor.renamed.own_id", id=old)
            elif old in ids:
                said = message("editor.renamed.is_unit", id=old)
            elif old in claimed:
                said = message("editor.renamed.twice", id=old, other=claimed[old])
            else:
                claimed[old] = unit.path
                continue
            problems.append(Problem(unit.path, where.line, where.col, f"{FIELD}[{index + 1}]",
                                    said))
    return problems
