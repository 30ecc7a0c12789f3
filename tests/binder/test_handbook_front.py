"""The whole handbook's front at the size of a region: its contents list hundreds of
units, each with the page where its binder starts once appended after the front
("s. 17", the number the whole handbook prints on that page).

The front is laid out without building a site (render_front, as combine.py calls
it), from units and region chapters made up here; the built example's handbok.pdf
is tested in test_binder.py. Expected numbers come from the units' page counts and
the front's own length, read back from the PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader
from sitebuild import squash

from handbook.binder import front
from handbook.binder.combine import folio_text
from handbook.binder.document import Chapter
from handbook.data.project import Unit
from handbook.history.stamp import DRAFT, Stamp
from handbook.labels import labels

pytestmark = pytest.mark.pdf

L: dict[str, Any] = labels()
STAMP = Stamp(DRAFT, dt.date(2026, 11, 27), "abc1234")
CHAPTERS = [Chapter(f"kapitel-{n}", f"Kapitel {n}",
                    f"<h1>Kapitel {n}</h1>" + "<p>Text som fyller sidan.</p>" * (40 * n))
            for n in range(1, 4)]
UNITS = [(Unit(f"enhet-{n:03d}", f"units/enhet-{n:03d}.yml",
               {"name": f"Vårdcentral nummer {n} i {'Lilla Edet ' * (n % 3)}kommunen"},  # type: ignore[arg-type]
               [], []),
          3 + n % 7)
         for n in range(300)]
LINE = re.compile(r"^(.+?)\s*\.{4,}\s*(.*?)(\d+)$")


def read_front(pdf: bytes) -> tuple[list[str], dict[str, str]]:
    """Each page's text, and the contents' lines as {title: reference}."""
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    lines = {}
    for text in pages:
        for line in text.splitlines():
            if match := LINE.match(line.strip()):
                lines[squash(match[1])] = squash(f"{match[2]}{match[3]}")
    return pages, lines


def check_front(pdf: bytes) -> None:
    pages, lines = read_front(pdf)
    appendix = [i for i, text in enumerate(pages)
                if squash(text).startswith(squash(L["binder"]["appendix"]))]
    assert len(appendix) == 1
    # After the cover; double-sided, the front fills whole sheets (a page left empty).
    empty = [i for i, text in enumerate(pages) if squash(text) == L["binder"]["blank_page"]]
    contents = appendix[0] - 1 - len([i for i in empty if i < appendix[0]])
    assert contents >= 300 // 60  # hundreds of lines do not fit on a few pages
    assert appendix[0] % 2 == 0  # the appendix starts on a right-hand page
    # Each unit's binder starts after the front and every earlier unit's pages.
    page = len(pages) + 1
    for unit, count in UNITS:
        assert lines.pop(squash(unit.name)) == folio_text(str(page)), unit.name
        page += count
    # Each region chapter is on the appendix page the contents give ("Bilaga 3").
    for chapter in CHAPTERS:
        reference = lines.pop(chapter.title)
        number = int(reference.removeprefix(L["binder"]["appendix_page"]).strip())
        # (the label is set in capitals)
        assert squash(pages[appendix[0] + number - 1]).upper().startswith(
            squash(f"{L['binder']['region_chapter']} {chapter.title}").upper()), chapter.title
    assert lines == {}
    for number, index in enumerate(range(1, contents + 1), start=1):
        assert squash(pages[index]).endswith(f"{L['binder']['contents']} {number}/{contents}")


def test_contents_of_hundreds_of_units_give_each_units_first_page() -> None:
    check_front(front.render_front(UNITS, CHAPTERS, STAMP, "Regionen", False))


def test_contents_are_laid_out_again_when_the_guess_of_their_length_is_wrong(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A first guess far too short (every line on one page) still ends in the right
    numbers: the contents are laid out again with their real length."""
    monkeypatch.setattr(front, "CONTENTS_LINES_PER_PAGE", 10_000)
    check_front(front.render_front(UNITS, CHAPTERS, STAMP, "Regionen", False))


def test_without_region_chapters_the_front_is_the_cover_and_contents() -> None:
    """No appendix at all (laid out alone, an empty appendix would be a blank page)."""
    units = UNITS[:5]
    pages, lines = read_front(front.render_front(units, [], STAMP, "Regionen", False))
    assert len(pages) == 2
    assert lines[squash(units[0][0].name)] == folio_text("3")
