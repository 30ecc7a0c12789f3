"""A new unit file, written from the schema: every section, with Swedish help.

Required values are placeholders (``"ÄNDRA: …"``) that the loader rejects, so
a half-filled unit cannot be merged. Optional sections are commented out as
whole blocks: removing the leading ``# `` from a block's lines gives valid YAML
whose values are placeholders again, so nothing is used by mistake.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..data.load import load_file
from ..data.model import Obj
from ..data.project import GROUPS_DIR, REGION_FILE, RESERVED_IDS
from ..data.suggest import closest
from ..errors import UsageError
from ..labels import message
from ..schema.fields import FORM, GROUP_ONLY, PLACEHOLDER, REGION_ONLY, UNIT, Field, Record, Scalar
from ..schema.ids import id_problem, is_id
from ..schema.ids import suggest_id as suggest_id
from ..schema.scalars import KINDS

WIDTH = 88
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/unit.schema.json"
# Sections a new unit fills in at once; the rest stay commented out.
ACTIVE = ("name", "extends", "maintainers", "contacts")
TEXT_KIND = Scalar("text")
# Two maintainers, each a placeholder: nobody may approve their own change, so a
# unit with one maintainer gets a warning from validate (advice.py).
LIST_EXAMPLES = {"maintainers": ("anna-andersson", "bo-berg")}
# Every unit has a head of unit, so the first contact is named already.
CONTACT_PREFILL = {"id": "verksamhetschef", "role": "Verksamhetschef"}

HEADER = """\
Kontinuitetsplan för {name}.

Så fyller du i filen:
1. Byt ut varje värde som börjar med {marker} mot enhetens riktiga uppgift och ta
   bort citattecknen runt det. Handboken kan inte byggas så länge något {marker}
   finns kvar; felmeddelandet visar rad och fält.
2. Rader som börjar med # är kommentarer och syns inte i handboken. Vill du
   använda ett bortkommenterat avsnitt: ta bort "# " först på avsnittets rader,
   fyll i värdena och ta bort de rader som enheten inte behöver.
3. Det som står i units/_region.yml och i grupperna under extends gäller redan
   för enheten. Skriv bara det som är annorlunda eller saknas; samma id i en
   lista ändrar det ärvda objektet.
4. Gör indrag med två blanksteg per nivå, aldrig med tabb.

