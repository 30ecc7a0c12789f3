"""Which sheets to reprint, from page texts: sheets of two pages or one, what counts as
changed, when the whole binder is simpler, and the Swedish lines. The real binders of
two releases are compared in test_release.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook import load_handbook
from handbook.binder.pagetext import PageText
from handbook.binder.reprint import Reprint, _unmatched, describe, sheets
from handbook.binder.reprint_page import previous_release, reprint_html

pytestmark = pytest.mark.unit


def page(text: str, footer: str = "") -> PageText:
    return PageText((text,), footer, (footer,) if footer else ())


EMPTY = PageText((), "Sidan är avsiktligt tom", ("Sidan är avsiktligt tom",))
# The footers as a binder prints them since issue #26: the front matter in roman
# numerals, a chapter's pages "<title> 1·2" (chapter 1, page 2).
BINDER = [page("Kontinuitetsplan"), page("Kort", "ii"), page("Innehåll", "iii"), EMPTY,
          page("A", "Kontakter och ledning 1·1"), page("B", "Kontakter och ledning 1·2"),
          page("C", "Checklistor och rutiner 2·1"), EMPTY]


def compared(old: list[PageText], new: list[PageText], duplex: bool = True) -> Reprint:
    old_sheets, new_sheets = sheets(old, duplex), sheets(new, duplex)
    return Reprint("2026.11", duplex, len(new_sheets), _unmatched(new_sheets, old_sheets),
                   _unmatched(old_sheets, new_sheets))


def test_double_sided_sheets_hold_pages_2k_minus_1_and_2k() -> None:
    found = [sheet for sheet, _pages in sheets(BINDER, True)]
    assert [s.pages for s in found] == [(1, 2), (3, 4), (5, 6), (7, 8)]
    assert found[0].labels == ("@cover", "ii")
    assert found[1].labels == ("iii", "Sidan är avsiktligt tom")
    assert [s.pages for s, _ in sheets(BINDER[:7], True)][-1] == (7,)
    assert [s.pages for s, _ in sheets(BINDER, False)] == [(n,) for n in range(1, 9)]


def test_one_changed_page_is_its_sheet_and_the_list_names_it() -> None:
    new = [*BINDER[:5], page("B ändrad", "Kontakter och ledning 1·2"), *BINDER[6:]]
    result = compared(BINDER, new)
    assert [s.number for s in result.changed] == [3] and not result.whole
    assert describe(result) == [
        "Sedan utgåva 2026.11: skriv ut sidorna 5–6 (1 av 4 ark) och byt ut dem i pärmen.",
        "Ark 3: sidorna 5–6 (Kontakter och ledning 1·1, Kontakter och ledning 1·2)",
        "Ta ut de gamla arken: ark 3 (Kontakter och ledning 1·1, Kontakter och ledning 1·2)."]


def test_a_page_that_moved_counts_as_changed_but_the_next_chapter_does_not() -> None:
    grown = [*BINDER[:4], page("A", "Kontakter och ledning 1·1"),
             page("ny", "Kontakter och ledning 1·2"), page("B", "Kontakter och ledning 1·3"),
             EMPTY, *BINDER[6:]]
    result = compared(BINDER, grown)
    # B moved to 1·3, on another sheet; chapter 2 is now 9–10, on a sheet as it was.
    assert [s.pages for s in result.changed] == [(5, 6), (7, 8)]
    assert [s.pages for s in result.removed] == [(5, 6)]


def test_a_chapter_that_grows_at_its_end_keeps_its_earlier_sheets() -> None:
    """The footer no longer names a chapter's page count ("Kontakter 2/3" before issue
    #26): a page added at a chapter's end leaves its earlier sheets as they were."""
    grown = [*BINDER[:6], page("ny", "Kontakter och ledning 1·3"), EMPTY, *BINDER[6:]]
    result = compared(BINDER, grown)
    assert [s.pages for s in result.changed] == [(7, 8)]
    assert result.removed == ()


def test_single_sided_names_pages_and_more_than_half_changed_says_print_it_all() -> None:
    new = [page(f"{p.text} ändrad", p.label) if p.text else p for p in BINDER]
    result = compared(BINDER, new, duplex=False)
    assert result.whole and result.total == 8
    lines = describe(result)
    assert lines[1] == ("Mer än hälften av arken har ändrats. Det är enklare att skriva ut "
                        "hela pärmen (8 ark).")
    assert lines[2] == "Sida 1 (framsidan)"
    assert "Sida 5 (Kontakter och ledning 1·1)" in lines


def test_nothing_changed_and_no_earlier_binder() -> None:
    assert describe(compared(BINDER, list(BINDER))) == [
        "Inga sidor har ändrats sedan utgåva 2026.11. Pärmen behöver inte bytas ut."]
    missing = Reprint("2026.11", True, 4, (), (), missing=True)
    assert missing.whole
    assert describe(missing) == ["Pärmen fanns inte i utgåva 2026.11. Skriv ut hela pärmen "
                                 "(4 ark)."]


def test_the_release_before_is_the_next_older_one_published() -> None:
    releases = ["2026.12", "2026.11", "2026.10"]
    assert previous_release(releases, "2026.12") == "2026.11"
    assert previous_release(releases, "2027.01") == "2026.12"  # being published now
    assert previous_release(releases, "2026.10") is None
    assert previous_release([], "2026.12") is None


def test_the_unit_page_list_escapes_and_lists() -> None:
    html = str(reprint_html(["Sedan <x>:", "Ark 1: sidorna 1–2 (a & b)"]))
    assert html == ('<div class="hb-reprint" id="sidor-att-byta"><p><strong>Sidor att byta '
                    'ut i pärmen</strong></p><p>Sedan &lt;x&gt;:</p><ul><li>Ark 1: sidorna '
                    '1–2 (a &amp; b)</li></ul></div>')


def test_binders_are_double_sided_unless_the_region_says_otherwise(tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    region = "region: Testregionen\n"
    (units / "_region.yml").write_text(region, encoding="utf-8")
    assert load_handbook(units).duplex
    (units / "_region.yml").write_text(region + "binder:\n  sides: enkelsidig\n",
                                       encoding="utf-8")
    assert not load_handbook(units).duplex
