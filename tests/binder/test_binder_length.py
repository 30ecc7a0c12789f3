"""A binder a unit can read at 07:45 (issue #26): every unit binder of the example
has at most 36 pages, and fewer than 10 % of them are left empty.

Read from the real PDFs of the example build: a page left empty says so and
nothing else (document.py, ``blank_page``). The last page, when the binder has an
odd number of its own, is the back of its last sheet: printed double-sided that side
is empty whether or not the PDF holds a page for it (the PDF does, so that a unit's
part of handbok.pdf starts on a right-hand page), so it wastes no paper and is not
counted; every other empty page is.
"""

from __future__ import annotations

from typing import Any

import pytest
from pypdf import PdfReader
from sitebuild import SharedBuild, example_unit_ids, squash

from handbook.labels import labels
from handbook.routes import PDF_DIR

pytestmark = [pytest.mark.build, pytest.mark.pdf]

MAX_PAGES = 36
MAX_EMPTY_SHARE = 0.10
EMPTY = squash(labels()["binder"]["blank_page"])


def empty_pages(path: Any) -> list[int]:
    """The 1-based numbers of the pages that are left empty."""
    return [number for number, page in enumerate(PdfReader(path).pages, start=1)
            if squash(page.extract_text()) == EMPTY]


@pytest.mark.parametrize("unit_id", example_unit_ids())
def test_binder_is_short_and_has_few_empty_pages(example_site: SharedBuild,
                                                  unit_id: str) -> None:
    path = example_site.project / "site" / PDF_DIR / f"{unit_id}.pdf"
    total = len(PdfReader(path).pages)
    empty = [number for number in empty_pages(path) if number != total]  # see above
    assert total <= MAX_PAGES, f"{unit_id}: {total} pages"
    assert len(empty) < MAX_EMPTY_SHARE * total, \
        f"{unit_id}: pages {empty} of {total} are left empty"
