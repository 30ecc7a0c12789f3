"""Where each value stands in a rendered PDF, compared with the label it belongs to.

The print HTML says which value belongs to which label (a row of a
``table.hb-fields``, or of the action card's call list ``table.hb-calls``). The
PDF says where each word was drawn (pdfplumber). A row is placed right when
the first word of its value is drawn on the first line of its label, to the
right of the label, in the table's value column.

Only the first word of each label and value is compared: that is what a reader
uses to pair them, and it is what a float layout got wrong (values drifted up
beside the previous label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber

# A value's first line may sit a little lower than its label's (a nested table's
# padding, a smaller font); a value one line off is 12 pt or more away.
SAME_LINE_PT = 6.0
# A larger font on the same baseline (a phone number) starts higher.
ABOVE_PT = 5.0
# List markers: drawn, but not in the HTML text.
MARKERS = {"•", "◦", "▪"}
# Drawn by CSS between a contact's role and name on the action card.
DASH = "–"
PLACEHOLDER = re.compile(r"@@\w+@@")


@dataclass
class Row:
    """One label and its value as the print HTML pairs them."""

    table: int  # which table (document order), to compare value columns
    label: str
    value: str
    kind: str  # "fields", "calls", or "skip": another table's header cell

    @property
    def label_word(self) -> str:
        return self.label.split()[0]

    @property
    def value_word(self) -> str | None:
        """The value's first word; ``None`` when it is filled in at render time."""
        words = self.value.split()
        return None if not words or PLACEHOLDER.search(words[0]) else words[0]


@dataclass
class _Cell:
    tag: str
    text: list[str] = field(default_factory=list)


class _Rows(HTMLParser):
    """Collects the rows of every ``hb-fields`` and ``hb-calls`` table, nested ones too
    (and of a ``dl.hb-fields``, the markup before label/value tables)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self.tables: list[tuple[int, str] | None] = []  # (number, kind) or None: other
        self.cells: list[list[_Cell]] = []  # cells of the open row of each open table
        self.open: list[_Cell] = []  # cells being read, innermost last
        self.count = 0
        self.skip = 0
        self.decoy: _Cell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("style", "title", "script"):
            self.skip += 1
        elif tag in ("table", "dl"):
            kind = "fields" if "hb-fields" in classes else "calls" if "hb-calls" in classes \
                else None
            self.tables.append((self.count, kind) if kind else None)
            self.count += 1
            self.cells.append([])
        elif tag == "tr" and self.cells:
            self.cells[-1] = []
        elif tag == "dt" and self.cells:
            self.cells[-1] = []
            self._cell(tag)
        elif tag in ("th", "td", "dd") and self.tables and self.tables[-1]:
            self._cell(tag)
        elif tag == "th" and self.tables and not self.open:
            # A header cell of another table (a blank form's columns): bold like a
            # label, so the matcher must step over it in document order. (Inside a
            # value, such cells stand right of their label and are passed anyway.)
            self._text(" ")
            self.decoy = _Cell("skip")
            self.open.append(self.decoy)
        elif tag in ("br", "li", "p", "tr", "th", "td"):
            self._text(" ")

    def _cell(self, tag: str) -> None:
        if self.tables and self.tables[-1]:
            cell = _Cell(tag)
            self.cells[-1].append(cell)
            self.open.append(cell)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "script"):
            self.skip -= 1
        elif tag in ("table", "dl") and self.tables:
            self.tables.pop()
            self.cells.pop()
            return
        if tag == "th" and self.decoy is not None:
            self.open.remove(self.decoy)
            text = "".join(self.decoy.text).strip()
            if text:
                self.rows.append(Row(-1, text, "", "skip"))
            self.decoy = None
            return
        if tag in ("th", "td", "dt", "dd") and self.tables and self.tables[-1] and self.open:
            self.open.pop()
        if tag in ("tr", "dd") and self.tables and self.tables[-1]:
            number, kind = self.tables[-1]
            cells = self.cells[-1]
            if len(cells) == 2:
                label, value = ("".join(c.text) for c in cells)
                if kind != "calls" or value.strip():  # a deputy without a number
                    self.rows.append(Row(number, label.strip(), value.strip(), kind))

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._text(data)

    def _text(self, data: str) -> None:
        for cell in self.open:
            cell.text.append(data)


def html_rows(html: str) -> list[Row]:
    parser = _Rows()
    parser.feed(html)
    return parser.rows


@dataclass(frozen=True)
class Word:
    page: int  # 0-based
    text: str
    x0: float
    x1: float
    top: float
    bold: bool


def pdf_words(pdf: Path) -> list[Word]:
    """Every word drawn on the pages, in reading order (page, line, left to right).

    Kept for the last 16 PDFs (by path, size and modification time, so a file written
    again is read again): test_print_layout.py reads each of its eight binders' words
    up to four times (placement, "forts." heads, margins, empty pages), one test
    function after the other with a few PDFs of its own in between, and pdfplumber
    takes seconds per binder."""
    stat = pdf.stat()
    return _pdf_words(pdf, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _pdf_words(pdf: Path, _size: int, _mtime_ns: int) -> list[Word]:
    words = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages):
            for w in page.extract_words(extra_attrs=["fontname"], keep_blank_chars=False):
                words.append(Word(number, w["text"], w["x0"], w["x1"], w["top"],
                                  "Bold" in w["fontname"]))
    return words


@dataclass(frozen=True)
class Placed:
    row: Row
    label: Word
    value: Word | None  # the value's first word where it stands, None: not found beside


def place(rows: list[Row], words: list[Word]) -> list[Placed]:
    """Find each row's label in document order and the word drawn beside it."""
    placed, start = [], 0
    line_starts = _line_starts(words)
    for row in rows:
        if row.kind == "skip":  # another table's header cell: step over it if drawn
            found = next((i for i in range(start, len(words))
                          if words[i].text == row.label_word and words[i].bold), None)
            start = start if found is None else found + 1
            continue
        index = _find_label(row, words, start, line_starts)
        if index is None:
            raise AssertionError(f"label {row.label!r} (row {row}) not found after word "
                                 f"{start} in the PDF")
        label = words[index]
        placed.append(Placed(row, label, _beside(row, words, index)))
        start = index + 1
    return placed


