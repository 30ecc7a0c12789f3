"""The CODEOWNERS file, written from each unit's ``maintainers``.

With "require review from code owners" on the main branch, a change to
``units/<id>.yml`` needs an approval from one of that unit's maintainers; every
other file falls back to the editors' team. The file is generated so it can
never drift from the units: a test fails when the committed one is stale.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..data.project import Handbook

CODEOWNERS_PATH = Path(".github/CODEOWNERS")
# A fictional team in the example organisation; a real region puts its own here.
DEFAULT_OWNER = "@vgr-exempel/kontinuitet-redaktorer"

HEADER = """\
# Den här filen skrivs av kommandot `python -m handbook codeowners` utifrån fältet
# `maintainers` i varje enhetsfil. Ändra inte raderna för hand: ändra
# `maintainers` i enhetens fil och kör kommandot, eller kopiera raderna som
# kontrollen i pull requesten visar.
#
# Den sista raden som matchar en fil gäller. Allt som ingen enhet äger (regionens
# och gruppernas filer, kapitlen, koden) granskas av redaktörsgruppen.
"""


def render_codeowners(handbook: Handbook, default_owner: str = DEFAULT_OWNER) -> str:
    """The whole file: the default owner, then one line per unit that has maintainers."""
    lines = [HEADER, f"* {default_owner}\n"]
    owned = [(unit.path, _owners(unit.data.get("maintainers", [])))
             for unit in sorted(handbook.units, key=lambda u: u.path)]
    owned = [(path, owners) for path, owners in owned if owners]
    if owned:
        lines.append("\n# Varje enhets plan godkänns av enhetens egna granskare.\n")
        lines += [f"/{path} {' '.join(owners)}\n" for path, owners in owned]
    return "".join(lines)


def _owners(maintainers: list[str]) -> list[str]:
    """``@name`` for each maintainer, sorted, once each (user names ignore case)."""
    unique: dict[str, str] = {}
    for name in maintainers:
        unique.setdefault(name.lower(), name)
    return [f"@{unique[key]}" for key in sorted(unique)]


def codeowners_diff(committed: str, expected: str, path: str) -> str:
    """A unified diff from the committed file to the one the units describe."""
    return "".join(difflib.unified_diff(
        committed.splitlines(keepends=True), expected.splitlines(keepends=True),
        fromfile=f"{path} (nu)", tofile=f"{path} (enligt enhetsfilerna)"))
