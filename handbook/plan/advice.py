"""Warnings: what a unit file may say, but what weakens the unit's plan.

A problem stops the build; a warning does not. ``validate`` prints both, and
``validate --strict`` treats a warning as a problem. Each warning is a
``Problem`` (file, line, field, message in Swedish), so every report format
shows it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..data.personal import personal_values
from ..data.project import Handbook, Unit
from ..errors import Problem
from ..labels import labels
from ..schema.fields import PRIVATE_VALUE
from .layers import layer_warnings

# A code host does not let anyone approve their own pull request. A unit file with
# maintainers is owned by them alone (CODEOWNERS), so with one maintainer nobody
# can approve that person's own change. A unit with none is owned by the
# repository's default owner, the region's editors, who approve each other's.
MIN_MAINTAINERS = 2


def warnings_for(handbook: Handbook, units: Iterable[Unit] | None = None) -> list[Problem]:
    """Every warning about ``units`` (default: every unit), sorted by place; none for
    a field that already has a problem in the same file (that message says more)."""
    found: list[Problem] = []
    for unit in handbook.units if units is None else units:
        found += _maintainers(unit)
        found += layer_warnings(handbook, unit)
        if handbook.private is not None:
            found += _committed_personal(unit, handbook.private)
    broken = {(p.path, _top(p.field)) for p in handbook.problems}
    return sorted({w for w in found if (w.path, w.field) not in broken})


def _top(field: str) -> str:
    """The top-level key a problem's field names: 'maintainers[1]' → 'maintainers'."""
    return field.split(".", 1)[0].split("[", 1)[0]


def _maintainers(unit: Unit) -> list[Problem]:
    people = [str(m) for m in unit.data.get("maintainers", [])]
    if not people or len(people) >= MIN_MAINTAINERS:
        return []
    where = (unit.data.keys_at.get("maintainers") or unit.data.origins.get("maintainers")
             or unit.data.origin)
    line, col = (where.line, where.col) if where.path == unit.path else (1, 1)
    said = (f"bara {people[0]} kan godkänna ändringar i enhetens plan, och ingen får "
            "godkänna sin egen ändring; lägg till en person till under 'maintainers:', "
            "t.ex. verksamhetschefens ersättare")
    return [Problem(unit.path, line, col, "maintainers", f"varning: {said}")]


def _committed_personal(unit: Unit, private: str) -> list[Problem]:
    """A personal value written in a file of the repository (the unit's, a group's or the
    region's) while a private layer is configured: it belongs in the layer, out of git."""
    found = []
    for field, value, origin in personal_values(unit.data):
        if origin.path == unit.private:
            continue
        # A region's or group's value: one warning, whichever unit inherits it.
        target = f"{private.rstrip('/')}/{unit.id if origin.path == unit.path else '<id>'}.yml"
        said = str(labels()["personal"]["committed"]).format(
            value=value, private=private, target=target, marker=f"'{PRIVATE_VALUE}'")
        found.append(Problem(origin.path, origin.line, origin.col, field, said))
    return found