Hela guiden finns i CONTRIBUTING.md och på webbplatsen under "Så ändrar du en plan".
"""


class ScaffoldError(UsageError):
    """A new unit cannot be written as asked; the message is for the person who asked."""


@dataclass(frozen=True)
class NewUnit:
    """What a new unit file starts with: id, name and groups."""

    id: str
    name: str
    extends: tuple[str, ...] = ()


def write_new_unit(units_dir: Path, unit: NewUnit) -> Path:
    """Check the request, then write ``units_dir/<id>.yml``; never overwrites."""
    groups = check_new_unit(units_dir, unit)
    path = units_dir / f"{unit.id}.yml"
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(scaffold_text(unit, groups, printed_forms(units_dir, unit.extends)))
    except FileExistsError:
        raise ScaffoldError(_exists(unit.id, path)) from None
    return path


def check_new_unit(units_dir: Path, unit: NewUnit) -> list[str]:
    """Raise ``ScaffoldError`` for a request to refuse; return the existing groups."""
    if not units_dir.is_dir():
        raise ScaffoldError(message("editor.scaffold.no_folder", folder=units_dir))
    if not is_id(unit.id):
        raise ScaffoldError(id_problem(unit.id, guess=True))
    if unit.id in RESERVED_IDS:
        raise ScaffoldError(message("editor.scaffold.reserved", id=unit.id,
                                    use=RESERVED_IDS[unit.id]))
    path = units_dir / f"{unit.id}.yml"
    if path.exists():
        raise ScaffoldError(_exists(unit.id, path))
    name = unit.name.strip()
    if not name or "\n" in name or name.startswith(PLACEHOLDER):
        raise ScaffoldError(message("editor.scaffold.name"))
    known = sorted(p.stem for p in (units_dir / GROUPS_DIR).glob("*.yml"))
    for number, group in enumerate(unit.extends):
        if group in unit.extends[:number]:
            raise ScaffoldError(message("editor.scaffold.group_twice", name=group))
        if group not in known:
            guess = closest(group, known)
            hint = message("editor.common.did_you_mean", guess=guess) if guess else ""
            listed = ", ".join(known) or message("editor.project.no_groups")
            raise ScaffoldError(message("editor.scaffold.no_group", name=group,
                                        folder=units_dir, groups=GROUPS_DIR, hint=hint,
                                        known=listed))
    return known


def _exists(unit_id: str, path: Path) -> str:
    return message("editor.scaffold.exists", id=unit_id, path=path)


def scaffold_text(unit: NewUnit, groups: list[str],
                  printed: list[tuple[str, str]] | None = None) -> str:
    """The whole new file; ``groups`` are the existing groups, named in a comment;
    ``printed`` the (id, title) of inherited forms that must be on paper."""
    header = HEADER.format(name=unit.name.strip(), marker=PLACEHOLDER)
    lines = [SCHEMA_LINE, "#", *(f"# {line}".rstrip() for line in header.splitlines())]
    for key, spec in UNIT.fields.items():
        if key in GROUP_ONLY or key in REGION_ONLY:  # a unit file must not have it
            continue
        lines.append("")
        if key == "forms" and printed:
            lines += _printed_forms(spec, printed)
        else:
            lines += _top_level(key, spec, unit, groups)
    return "\n".join(lines) + "\n"


def printed_forms(units_dir: Path, extends: tuple[str, ...]) -> list[tuple[str, str]]:
    """(id, title) of the forms the region and the chosen groups mark
    ``must_be_printed`` and give no ``paper_location``: the new unit must say where."""
    forms: dict[str, dict[str, object]] = {}
    for path in [units_dir / REGION_FILE, *_group_files(units_dir, extends, [])]:
        data = load_file(path, path.as_posix(), UNIT).data if path.is_file() else None
        for form in data.get("forms", []) if isinstance(data, Obj) else []:
            if form.get("drop"):
                forms.pop(str(form.get("id")), None)
            elif "id" in form:
                forms.setdefault(str(form["id"]), {}).update(form)
    return [(form_id, str(form.get("title", form_id))) for form_id, form in forms.items()
            if form.get("must_be_printed") and "paper_location" not in form]


def _group_files(units_dir: Path, names: tuple[str, ...], seen: list[str]) -> list[Path]:
    """The group files in merge order: each group's own groups before it, each once."""
    for name in names:
        path = units_dir / GROUPS_DIR / f"{name}.yml"
        if name in seen or not path.is_file():
            continue
        data = load_file(path, path.as_posix(), UNIT).data
        parents = tuple(data.get("extends", [])) if isinstance(data, Obj) else ()
        _group_files(units_dir, parents, seen)
        if name not in seen:
            seen.append(name)
    return [units_dir / GROUPS_DIR / f"{name}.yml" for name in seen]


def _printed_forms(spec: Field, printed: list[tuple[str, str]]) -> list[str]:
    """The forms section, active: one item per form that must be on paper, then a
    commented-out item for a form of the unit's own."""
    lines = _comment(spec.described, 0) + _comment(
        "Det här ska finnas utskrivet på papper på enheten. Skriv var varje papperskopia "
        "finns. Saknas en: ta bort dess rader; enheten visas då med en brist på "
        "sidan Status och uppföljning.", 0) + ["forms:"]
    location = FORM.fields["paper_location"]
    for form_id, title in printed:
        lines += [f"  # {title}", f"  - id: {form_id}",
                  f"    paper_location: {_placeholder(location.example, TEXT_KIND)}"]
    own = _value_lines("forms", spec, 0, optional_commented=False)[1:]
    return lines + _comment("En egen blankett: ta bort \"# \" på raderna nedan.", 2) + \
        _commented(own, 2)


