"""Values reach the data exactly as the editor wrote them.

PyYAML (YAML 1.1) would turn ``0701234567`` into an octal int, ``08:30`` into 510,
``1.10`` into 1.1 and ``no`` into False; the loader keeps the written text in text
fields, and typed fields get their one spelling. Each case is tried unquoted, in
double quotes and in single quotes, and must give the same value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import handbook
from handbook.data.model import plain

pytestmark = pytest.mark.unit

REGION = """\
region: Testregionen
document:
  version: "1.0"
  owner: Anna Andersson
  approved: 2026-01-01
  approved_by: Anna Andersson
  review_months: 12
"""

# (id, YAML with {} where the value goes, path to the value, value as written, expected)
CASES: list[tuple[str, str, tuple[Any, ...], str, Any]] = [
    ("phone-leading-zero", "contacts:\n  - id: chef\n    role: Chef\n    name: Anna\n"
     "    phone: {}\n", ("contacts", 0, "phone"), "0701234567", "0701234567"),
    ("phone-plus", "contacts:\n  - id: chef\n    role: Chef\n    name: Anna\n"
     "    phone: 031-345 67 89\n    alt_phone: {}\n", ("contacts", 0, "alt_phone"),
     "+46701234567", "+46701234567"),
    ("phone-spaces", "fault_report:\n  phone: {}\n", ("fault_report", "phone"),
     "031-345 67 89", "031-345 67 89"),
    ("time-sexagesimal", "routines:\n  calendar:\n    print_time: {}\n",
     ("routines", "calendar", "print_time"), "08:30", "08:30"),
    ("time-dot", "routines:\n  calendar:\n    print_time: {}\n",
     ("routines", "calendar", "print_time"), "15.00", "15.00"),
    ("version-1.10", "document:\n  version: {}\n", ("document", "version"), "1.10", "1.10"),
    ("version-2.0", "document:\n  version: {}\n", ("document", "version"), "2.0", "2.0"),
    ("name-no", "name: {}\n", ("name",), "no", "no"),
    ("name-yes", "name: {}\n", ("name",), "yes", "yes"),
    ("name-true", "name: {}\n", ("name",), "true", "true"),
    ("name-off", "name: {}\n", ("name",), "off", "off"),
    ("hsa-id-zeros", "hsa_id: {}\n", ("hsa_id",), "SE0000000001-E000000000042",
     "SE0000000001-E000000000042"),
    ("text-20-digits", "address: {}\n", ("address",), "12345678901234567890",
     "12345678901234567890"),
    ("text-octal", "organisation: {}\n", ("organisation",), "0o17", "0o17"),
    ("text-hex", "organisation: {}\n", ("organisation",), "0x1F", "0x1F"),
    ("text-float", "organisation: {}\n", ("organisation",), "1e3", "1e3"),
    ("text-underscore", "organisation: {}\n", ("organisation",), "1_000", "1_000"),
    ("text-inf", "organisation: {}\n", ("organisation",), ".inf", ".inf"),
    ("text-date", "organisation: {}\n", ("organisation",), "2026-09-01", "2026-09-01"),
    ("text-in-list", "maintainers:\n  - {}\n", ("maintainers", 0), "0701", "0701"),
    ("keyword-in-list", "routines:\n  documentation:\n    keywords:\n      - {}\n",
     ("routines", "documentation", "keywords", 0), "12:30:00", "12:30:00"),
    ("date-approved", "document:\n  approved: {}\n", ("document", "approved"),
     "2026-09-01", dt.date(2026, 9, 1)),
    ("date-last-checked", "read_copy:\n  last_checked: {}\n", ("read_copy", "last_checked"),
     "2026-02-28", dt.date(2026, 2, 28)),
    ("date-exercise", "exercises:\n  - date: {}\n    kind: Skrivbordsövning\n",
     ("exercises", 0, "date"), "2025-12-02", dt.date(2025, 12, 2)),
]
QUOTES = {"plain": "{}", "double": '"{}"', "single": "'{}'"}


def unit_file(template: str, written: str) -> str:
    text = template.format(written)
    return text if text.startswith("name:") else "name: VC X\n" + text


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def load(write_tree: Callable[..., Path], unit_text: str) -> handbook.Unit:
    units = write_tree({"units/_region.yml": REGION, "units/vc-x.yml": unit_text})
    return handbook.load_handbook(units, base=units.parent).unit("vc-x")


@pytest.mark.parametrize(("template", "path", "written", "expected"), [
    pytest.param(template, path, quote.format(written), expected, id=f"{case_id}-{style}")
    for case_id, template, path, written, expected in CASES
    for style, quote in QUOTES.items()
])
def test_value_reaches_the_data_as_written(write_tree: Callable[..., Path], template: str,
                                           path: tuple[Any, ...], written: str,
                                           expected: Any) -> None:
    unit = load(write_tree, unit_file(template, written))
    value = value_at(unit.data, path)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(("written", "expected"), [
    pytest.param("12", 12, id="int"),
    pytest.param("1", 1, id="int-minimum"),
    pytest.param("36", 36, id="int-maximum"),
])
def test_int_field_takes_the_unquoted_number(write_tree: Callable[..., Path], written: str,
                                             expected: int) -> None:
    unit = load(write_tree, f"name: VC X\ndocument:\n  review_months: {written}\n")
    assert unit.data["document"]["review_months"] == expected


@pytest.mark.parametrize(("written", "expected"), [
    pytest.param("|\n    Rad ett\n    Rad två\n", "Rad ett\nRad två\n", id="literal"),
    pytest.param(">-\n    Rad ett\n    rad två\n", "Rad ett rad två", id="folded"),
    pytest.param("'Det är ''bra'''\n", "Det är 'bra'", id="single-quote-escape"),
    pytest.param('"Tab\\there"\n', "Tab\there", id="double-quote-escape"),
])
def test_block_and_escaped_text_keeps_yaml_meaning(write_tree: Callable[..., Path],
                                                   written: str, expected: str) -> None:
    unit = load(write_tree, "name: VC X\nfault_report:\n  text: " + written)
    assert unit.data["fault_report"]["text"] == expected


def test_whole_unit_is_plain_data(write_tree: Callable[..., Path]) -> None:
    unit = load(write_tree, "name: no\nfault_report:\n  phone: 0701234567\n")
    assert plain(unit.data) == {
        "region": "Testregionen",
        "document": {"version": "1.0", "owner": "Anna Andersson",
                     "approved": dt.date(2026, 1, 1), "approved_by": "Anna Andersson",
                     "review_months": 12},
        "name": "no",
        "fault_report": {"phone": "0701234567"},
    }
