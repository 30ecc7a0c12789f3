"""The layered merge: region, then groups in ``extends`` order, then the unit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from unitfiles import DOCUMENT, VALID, U

import handbook
from handbook.data.model import Origin, plain

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]

REGION = """\
region: Testregionen
organisation: Regionen
document:
  review_months: 12
contacts:
  - id: tib
    role: TIB
    name: Tjänsteman i beredskap
    phone: 010-100 00 00
  - id: it
    role: IT-support
    name: IT Servicedesk
    phone: 010-200 00 00
forms:
  - id: recept
    title: Receptblankett
  - id: fk
    title: Försäkringskassans blanketter
routines:
  calendar:
    text: Skriv ut morgondagens bokningar.
    print_path: Meny → Bokningar
  documentation:
    keywords:
      - Anamnes
      - Status
checklists:
  - id: journal-nere
    title: Journalen ligger nere
    kind: journal
    steps:
      - Ring IT.
      - Ta fram papper.
"""
AREA = """\
organisation: Området
contacts:
  - id: omrade
    role: Områdeschef
    name: Olle Områdesson
    phone: 031-300 00 00
labs:
  - id: lab-a
    name: Labb A
    phone: 031-100 00 00
    referral_agreement: Remiss enligt överenskommelse A.
    transport: Budbil 11.00
"""
AREA_FILE = "units/_groups/area.yml"
AREA_LAB_PHONE = Origin(AREA_FILE, 10, 12)  # "    phone: 031-100 00 00" in AREA


Writer = Callable[[dict[str, str | bytes]], Path]


def load_unit(write_tree: Writer, unit_text: str, **layers: str) -> handbook.Unit:
    """Write region, group ``area``, extra groups (``name=text``) and ``units/vc-x.yml``;
    load them (raising on any problem) and return the merged unit."""
    files: dict[str, str | bytes] = {"units/_region.yml": REGION, AREA_FILE: AREA, U: unit_text}
    files.update({f"units/_groups/{name}.yml": text for name, text in layers.items()})
    units = write_tree(files)
    return handbook.load_handbook(units, base=units.parent).unit("vc-x")


def ids(items: list[dict[str, object]]) -> list[object]:
    return [item["id"] for item in items]


@pytest.mark.parametrize(("area", "unit_line", "expected"), [
    pytest.param(AREA, "organisation: Enheten\n", "Enheten", id="unit-wins"),
    pytest.param(AREA, "", "Området", id="group-wins-over-region"),
    pytest.param(AREA.replace("organisation: Området\n", ""), "", "Regionen",
                 id="region-when-nobody-else"),
])
def test_later_layer_wins(write_tree: Writer, area: str, unit_line: str,
                          expected: str) -> None:
    unit = load_unit(write_tree, VALID + unit_line, area=area)
    assert unit.data["organisation"] == expected


def test_records_merge_key_by_key(write_tree: Writer) -> None:
    unit = load_unit(write_tree, VALID + "routines:\n  calendar:\n    print_time: 15:00\n")
    assert plain(unit.data["routines"]["calendar"]) == {
        "text": "Skriv ut morgondagens bokningar.",
        "print_path": "Meny → Bokningar",
        "print_time": "15:00",
    }
    assert unit.data["routines"]["documentation"]["keywords"] == ["Anamnes", "Status"]
    assert unit.data["document"]["review_months"] == 12  # from the region
    assert unit.data["document"]["version"] == "1.0"     # from the unit


def test_id_lists_keep_inherited_order_and_append_new_items(write_tree: Writer) -> None:
    unit = load_unit(write_tree, VALID + """\
contacts:
  - id: chef
    role: Verksamhetschef
    name: Anna Andersson
    phone: 031-400 00 00
  - id: it
    phone: 010-200 00 99
""")
    contacts = unit.data["contacts"]
    assert ids(contacts) == ["tib", "it", "omrade", "chef"]
    assert plain(contacts[1]) == {"id": "it", "role": "IT-support", "name": "IT Servicedesk",
                                  "phone": "010-200 00 99"}


def test_unit_overrides_one_field_of_inherited_lab(write_tree: Writer) -> None:
    unit = load_unit(write_tree, VALID + """\
labs:
  - id: lab-a
    referral_agreement: Enhetens egen överenskommelse.
""")
    labs = unit.data["labs"]
    assert plain(labs) == [{
        "id": "lab-a",
        "name": "Labb A",
        "phone": "031-100 00 00",
        "referral_agreement": "Enhetens egen överenskommelse.",
        "transport": "Budbil 11.00",
    }]
    lab = labs[0]
    assert labs.origins[0] == Origin(U, 10, 5)  # the item the unit wrote
    assert lab.origins["referral_agreement"] == Origin(U, 11, 25)
    assert lab.origins["phone"] == AREA_LAB_PHONE  # inherited, still points at the group


def test_drop_true_removes_inherited_form(write_tree: Writer) -> None:
    unit = load_unit(write_tree, VALID + "forms:\n  - id: recept\n    drop: true\n")
    assert ids(unit.data["forms"]) == ["fk"]


def test_drop_false_keeps_the_form_and_is_not_in_the_data(write_tree: Writer) -> None:
    unit = load_unit(write_tree, VALID + "forms:\n  - id: recept\n    drop: false\n")
    assert plain(unit.data["forms"]) == [
        {"id": "recept", "title": "Receptblankett"},
        {"id": "fk", "title": "Försäkringskassans blanketter"},
    ]


def test_checklist_steps_are_replaced_not_merged(write_tree: Writer) -> None:
    unit = load_unit(write_tree, VALID + """\
