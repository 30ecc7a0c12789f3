"""No word of the plan is cut in two on paper: a Swedish word too long for its table
column ("bokningssystemet" in a narrow "Anteckning" column) is hyphenated at a
syllable, with the hyphen printed at the line's end, never broken where the column
happens to end ("bokningssystem|et", "vaccinationsmottag|ning").

Read from the real PDFs of the example build with poppler's ``pdftotext -bbox-layout``:
every pair of consecutive lines of a text block (a table cell, a paragraph), the last
word of one and the first of the next. They are one word cut in two when together
they make a word of the plan's files (units/) and the plan never writes them as two
words in a row; a line that ends in a hyphen is a hyphenated word, and an address
breaks after its "/" or "." (not letters).
"""

from __future__ import annotations

import re
import subprocess
from itertools import pairwise
from pathlib import Path
from xml.etree import ElementTree

import pytest
from sitebuild import REPO, SharedBuild, example_unit_ids, require_tool

from handbook.routes import PDF_DIR

pytestmark = [pytest.mark.build, pytest.mark.pdf]

LETTERS = "A-Za-zÅÄÖåäöÉéÜü"
WORD = re.compile(f"[{LETTERS}]+")
LAST, FIRST = re.compile(f"([{LETTERS}]+)$"), re.compile(f"^([{LETTERS}]+)")
HYPHENS = ("-", "\u2010", "\u00ad")  # WeasyPrint's hyphenate-character is U+2010
XHTML = "{http://www.w3.org/1999/xhtml}"


def plan_words() -> tuple[set[str], set[tuple[str, str]]]:
    """The words of the example's plan files, and each pair of words written in a row."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "units").rglob("*.yml")))
    tokens = WORD.findall(text)
    return set(tokens), set(pairwise(tokens))


def cut_words(pdf: Path, words: set[str], pairs: set[tuple[str, str]]) -> list[str]:
    """Every plan word the PDF cuts across two lines without a hyphen: "page: a|b"."""
    xml = subprocess.run([require_tool("pdftotext"), "-bbox-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(ElementTree.fromstring(xml).iter(f"{XHTML}page"), 1):
        for block in page.iter(f"{XHTML}block"):
            lines = [[w.text or "" for w in line.iter(f"{XHTML}word")]
                     for line in block.iter(f"{XHTML}line")]
            for above, below in pairwise(lines):
                if not above or not below or above[-1].endswith(HYPHENS):
                    continue
                end, start = LAST.search(above[-1]), FIRST.search(below[0])
                if end and start and end[1] + start[1] in words \
                        and (end[1], start[1]) not in pairs:
                    found.append(f"s. {number}: {end[1]}|{start[1]}")
    return found


@pytest.fixture(scope="module")
def plan() -> tuple[set[str], set[tuple[str, str]]]:
    return plan_words()


@pytest.mark.parametrize("unit_id", example_unit_ids())
def test_no_plan_word_is_cut_without_a_hyphen(example_site: SharedBuild, unit_id: str,
                                             plan: tuple[set[str], set[tuple[str, str]]]
                                             ) -> None:
    pdf = example_site.site / PDF_DIR / f"{unit_id}.pdf"
    assert cut_words(pdf, *plan) == []


def test_the_check_finds_a_word_cut_at_the_column_edge(tmp_path: Path) -> None:
    """The check itself: a narrow cell that breaks anywhere (the old print CSS) cuts
    "vaccinationsmottagning" without a hyphen, and the check names it."""
    from weasyprint import HTML

    html = ('<html lang="sv"><body><table style="width: 30mm; table-layout: fixed">'
            '<tr><td style="overflow-wrap: anywhere; hyphens: manual">'
            "full vaccinationsmottagning.</td></tr></table></body></html>")
    pdf = tmp_path / "cut.pdf"
    HTML(string=html).write_pdf(pdf)
    found = cut_words(pdf, {"vaccinationsmottagning", "full"}, set())
    assert len(found) == 1 and found[0].startswith("s. 1: vaccinations")
