"""The PDFs of a site that another engine built: ``python -m handbook finish``'s PDF step.

The hooks render the binders beside the pages MkDocs writes and hand ``finish_site``
a step that waits for them. After another engine's build there are no hooks, so this
step renders them itself, with the same machinery (``binder/build.py``), the same
inputs and the same cache (``.cache/pdf`` beside the configuration): the region
chapters rendered as MkDocs renders them (``chapters.py``), the release from the
stamp, the printed address from ``site_url`` and ``extra.latest_alias``. The same
units and chapters give the same bytes as the hooks build, and a second run renders
nothing. A release build then puts the sheets to reprint on the unit pages, as the
hooks do (``binder/reprint_page.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..binder.build import BinderReport, build_binders
from ..binder.document import Inputs
from ..binder.reprint_page import write_reprint_lists
from ..binder.weasy import check_subsetter
from ..data.project import Handbook
from ..history.log import read_history
from ..history.stamp import Stamp
from ..routes import (
    HISTORY_CACHE_DIR,
    MIKE_VERSION_ENV,
    PDF_CACHE_DIR,
    UNITS_DIR,
    printed_alias,
    stable_root,
)
from ..settings import setting, today
from .chapters import region_chapters
from .example import example_setting


@dataclass
class BuiltPdfs:
    """The PDF step of ``finish_site`` for a site built without the hooks: call it with
    the site's ``pdf/`` folder; afterwards ``report`` says what it rendered and
    ``since`` which release the reprint lists compare with (None: no lists)."""

    handbook: Handbook
    settings: Mapping[str, Any]  # the resolved configuration (engine_config.py)
    root: Path  # the configuration's folder: units/, docs/, .cache/
    stamp: Stamp
    directory_urls: bool
    report: BinderReport = field(default_factory=BinderReport)
    since: str | None = None

    def __call__(self, pdf_dir: Path) -> None:
        """Bring the PDFs up to date in the cache, copy them into ``pdf_dir``, and put a
        release's reprint lists on the unit pages beside it."""
        check_subsetter()
        self.report = build_binders(self.handbook, self.inputs(), self.stamp,
                                    self.root / PDF_CACHE_DIR, pdf_dir)
        if not self.stamp.is_draft:
            self.since = write_reprint_lists(self.handbook, self.root, self.stamp.release,
                                             pdf_dir.parent, self.directory_urls)

    def inputs(self) -> Inputs:
        """What every binder shares, as the hooks give it (hooks/handbook_hooks.py)."""
        extra = self.settings.get("extra")
        extra = extra if isinstance(extra, Mapping) else {}
        site_url = self.settings.get("site_url")
        printed_url = stable_root(str(site_url) if site_url else None, printed_alias(extra),
                                  setting(MIKE_VERSION_ENV) or None)
        history = read_history(self.root, UNITS_DIR, self.root / HISTORY_CACHE_DIR)
        return Inputs(region_chapters(self.settings, self.root), self.stamp.release,
                      printed_url, today(), history, example=example_setting(extra))