checklists:
  - id: journal-nere
    steps:
      - Ring enhetschefen.
""")
    assert plain(unit.data["checklists"]) == [{
        "id": "journal-nere",
        "title": "Journalen ligger nere",
        "kind": "journal",
        "steps": ["Ring enhetschefen."],
    }]


def test_keywords_are_replaced_not_merged(write_tree: Writer) -> None:
    unit = load_unit(write_tree, VALID + """\
routines:
  documentation:
    keywords:
      - Kontaktorsak
""")
    assert unit.data["routines"]["documentation"]["keywords"] == ["Kontaktorsak"]


PARENT = "organisation: Förälder\nregion: Föräldraregion\n"
CHILD = "extends:\n  - parent\norganisation: Barn\n"


@pytest.mark.parametrize(("extends", "groups"), [
    pytest.param(["child"], ["parent", "child"], id="child-brings-parent"),
    pytest.param(["child", "parent"], ["parent", "child"], id="parent-named-after-child"),
    pytest.param(["parent", "child"], ["parent", "child"], id="parent-named-first"),
    pytest.param(["left", "right"], ["parent", "left", "right"], id="diamond"),
])
def test_group_extending_group_parents_first_each_once(write_tree: Writer, extends: list[str],
                                                      groups: list[str]) -> None:
    head = "name: VC X\nextends:\n" + "".join(f"  - {name}\n" for name in extends)
    unit = load_unit(write_tree, head + DOCUMENT, parent=PARENT, child=CHILD,
                     left="extends:\n  - parent\n", right="extends:\n  - parent\n")
    assert unit.groups == groups
    assert unit.layers == (["units/_region.yml"] + [f"units/_groups/{g}.yml" for g in groups]
                           + [U])
    assert unit.data["region"] == "Föräldraregion"
    assert unit.data["organisation"] == ("Barn" if "child" in groups else "Förälder")


def test_unit_keeps_its_own_extends_not_the_groups(write_tree: Writer) -> None:
    unit = load_unit(write_tree, VALID.replace("  - area", "  - child"),
                     parent=PARENT, child=CHILD)
    assert unit.data["extends"] == ["child"]
    assert unit.data.origins["extends"] == Origin(U, 3, 3)


def test_origins_point_at_the_file_and_line_written(write_tree: Writer) -> None:
    unit = load_unit(write_tree, VALID + "organisation: Enheten\n")
    assert unit.data.origins["name"] == Origin(U, 1, 7)
    assert unit.data.origins["organisation"] == Origin(U, 9, 15)
    assert unit.data.origins["region"] == Origin("units/_region.yml", 1, 9)
    assert unit.data["contacts"].origins[2] == Origin(AREA_FILE, 3, 5)  # "omrade"
    assert unit.data["document"].origins["review_months"] == Origin("units/_region.yml", 4, 18)
    assert unit.data["document"].origins["approved"] == Origin(U, 7, 13)


# --- the example units in the repository -------------------------------------


@pytest.fixture(scope="module")
def real() -> handbook.Handbook:
    return handbook.load_handbook(REPO / "units", base=REPO)


def test_real_units_load_in_several_groups(real: handbook.Handbook) -> None:
    assert len(real.units) >= 5
    assert len({group for unit in real.units for group in unit.groups}) >= 2


def test_a_real_unit_overrides_a_group_lab_agreement(real: handbook.Handbook) -> None:
    overrides = []
    for unit in real.units:
        merged = {lab["id"]: lab for lab in unit.data.get("labs", [])}
        for group in unit.groups:
            for lab in real.groups[group].get("labs", []):
                mine = merged.get(lab["id"])
                if mine is not None and mine["referral_agreement"] != lab["referral_agreement"]:
                    assert mine.origins["referral_agreement"].path == unit.path
                    overrides.append((unit.id, lab["id"]))
    assert overrides


def test_a_real_unit_drops_an_inherited_form(real: handbook.Handbook) -> None:
    dropped = []
    for unit in real.units:
        layers = [real.region] + [real.groups[group] for group in unit.groups]
        inherited = {form["id"] for layer in layers for form in layer.get("forms", [])}
        kept = {form["id"] for form in unit.data.get("forms", [])}
        assert all("drop" not in form for form in unit.data.get("forms", []))
        dropped += [(unit.id, form_id) for form_id in sorted(inherited - kept)]
    assert dropped
