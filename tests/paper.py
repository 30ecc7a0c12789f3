"""Whether everything drawn on a binder's pages lies on the paper's printable area.

The printable area is the page minus the margins of ``handbook/binder/document.py``,
the binding margin on the punched edge: the left of a right-hand (odd) page and the
right of a left-hand page double-sided, the left of every page single-sided. Running
heads and feet stand in the top and bottom margins: there they may reach into the
outer margin, never into the punched one. A landscape page (a wide blank form) is
punched along its top edge, whichever side of the sheet it is printed on (turned a
quarter clockwise, its top lies at the binding), so its foot is far from the holes.

Every glyph (pdfplumber's chars) and every ruled line and rectangle is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber

from handbook.binder.document import BINDING_MARGIN, BOTTOM_MARGIN, OUTER_MARGIN, TOP_MARGIN

PT = 72 / 25.4
SLACK_PT = 0.5  # a glyph's box may start a hair outside its line box; a border's half width


@dataclass(frozen=True)
class Area:
    """The printable area of one page, in pt from its top left corner."""

    left: float
    right: float
    top: float
    bottom: float
    punched: str  # "left", "right" or "top"


def printable(number: int, width: float, height: float, double_sided: bool) -> Area:
    """The printable area of page ``number`` (from 1)."""
    binding, outer = BINDING_MARGIN * PT, OUTER_MARGIN * PT
    top, bottom = TOP_MARGIN * PT, BOTTOM_MARGIN * PT
    if width > height:  # landscape: punched along the top
        return Area(outer, width - outer, binding, height - bottom, "top")
    if not double_sided or number % 2 == 1:
        return Area(binding, width - outer, top, height - bottom, "left")
    return Area(outer, width - binding, top, height - bottom, "right")


def _where(box: dict[str, Any], area: Area, width: float, height: float) -> str | None:
    """What is wrong with one drawn box, or None."""
    x0, x1, top, bottom = box["x0"], box["x1"], box["top"], box["bottom"]
    if x0 < -SLACK_PT or x1 > width + SLACK_PT or top < -SLACK_PT or bottom > height + SLACK_PT:
        return "off the page"
    furniture = bottom <= area.top + SLACK_PT or top >= area.bottom - SLACK_PT
    if not furniture:
        if x0 < area.left - SLACK_PT or x1 > area.right + SLACK_PT:
            return f"outside the text width ({x0 / PT:.1f}–{x1 / PT:.1f} mm of " \
                   f"{area.left / PT:.1f}–{area.right / PT:.1f} mm)"
        if top < area.top - SLACK_PT or bottom > area.bottom + SLACK_PT:
            return f"in the top or bottom margin ({top / PT:.1f}–{bottom / PT:.1f} mm)"
        return None
    punched = {"left": x0 < area.left - SLACK_PT if area.punched == "left" else False,
               "right": x1 > area.right + SLACK_PT if area.punched == "right" else False,
               "top": top < area.top - SLACK_PT if area.punched == "top" else False}
    return f"in the punched {area.punched} margin" if punched[area.punched] else None


def off_paper(pdf: Path, double_sided: bool = True) -> list[str]:
    """Every glyph, line and rectangle drawn outside its page's printable area, one line
    each ("page 7: '0' (glyph) outside the text width …")."""
    wrong = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            area = printable(number, float(page.width), float(page.height), double_sided)
            drawn = [(c["text"], "glyph", c) for c in page.chars] + \
                    [("", "line", b) for b in page.lines] + [("", "rect", b) for b in page.rects]
            for text, kind, box in drawn:
                problem = _where(box, area, float(page.width), float(page.height))
                if problem:
                    wrong.append(f"page {number}: {text!r} ({kind}) {problem}")
    return wrong
