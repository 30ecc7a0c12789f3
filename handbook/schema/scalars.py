"""Every scalar kind of the schema, one ``Kind`` each: how the exact text the
editor wrote is parsed, what an error says it should be, the JSON Schema that
editors' tools check, the scaffold's example, and the text a reader sees
(``scalar_text``; its HTML is render/values.py's ``KIND_HTML``).

Each kind accepts one unambiguous spelling and otherwise answers with a
message that says what to write instead. Text kinds keep the text unchanged.
A new kind is one entry in ``KINDS``; tests/schema/test_kinds.py checks that every
kind the schema uses has one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..labels import labels, message
from .fields import LINK_SCHEMES, PLACEHOLDER, Scalar, schemes_text
from .ids import CHARACTERS, ID, id_problem
from .limits import MAX_LINE_CHARS, MAX_VALUE_CHARS
from .textrules import DASHES, HARD_SPACES

PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]*[0-9]$")
TIME = re.compile(r"^([01][0-9]|2[0-3])[:.][0-5][0-9]$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
INT = re.compile(r"^(0|[1-9][0-9]*)$")
HSA = re.compile(r"^SE[0-9]{10}-[A-Za-z0-9]+$")
# A user name on the code host (GitHub's rule): letters, digits, single hyphens inside.
USER = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")
USER_MAX_LENGTH = 39
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
BOOLISH = {"yes", "no", "on", "off", "y", "n", "ja", "nej", "sant", "falskt"}

Parser = Callable[[Scalar, str, bool], tuple[Any, str]]


@dataclass(frozen=True)
class Kind:
    """What the handbook does with one scalar kind."""

    name: str
    expected: str  # "förväntade <expected>, fann en lista"
    parse: Parser  # (scalar, text, quoted) -> (value, "") or (None, message)
    json: Callable[[Scalar], dict[str, Any]]  # JSON Schema of one value, for editors' tools
    example: str = ""  # the scaffold's placeholder example, when the field has none
    multiline: bool = False  # may hold line breaks (textrules.py)


def scalar_text(value: Any, kind: Scalar) -> str:
    """The text a reader sees for a scalar (what tests look for on the page)."""
    if isinstance(value, bool):
        return str(labels()["values"][str(value).lower()])
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind.labels:  # a choice whose values have names in labels.yml
        return str(labels()[kind.labels][value])
    return str(value)


def parse(kind: Scalar, text: str, *, quoted: bool) -> tuple[Any, str]:
    """Return ``(value, "")`` or ``(None, message)``."""
    if not text.strip():
        return None, message("editor.scalars.empty")
    return KINDS[kind.kind].parse(kind, text, quoted)


def _text(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    return text, ""


# A phone number pasted from Word or Outlook: a hard space is a space, and a dash
# ('–', '—', '−', Word's '‑') is the hyphen it stands for. The digits are as written.
_PHONE_SPACES = str.maketrans({**{c: " " for c in HARD_SPACES}, **{c: "-" for c in DASHES}})


def phone_text(text: str) -> str:
    """A phone number as it is published: hard spaces and dashes made plain."""
    return text.translate(_PHONE_SPACES).strip()


def _phone(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    text = phone_text(text)
    digits = sum(c.isdigit() for c in text)
    if PHONE.match(text) and 3 <= digits <= 15:
        return _phone_digits(text)
    return None, message("editor.scalars.phone", value=text)


# A Swedish number after its leading 0 (the national significant number) has 7–9 digits;
# 7 only in Stockholm (08): 031-34571 has lost a digit. 46… without + is a country code.
NATIONAL_DIGITS = 8
STOCKHOLM_DIGITS = 7
COUNTRY_CODE = "46"


def _phone_digits(text: str) -> tuple[Any, str]:
    digits = "".join(c for c in text if c.isdigit())
    if digits.startswith(COUNTRY_CODE) and not text.startswith("+") and len(digits) >= 10:
        return None, message("editor.scalars.phone_country", value=text)
    if digits.startswith("0") and not digits.startswith("00"):
        national = digits[1:]
        least = STOCKHOLM_DIGITS if national.startswith("8") else NATIONAL_DIGITS
        if len(national) < least:
            return None, message("editor.scalars.phone_short", value=text,
                                 count=len(digits))
    return text, ""


def _time(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if TIME.match(text):
        return text, ""
    return None, message("editor.scalars.time", value=text)


def _date(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if DATE.match(text):
        try:
            return dt.date.fromisoformat(text), ""
        except ValueError:
            return None, message("editor.scalars.no_such_date", value=text)
    return None, message("editor.scalars.date", value=text)


def _int(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    bounds = f"{kind.minimum}–{kind.maximum}"
    if quoted or not INT.match(text):
        if text.isdigit():
            if quoted:
                return None, message("editor.scalars.int_quoted", number=int(text))
            return None, message("editor.scalars.int_leading_zero", number=int(text))
        return None, message("editor.scalars.int", value=text, bounds=bounds)
    number = int(text)
    if kind.minimum is not None and kind.maximum is not None and \
            not kind.minimum <= number <= kind.maximum:
        return None, message("editor.scalars.int_range", number=number, bounds=bounds)
    return number, ""


def _bool(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if not quoted and text in ("true", "false"):
        return text == "true", ""
    if text.lower() in BOOLISH | {"true", "false"}:
        return None, message("editor.scalars.bool_spelling", value=text)
    return None, message("editor.scalars.bool", value=text)


def _url(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    match = SCHEME.match(text)
    scheme = match.group(1).lower() if match else ""
    ok = scheme in LINK_SCHEMES and not any(c.isspace() for c in text)
    if scheme in ("http", "https"):
        ok = ok and text.lower().startswith(scheme + "://") and len(text) > len(scheme) + 4
    if ok:
        return text, ""
    return None, message("editor.scalars.url", value=text, schemes=schemes_text())


def _id(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if ID.match(text):
        return text, ""
    if any(c in text for c in "/\\") or text.startswith(".") or text.endswith(".yml"):
        # An id names a file under units/ (a group), never a path to one.
        return None, message("editor.scalars.id_path", value=text)
    return None, id_problem(text)


def _choice(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if text in kind.choices:
        return text, ""
    return None, message("editor.scalars.choice", value=text, choices=", ".join(kind.choices))


def _hsa(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if HSA.match(text):
        return text, ""
    return None, message("editor.scalars.hsa", value=text)


def _user(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if USER.match(text) and len(text) <= USER_MAX_LENGTH:
        return text, ""
    if text.startswith("@") and USER.match(text[1:]):
        return None, message("editor.scalars.user_at", name=text[1:])
    return None, message("editor.scalars.user", value=text)


# JSON Schema. YAML tools read 0701234567 as a number and no as a boolean, while our
# loader keeps the written text; so text kinds also admit numbers and booleans.
# The characters handbook/schema/textrules.py refuses: every control character (a Markdown
# text may hold line breaks and tabs), U+2028, U+2029, the bidi controls, and the
# invisible characters pasted from Word and Outlook (textrules.INVISIBLE).
_REFUSED = ("\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u180e\\u200b\\u200e\\u200f\\u2028\\u2029"
            "\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff")
# The end is "(?![\s\S])", not "$": in Python (jsonschema) "$" also matches
# before a final line break.
_END = "(?![\\s\\S])"
_ONE_LINE = {"pattern": f"^[^{_REFUSED}]*{_END}", "maxLength": MAX_LINE_CHARS,
             "patternErrorMessage": message("editor.tools.one_line")}
_MULTILINE = {"pattern": "^[^" + _REFUSED.replace("\\u0000-\\u001f",
                                                  "\\u0000-\\u0008\\u000b-\\u001f")
              + f"]*{_END}", "maxLength": MAX_VALUE_CHARS,
              "patternErrorMessage": message("editor.tools.multiline")}
# Kinds whose pattern does not already refuse a placeholder left from the scaffold.
_NO_PLACEHOLDER = {"not": {"type": "string", "pattern": "^\\s*" + PLACEHOLDER}}
# The link pattern, from the schemes a link may use.
_LINK = "^(" + "|".join(f"{s}://" if s in ("http", "https") else f"{s}:"
                        for s in LINK_SCHEMES) + ")"


def _fixed(schema: dict[str, Any]) -> Callable[[Scalar], dict[str, Any]]:
    return lambda _scalar: dict(schema)


def _pattern(regex: re.Pattern[str], message: str, types: str | list[str] = "string",
             **more: Any) -> Callable[[Scalar], dict[str, Any]]:
    """A JSON Schema pattern, with the Swedish message editors' tools show when a value
    does not match (``patternErrorMessage``, read by VS Code's YAML and JSON support)."""
    return _fixed({"type": types, "pattern": regex.pattern, "patternErrorMessage": message,
                   **more})



# What editors' tools say, in Swedish, when a value does not match its kind's pattern.
SAYS = {
    "phone": message("editor.tools.phone"),
    "time": message("editor.tools.time"),
    "date": message("editor.tools.date"),
    "url": message("editor.tools.url", schemes=schemes_text()),
    "id": message("editor.tools.id", characters=CHARACTERS),
    "hsa": message("editor.tools.hsa"),
    "user": message("editor.tools.user"),
}

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("text", message("editor.expected.text"), _text,
         _fixed({"type": ["string", "number", "boolean"], **_ONE_LINE, **_NO_PLACEHOLDER})),
    Kind("markdown", message("editor.expected.text"), _text,
         _fixed({"type": "string", **_MULTILINE, **_NO_PLACEHOLDER}),
         multiline=True),
    Kind("phone", message("editor.expected.phone"), _phone,
         _pattern(PHONE, SAYS["phone"], ["string", "integer"]), "031-345 67 89"),
    # Unquoted 15.00 is the number 15.0 to the schema's YAML 1.2: numbers pass there (a
    # pattern checks strings only), as the validator takes 15.00 as written.
    Kind("time", message("editor.expected.time"), _time,
         _pattern(TIME, SAYS["time"], ["string", "number"]), "08:30"),
    Kind("date", message("editor.expected.date"), _date,
         _pattern(DATE, SAYS["date"], format="date"), "2026-09-01"),
    Kind("int", message("editor.expected.int"), _int,
         lambda s: {"type": "integer", "minimum": s.minimum, "maximum": s.maximum}, "12"),
    Kind("bool", message("editor.expected.bool"), _bool, _fixed({"type": "boolean"}), "true"),
    Kind("url", message("editor.expected.url"), _url,
         _fixed({"type": "string", "pattern": _LINK, "patternErrorMessage": SAYS["url"]}),
         "https://exempel.se"),
    Kind("id", message("editor.expected.id"), _id, _pattern(ID, SAYS["id"]), "exempel-id"),
    Kind("choice", message("editor.expected.choice"), _choice,
         lambda s: {"type": "string", "enum": list(s.choices)}),
    Kind("hsa", message("editor.expected.hsa"), _hsa, _pattern(HSA, SAYS["hsa"]),
         "SE2321000131-E000000011111"),
    Kind("user", message("editor.expected.user"), _user,
         _pattern(USER, SAYS["user"], maxLength=USER_MAX_LENGTH), "anna-andersson"),
)}
