"""Personal data: which fields hold it, the private layer, the audience of a build.

A field of the schema has a class (``Field.data_class``): public, internal or
personal. A personal value (a named person's direct or private number or
e-mail) may be written in the unit file, or as the word ``privat`` there and
the value itself in the private layer: a folder outside the repository named by
``HANDBOOK_PRIVATE``, one ``<unit-id>.yml`` per unit, merged last. A build for
``HANDBOOK_AUDIENCE=public`` withholds every personal value; so does a build
without the private layer for each value marked ``privat``. A withheld value is
a ``Withheld``: its text is what the reader sees instead (the unit's spare
mobile, or "nås via växeln"), and it is never a ``tel:`` link of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import settings
from ..errors import Problem, UsageError
from ..labels import labels, message
from ..schema.fields import PERSONAL, PRIVATE_VALUE, UNIT, ListOf, Record, Scalar, Type
from .model import Obj, Origin, Seq

AUDIENCE_ENV = settings.AUDIENCE
PRIVATE_ENV = settings.PRIVATE
INTERNAL, PUBLIC = "internal", "public"
AUDIENCES = (INTERNAL, PUBLIC)


class Withheld(str):
    """A personal value this build does not show; the text stands in its place."""


def audience_from_environment() -> str:
    """``HANDBOOK_AUDIENCE``: internal (the default) or public."""
    value = settings.setting(AUDIENCE_ENV) or INTERNAL
    if value not in AUDIENCES:
        raise UsageError(message("editor.personal.bad_audience", variable=AUDIENCE_ENV,
                                 value=value, internal=INTERNAL, public=PUBLIC))
    return value


def private_dir_from_environment() -> Path | None:
    """The private layer's folder named by ``HANDBOOK_PRIVATE`` (relative to the
    current folder), or ``None``."""
    value = settings.setting(PRIVATE_ENV)
    return Path(value) if value else None


def has_personal(kind: Type) -> bool:
    """Whether ``kind`` is, or holds, a personal field."""
    if isinstance(kind, ListOf):
        return has_personal(kind.item)
    if isinstance(kind, Record):
        return any(spec.data_class == PERSONAL or has_personal(spec.type)
                   for spec in kind.fields.values())
    return False


def personal_fields(kind: Type = UNIT, where: str = "") -> list[str]:
    """Every personal field's path, e.g. ``contacts[].alt_phone``."""
    if isinstance(kind, ListOf):
        return personal_fields(kind.item, where + "[]")
    found: list[str] = []
    if isinstance(kind, Record):
        for name, spec in kind.fields.items():
            path = f"{where}.{name}" if where else name
            if spec.data_class == PERSONAL:
                found.append(path)
            else:
                found += personal_fields(spec.type, path)
    return found


def fallback_text(data: Obj) -> str:
    """What a reader sees in place of a withheld value: the unit's shared number (its
    spare mobile), else the switchboard."""
    words = labels()["personal"]
    shared = data.get("unit_phones", {}).get("spare_mobile")
    if shared:
        return str(words["fallback_shared"]).format(number=shared)
    return str(words["fallback"])


def withhold(data: Obj, public: bool) -> Obj:
    """``data`` with each personal value marked ``privat`` (and, for a public build,
    every personal value) replaced by the fallback. The layers' own records are
    shared between units, so the records on the way are copied, not changed."""
    result = _withhold(data, UNIT, fallback_text(data), public)
    assert isinstance(result, Obj)
    return result


def _withhold(value: Any, kind: Type, fallback: str, public: bool) -> Any:
    if isinstance(kind, ListOf) and isinstance(value, Seq) and has_personal(kind):
        items = Seq(value.origin)
        for item, origin in zip(value, value.origins, strict=True):
            items.add(_withhold(item, kind.item, fallback, public), origin)
        return items
    if not (isinstance(kind, Record) and isinstance(value, Obj) and has_personal(kind)):
        return value
    record = _copy(value)
    for key, item in value.items():
        spec = kind.fields.get(key)
        if spec is None:
            continue
        if spec.data_class == PERSONAL and (public or isinstance(item, Withheld)):
            record.put(key, Withheld(fallback), value.origins[key])
        else:
            record.put(key, _withhold(item, spec.type, fallback, public), value.origins[key])
    return record


def _copy(value: Obj) -> Obj:
    record = Obj(value.origin)
    record.invalid = set(value.invalid)
    record.keys_at = dict(value.keys_at)
    return record


def personal_values(value: Any, kind: Type = UNIT, where: str = ""
                    ) -> Iterator[tuple[str, str, Origin]]:
    """Every personal value shown as written (not withheld): field path, text, origin."""
    if isinstance(kind, ListOf) and isinstance(value, list):
        for number, item in enumerate(value, start=1):
            ident = item.get("id", number) if isinstance(item, dict) else number
            yield from personal_values(item, kind.item, f"{where}[{ident}]")
    elif isinstance(kind, Record) and isinstance(value, Obj):
        for key, item in value.items():
            spec = kind.fields.get(key)
            if spec is None:
                continue
            path = f"{where}.{key}" if where else key
            if spec.data_class == PERSONAL and isinstance(spec.type, Scalar):
                if not isinstance(item, Withheld):
                    yield path, str(item), value.origins[key]
            else:
                yield from personal_values(item, spec.type, path)


def private_problems(private: Obj, unit: Obj, unit_path: str) -> list[Problem]:
    """What a private layer file holds that it may not: a field that is not personal
    (it belongs in the unit file), or an item the unit does not have."""
    return _private_record(private, unit, UNIT, "", unit_path)


def _private_record(private: Obj, unit: Any, kind: Record, where: str,
                    unit_path: str) -> list[Problem]:
    found: list[Problem] = []
    allowed = [k for k, s in kind.fields.items() if s.data_class == PERSONAL
               or has_personal(s.type)]
    for key, value in private.items():
        path = f"{where}.{key}" if where else key
        spec = kind.fields[key]
        at = private.keys_at.get(key) or private.origins[key]
        if key == "id" and kind.merges_by_id:
            continue
        if spec.data_class == PERSONAL:
            continue
        if not has_personal(spec.type):
            found.append(_problem(at, path, str(labels()["personal"]["not_personal"]).format(
                key=key, unit=unit_path, allowed=", ".join(allowed))))
        elif isinstance(spec.type, Record):
            found += _private_record(value, _get(unit, key), spec.type, path, unit_path)
        elif isinstance(spec.type, ListOf) and isinstance(spec.type.item, Record):
            found += _private_items(value, _get(unit, key), spec.type.item, path, unit_path)
    return found


def _private_items(private: Seq, unit: Any, kind: Record, where: str,
                   unit_path: str) -> list[Problem]:
    found: list[Problem] = []
    known = {str(item.get("id")): item for item in unit or [] if isinstance(item, dict)}
    for item, origin in zip(private, private.origins, strict=True):
        item_id = str(item.get("id", ""))
        path = f"{where}[{item_id}]"
        if not item_id:
            continue  # the loader has said that the id is missing
        if item_id not in known:
            ids = ", ".join(sorted(known)) or "(inga)"
            found.append(_problem(item.origins.get("id", origin), path + ".id",
                                  str(labels()["personal"]["unknown_item"]).format(
                                      id=item_id, unit=unit_path, ids=ids)))
            continue
        found += _private_record(item, known[item_id], kind, path, unit_path)
    return found


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _problem(origin: Origin, where: str, message: str) -> Problem:
    return Problem(origin.path, origin.line, origin.col, where, message)


__all__ = ["AUDIENCE_ENV", "PRIVATE_ENV", "PRIVATE_VALUE", "Withheld"]
