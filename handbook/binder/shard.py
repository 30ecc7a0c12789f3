"""A stable partition of the unit binders into N shards, for builds split across machines.

A unit's shard is a hash of its id modulo N, not its place in a sorted list: adding
or removing a unit moves no other unit to another shard, so a CI cache of a shard's
PDFs stays useful. The shards are unequal in size by chance (about the square root
of the mean, see README); a sorted split would be even but would move every unit
after a new one.

The whole-handbook PDF is in no shard: it is assembled once, from every binder,
after the shards' PDFs are gathered into one cache (``gather_shards``).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import settings
from ..errors import HandbookError
from ..labels import message
from ..routes import SHARD_ENV as SHARD_ENV
from ..schema.ids import is_id
from .pdf import write_atomically

SHARD_SYNTAX = re.compile(r"^([0-9]+)/([0-9]+)$")
MANIFEST = "manifest.json"  # the same name as build.MANIFEST (build imports this module)


class ShardError(HandbookError):
    """A shard written wrongly (``--shard``, ``HANDBOOK_SHARD``) or a shard's output
    that cannot be gathered."""


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1 to ``count``) of ``count``."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, unit_id: str) -> bool:
        """Whether the unit ``unit_id`` belongs to this shard."""
        return shard_number(unit_id, self.count) == self.index


def shard_number(unit_id: str, count: int) -> int:
    """The shard (1 to ``count``) that renders ``unit_id``'s binder."""
    digest = hashlib.sha256(unit_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def partition(unit_ids: Iterable[str], count: int) -> dict[int, list[str]]:
    """Every shard, 1 to ``count``, with its unit ids in sorted order (some may be empty)."""
    shards: dict[int, list[str]] = {number: [] for number in range(1, count + 1)}
    for unit_id in sorted(unit_ids):
        shards[shard_number(unit_id, count)].append(unit_id)
    return shards


def parse_shard(text: str) -> Shard:
    """``K/N`` → ``Shard(K, N)``; anything else is a ShardError that says how to write it."""
    match = SHARD_SYNTAX.match(text.strip())
    how = message("editor.shard.how")
    if not match:
        raise ShardError(message("editor.shard.not_a_shard", value=text, how=how))
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1:
        raise ShardError(message("editor.shard.no_parts", value=text, how=how))
    if not 1 <= index <= count:
        raise ShardError(message("editor.shard.bad_index", value=text, count=count, how=how))
    return Shard(index, count)


def shard_from_environment() -> Shard | None:
    """The shard ``HANDBOOK_SHARD`` names; ``None`` (every binder) when it is unset or empty."""
    setting = settings.setting(SHARD_ENV)
    return parse_shard(setting) if setting else None


def export_shard(cache: Path, unit_ids: Iterable[str], out: Path) -> list[str]:
    """Copy the binders of ``unit_ids`` and their manifest entries from ``cache`` to ``out``.

    Returns the ids copied. A binder missing from the cache is an error: the shard's
    build should have rendered it."""
    manifest = _read_json(cache / MANIFEST)
    out.mkdir(parents=True, exist_ok=True)
    ids = sorted(unit_ids)
    missing = [i for i in ids if i not in manifest or not (cache / f"{i}.pdf").is_file()]
    if missing:
        raise ShardError(message("editor.shard.missing_in_cache", cache=cache,
                                 ids=", ".join(missing)))
    for unit_id in ids:
        shutil.copyfile(cache / f"{unit_id}.pdf", out / f"{unit_id}.pdf")
    entries = {unit_id: manifest[unit_id] for unit_id in ids}
    write_atomically(out / MANIFEST, json.dumps(entries, indent=1, sort_keys=True).encode())
    return ids


def gather_shards(folders: Iterable[Path], cache: Path) -> list[str]:
    """Put every shard's binders and manifest entries into ``cache``; returns the ids.

    The assembling build then finds each binder fresh in the cache when its key, which
    that build computes itself, is the one the shard rendered it for; any other
    binder it renders again, so a shard built from other inputs costs time, never a
    wrong PDF."""
    found: dict[str, tuple[Path, object]] = {}
    for folder in folders:  # every folder checked before the cache is touched
        for unit_id, entry in sorted(_read_json(folder / MANIFEST, required=True).items()):
            if not is_id(unit_id) or not (folder / f"{unit_id}.pdf").is_file():
                raise ShardError(message("editor.shard.not_a_binder", manifest=folder / MANIFEST,
                                         id=unit_id))
            if not _is_entry(entry):
                raise ShardError(message("editor.shard.incomplete", manifest=folder / MANIFEST,
                                         id=unit_id))
            if unit_id in found:
                raise ShardError(message("editor.shard.twice", manifest=folder / MANIFEST,
                                         id=unit_id, other=found[unit_id][0]))
            found[unit_id] = (folder, entry)
    manifest = _read_json(cache / MANIFEST)
    cache.mkdir(parents=True, exist_ok=True)
    for unit_id, (folder, entry) in sorted(found.items()):
        shutil.copyfile(folder / f"{unit_id}.pdf", cache / f".{unit_id}.pdf.tmp")
        (cache / f".{unit_id}.pdf.tmp").replace(cache / f"{unit_id}.pdf")
        manifest[unit_id] = entry
    write_atomically(cache / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    return sorted(found)


def _is_entry(entry: object) -> bool:
    """An entry as build.py writes it for a binder, which the assembly then reads."""
    return isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str) \
        and isinstance(entry.get("inputs"), dict) and type(entry.get("pages")) is int


def _read_json(path: Path, required: bool = False) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if required:
            raise ShardError(message("editor.shard.no_manifest", path=path)) from None
        return {}
    except (OSError, ValueError) as error:
        if required:
            raise ShardError(message("editor.shard.unreadable", path=path,
                                     error=error)) from None
        return {}
    if not isinstance(data, dict):
        if required:
            raise ShardError(message("editor.shard.not_a_manifest", path=path))
        return {}
    return data
