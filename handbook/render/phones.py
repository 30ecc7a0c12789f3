"""Phone numbers in running text become ``tel:`` links, so a phone can call them.

Only Swedish numbers as people write them: an area code of 2–4 digits starting
with 0, then groups of digits ("010-441 50 00", "031-345 71 02", "08-123 456 78",
"070-123 45 67"), a mobile number written as one run ("0701234567"), or the
same with +46. Dates, times, HSA ids and personal identity numbers are not
numbers to call: they start with another digit, have more digits before the
dash, or are glued to letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from markupsafe import Markup, escape

# Digits around the number would make it part of something else (an HSA id, a
# personnummer, a date); so would a letter, a '+', '-', '/', '.' or ':' right before it.
_PHONE = re.compile(
    r"(?<![\w+\-/.:])"
    r"(?:(?:\+46[ -]?|0)\d{1,3}[- ]\d{2,4}(?: \d{2,3}){0,3}"
    r"|(?:\+46|0)7\d{8})"
    r"(?![\w\-/:]|\.\d)")


def _digits(number: str) -> str:
    return re.sub(r"[^0-9+]", "", number)


def is_phone(text: str) -> bool:
    """Whether ``text`` as a whole is a phone number to link."""
    match = _PHONE.fullmatch(text)
    return bool(match) and _national_length(text)


def _national_length(number: str) -> bool:
    digits = _digits(number)
    national = "0" + digits[3:] if digits.startswith("+46") else digits
    return 8 <= len(national) <= 10


def find_phones(text: str) -> list[tuple[int, int]]:
    """Where the phone numbers in ``text`` start and end."""
    return [m.span() for m in _PHONE.finditer(text) if _national_length(m.group(0))]


def tel_href(number: str) -> str:
    """The ``tel:`` link of a phone number as written. "+46 (0)31 …" means 031 … at home
    and +46 31 … from abroad: the (0) is left out of the number dialled, which would
    otherwise be +46031 …, a number that does not exist."""
    return "tel:" + _digits(re.sub(r"(?<=\d)\s*\(\s*0\s*\)", "", number)
                            if number.lstrip().startswith("+") else number)


def phone_links(text: str) -> Markup:
    """``text`` escaped, with every phone number in it a ``tel:`` link."""
    if type(text) is str:  # not Markup, which is equal to its text but not escaped
        return _cached_links(text)
    return _links(text)


@lru_cache(maxsize=8192)
def _cached_links(text: str) -> Markup:
    return _links(text)


def _links(text: str) -> Markup:
    out = []
    last = 0
    for start, end in find_phones(text):
        out.append(escape(text[last:start]))
        out.append(Markup('<a class="hb-phone" href="{}">{}</a>').format(
            tel_href(text[start:end]), text[start:end]))
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


# Area codes of three digits after the 0 ("031", mobiles "070"); 08 has one, all
# others three ("0522"). Post- och telestyrelsen's numbering plan.
_SHORT_AREAS = ("8",)
_THREE_AREAS = ("10", "11", "13", "16", "18", "19", "20", "21", "23", "26", "31", "33", "35",
                "36", "40", "42", "44", "46", "54", "60", "63", "90")


def _groups(digits: str) -> str:
    """A subscriber number in groups of two from the right, three first when odd
    ("345 67 89", "12 34 56", "123 456 78" for eight)."""
    if len(digits) == 8:
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    head = 3 if len(digits) % 2 else 0
    rest = [digits[i:i + 2] for i in range(head, len(digits), 2)]
    return " ".join(([digits[:head]] if head else []) + rest)


def display_phone(number: str) -> str:
    """A number as printed: one written as a bare run of digits in the Swedish way
    ("0702845511" → "070-284 55 11", "+46702845511" → "+46 70 284 55 11"); one written
    with spaces or hyphens, or not a Swedish number, as written. For display only."""
    if not re.fullmatch(r"(\+46|0)\d{6,11}", number):
        return number
    international = number.startswith("+46")
    national = number[3:] if international else number[1:]
    if national.startswith(_SHORT_AREAS):
        size = 1
    else:
        size = 2 if national.startswith(_THREE_AREAS) or national[0] == "7" else 3
    area, rest = national[:size], national[size:]
    if not 5 <= len(rest) <= 8:
        return number
    return f"+46 {area} {_groups(rest)}" if international else f"0{area}-{_groups(rest)}"


# Whether the HTML being made is for paper. The site shows a number exactly as the
# editor wrote it (design.md: a value reaches the page as written); the binder prints
# a bare run of digits in the region's format, so a reader can read it off the page.
_PRINTED: ContextVar[bool] = ContextVar("printed_numbers", default=False)


@contextmanager
def printed_numbers() -> Iterator[None]:
    """Numbers shown in the region's format while the block runs (the binder's HTML)."""
    token = _PRINTED.set(True)
    try:
        yield
    finally:
        _PRINTED.reset(token)


def shown_phone(number: str) -> str:
    """A phone field's number as this HTML shows it: formatted on paper
    (``display_phone``), as written on the site."""
    return display_phone(number) if _PRINTED.get() else number
