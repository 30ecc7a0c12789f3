"""The effect of a change on the plans: ``python -m handbook diff``.

The unit files at a base commit (read through git, loaded with the handbook's
loader) and in the working tree are merged into plans and compared unit by unit.
Every unit whose plan differs is named, a group or region edit reaching each unit
that inherits it; each difference is one Swedish sentence in the managers' words
of the change history, with where the value comes from: the unit's own file, the
region or a group ("Länk 'Reservrutin …' borttagen (ärvd från regionen)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..data.model import Obj, Seq
from ..data.project import Handbook, Unit, read_handbook
from ..errors import FILE_FIELD, UsageError
from ..labels import field_label, labels
from ..plan.advice import warnings_for
from ..plan.coverage import missing_checklists
from ..schema.fields import HIDDEN, UNIT, ListOf, Record, Scalar, Type
from ..schema.scalars import scalar_text
from .git import output
from .states import GitReader

DEFAULT_BASES = ("origin/main", "main")
SHOWN_CHARS = 80
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


@dataclass(frozen=True)
class Value:
    """One value of a plan: its label path, its text and the file it was written in."""

    label: tuple[str, ...]
    text: str
    source: str


@dataclass
class UnitChange:
    """What one unit's plan gains, loses or changes."""

    unit_id: str
    name: str
    sentences: list[str]
    warnings: list[str] = field(default_factory=list)
    compared: bool = True  # False: a file it is made from could not be read


@dataclass
class PlanDiff:
    """The comparison of the base and the working tree."""

    base: str  # the ref as asked
    commit: str  # the commit compared with
    files: list[str]
    units: list[UnitChange]
    problems: int  # problems in the working tree's unit files


def words() -> dict[str, Any]:
    """The diff's Swedish words (``plan_diff:`` in labels.yml)."""
    return dict(labels()["plan_diff"])