def _top_level(key: str, spec: Field, unit: NewUnit, groups: list[str]) -> list[str]:
    description = _comment(spec.described, 0)
    if key == "name":
        return description + [f"name: {yaml_text(unit.name.strip())}"]
    if key == "extends":
        if unit.extends:
            return description + ["extends:", *(f"  - {group}" for group in unit.extends)]
        listed = ", ".join(groups) or "(inga ännu)"
        example = json.dumps(f"{PLACEHOLDER} t.ex. {groups[0] if groups else 'grupp'}",
                             ensure_ascii=False)
        return description + _comment(f"Befintliga grupper: {listed}.", 0) + [
            "# extends:", f"#   - {example}"]
    prefill = CONTACT_PREFILL if key == "contacts" else {}
    active = key in ACTIVE or spec.required
    # In an active section the optional fields wait behind '# '; in a commented-out
    # section everything is one '# ' away, so uncommenting it needs one step.
    body = _value_lines(key, spec, 0, optional_commented=active, prefill=prefill)
    return description + (body if active else _commented(body, 0))


def _value_lines(key: str, spec: Field, indent: int, optional_commented: bool,
                 prefill: dict[str, str] | None = None) -> list[str]:
    """``key: value`` lines (without the field's own description) at ``indent``."""
    pad = " " * indent
    kind = spec.type
    if isinstance(kind, Scalar):
        return [f"{pad}{key}: {_placeholder(spec.example, kind)}"]
    if isinstance(kind, Record):
        return [f"{pad}{key}:", *_record_body(kind, indent + 2, optional_commented)]
    item = kind.item
    if isinstance(item, Scalar):
        return [f"{pad}{key}:", *(f"{pad}  - {_placeholder(example, item)}"
                                  for example in LIST_EXAMPLES.get(key, ("",)))]
    assert isinstance(item, Record), "the schema has no lists of lists"
    body = _record_body(item, indent + 4, optional_commented, prefill or {})
    first = next(n for n, line in enumerate(body) if not line.lstrip().startswith("#"))
    # The first field's description goes above the dash, at the dash's indent.
    body[:first + 1] = [f"{pad}  {line.lstrip()}" for line in body[:first]] + [
        f"{pad}  - {body[first].lstrip()}"]
    return [f"{pad}{key}:", *body]


def _record_body(kind: Record, indent: int, optional_commented: bool,
                 prefill: dict[str, str] | None = None) -> list[str]:
    """Each field with its description; optional ones commented out if asked."""
    lines: list[str] = []
    for key, spec in kind.fields.items():
        if key == "drop":
            continue  # only for inherited items; the guide explains it
        lines += _comment(spec.described, indent)
        if prefill and key in prefill:
            lines.append(f"{' ' * indent}{key}: {yaml_text(prefill[key])}")
            continue
        value = _value_lines(key, spec, indent, optional_commented=False)
        if optional_commented and not spec.required:
            value = _commented(value, indent)
        lines += value
    return lines


def _placeholder(example: str, kind: Scalar) -> str:
    example = example or KINDS[kind.kind].example
    if kind.kind == "choice":
        example = example or kind.choices[0]
        hint = f"ett av {', '.join(kind.choices)}"
    else:
        hint = f"t.ex. {example}" if example else "skriv texten här"
    return json.dumps(f"{PLACEHOLDER} {hint}", ensure_ascii=False)


def _commented(lines: list[str], indent: int) -> list[str]:
    """Comment out YAML lines by ``# `` at ``indent``, so removing it restores them."""
    return [f"{line[:indent]}# {line[indent:]}" for line in lines]


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [f"{pad}# {line}" for line in textwrap.wrap(text, WIDTH - indent - 2)]


def yaml_text(text: str) -> str:
    """``text`` as a YAML value: plain when it reads back unchanged, else quoted."""
    try:
        plain_ok = yaml.safe_load(f"key: {text}") == {"key": text}
    except yaml.YAMLError:
        plain_ok = False
    if plain_ok and not text.startswith(("'", '"')) and "#" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)
