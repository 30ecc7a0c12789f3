"""An editor's preview of one unit (``make preview UNIT=<id>``).

``HANDBOOK_PREVIEW=<id>`` makes the build load the region, the groups and that
one unit only, as if it were the region's only unit: its page, the region
chapters, the start page and the list pages (units index, status, forms), each
listing that unit alone, so every link and the navigation still work. No other
unit file is read, so a rebuild after saving the file costs about what a build
of a one-unit handbook does, however many units the region has. A preview never
renders PDFs unless ``HANDBOOK_PDF=1`` asks for them.
"""

from __future__ import annotations

from pathlib import Path

from .. import settings
from ..data.project import REGION_FILE
from ..data.suggest import close_matches
from ..errors import HandbookError
from ..labels import message
from ..settings import preview_unit

PREVIEW_ENV = settings.PREVIEW


def preview_from_environment() -> str | None:
    """The unit id to preview, or ``None`` for the whole handbook."""
    return preview_unit()


def unit_ids(units_dir: Path) -> list[str]:
    """The ids of the unit files, from their names (nothing is loaded)."""
    if not units_dir.is_dir():
        return []
    return sorted(p.stem for p in units_dir.glob("*.yml")
                  if p.name != REGION_FILE and not p.name.startswith("_"))


def check_preview(units_dir: Path, unit_id: str) -> None:
    """Raise ``HandbookError`` with a Swedish message when ``unit_id`` has no file."""
    ids = unit_ids(units_dir)
    if unit_id in ids and (units_dir / f"{unit_id}.yml").is_file():
        return
    matches = close_matches(unit_id, ids)
    hint = message("editor.preview.did_you_mean", ids=", ".join(matches)) if matches else ""
    example = matches[0] if matches else (ids[0] if ids else "vc-exempel")
    raise HandbookError(message("editor.preview.no_unit", variable=PREVIEW_ENV, id=unit_id,
                                folder=units_dir.name, hint=hint, example=example))