def resolve_base(project: Path, base: str | None) -> tuple[str, str]:
    """The ref shown and the commit compared with: the merge base of HEAD and ``base``
    (default: origin/main, else main), or ``base`` itself when they share none."""
    candidates = [base] if base else list(DEFAULT_BASES)
    for ref in candidates:
        commit = output(project, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if commit is None:
            continue
        merge_base = output(project, "merge-base", "HEAD", ref)
        sha = (merge_base or commit).decode().strip()
        return ref, sha
    raise UsageError(str(words()["no_base"]).format(refs=", ".join(candidates)))


def changed_files(project: Path, commit: str, folder: str) -> list[str]:
    """Files under ``folder`` that differ between ``commit`` and the working tree."""
    tracked = output(project, "diff", "--name-only", "-z", commit, "--", folder) or b""
    untracked = output(project, "ls-files", "--others", "--exclude-standard", "-z", "--",
                       folder) or b""
    names = {n for n in (tracked + b"\0" + untracked).decode().split("\0") if n}
    return sorted(names)


def plan_diff(project: Path, folder: str, base: str | None = None) -> PlanDiff:
    """Compare the plans at the base and in the working tree of ``project``."""
    ref, commit = resolve_base(project, base)
    with GitReader(project, folder) as reader:
        before = reader.state(commit, None).handbook
    after = read_handbook(project / folder, base=project)
    return PlanDiff(ref, commit, changed_files(project, commit, folder),
                    compare(before, after), len(after.problems))


def compare(before: Handbook, after: Handbook) -> list[UnitChange]:
    """Every unit whose plan differs, in id order."""
    old = {u.id: u for u in before.units}
    new = {u.id: u for u in after.units}
    said = words()
    changes = []
    # A file that could not be read at all (syntax, encoding): its units are not compared,
    # or every value it gives would show as lost.
    broken = sorted({p.path for p in after.problems if p.field == FILE_FIELD})
    for unit_id in sorted(set(old) | set(new)):
        layers = set(old[unit_id].layers if unit_id in old else new[unit_id].layers)
        unread = [path for path in broken if path in layers]
        if unread:
            unit = new.get(unit_id) or old[unit_id]
            changes.append(UnitChange(unit_id, unit.name, [str(said["not_compared"]).format(
                files=", ".join(unread))], compared=False))
            continue
        if unit_id not in old:
            changes.append(UnitChange(unit_id, new[unit_id].name, [str(said["unit_added"])],
                                      _warnings(after, new[unit_id])))
            continue
        if unit_id not in new:
            changes.append(UnitChange(unit_id, old[unit_id].name,
                                      [str(said["unit_removed"])]))
            continue
        sentences = describe(values(before, old[unit_id].data, old[unit_id].path),
                             values(after, new[unit_id].data, new[unit_id].path))
        if sentences:
            warned = card_losses(before, old[unit_id].data, after, new[unit_id].data)
            warned += _warnings(after, new[unit_id])
            changes.append(UnitChange(unit_id, new[unit_id].name, sentences, warned))
    return changes


def _warnings(handbook: Handbook, unit: Unit) -> list[str]:
    """The unit's warnings, as validate gives them (``path:line: varning: …``)."""
    return [f"{w.path}:{w.line}: {w.message}" for w in warnings_for(handbook, [unit])]


def card_losses(before: Handbook, old: Obj, after: Handbook, new: Obj) -> list[str]:
    """What leaves the action card: the last of the unit's own contacts to call, a
    checklist the region requires."""
    said = words()
    found = []
    if _own_calls(before, old) and not _own_calls(after, new):
        found.append(str(said["card_without_own"]))
    kinds = labels()["checklist_kinds"]
    lost = set(missing_checklists(new)) - set(missing_checklists(old))
    found += [str(said["checklist_lost"]).format(kind=str(kinds[k]).lower())
              for k in sorted(lost)]
    return found


def _own_calls(handbook: Handbook, data: Obj) -> list[Obj]:
    """The card's contacts to call that the region does not give."""
    region = handbook.region.origin.path
    return [c for c in data.get("contacts", []) if "call_order" in c
            and c.origins["call_order"].path != region]


def values(handbook: Handbook, data: Obj, unit_path: str) -> dict[str, Value]:
    """A unit's plan as values by key, each with the words for where it comes from."""
    sources = {handbook.region.origin.path: str(words()["from"]["region"])}
    names = handbook.group_names()
    for gid, group in handbook.groups.items():
        sources[group.origin.path] = str(words()["from"]["group"]).format(group=names[gid])
    sources[unit_path] = str(words()["from"]["unit"])
    found: dict[str, Value] = {}
    _walk(data, UNIT, "", (), found, sources, data.origin.path)
    return found


def _walk(value: Any, kind: Type, key: str, label: tuple[str, ...],
          found: dict[str, Value], sources: dict[str, str], origin: str) -> None:
    if isinstance(kind, Record) and isinstance(value, Obj):
        for name, spec in kind.fields.items():
            if name in value and name not in HIDDEN:
                _walk(value[name], spec.type, f"{key}.{name}".lstrip("."),
                      label + (field_label(name),), found, sources,
                      value.origins[name].path)
    elif isinstance(kind, ListOf) and isinstance(value, Seq):
        seen: set[str] = set()
        for item, at in zip(value, value.origins, strict=True):
            if isinstance(kind.item, Record):
                name = _item_name(item)
                ident = str(item.get("id", name)) if isinstance(item, Obj) else name
                while ident in seen:
                    ident += "+"
                seen.add(ident)
                _walk(item, kind.item, f"{key}[{ident}]", label + (name,), found,
                      sources, at.path)
            else:
                text = scalar_text(item, kind.item) if isinstance(kind.item, Scalar) \
                    else str(item)
                ident = text
                while ident in seen:
                    ident += "+"
                seen.add(ident)
                found[f"{key}{{{ident}}}"] = Value(label, text, sources.get(at.path, at.path))
    elif isinstance(kind, Scalar):
        found[key] = Value(label, scalar_text(value, kind), sources.get(origin, origin))


def _item_name(item: Any) -> str:
    if isinstance(item, dict):
        for name in ("title", "role", "name", "location", "date", "after", "id"):
            if name in item:
                return scalar_text(item[name], Scalar("text"))
    return str(item)


ITEM = re.compile(r"^(?P<subject>.*\[[^\]]*\])(?P<rest>[^\[]*)$")


def _subject(key: str) -> str:
    """The list item a key belongs to (its innermost item), or its top-level section."""
    plain = key.split("{", 1)[0]
    match = ITEM.match(plain)
    if match:
        return match["subject"]
    return plain.split(".", 1)[0]


def describe(before: dict[str, Value], after: dict[str, Value]) -> list[str]:
    """One sentence per item added or removed, per field changed, per list line; a value
    only moved to another layer, with the same text, changes nothing in the plan."""
    said = words()
    keys = [k for k in after if k not in before or before[k].text != after[k].text]
    keys += [k for k in before if k not in after]
    keys.sort(key=lambda k: not k.startswith("extends{"))  # what it inherits, first
    subjects_before = {_subject(k) for k in before}
    subjects_after = {_subject(k) for k in after}
    sentences: list[str] = []
    told: set[str] = set()
    for key in keys:
        subject = _subject(key)
        old, new = before.get(key), after.get(key)
        entry = new or old
        assert entry is not None
        if "[" in subject and (subject not in subjects_before
                               or subject not in subjects_after):
            if subject in told:
                continue
            told.add(subject)
            gone = subject not in subjects_after
            sentences.append(str(said["item"]).format(
                item=_item_words(subject, entry),
                done=_ending(subject, "removed" if gone else "added"), source=entry.source))
            continue
        if key.startswith("extends{"):
            sentences.append(str(said["extends_removed" if new is None
                                      else "extends_added"]).format(group=entry.text))
            continue
        where = _field_words(subject, entry)
        if "{" in key:  # a line of a list without ids
            template = "line_removed" if new is None else "line_added"
            sentences.append(str(said[template]).format(
                where=where, text=_short(entry.text), source=entry.source))
        elif old is None:
            assert new is not None
            sentences.append(str(said["field_added"]).format(
                where=where, new=_short(new.text), source=new.source))
        elif new is None:
            sentences.append(str(said["field_removed"]).format(
                where=where, old=_short(old.text), source=old.source))
        else:
            source = new.source if new.source == old.source else str(
                said["source_moved"]).format(new=new.source, old=old.source)
            sentences.append(str(said["field_changed"]).format(
                where=where, old=_short(old.text), new=_short(new.text), source=source))
    return sentences


def _item_words(subject: str, entry: Value) -> str:
    """'Kontakt 'Tjänsteman i beredskap (TIB)'' for an item of a list."""
    list_key = _list_key(subject)
    noun = words()["items"].get(list_key, [field_label(list_key)])[0]
    position = _label_index(subject)
    name = entry.label[position] if position < len(entry.label) else list_key
    return f"{noun} '{name}'"


def _list_key(subject: str) -> str:
    return subject.rsplit("[", 1)[0].rsplit(".", 1)[-1]


def _ending(subject: str, what: str) -> str:
    """'tillagd', 'tillagt' …: by the gender of the item's noun."""
    gender = words()["items"].get(_list_key(subject), ["", "en"])[1]
    return str(labels()["history"]["endings"][gender][what])


def _label_index(subject: str) -> int:
    """Where the item's own name stands in its label path."""
    count = 0
    for part in re.split(r"(\[[^\]]*\])", subject):
        if not part:
            continue
        if part.startswith("["):
            count += 1
        else:
            count += len([p for p in part.split(".") if p])
    return count - 1


def _field_words(subject: str, entry: Value) -> str:
    """What changed, as the reader names it: 'Kontakt 'TIB': Ringas bara av' or
    'Manuella rutiner › Recept › Så här gör du'."""
    if "[" in subject:
        position = _label_index(subject)
        rest = " › ".join(entry.label[position + 1:])
        item = _item_words(subject, entry)
        return f"{item}: {rest}" if rest else item
    return " › ".join(entry.label)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


def as_text(result: PlanDiff) -> str:
    """The comparison for a terminal or a CI log."""
    said = words()
    lines = [str(said["title"]).format(base=result.base, commit=result.commit[:7])]
    if result.files:
        lines.append(str(said["files"]).format(files=", ".join(result.files)))
    if result.problems:
        lines.append(str(said["problems"]).format(count=result.problems))
    for unit in result.units:
        lines += ["", f"{unit.unit_id} – {unit.name}"]
        lines += [f"  - {s}" for s in unit.sentences]
        lines += [f"  ! {w}" for w in unit.warnings]
    lines += ["", _summary(result)]
    return "\n".join(lines) + "\n"


def as_markdown(result: PlanDiff) -> str:
    """The comparison for a pull request's job summary (GitHub-flavoured Markdown)."""
    said = words()
    lines = [f"### {md(str(said['title']).format(base=result.base, commit=result.commit[:7]))}",
             ""]
    if result.files:
        lines += [md(str(said["files"]).format(files=", ".join(result.files))), ""]
    if result.problems:
        lines += [f"**{md(str(said['problems']).format(count=result.problems))}**", ""]
    for unit in result.units:
        lines += [f"#### {md(unit.unit_id)} – {md(unit.name)}", ""]
        lines += [f"- {md(s)}" for s in unit.sentences]
        lines += [f"- **{md(w)}**" for w in unit.warnings]
        lines.append("")
    lines.append(md(_summary(result)))
    return "\n".join(lines) + "\n"


def md(text: str) -> str:
    """Editor text safe in Markdown: every sign that could format is escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _summary(result: PlanDiff) -> str:
    said = words()
    count = sum(u.compared for u in result.units)
    unread = len(result.units) - count
    if not result.units:
        return str(said["none"])
    parts = [str(said["one"] if count == 1 else said["many"]).format(count=count)] \
        if count else []
    if unread:
        parts.append(str(said["unread_one"] if unread == 1 else said["unread_many"]).format(
            count=unread))
    return " ".join(parts)

