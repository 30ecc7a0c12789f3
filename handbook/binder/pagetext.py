"""What each page of a binder says, for telling which pages to reprint (reprint.py).

A binder is a tagged PDF (render.py): WeasyPrint marks the running heads and
footers (unit name, version, validity, release stamp, the chapter's "Kontakter
2/3") as ``/Artifact`` marked content, apart from the page's own text. So the
page furniture is told apart by structure, not by guessing at its text:

- ``text``: the page's own text, line by line, without the cover's two stamp
  rows (the build date and the release), which change with every release but are
  not part of the plan. They are the rows whose label is the cover's label for
  them (labels.yml ``binder.built`` and ``binder.release``).
- ``place``: where the page sits: the furniture that says which chapter and which
  of its pages it is ("Kontakter 2/3", "Blankett 4 · …", "Bilaga 3/14"), that is
  every artifact but the release stamp, the validity date and the version (they
  are on every page and change without the page's content changing).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader

from ..labels import labels

ARTIFACT = "/Artifact"
PAGE_OF = re.compile(r"\s\d+/\d+$")  # a chapter's footer ends "2/3" (binder.html.j2)


@dataclass(frozen=True)
class PageText:
    text: tuple[str, ...]  # the page's own lines, without the cover's stamp rows
    place: tuple[str, ...]  # its chapter and page ("Kontakter 2/3"): see the module

    @property
    def label(self) -> str:
        """How a reader finds the page in the binder: its chapter's page ("Kontakter
        2/3"), a form's number ("Blankett 4 · …"), else its last footer ("Innehåll");
        "" for a page that has none (the cover, a page left empty)."""
        form = f"{labels()['blank']['number']} "
        for test in (lambda p: PAGE_OF.search(p) is not None, lambda p: p.startswith(form)):
            found = [piece for piece in self.place if test(piece)]
            if found:
                return found[-1]
        return self.place[-1] if self.place else ""


def ignored_furniture() -> tuple[str, ...]:
    """How the furniture that is not about the page starts: the release stamp, the
    validity date and the version (binder.html.j2, appendix.html.j2)."""
    L = labels()
    return (f"{L['binder']['release_short']} ", f"{L['unit']['valid_until']} ",
            f"{L['fields']['version']} ")


def stamp_rows() -> tuple[str, ...]:
    """The labels of the cover's rows that carry the build date and the release."""
    L = labels()
    return (str(L["binder"]["built"]), str(L["binder"]["release"]))


def page_texts(pdf: bytes) -> list[PageText]:
    """Every page of a binder PDF, in order."""
    reader = PdfReader(io.BytesIO(pdf))
    skip, rows = ignored_furniture(), stamp_rows()
    return [_page(page, skip, rows) for page in reader.pages]


def _page(page: Any, skip: Sequence[str], rows: Sequence[str]) -> PageText:
    marks: list[bool] = []  # for each open marked-content sequence: is it an artifact?
    lines: dict[float, list[str]] = {}
    furniture: list[str] = []

    def operator(op: bytes, args: list[Any], _cm: Any, _tm: Any) -> None:
        if op in (b"BDC", b"BMC"):
            marks.append(bool(args) and str(args[0]) == ARTIFACT)
        elif op == b"EMC" and marks:
            marks.pop()

    def text(piece: str, cm: Sequence[float], tm: Sequence[float], _font: Any,
             _size: Any) -> None:
        if not piece.strip():
            return
        if any(marks):
            furniture.append(piece.strip())
        else:
            baseline = round(tm[5] * cm[3] + cm[5], 1)
            lines.setdefault(baseline, []).append(piece.strip())

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    own = [" ".join(pieces) for _y, pieces in sorted(lines.items(), reverse=True)]
    kept = tuple(line for line in own if not any(line.startswith(f"{row} ") for row in rows))
    place = tuple(piece for piece in furniture if not piece.startswith(tuple(skip)))
    return PageText(kept, place)
