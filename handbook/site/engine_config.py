"""``mkdocs.yml`` as data, and the plain configuration any engine reads.

``handbook pages`` writes a configuration for a build without the hooks: by plain
MkDocs, ProperDocs or Zensical. None of MkDocs' own YAML can stay in it: Zensical
refuses a file with the ``!relative`` tag, and ``INHERIT`` (``mkdocs.offline.yml``
inherits ``mkdocs.yml``) would name the written file itself. So the configuration
is read as data, its ``INHERIT`` merged in as MkDocs merges it (mappings key by key,
anything else replaced), ``!relative`` resolved to the folder it names, and the
result written as plain YAML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import HandbookError
from ..labels import nav_title

DROPPED_KEYS = ("hooks", "watch")  # watch names units/, which the copy does not have
# Unit pages are reached from the units index, not the navigation (the hooks mark
# them NOT_IN_NAV); without this MkDocs would warn about each, and --strict fail.
NOT_IN_NAV = "/enheter/*.md\n!/enheter/index.md\n"
HEADER = ("# Written by `python -m handbook pages` from {source}: edit that file and\n"
          "# write the pages again. After the build: python -m handbook finish SITE_DIR\n")
_SECTION_KEY = re.compile(r"[A-Za-z0-9_]+")


@dataclass(frozen=True)
class Relative:
    """MkDocs' ``!relative`` tag: a path relative to ``$config_dir`` or ``$docs_dir``."""

    base: str


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its settings; MkDocs' own tags (``!relative``) read as text."""


_AnyTagLoader.add_multi_constructor(
    "!", lambda loader, _suffix, node: loader.construct_scalar(node)
    if isinstance(node, yaml.ScalarNode) else None)


class _TagLoader(_AnyTagLoader):
    """As ``_AnyTagLoader``, with ``!relative`` kept as a ``Relative``."""


def _relative(loader: yaml.SafeLoader, node: yaml.Node) -> Relative:
    if not isinstance(node, yaml.ScalarNode):
        raise HandbookError(f"mkdocs.yml: !relative på rad {node.start_mark.line + 1} "
                            "ska stå före en sökväg")
    return Relative(str(loader.construct_scalar(node)))


_TagLoader.add_constructor("!relative", _relative)


class _Dumper(yaml.SafeDumper):
    """Writes a text of several lines as a block (``|``), as a person would."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def read_config(config: Path) -> dict[str, Any]:
    """The mkdocs.yml as a mapping, MkDocs' own YAML tags read as plain values."""
    return _load(config, _AnyTagLoader)


def _load(config: Path, loader: type[yaml.SafeLoader]) -> dict[str, Any]:
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    if not isinstance(data, dict):
        raise HandbookError(f"{config}: mkdocs.yml är ingen mappning")
    return data


def resolved_config(config: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The configuration with its ``INHERIT`` chain merged in, as MkDocs merges it;
    ``!relative`` values are ``Relative``."""
    config = config.resolve()
    if config in seen:
        raise HandbookError(f"{config}: INHERIT leder tillbaka till filen själv")
    settings = _load(config, _TagLoader)
    parent = settings.pop("INHERIT", None)
    if parent is None:
        return settings
    return merged(resolved_config(config.parent / str(parent), (*seen, config)), settings)


def merged(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` merged into ``base``: mappings key by key, anything else replaced."""
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def plugin_names(settings: Mapping[str, Any]) -> set[str]:
    """The plugins the configuration turns on, without a ``material/`` prefix."""
    names = set()
    for entry in settings.get("plugins") or []:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if not isinstance(options, Mapping) or options.get("enabled", True) is not False:
            names.add(str(name).removeprefix("material/"))
    return names


def plain_config(settings: Mapping[str, Any], extra: Mapping[str, Any], config_dir: Path,
                 source: str = "mkdocs.yml") -> str:
    """The configuration for a build without hooks, as plain YAML: no ``hooks:`` (nor
    ``watch:``), ``extra`` added under ``extra:``, the navigation's sections titled
    from the labels (as the hooks do), the unit pages kept out of the navigation and
    every ``!relative`` resolved against ``config_dir`` (the written file's folder)."""
    plain = {key: untagged(value, config_dir) for key, value in settings.items()
             if key not in DROPPED_KEYS}
    if not isinstance(plain.get("extra", {}), Mapping):
        raise HandbookError("mkdocs.yml: 'extra:' måste vara en mappning")
    plain["extra"] = {**extra, **(plain.get("extra") or {})}
    if "nav" in plain:
        plain["nav"] = _titled(plain["nav"])
    plain["not_in_nav"] = NOT_IN_NAV
    body = yaml.dump(plain, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return HEADER.format(source=source) + body


def untagged(value: Any, config_dir: Path) -> Any:
    """``value`` with each ``Relative`` (MkDocs' ``!relative``) as the absolute path it
    names, against ``config_dir``."""
    if isinstance(value, Relative):
        bases = {"$config_dir": config_dir, "$docs_dir": config_dir / "docs"}
        base, _, rest = value.base.partition("/")
        if base not in bases:
            raise HandbookError(f"mkdocs.yml: !relative {value.base} kan inte skrivas ut; "
                                "använd !relative $config_dir eller $docs_dir")
        return str(bases[base] / rest) if rest else str(bases[base])
    if isinstance(value, Mapping):
        return {key: untagged(item, config_dir) for key, item in value.items()}
    if isinstance(value, list):
        return [untagged(item, config_dir) for item in value]
    return value


def _titled(nav: Any) -> Any:
    """The navigation with each section (a key over a list) titled from the labels."""
    if not isinstance(nav, list):
        return nav
    titled = []
    for entry in nav:
        if isinstance(entry, Mapping) and len(entry) == 1:
            [(key, children)] = entry.items()
            if isinstance(children, list) and _SECTION_KEY.fullmatch(str(key)):
                entry = {nav_title(str(key)): _titled(children)}
        titled.append(entry)
    return titled