def _line_starts(words: list[Word]) -> set[int]:
    """The words that begin a line: a label does (a table header cell does not)."""
    starts = set()
    for index, word in enumerate(words):
        if not any(w.page == word.page and abs(w.top - word.top) < 1.0 and w.x1 <= word.x0
                   for w in words[max(0, index - 30):index]):
            starts.add(index)
    return starts


def _find_label(row: Row, words: list[Word], start: int, line_starts: set[int]) -> int | None:
    for index in range(start, len(words)):
        word = words[index]
        if word.text == row.label_word and word.bold and index in line_starts:
            return index
    return None


def _beside(row: Row, words: list[Word], index: int) -> Word | None:
    """The first word right of the label's first line, on that line (not a list marker)."""
    label, end = words[index], index
    for expected in row.label.split()[1:]:  # the label's words that share its first line
        if end + 2 < len(words) and words[end + 1].text == DASH:
            end += 1  # "role – name"
        following = words[end + 1] if end + 1 < len(words) else None
        if following is None or following.text != expected or following.page != label.page \
                or abs(following.top - label.top) > 1.0:
            break
        end += 1
    line_end = words[end].x1
    candidates = [w for w in words if w.page == label.page and w.x0 > line_end
                  and -ABOVE_PT <= w.top - label.top <= SAME_LINE_PT and w.text not in MARKERS]
    return min(candidates, key=lambda w: (w.x0, w.top), default=None)


def misplaced(placed: list[Placed]) -> list[str]:
    """Every row whose value does not start on its label's first line, in its column."""
    problems = []
    # The value column measured from the label's: double-sided, a table that runs onto
    # a left-hand page stands further left there (the binding margin is on the right).
    columns: dict[int, float] = {}
    for item in placed:
        if item.value is not None:
            offset = item.value.x0 - item.label.x0
            columns[item.row.table] = min(columns.get(item.row.table, offset), offset)
    for item in placed:
        row, where = item.row, f"page {item.label.page + 1}"
        expected = row.value_word
        if item.value is None:
            problems.append(f"{where}: {row.label!r} has nothing beside it "
                            f"(expected {row.value[:40]!r})")
        elif expected is not None and not _same_word(item.value.text, expected):
            problems.append(f"{where}: beside {row.label!r} stands {item.value.text!r}, "
                            f"expected {expected!r} ({row.value[:40]!r})")
        elif row.kind == "fields" and \
                item.value.x0 - item.label.x0 > columns[row.table] + 16.0:
            problems.append(f"{where}: value of {row.label!r} starts "
                            f"{item.value.x0 - item.label.x0:.0f} pt right of its label, "
                            f"not in the value column ({columns[row.table]:.0f} pt)")
    return problems


