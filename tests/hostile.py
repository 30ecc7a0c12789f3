"""Unit files with given text in every text field, for the escaping tests (issue 11).

``full_unit`` walks the schema and writes a value for every field a unit file may
have (one item in each list): the text a test chooses for each one-line text and
each Markdown field, and a fixed valid value for every other kind. So a test
reaches every place a text field lands without naming the places.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as etree
import zlib
from collections import Counter
from collections.abc import Callable
from typing import Any

import yaml
from sitebuild import squash

from handbook.schema.fields import (
    GROUP_ONLY,
    LINK_SCHEMES,
    REGION_ONLY,
    UNIT,
    ListOf,
    Record,
    Scalar,
    Type,
)

# Keys a unit file may not set (a group's name, the region's settings), or that add
# nothing here (extends needs group files; drop removes an inherited item).
SKIPPED = (*GROUP_ONLY, *REGION_ONLY, "extends", "drop",
           # a former id is an address, not text (tests/history/test_renamed_unit.py)
           "former_ids")
FIXED: dict[str, Any] = {
    "phone": "031-345 67 89", "time": "15:00", "date": dt.date(2026, 9, 1),
    "url": "https://exempel.se/sida", "hsa": "SE2321000131-E000000011111",
    "user": "anna-andersson", "bool": True,
}
# Text fields by where they are, and the kind: "text" (one line) or "markdown".
TextFor = Callable[[str, str], str]


def full_unit(text: TextFor) -> dict[str, Any]:
    """A unit with every field; ``text(path, kind)`` gives each text field's value."""
    value = _value(UNIT, "", text)
    assert isinstance(value, dict)
    # Each unit its own HSA-id (a shared one is refused), the same for the same name.
    value["hsa_id"] = f"SE2321000131-E{zlib.crc32(str(value['name']).encode()):012d}"
    return value


def _value(kind: Type, where: str, text: TextFor) -> Any:
    if isinstance(kind, Record):
        return {key: _value(spec.type, f"{where}.{key}".lstrip("."), text)
                for key, spec in kind.fields.items()
                if key not in SKIPPED}
    if isinstance(kind, ListOf):
        return [_value(kind.item, f"{where}[0]", text)]
    return _scalar(kind, where, text)


def _scalar(kind: Scalar, where: str, text: TextFor) -> Any:
    if kind.kind in ("text", "markdown"):
        value = text(where, kind.kind)
        # An e-mail address needs its '@' (handbook/data/traps.py); the text stays in it.
        if where.endswith(".email") and "@" not in value:
            value += "@exempel.se"
        return value
    if kind.kind == "id":
        # Unique on the page: anchors are built from ids.
        return re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
    if kind.kind == "int":
        return kind.minimum or 1
    if kind.kind == "choice":
        return kind.choices[0]
    if kind.kind == "bool" and where.endswith("must_be_printed"):
        return True  # the unit's own paper_location is then what the gap checks look at
    return FIXED[kind.kind]


def unit_yaml(data: dict[str, Any]) -> str:
    """The unit as a YAML file: strings quoted where YAML needs it, escapes where a
    character cannot stand in a file; dates, numbers and booleans unquoted."""
    dumped: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                            width=1_000_000)
    return dumped


class _Dumper(yaml.SafeDumper):
    """No anchors and aliases for values used twice (the unit files have none)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def text_fields(data: Any, kinds: tuple[str, ...] = ("text", "markdown")
                ) -> list[tuple[str, str]]:
    """Every value of these kinds in unit ``data``, with its path."""
    return _texts(data, UNIT, "", kinds)


def _texts(data: Any, kind: Type, where: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    if isinstance(kind, Record):
        return [found for key, spec in kind.fields.items() if key in data
                for found in _texts(data[key], spec.type, f"{where}.{key}".lstrip("."), kinds)]
    if isinstance(kind, ListOf):
        return [found for number, value in enumerate(data)
                for found in _texts(value, kind.item, f"{where}[{number}]", kinds)]
    return [(where, data)] if kind.kind in kinds else []


# --- reading pages parsed by tinyhtml5 (an HTML5 parser: what a browser makes of them) ----------

HTML = "{http://www.w3.org/1999/xhtml}"
SITE_NAME = "Kontinuitetshandboken"
RISKY_TAGS = {"script", "style", "iframe", "img", "svg", "math", "object", "embed", "link",
              "meta", "base", "form", "input", "button", "textarea", "select", "template",
              "frame", "frameset", "video", "audio", "source", "noscript", "title"}


def local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def text_of(element: etree.Element, sep: str = "") -> str:
    """The element's text as a reader sees it, whitespace squashed; a heading's
    permalink sign (MkDocs' "¶" link) left out. ``sep``: put between the texts of
    elements (" " as sitebuild.html_text does: "031-1 00." reads "031-1 00 .")."""
    parts: list[str] = []

    def walk(node: etree.Element) -> None:
        if local(node.tag) == "a" and node.get("class") == "headerlink":
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return squash(sep.join(parts))


def signatures(root: etree.Element) -> Counter[tuple[str, tuple[str, ...]]]:
    """Every element by its tag and attribute names, counted; phone-number links left
    out (a number in a text is a link on purpose)."""
    return Counter((local(e.tag), tuple(sorted(e.attrib))) for e in root.iter()
                   if e.get("class") != "hb-phone")


def risky(root: etree.Element) -> Counter[str]:
    """What markup could run or restyle the page: risky elements, event handlers, style
    attributes, and links to a scheme other than the allowed ones."""
    found: Counter[str] = Counter()
    for element in root.iter():
        tag = local(element.tag)
        if tag in RISKY_TAGS:
            found[f"<{tag}>"] += 1
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name.lower() in ("style", "srcdoc",
                                                                   "formaction"):
                found[f"{tag}@{name}"] += 1
            if name in ("href", "src", "action") and scheme(value) not in ("", *LINK_SCHEMES):
                found[f"{tag}@{name}={scheme(value)}:"] += 1
    return found


def scheme(url: str) -> str:
    match = re.match(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return match.group(1).lower() if match else ""
