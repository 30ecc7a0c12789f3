"""The benchmark's synthetic region (bench/region.py) is a valid, varied region."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sitebuild import REPO

from handbook import load_handbook
from handbook.schema.limits import MAX_FILE_BYTES, MAX_LIST_ITEMS

pytestmark = pytest.mark.unit

sys.path.insert(0, str(REPO / "bench"))
import region  # noqa: E402


def test_synthetic_region_is_valid_and_varied(tmp_path: Path) -> None:
    units = 50
    ids = region.write_region(units, tmp_path)
    book = load_handbook(tmp_path / "units", base=tmp_path)
    assert sorted(u.id for u in book.units) == ids and len(set(ids)) == units
    assert len({u.data["name"] for u in book.units}) == units
    assert len({u.data["address"] for u in book.units}) == units
    assert len({tuple(u.groups) for u in book.units}) >= 10
    contacts = [len(u.data["contacts"]) for u in book.units]
    assert max(contacts) - min(contacts) >= region.MAX_EXTRA_CONTACTS
    assert max(contacts) <= MAX_LIST_ITEMS
    sizes = [(tmp_path / u.path).stat().st_size for u in book.units]
    assert max(sizes) > 1.5 * min(sizes)
    assert max(sizes) < MAX_FILE_BYTES


def test_synthetic_unit_keeps_the_template_apart_from_its_edits() -> None:
    """Everything but name, address, HSA id, group and extra contacts is the template's text."""
    stem, template = region.templates()[0]
    text = region.synthetic_unit(7, template)
    edited = ("name:", "address:", "hsa_id:", "  - omrade-")
    kept = [line for line in template.splitlines()
            if not line.startswith(edited) and line not in ("  - goteborg-nordost",)]
    lines = text.splitlines()
    assert [line for line in lines if line in kept] == kept, stem
    assert f"name: {region.unit_name(7)}" in lines
