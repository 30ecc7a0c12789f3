"""The whole handbook: find the files under ``units/``, load, merge and check.

``load_handbook`` is the one call the hooks and the CLI make. It raises
``UnitFileError`` with every problem in every file, or returns the merged units.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FILE_FIELD, Problem, UnitFileError
from ..labels import message
from ..routes import HANDBOOK
from ..schema.fields import BINDER_SIDES, GROUP_ONLY, REGION_ONLY, UNIT, UNIT_ONLY
from ..schema.ids import id_problem, is_id
from . import traps
from .former import former_id_problems
from .load import Loaded, load_file
from .merge import merge
from .model import Obj, Origin, Seq
from .personal import personal_values, private_problems, withhold
from .required import missing_required
from .suggest import closest

REGION_FILE = "_region.yml"
GROUPS_DIR = "_groups"
# Ids the build uses for its own pages and files: a unit of that name would replace
# the units index (enheter/index.html) or the whole-handbook PDF (pdf/handbok.pdf).
RESERVED_IDS = {"index": message("editor.project.reserved_index"),
                HANDBOOK: message("editor.project.reserved_handbook")}


@dataclass
class Unit:
    """One unit: its id, file, merged data and the layers it was merged from."""

    id: str
    path: str
    data: Obj
    layers: list[str]  # display paths, merge order, the unit's own file last
    groups: list[str]  # every group it inherits from, merge order
    private: str | None = None  # its file in the private layer, merged after the others

    @property
    def name(self) -> str:
        """The unit's name as a reader sees it."""
        return str(self.data["name"])


@dataclass
class Handbook:
    """The loaded handbook: units, region layer, groups and any problems found."""

    units: list[Unit]
    region: Obj
    groups: dict[str, Obj]
    problems: list[Problem] = field(default_factory=list)
    private: str | None = None  # the private layer's folder, when one is configured
    public: bool = False  # every personal value withheld (HANDBOOK_AUDIENCE=public)

    def unit(self, unit_id: str) -> Unit:
        """The unit with id ``unit_id``."""
        return next(u for u in self.units if u.id == unit_id)

    @property
    def duplex(self) -> bool:
        """Whether the binders print double-sided (the region's ``binder.sides``; the
        default)."""
        binder = self.region.get("binder", {})
        return str(binder.get("sides", BINDER_SIDES[0])) == BINDER_SIDES[0]

    def group_names(self) -> dict[str, str]:
        """Each group's id → the name a reader sees (its id when it has none)."""
        return {gid: str(group.get("group_name", gid))
                for gid, group in sorted(self.groups.items())}


def load_handbook(units_dir: Path, base: Path | None = None,
                  only: str | None = None, private: Path | None = None,
                  public: bool = False) -> Handbook:
    """Load and merge every unit (or, with ``only``, the region, the groups and that
    one unit: an editor's preview); raise ``UnitFileError`` listing every problem.
    ``private``: the private layer's folder; ``public``: withhold every personal value."""
    handbook = read_handbook(units_dir, base, only=only, private=private, public=public)
    if handbook.problems:
        raise UnitFileError(handbook.problems)
    return handbook


FileLoader = Callable[[Path, str], Loaded]  # (path, display path) → the loaded file


def read_handbook(units_dir: Path, base: Path | None = None,
                  load: FileLoader | None = None, only: str | None = None,
                  private: Path | None = None, public: bool = False) -> Handbook:
    """Like ``load_handbook`` but returns the problems instead of raising.

    ``load`` replaces the loading of one file (the history reuses files it has
    loaded at another commit); by default ``load_file`` against the schema."""
    reader = _Reader(units_dir, base or Path.cwd(), load or _load_unit_file, only)
    reader.private, reader.public = private, public
    return reader.read()


def _load_unit_file(path: Path, display: str) -> Loaded:
    return load_file(path, display, UNIT)


