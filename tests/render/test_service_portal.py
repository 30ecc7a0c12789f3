"""The IT Servicedesk number stands beside every mention of the service portal.

The portal can be down with the network (the region's own chapter warns of it), so a
reader who meets "serviceportalen" on the site or on paper must find the number to ring
right there: on the start page, a unit's fault report section and checklists, the
region's chapter, and every page of every binder and of handbok.pdf, read back from
the PDF with pdfplumber. The number is the region's IT Servicedesk contact's.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from sitebuild import SharedBuild, html_text, page_content, require_tool

from handbook import Handbook

pytestmark = [pytest.mark.build, pytest.mark.pdf]

PORTAL = re.compile(r"serviceportal", re.IGNORECASE)
# On a page: within this many characters of the mention, either side.
NEAR_CHARS = 160
# On paper: within three lines (10 pt type, 1.4 line height) above or below.
NEAR_PT = 3 * 14.0


def servicedesk(book: Handbook) -> str:
    """The digits of the region's IT Servicedesk number, as every unit inherits it."""
    unit = book.units[0]
    contact = next(c for c in unit.data["contacts"] if c["id"] == "it-servicedesk")
    return re.sub(r"\D", "", str(contact["phone"]))


def digits_near(text: str, start: int, end: int, digits: str) -> bool:
    window = text[max(0, start - NEAR_CHARS):end + NEAR_CHARS]
    # Digits of one number, however it is grouped ("010-441 50 00", "0104415000").
    runs = re.findall(r"\d[\d \-\u00a0\u2011]*\d", window)
    return any(re.sub(r"\D", "", run) == digits for run in runs)


def test_site_pages_give_the_number_beside_the_portal(example_site: SharedBuild,
                                                       example_handbook: Handbook) -> None:
    digits = servicedesk(example_handbook)
    mentions, alone = 0, []
    for path in sorted(example_site.site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        text = page_content(html) if "<article" in html else html_text(html)
        for match in PORTAL.finditer(text):
            mentions += 1
            if not digits_near(text, match.start(), match.end(), digits):
                alone.append(f"{path.relative_to(example_site.site)}: "
                             f"…{text[max(0, match.start() - 60):match.end() + 60]}…")
    # The start page, the region's chapter and every unit's fault report name it.
    assert mentions >= 2 + len(example_handbook.units)
    assert alone == []


def _pages_naming_the_portal(pdf: Path) -> list[int]:
    """0-based pages whose text names the portal (pdftotext: fast, for the whole file)."""
    text = subprocess.run([require_tool("pdftotext"), str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [number for number, page in enumerate(text.split("\f")) if PORTAL.search(page)]


def _alone_on(page: pdfplumber.page.Page, digits: str) -> list[str]:
    """The mentions on ``page`` with no run of words spelling the number within
    ``NEAR_PT`` above or below."""
    words = sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"]))
    alone = []
    for mention in (w for w in words if PORTAL.search(w["text"])):
        near = [w for w in words if abs(w["top"] - mention["top"]) <= NEAR_PT]
        found = False
        for first in range(len(near)):
            run = ""
            for word in near[first:]:
                run += re.sub(r"\D", "", word["text"])
                if not digits.startswith(run) or run == digits:
                    break
            # The run starts at the number's first digit ("(010-441" does; "nr 010" not).
            starts = re.match(r"[(\[]?\d", near[first]["text"]) is not None
            found = found or (run == digits and starts)
        if not found:
            alone.append(" ".join(w["text"] for w in near if abs(w["top"] - mention["top"]) < 2))
    return alone


def test_every_pdf_gives_the_number_beside_the_portal(example_site: SharedBuild,
                                                      example_handbook: Handbook) -> None:
    digits = servicedesk(example_handbook)
    pdfs = sorted((example_site.site / "pdf").glob("*.pdf"))
    assert {f"{u.id}.pdf" for u in example_handbook.units} < {p.name for p in pdfs}
    mentions, alone = 0, []
    for pdf in pdfs:
        pages = _pages_naming_the_portal(pdf)
        if pdf.stem in {u.id for u in example_handbook.units}:
            assert pages, f"{pdf.name} never names the portal (its fault report does)"
        with pdfplumber.open(pdf) as document:
            for number in pages:
                mentions += 1
                alone += [f"{pdf.name} p. {number + 1}: {line}"
                          for line in _alone_on(document.pages[number], digits)]
    assert mentions > len(example_handbook.units)
    assert alone == []
