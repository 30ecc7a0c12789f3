"""Which part of the plan each field is shown in: "Vid avbrott" or "Förberedelser
och uppföljning" (handbook/render/sections.py, PLACES).

A field with no place would vanish from the page and the binder; these tests make
whoever adds a field decide where it goes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sitebuild import example_unit_ids, expected_texts

from handbook import Handbook
from handbook.data.project import Unit
from handbook.labels import labels
from handbook.render.sections import (
    BEFORE,
    DURING,
    META,
    PARTS,
    PLACES,
    UnplacedFieldError,
    part_of,
    place,
    unit_parts,
    unit_sections,
)
from handbook.schema.fields import UNIT, ListOf, Record, Type

pytestmark = pytest.mark.unit

UNITS = pytest.mark.parametrize("unit", example_unit_ids(), indirect=True)


def field_type(path: str) -> Type | None:
    """The schema type at a dotted path; None if no such field."""
    kind: Type = UNIT
    for key in path.split("."):
        while isinstance(kind, ListOf):
            kind = kind.item
        if not isinstance(kind, Record) or key not in kind.fields:
            return None
        kind = kind.fields[key].type
    return kind


def test_every_top_level_field_has_exactly_one_place() -> None:
    top = [key for key in PLACES if "." not in key]
    assert sorted(top) == sorted(UNIT.fields), \
        "place each new top-level field in PLACES (handbook/render/sections.py)"
    assert len(top) == len(set(top))
    assert set(PLACES.values()) == {META, DURING, BEFORE}
    assert set(PARTS) == {DURING, BEFORE}


def test_every_listed_path_is_a_field_and_every_split_field_has_one_place() -> None:
    assert [path for path in PLACES if field_type(path) is None] == []
    split = sorted({path.rsplit(".", 1)[0] for path in PLACES if "." in path})
    assert split  # read_copy, routines.calendar, … are split between the parts
    for path in split:
        kind = field_type(path)
        assert isinstance(kind, Record), path
        for key in kind.fields:
            assert place(f"{path}.{key}") in PARTS, f"{path}.{key}"
        # A split record really has fields in both parts.
        assert {place(f"{path}.{key}") for key in kind.fields} == set(PARTS), path


def test_a_field_with_no_place_stops_the_page_rather_than_vanish(
        example_handbook: Handbook) -> None:
    with pytest.raises(UnplacedFieldError, match="new_field"):
        place("new_field")
    data = dict(example_handbook.units[0].data)
    data["new_field"] = "x"
    with pytest.raises(UnplacedFieldError):
        unit_parts(data)  # type: ignore[arg-type]


@UNITS
def test_each_value_is_in_exactly_one_part(unit: Unit) -> None:
    """The parts split the unit's values between them: none lost, none shown twice."""
    everything = Counter(expected_texts(unit.data))
    shown: Counter[tuple[str, str]] = Counter()
    for part in (META, *PARTS):
        projected = {key: value for key in unit.data
                     if (value := part_of(unit.data[key], UNIT.fields[key].type, key, part))
                     is not None}
        shown.update(expected_texts(projected))  # type: ignore[arg-type]
    assert shown == everything


def test_preparation_is_not_in_the_outage_part(example_handbook: Handbook) -> None:
    """The finding: the system path for printing tomorrow's bookings headed the
    bookings section, useless while the system is down."""
    assert place("routines.calendar.print_path") == BEFORE
    assert place("routines.calendar.storage") == DURING
    assert place("read_copy.monthly_start_by") == BEFORE
    assert place("read_copy.start") == DURING
    assert place("document") == place("exercises") == BEFORE
    region = example_handbook.units[0].data
    path = region["routines"]["calendar"]["print_path"]
    during, before = unit_parts(region)
    assert path not in "".join(s.html for s in during.sections)
    assert path in "".join(s.html for s in before.sections)


@UNITS
def test_parts_are_in_order_with_unique_anchors(unit: Unit) -> None:
    parts = unit_parts(unit.data)
    texts: dict[str, Any] = labels()["parts"]
    assert [p.id for p in parts] == [DURING, BEFORE]
    assert [p.title for p in parts] == [texts[DURING]["title"], texts[BEFORE]["title"]]
    assert all(p.sections and p.sections[0].level == 2 for p in parts)
    anchors = [s.anchor for s in unit_sections(unit.data)] + list(PARTS)
    assert len(anchors) == len(set(anchors))