class _Reader:
    def __init__(self, units_dir: Path, base: Path, load: FileLoader,
                 only: str | None = None) -> None:
        self.dir = units_dir
        self.only = only
        self.base = base
        self.load_file = load
        self.problems: list[Problem] = []
        self.private: Path | None = None
        self.public = False
        self.personal_in_layer = False  # the region's personal_data: privat_lager

    def display(self, path: Path) -> str:
        # Not resolving the last part: a symbolic link is named as itself, not its target.
        try:
            return (path.parent.resolve() / path.name).relative_to(
                self.base.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def load(self, path: Path) -> Obj | None:
        loaded = self.load_file(path, self.display(path))
        self.problems.extend(loaded.problems)
        return loaded.data

    def read(self) -> Handbook:
        if not self.dir.is_dir():
            self.problems.append(Problem(self.display(self.dir), 1, 1, FILE_FIELD,
                                         message("editor.project.no_folder")))
            return Handbook([], Obj(Origin(self.display(self.dir), 1, 1)), {}, self.problems)
        region = self._region()
        self.personal_in_layer = region.get("personal_data") == "privat_lager"
        groups = self._groups()
        self._personal_refused(region, "<id>")
        for group in groups.values():
            self._personal_refused(group, "<id>")
        for name, group in groups.items():
            self._chain(group, groups, [name])
        units = [u for u in (self._unit(p, region, groups) for p in self._unit_files())
                 if u is not None]
        self.problems.extend(former_id_problems(units))
        private = None
        if self.private is not None:
            private = self.display(self.private)
            self._private_unknown(units)
        self.problems.extend(traps.shared_identity([(u.path, u.data) for u in units]))
        return Handbook(units, region, groups, list(dict.fromkeys(self.problems)),
                        private=private, public=self.public)

    def _region(self) -> Obj:
        path = self.dir / REGION_FILE
        origin = Origin(self.display(path), 1, 1)
        data = self.load(path) if path.exists() else None
        if data is not None:
            self._layer_only(data)
            self._not_group_only(data, message("editor.project.region_file"))
            if "extends" in data:
                self._at(data.keys_at["extends"], "extends",
                         message("editor.project.region_extends"))
        return data if data is not None else Obj(origin)

    def _groups(self) -> dict[str, Obj]:
        groups: dict[str, Obj] = {}
        folder = self.dir / GROUPS_DIR
        if folder.is_symlink():
            self._at(Origin(self.display(folder), 1, 1), FILE_FIELD,
                     message("editor.project.groups_symlink", folder=GROUPS_DIR))
            return groups
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if self._file_name_ok(path):
                data = self.load(path)
                if data is not None:
                    self._layer_only(data)
                    self._region_only(data)
                    groups[path.stem] = data
        return groups

    def _unit_files(self) -> list[Path]:
        files = []
        for path in sorted(self.dir.iterdir()):
            if path.is_dir() or path.name == REGION_FILE:
                continue
            if self.only is not None and path.name != f"{self.only}.yml":
                continue
            if path.name.startswith("_"):
                self._at(Origin(self.display(path), 1, 1), FILE_FIELD,
                         message("editor.project.unknown_special", region=REGION_FILE,
                                 groups=GROUPS_DIR))
            elif self._file_name_ok(path):
                files.append(path)
        return files

    def _file_name_ok(self, path: Path) -> bool:
        origin = Origin(self.display(path), 1, 1)
        if path.suffix != ".yml":
            if not path.name.startswith("."):
                self._at(origin, FILE_FIELD, message("editor.project.not_yml", name=path.name))
            return False
        if not is_id(path.stem):
            self._at(origin, FILE_FIELD, id_problem(path.name, file_name=True))
            return False
        if path.stem in RESERVED_IDS:
            self._at(origin, FILE_FIELD,
                     message("editor.project.reserved_file", name=path.name, id=path.stem,
                             use=RESERVED_IDS[path.stem]))
            return False
        return True

    def _unit(self, path: Path, region: Obj, groups: dict[str, Obj]) -> Unit | None:
        data = self.load(path)
        if data is None:
            return None
        self._not_group_only(data, message("editor.project.unit_file"))
        self._region_only(data)
        self._personal_refused(data, path.stem)
        chain = self._chain(data, groups, [])
        merged = _without(region, REGION_ONLY)  # the region's own settings stay its own
        layers = [region.origin.path] if region else []
        for group in chain:
            merged = merge(merged, groups[group], UNIT, self.problems)
            layers.append(groups[group].origin.path)
        merged = merge(merged, data, UNIT, self.problems)
        if "extends" in data:
            merged.put("extends", data["extends"], data.origins["extends"])
        unit_path = self.display(path)
        self.problems.extend(traps.call_order_ties(merged, unit_path))
        self.problems.extend(traps.card_contacts(merged, data, region,
                                                 [groups[g] for g in chain]))
        self.problems.extend(traps.emails(merged))
        private = self._private_file(path.stem)
        if private is not None:
            merged = self._merge_private(private, merged, self.display(path))
        self.problems.extend(traps.unextended_items(missing_required(merged, data, UNIT),
                                                    data, groups, chain))
        return Unit(path.stem, self.display(path), withhold(merged, self.public),
                    layers + [self.display(path)], chain,
                    self.display(private) if private is not None else None)

    def _private_file(self, unit_id: str) -> Path | None:
        if self.private is None:
            return None
        path = self.private / f"{unit_id}.yml"
        return path if path.is_file() else None

    def _personal_refused(self, data: Obj, unit_id: str) -> None:
        """With the region's ``personal_data: privat_lager``, a personal value written in
        a file of the repository is a problem, on its line: read from the file itself,
        before any layer is laid over it (a private layer's value must not hide it)."""
        if not self.personal_in_layer:
            return
        for where, value, origin in personal_values(data):
            self._at(origin, where, message(
                "editor.project.personal_refused", value=value,
                target=f"{unit_id}.yml"))

    def _merge_private(self, path: Path, merged: Obj, unit_path: str) -> Obj:
        """The private layer's personal values laid over the unit; a file with a field
        that is not personal or an item the unit lacks is reported and not merged."""
        data = self.load(path)
        if data is None:
            return merged
        found = private_problems(data, merged, unit_path) or traps.shadowed_by_private(
            data, merged, unit_path, self.display(path))
        if found:
            self.problems.extend(found)
            return merged
        return merge(merged, data, UNIT, self.problems)

    def _private_unknown(self, units: list[Unit]) -> None:
        """The private layer's folder must exist and name only units that do."""
        assert self.private is not None
        if not self.private.is_dir():
            self._at(Origin(self.display(self.private), 1, 1), FILE_FIELD,
                     message("editor.project.no_private_folder"))
            return
        known = {unit.id for unit in units}
        for path in sorted(self.private.iterdir()):
            if path.name.startswith(".") or (self.only is not None
                                             and path.stem != self.only):
                continue
            if path.suffix != ".yml" or path.stem not in known:
                guess = closest(path.stem, sorted(known))
                hint = message("editor.common.did_you_mean", guess=f"{guess}.yml") \
                    if guess else ""
                self._at(Origin(self.display(path), 1, 1), FILE_FIELD,
                         message("editor.project.private_not_unit", name=path.name, hint=hint))

    def _chain(self, data: Obj, groups: dict[str, Obj], stack: list[str]) -> list[str]:
        """Groups to merge, parents before children, each once."""
        order: list[str] = []
        names = data.get("extends", Seq(data.origin))
        for number, (name, origin) in enumerate(zip(names, names.origins, strict=True)):
            if name in stack:
                cycle = " → ".join(stack[stack.index(name):] + [name])
                self._at(origin, f"extends[{number + 1}]",
                         message("editor.project.group_cycle", cycle=cycle))
                continue
            if name not in groups:
                guess = closest(name, sorted(groups))
                hint = message("editor.common.did_you_mean", guess=guess) if guess else ""
                known = ", ".join(sorted(groups)) or message("editor.project.no_groups")
                self._at(origin, f"extends[{number + 1}]",
                         message("editor.project.no_group", name=name, groups=GROUPS_DIR,
                                 hint=hint, known=known))
                continue
            for parent in self._chain(groups[name], groups, stack + [name]):
                if parent not in order:
                    order.append(parent)
            if name not in order:
                order.append(name)
        return order

    def _layer_only(self, data: Obj) -> None:
        for key in UNIT_ONLY:
            if key in data:
                self._at(data.keys_at[key], key, message("editor.project.unit_only", key=key))

    def _not_group_only(self, data: Obj, where: str) -> None:
        for key in GROUP_ONLY:
            if key in data:
                self._at(data.keys_at[key], key, message("editor.project.group_only", key=key,
                                                         groups=GROUPS_DIR, where=where))

    def _region_only(self, data: Obj) -> None:
        for key in REGION_ONLY:
            if key in data:
                self._at(data.keys_at[key], key, message("editor.project.region_only", key=key,
                                                         region=REGION_FILE))

    def _at(self, origin: Origin, where: str, message: str) -> None:
        self.problems.append(Problem(origin.path, origin.line, origin.col, where, message))


def _without(data: Obj, keys: tuple[str, ...]) -> Obj:
    """``data`` without ``keys`` (the same object when it has none of them)."""
    if not any(key in data for key in keys):
        return data
    kept = Obj(data.origin)
    kept.invalid = set(data.invalid) - set(keys)
    kept.keys_at = {key: at for key, at in data.keys_at.items() if key not in keys}
    for key, value in data.items():
        if key not in keys:
            kept.put(key, value, data.origins[key])
    return kept
