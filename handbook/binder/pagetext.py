"""What each page of a binder says, for telling which pages to reprint (reprint.py).

A binder is a tagged PDF (pdf.py): WeasyPrint marks the running heads and
footers (unit name, version, validity, the stamp, the chapter's "Kontakter och
ledning 1·2") as ``/Artifact`` marked content, apart from the page's own text. So the
page furniture is told apart by structure, not by guessing at its text:

- ``text``: the page's own text, line by line, without the cover's two stamp
  rows (the build date and the release; only drafts and binders released before
  issue #26 print them), which change with every build but are not part of the
  plan. They are the rows whose label is the cover's label for them (labels.yml
  ``binder.built`` and ``binder.release``). The cover's address
  of the unit page names the release when mike builds it (``…/2026.12/enheter/
  <id>/``): a release named by the caller is masked in it.
- ``place``: where the page sits: the furniture that says which chapter and which
  of its pages it is ("Kontakter och ledning 1·2", "iii", "Blankett 4 · …"), that is
  every artifact but the stamp, the validity date and the version (they
  are on every page and change without the page's content changing), as one line:
  a footer may wrap at another word when the stamp beside it is longer.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pikepdf

from ..labels import labels

ARTIFACT = "/Artifact"
RELEASE_MASK = "@release"
OPERATORS = "BDC BMC EMC Tf Tm TJ Tj"  # the rest of a content stream is not read


@dataclass(frozen=True)
class PageText:
    """What a page of a binder says, for comparing it with another release's."""

    text: tuple[str, ...]  # the page's own lines, without the cover's stamp rows
    place: str  # its chapter and page ("Kontakter och ledning 1·2"): see the module
    # The lines of ``place`` in the lower half of the page (how they wrap is not compared).
    footer: tuple[str, ...] = field(default=(), compare=False)

    @property
    def label(self) -> str:
        """How a reader finds the page in the binder: its footer ("Kontakter och ledning
        1·2", "iii"), a form's number and title ("Blankett 4 · …"), or for a page left
        empty its only line; "" for a page with none (the cover)."""
        form = f"{labels()['blank']['number']} "
        numbered = [piece for piece in self.footer if piece.startswith(form)]
        return numbered[0] if numbered else " ".join(self.footer)


def ignored_furniture() -> tuple[str, ...]:
    """How the furniture that is not about the page starts: the stamp (a released
    binder's plan version and approval date, its appendix's routine edition, a
    draft's mark; "Utgåva <release> · <commit>" in binders released before them),
    the validity date and the version (binder.html.j2, appendix.html.j2)."""
    L = labels()
    stamps = tuple(str(L["binder"][name]).split("{", 1)[0]
                   for name in ("plan_stamp", "routine_stamp", "draft_stamp"))
    return (f"{L['binder']['release_short']} ", f"{L['unit']['valid_until']} ",
            f"{L['fields']['version']} ", *stamps)


def stamp_rows() -> tuple[str, ...]:
    """The labels of the cover's rows that carry the build date and the release."""
    L = labels()
    return (str(L["binder"]["built"]), str(L["binder"]["release"]))


def page_texts(pdf: bytes, releases: Sequence[str] = ()) -> list[PageText]:
    """Every page of a binder PDF, in order; ``releases`` are masked in addresses.

    Read with pikepdf (qpdf parses the content streams); WeasyPrint writes each run
    of text as one ``TJ`` in a font with a ToUnicode map, positioned by ``Tm``."""
    skip, rows = ignored_furniture(), stamp_rows()
    maps: dict[tuple[int, int], dict[int, str]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = [_page(page, maps, skip, rows) for page in document.pages]
    masks = [(f"/{release}/", f"/{RELEASE_MASK}/") for release in releases if release]
    return [replace(page, text=tuple(_masked(line, masks) for line in page.text))
            for page in pages] if masks else pages


def _masked(line: str, masks: list[tuple[str, str]]) -> str:
    for release, mask in masks:
        line = line.replace(release, mask)
    return line


def _page(page: pikepdf.Page, maps: dict[tuple[int, int], dict[int, str]],
          skip: Sequence[str], rows: Sequence[str]) -> PageText:
    resources: Any = page.obj.get("/Resources", pikepdf.Dictionary())
    fonts: Any = resources.get("/Font", pikepdf.Dictionary())
    marks: list[bool] = []  # for each open marked-content sequence: is it an artifact?
    lines: dict[float, list[str]] = {}
    furniture: list[tuple[float, str]] = []
    font: dict[int, str] = {}
    baseline = 0.0
    for instruction in pikepdf.parse_content_stream(page, OPERATORS):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue  # an inline image
        operands, op = instruction.operands, str(instruction.operator)
        if op in ("BDC", "BMC"):
            marks.append(bool(operands) and str(operands[0]) == ARTIFACT)
        elif op == "EMC" and marks:
            marks.pop()
        elif op == "Tf":
            font = _unicode(fonts.get(str(operands[0])), maps)
        elif op == "Tm":
            baseline = round(float(operands[5]), 1)
        elif op in ("TJ", "Tj"):
            piece = _decode(operands[0], font).strip()
            if piece and any(marks):
                furniture.append((baseline, piece))
            elif piece:
                lines.setdefault(baseline, []).append(piece)
    own = [" ".join(pieces) for _y, pieces in sorted(lines.items())]
    kept = tuple(line for line in own if not any(line.startswith(f"{row} ") for row in rows))
    kept_furniture = [(y, piece) for y, piece in furniture if not piece.startswith(tuple(skip))]
    middle = (min(y for y, _ in furniture) + max(y for y, _ in furniture)) / 2 if furniture else 0
    return PageText(kept, " ".join(piece for _y, piece in kept_furniture),
                    tuple(piece for y, piece in kept_furniture if y >= middle))


def _decode(shown: Any, font: dict[int, str]) -> str:
    """The text of a ``TJ`` array or ``Tj`` string: two-byte codes (Identity-H), each
    read as one character and mapped by the font's ToUnicode map (``str.translate``)."""
    parts = shown if isinstance(shown, pikepdf.Array) else [shown]
    codes = "".join(bytes(part).decode("utf-16-be", "surrogatepass") for part in parts
                    if isinstance(part, pikepdf.String))
    return codes.translate(font)


def _unicode(font: Any, maps: dict[tuple[int, int], dict[int, str]]) -> dict[int, str]:
    """A font's ToUnicode map (code → text), read once per font object."""
    if font is None or "/ToUnicode" not in font:
        return {}
    if font.objgen not in maps:
        maps[font.objgen] = _cmap(font.ToUnicode.read_bytes().decode("latin-1"))
    return maps[font.objgen]


def _cmap(text: str) -> dict[int, str]:
    """The ``bfchar`` and ``bfrange`` entries of a ToUnicode CMap."""
    found: dict[int, str] = {}
    for block in BFCHAR.findall(text):
        for code, value in HEX_PAIR.findall(block):
            found[int(code, 16)] = _utf16(value)
    for block in BFRANGE.findall(text):
        for low, high, value in HEX_TRIPLE.findall(block):
            first = int(value, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code] = chr(first + offset)
    return found


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
HEX_PAIR = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
HEX_TRIPLE = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
