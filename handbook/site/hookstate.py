"""What the MkDocs hooks keep through one build, as one typed object.

``HookState.start`` is called from ``on_config``: it loads the handbook (all
units, or the one unit of a preview), reads the stamp, the change history, the
example setting and the shard. The later events fill in the generated pages,
the navigation order and the region chapters as MkDocs rendered them. Nothing
here imports MkDocs or the PDF side.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import settings
from ..data.personal import PUBLIC, audience_from_environment, private_dir_from_environment
from ..data.project import Handbook, load_handbook
from ..history.log import History, read_history
from ..history.stamp import Stamp, current_stamp, stamp_text
from ..labels import labels
from ..render.pages import GeneratedPage
from ..routes import HISTORY_CACHE_DIR, SHARD_ENV, UNITS_DIR
from ..settings import pdf_setting
from .example import example_labels, example_setting
from .preview import check_preview, preview_from_environment

if TYPE_CHECKING:
    from ..binder.build import Pending
    from ..binder.document import Chapter
    from ..binder.shard import Shard
    from ..binder.workers import Workers

PDF_ENV = settings.PDF  # "1" or "0" decides; otherwise build renders PDFs, serve not


def theme_extra(stamp: Stamp, example: bool, public: bool = False) -> dict[str, Any]:
    """What the theme's templates read from ``extra`` (overrides/): the stamp line, the
    example banner (None for a real region's handbook), the theme's own texts and
    whether pages ask search engines to stay away (every build but a public one). The
    hooks add it to the configuration; ``handbook pages`` writes it into mkdocs.yml."""
    return {"handbook_stamp": stamp_text(stamp),
            "handbook_example": example_labels() if example else None,
            "handbook_theme": dict(labels()["theme"]),
            "handbook_noindex": not public}


def pdf_wanted(command: str) -> bool:
    """Whether this build renders PDFs: ``HANDBOOK_PDF`` decides; by default
    ``mkdocs build`` does, while ``mkdocs serve`` and a preview do not."""
    setting = pdf_setting()
    if setting is not None:
        return setting
    return command != "serve" and preview_from_environment() is None


@dataclass
class HookState:
    """One build: its inputs (from ``start``) and what the events add."""

    root: Path
    command: str
    handbook: Handbook
    stamp: Stamp
    history: History | None  # None outside a git repository
    example: bool
    preview: str | None = None
    shard: Shard | None = None
    pages: dict[str, GeneratedPage] = field(default_factory=dict)  # by source path
    order: list[str] = field(default_factory=list)  # source paths in navigation order
    chapters: dict[str, Chapter] = field(default_factory=dict)  # by source path
    # The region chapters' source paths MkDocs renders: once all are in ``chapters``,
    # the PDFs can start (before the unit pages are read).
    chapter_files: set[str] = field(default_factory=set)
    # A generated page's HTML blocks kept away from Markdown, by source path (stash.py).
    stashed: dict[str, dict[str, str]] = field(default_factory=dict)
    # A unit page's HTML before its first section, for its one search entry.
    search_heads: dict[str, str] = field(default_factory=dict)
    pending: Pending | None = None  # the PDFs, brought up to date beside the pages
    # The PDFs' helper process (workers.py), started before the unit files are read so
    # that it is ready when the PDFs start; Pending takes it over.
    helper: Workers | None = None
    offline_cache: bool = False  # sw.js and the manifest (not for serve or the offline copy)

    @classmethod
    def start(cls, root: Path, command: str, extra: Mapping[str, Any]) -> HookState:
        """Load everything a build needs; raises ``HandbookError`` (``UnitFileError``
        for problems in the unit files) with the message to show."""
        preview = preview_from_environment()
        if preview is not None:
            check_preview(root / UNITS_DIR, preview)
        handbook = load_handbook(root / UNITS_DIR, base=root, only=preview,
                                 private=private_dir_from_environment(),
                                 public=audience_from_environment() == PUBLIC)
        return cls(root=root, command=command, handbook=handbook,
                   stamp=current_stamp(root), example=example_setting(extra),
                   history=read_history(root, UNITS_DIR, root / HISTORY_CACHE_DIR),
                   preview=preview, shard=_shard())

    @property
    def pdf(self) -> bool:
        """Whether this build renders PDFs (HANDBOOK_PDF, or the command's default)."""
        return pdf_wanted(self.command)

    def chapters_in_order(self) -> list[Chapter]:
        """The region chapters in the navigation's order (a chapter outside it last)."""
        def place(src: str) -> tuple[int, str]:
            return (self.order.index(src) if src in self.order else len(self.order), src)
        return [self.chapters[src] for src in sorted(self.chapters, key=place)]


def _shard() -> Shard | None:
    """The shard named by ``HANDBOOK_SHARD``; the PDF side is imported only then."""
    if not settings.setting(SHARD_ENV):
        return None
    from ..binder.shard import ShardError, shard_from_environment

    try:
        return shard_from_environment()
    except ShardError as error:
        raise ShardError(f"{SHARD_ENV}: {error}") from None
