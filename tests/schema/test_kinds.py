"""One ``Kind`` per scalar kind (handbook/schema/scalars.py), and the schema uses only those."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from handbook.labels import labels
from handbook.render.values import HIDDEN
from handbook.schema.fields import UNIT, ListOf, Record, Scalar, Type
from handbook.schema.ids import id_problem, is_id, suggest_id
from handbook.schema.scalars import KINDS, parse

pytestmark = pytest.mark.unit


def scalars_of(kind: Type, where: str = "") -> Iterator[tuple[str, Scalar]]:
    if isinstance(kind, Record):
        for name, spec in kind.fields.items():
            yield from scalars_of(spec.type, f"{where}.{name}" if where else name)
    elif isinstance(kind, ListOf):
        yield from scalars_of(kind.item, f"{where}[]")
    else:
        yield where, kind


SCHEMA_SCALARS = list(scalars_of(UNIT))


def test_every_kind_the_schema_uses_has_one_kind() -> None:
    used = {scalar.kind for _where, scalar in SCHEMA_SCALARS}
    assert used - set(KINDS) == set()
    # And no kind is left over that the schema no longer uses.
    assert set(KINDS) - used == set()


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_kinds_scaffold_example_is_a_valid_value(name: str) -> None:
    kind = KINDS[name]
    scalar = next(s for _w, s in SCHEMA_SCALARS if s.kind == name)
    example = kind.example or (scalar.choices[0] if scalar.choices else "ett exempel")
    value, message = parse(scalar, example, quoted=False)
    assert message == "" and value is not None, (name, example, message)
    assert kind.json(scalar)["type"], name


@pytest.mark.parametrize(("where", "scalar"),
                         [(w, s) for w, s in SCHEMA_SCALARS if s.kind == "choice"])
def test_a_choice_shown_to_readers_has_a_name_for_every_value(where: str,
                                                              scalar: Scalar) -> None:
    assert scalar.labels, f"{where}: a choice without names in labels.yml shows its raw ids"
    names = labels()[scalar.labels]
    assert set(scalar.choices) <= set(names), (where, set(scalar.choices) - set(names))


def test_the_id_rule_and_its_messages() -> None:
    assert is_id("vc-angen") and is_id("a1")
    assert not any(is_id(t) for t in ("VC-angen", "vc--angen", "-vc", "vc_ängen", "vc angen"))
    assert suggest_id("Vårdcentralen Ängen") == "vardcentralen-angen"
    assert id_problem("Vårdcentralen Ängen", guess=True).endswith(
        "menade du 'vardcentralen-angen'?")
    assert id_problem("vc ängen.yml", file_name=True).startswith(
        "filnamnet 'vc ängen.yml' är inget giltigt id")
    # One wording of the rule, whichever place reports it.
    rule = id_problem("X").split("; ", 1)[1]
    assert rule in id_problem("X.yml", file_name=True) and rule in id_problem("X", guess=True)


def field_names(kind: Type) -> Iterator[str]:
    if isinstance(kind, Record):
        for name, spec in kind.fields.items():
            yield name
            yield from field_names(spec.type)
    elif isinstance(kind, ListOf):
        yield from field_names(kind.item)


def test_every_field_of_the_schema_has_a_label() -> None:
    # The page and the binder name every value by its field's label (render/values.py);
    # ids and drop marks only steer the merge and are never shown.
    missing = sorted(set(field_names(UNIT)) - set(labels()["fields"]) - set(HIDDEN))
    assert missing == [], f"add these to 'fields' in handbook/labels.yml: {missing}"
