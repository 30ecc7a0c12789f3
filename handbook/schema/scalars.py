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

from ..labels import labels
from .fields import LINK_SCHEMES, PLACEHOLDER, Scalar, schemes_text
from .ids import CHARACTERS, ID, id_problem
from .limits import MAX_LINE_CHARS, MAX_VALUE_CHARS

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
        return None, "värdet är tomt; skriv ett värde eller ta bort raden"
    return KINDS[kind.kind].parse(kind, text, quoted)


def _text(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    return text, ""


def _phone(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    digits = sum(c.isdigit() for c in text)
    if PHONE.match(text) and 3 <= digits <= 15:
        return text, ""
    return None, (f"'{text}' är inget telefonnummer; skriv siffror med blanksteg eller "
                  "bindestreck, t.ex. 031-345 67 89 eller +46 31 345 67 89")


def _time(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if TIME.match(text):
        return text, ""
    return None, f"'{text}' är inget klockslag; skriv TT:MM, t.ex. 08:30 eller 15:00"


def _date(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if DATE.match(text):
        try:
            return dt.date.fromisoformat(text), ""
        except ValueError:
            return None, (f"'{text}' är inget giltigt datum (månad 01–12 och en dag som "
                          "finns i månaden); skriv ÅÅÅÅ-MM-DD, t.ex. 2026-09-01")
    return None, f"'{text}' är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-09-01"


def _int(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    bounds = f"{kind.minimum}–{kind.maximum}"
    if quoted or not INT.match(text):
        if text.isdigit():
            fix = "utan citattecken" if quoted else "utan inledande nolla"
            return None, f"skriv talet {fix}, t.ex. {int(text)}"
        return None, f"'{text}' är inget heltal; skriv ett tal {bounds}, t.ex. 12"
    number = int(text)
    if kind.minimum is not None and kind.maximum is not None and \
            not kind.minimum <= number <= kind.maximum:
        return None, f"{number} är utanför det tillåtna intervallet {bounds}"
    return number, ""


def _bool(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if not quoted and text in ("true", "false"):
        return text == "true", ""
    if text.lower() in BOOLISH | {"true", "false"}:
        return None, (f"skriv true eller false utan citattecken, inte '{text}' "
                      "(yes/no tolkas olika av olika YAML-verktyg)")
    return None, f"'{text}' är varken true eller false; skriv true eller false"


def _url(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    match = SCHEME.match(text)
    scheme = match.group(1).lower() if match else ""
    ok = scheme in LINK_SCHEMES and not any(c.isspace() for c in text)
    if scheme in ("http", "https"):
        ok = ok and text.lower().startswith(scheme + "://") and len(text) > len(scheme) + 4
    if ok:
        return text, ""
    return None, (f"'{text}' är ingen tillåten adress; adressen ska börja med "
                  f"{schemes_text()}, t.ex. https://exempel.se/sida")


def _id(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if ID.match(text):
        return text, ""
    if any(c in text for c in "/\\") or text.startswith(".") or text.endswith(".yml"):
        # An id names a file under units/ (a group), never a path to one.
        return None, (f"'{text}' är en sökväg eller ett filnamn, inte ett id; skriv bara "
                      "id:t, utan mappar, '..', '/' och '.yml' (filen units/_groups/narhalsan.yml "
                      "har id:t narhalsan)")
    return None, id_problem(text)


def _choice(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if text in kind.choices:
        return text, ""
    return None, f"'{text}' är inte tillåtet; skriv ett av: {', '.join(kind.choices)}"


def _hsa(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if HSA.match(text):
        return text, ""
    return None, f"'{text}' är inget HSA-id; skriv t.ex. SE2321000131-E000000011111"


def _user(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if USER.match(text) and len(text) <= USER_MAX_LENGTH:
        return text, ""
    if text.startswith("@") and USER.match(text[1:]):
        return None, f"skriv användarnamnet utan @, t.ex. {text[1:]}"
    return None, (f"'{text}' är inget användarnamn på kodvärden; skriv användarnamnet "
                  "(bokstäver, siffror och bindestreck, inte namnet eller e-postadressen), "
                  "t.ex. anna-andersson")


# JSON Schema. YAML tools read 0701234567 as a number and no as a boolean, while our
# loader keeps the written text; so text kinds also admit numbers and booleans.
# The characters handbook/schema/textrules.py refuses: every control character (a Markdown
# text may hold line breaks and tabs), U+2028, U+2029 and the bidi controls.
_REFUSED = "\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069"
# The end is "(?![\s\S])", not "$": in Python (jsonschema) "$" also matches
# before a final line break.
_END = "(?![\\s\\S])"
_ONE_LINE = {"pattern": f"^[^{_REFUSED}]*{_END}", "maxLength": MAX_LINE_CHARS,
             "patternErrorMessage": "Texten ska stå på en rad, utan osynliga styrtecken"}
_MULTILINE = {"pattern": "^[^" + _REFUSED.replace("\\u0000-\\u001f",
                                                  "\\u0000-\\u0008\\u000b-\\u001f")
              + f"]*{_END}", "maxLength": MAX_VALUE_CHARS,
              "patternErrorMessage": "Texten får inte innehålla osynliga styrtecken"}
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
    "phone": "Skriv ett telefonnummer med siffror, blanksteg och bindestreck, "
             "t.ex. 031-345 67 89",
    "time": "Skriv ett klockslag TT:MM eller TT.MM, t.ex. 08:30 eller 15.00",
    "date": "Skriv ett datum ÅÅÅÅ-MM-DD, t.ex. 2026-09-01",
    "url": f"Skriv en adress som börjar med {schemes_text()}",
    "id": f"Skriv ett id med {CHARACTERS}, t.ex. exempel-id",
    "hsa": "Skriv ett HSA-id som SE2321000131-E000000011111",
    "user": "Skriv ett användarnamn på kodvärden: bokstäver, siffror och bindestreck, "
            "t.ex. anna-andersson",
}

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("text", "en text", _text,
         _fixed({"type": ["string", "number", "boolean"], **_ONE_LINE, **_NO_PLACEHOLDER})),
    Kind("markdown", "en text", _text,
         _fixed({"type": "string", **_MULTILINE, **_NO_PLACEHOLDER}),
         multiline=True),
    Kind("phone", "ett telefonnummer", _phone,
         _pattern(PHONE, SAYS["phone"], ["string", "integer"]), "031-345 67 89"),
    # Unquoted 15.00 is the number 15.0 to the schema's YAML 1.2: numbers pass there (a
    # pattern checks strings only), as the validator takes 15.00 as written.
    Kind("time", "ett klockslag", _time, _pattern(TIME, SAYS["time"], ["string", "number"]),
         "08:30"),
    Kind("date", "ett datum", _date, _pattern(DATE, SAYS["date"], format="date"),
         "2026-09-01"),
    Kind("int", "ett heltal", _int,
         lambda s: {"type": "integer", "minimum": s.minimum, "maximum": s.maximum}, "12"),
    Kind("bool", "true eller false", _bool, _fixed({"type": "boolean"}), "true"),
    Kind("url", "en webbadress", _url,
         _fixed({"type": "string", "pattern": _LINK, "patternErrorMessage": SAYS["url"]}),
         "https://exempel.se"),
    Kind("id", "ett id", _id, _pattern(ID, SAYS["id"]), "exempel-id"),
    Kind("choice", "ett av de tillåtna värdena", _choice,
         lambda s: {"type": "string", "enum": list(s.choices)}),
    Kind("hsa", "ett HSA-id", _hsa, _pattern(HSA, SAYS["hsa"]), "SE2321000131-E000000011111"),
    Kind("user", "ett användarnamn", _user,
         _pattern(USER, SAYS["user"], maxLength=USER_MAX_LENGTH), "anna-andersson"),
)}