def _same_word(drawn: str, expected: str) -> bool:
    """A long word (an address) may break across lines: its first part is enough."""
    return drawn == expected or (len(drawn) >= 4 and expected.startswith(drawn))


# --- the action card's call list: every number beside its own name ---------------------------

@dataclass
class Person:
    """A name in the call list (a contact, or a contact's deputy) and its numbers."""

    start: str  # the first words of its block: "Enhetschef och…", "Ersättare: Nora…"
    numbers: list[str] = field(default_factory=list)


class _Calls(HTMLParser):
    """The people of every ``table.hb-calls``: a contact starts at its role, a deputy at
    ``hb-call-deputy``. A number inside a deputy's span is the deputy's; any other is
    the number of the first person that starts in its table row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.people: list[Person] = []
        self.depth = 0  # inside a hb-calls table
        self.row: list[Person] = []
        self.reading: list[tuple[str, Person | None]] = []  # open tags to watch
        self.starting: Person | None = None
        self.number: list[str] | None = None
        self.deputy: Person | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "table" and "hb-calls" in classes:
            self.depth += 1
        if not self.depth:
            return
        if tag == "tr":
            self.row = []
        elif tag == "span" and ({"hb-call-role", "hb-call-deputy"} & set(classes)):
            self.starting = Person("")
            self.people.append(self.starting)
            self.row.append(self.starting)
            if "hb-call-deputy" in classes:
                self.deputy = self.starting
            self.reading.append(("span", self.starting))
        elif tag == "span":
            self.reading.append(("span", None))
        elif tag == "a" and (attributes.get("href") or "").startswith("tel:"):
            self.number = []

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag == "span" and self.reading:
            _tag, person = self.reading.pop()
            if person is not None and person is self.deputy:
                self.deputy = None
            if person is self.starting:
                self.starting = None
        elif tag == "a" and self.number is not None:
            owner = self.deputy or (self.row[0] if self.row else None)
            if owner is not None:
                owner.numbers.append("".join(self.number).strip())
            self.number = None

    def handle_data(self, data: str) -> None:
        if self.number is not None:
            self.number.append(data)
        elif self.starting is not None and len(self.starting.start.split()) < 3:
            self.starting.start += data


def call_people(html: str) -> list[Person]:
    """Everyone in the card's call list, in order, with their numbers (as printed)."""
    parser = _Calls()
    parser.feed(html)
    return parser.people


def _find(words: list[Word], texts: list[str], start: int = 0) -> list[int]:
    """Where the word sequence ``texts`` is drawn (indexes of its first word)."""
    return [i for i in range(start, len(words) - len(texts) + 1)
            if [w.text for w in words[i:i + len(texts)]] == texts]


def numbers_apart(people: list[Person], words: list[Word]) -> list[str]:
    """Every number not beside its own name: a number must stand on its name's line,
    or under it before the next name starts, never level with another name."""
    problems, starts, index = [], [], 0
    for person in people:
        found = _find(words, person.start.split()[:2], index)
        if not found:
            raise AssertionError(f"{person.start!r} not found in the call list")
        index = found[0] + 1
        starts.append(words[found[0]])
    for person, own in zip(people, starts, strict=True):
        for number in person.numbers:
            drawn = [words[i] for i in _find(words, number.split())
                     if words[i].page == own.page and words[i].top >= own.top - ABOVE_PT]
            if not drawn:
                problems.append(f"{number!r} of {person.start!r}: not on or under its name")
                continue
            word = min(drawn, key=lambda w: w.top)
            others = [s for s in starts if s is not own and s.page == own.page
                      and own.top + 1.0 < s.top <= word.top + SAME_LINE_PT]
            if others:
                problems.append(f"page {own.page + 1}: {number!r} of {person.start!r} stands "
                                f"beside or under {others[0].text!r}, another name")
    return problems
