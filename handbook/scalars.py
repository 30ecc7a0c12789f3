"""Parsing of scalar values from the exact text the editor wrote.

Each kind accepts one unambiguous spelling and otherwise answers with a
message that says what to write instead. Text kinds keep the text unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .schema import LINK_SCHEMES, Scalar

EXPECTED = {
    "text": "en text", "markdown": "en text", "phone": "ett telefonnummer",
    "time": "ett klockslag", "date": "ett datum", "int": "ett heltal",
    "bool": "true eller false", "url": "en webbadress", "id": "ett id",
    "choice": "ett av de tillåtna värdena", "hsa": "ett HSA-id",
    "user": "ett användarnamn",
}

PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]*[0-9]$")
TIME = re.compile(r"^([01][0-9]|2[0-3])[:.][0-5][0-9]$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
INT = re.compile(r"^(0|[1-9][0-9]*)$")
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
HSA = re.compile(r"^SE[0-9]{10}-[A-Za-z0-9]+$")
# A user name on the code host (GitHub's rule): letters, digits, single hyphens inside.
USER = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")
USER_MAX_LENGTH = 39
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
BOOLISH = {"yes", "no", "on", "off", "y", "n", "ja", "nej", "sant", "falskt"}


def parse(kind: Scalar, text: str, *, quoted: bool) -> tuple[Any, str]:
    """Return ``(value, "")`` or ``(None, message)``."""
    if not text.strip():
        return None, "värdet är tomt; skriv ett värde eller ta bort raden"
    return _PARSERS[kind.kind](kind, text, quoted)


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
    return None, (f"'{text}' är ingen tillåten adress; adressen ska börja med https://, "
                  "http://, mailto: eller tel:, t.ex. https://exempel.se/sida")


def _id(kind: Scalar, text: str, quoted: bool) -> tuple[Any, str]:
    if ID.match(text):
        return text, ""
    if any(c in text for c in "/\\") or text.startswith(".") or text.endswith(".yml"):
        # An id names a file under units/ (a group), never a path to one.
        return None, (f"'{text}' är en sökväg eller ett filnamn, inte ett id; skriv bara "
                      "id:t, utan mappar, '..', '/' och '.yml' (filen units/_groups/narhalsan.yml "
                      "har id:t narhalsan)")
    return None, (f"'{text}' är inget giltigt id; använd små bokstäver a–z, siffror och "
                  "bindestreck (inte å, ä, ö eller blanksteg), t.ex. vc-angen")


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


_PARSERS = {
    "text": _text, "markdown": _text, "phone": _phone, "time": _time, "date": _date,
    "int": _int, "bool": _bool, "url": _url, "id": _id, "choice": _choice, "hsa": _hsa,
    "user": _user,
}
