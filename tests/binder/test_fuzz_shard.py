"""The shard partition (issue #12, "Beyond one machine") as properties over unit ids:
the shards together hold every unit exactly once, for any number of shards, and
adding a unit places only that unit (no other moves to another shard)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handbook.binder.shard import Shard, partition, shard_number
from handbook.schema.ids import ID

pytestmark = pytest.mark.unit

unit_ids = st.from_regex(ID, fullmatch=True).filter(lambda i: len(i) <= 40)
id_sets = st.sets(unit_ids, max_size=40)
counts = st.integers(min_value=1, max_value=80)  # more shards than units, too


@given(id_sets, counts)
def test_the_shards_together_hold_every_unit_exactly_once(ids: set[str], count: int) -> None:
    shards = partition(ids, count)
    assert sorted(shards) == list(range(1, count + 1))
    placed = [unit_id for members in shards.values() for unit_id in members]
    assert sorted(placed) == sorted(ids)  # none lost, none twice
    for number, members in shards.items():  # the build asks Shard.holds
        assert all(Shard(number, count).holds(unit_id) for unit_id in members)


@given(id_sets, unit_ids, counts)
def test_adding_a_unit_moves_no_other_unit(ids: set[str], new: str, count: int) -> None:
    before = partition(ids - {new}, count)
    after = partition(ids | {new}, count)
    for number in before:
        assert [i for i in after[number] if i != new] == before[number]
    assert new in after[shard_number(new, count)]
