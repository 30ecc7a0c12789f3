"""A synthetic region of N units, made from the example units (issue #12).

Each unit is one of the six example unit files with its text edited, never
re-dumped through PyYAML (which would turn ``0701234567`` into an octal number
and ``08:30`` into minutes): a new name and address from a list of places, a new
HSA id, an area group of its own chosen from several (each area group extends
the example group the template unit extended), and 0–11 extra contacts so the
files, pages and binders differ in length. Every file stays within the loader's
limits (handbook/schema/limits.py); ``write_region`` validates what it wrote.

    python bench/region.py 300 /tmp/region   # writes a project copy with 300 units
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "hooks", "overrides", "CONTRIBUTING.md")
AREAS = 12  # area groups; unit n belongs to area n % AREAS
MAX_EXTRA_CONTACTS = 11
PLACES = (
    "Alingsås", "Bengtsfors", "Borås", "Dals-Ed", "Falköping", "Färgelanda", "Grästorp",
    "Gullspång", "Götene", "Herrljunga", "Hjo", "Härryda", "Karlsborg", "Kungälv", "Lerum",
    "Lidköping", "Lilla Edet", "Lysekil", "Mariestad", "Mark", "Mellerud", "Munkedal",
    "Mölndal", "Orust", "Partille", "Skara", "Skövde", "Sotenäs", "Stenungsund",
    "Strömstad", "Svenljunga", "Tanum", "Tibro", "Tidaholm", "Tjörn", "Tranemo",
    "Töreboda", "Ulricehamn", "Vara", "Vårgårda", "Åmål", "Öckerö",
)
KINDS = ("Vårdcentral", "Barnavårdscentral", "Psykiatrimottagning", "Rehabmottagning",
         "Ungdomsmottagning", "Mödravårdscentral")
ROLES = ("Sjuksköterska", "Undersköterska", "Medicinsk sekreterare", "Läkare",
         "Fysioterapeut", "Kurator", "Barnmorska", "Psykolog")
FIRST = ("Anna", "Erik", "Maria", "Johan", "Sara", "Ali", "Lena", "Mehmet", "Karin", "Oskar")
LAST = ("Andersson", "Berg", "Nilsson", "Öberg", "Khalil", "Lund", "Ek", "Svensson")


def templates() -> list[tuple[str, str]]:
    """(file stem, text) of every example unit, sorted by stem."""
    return [(p.stem, p.read_text(encoding="utf-8"))
            for p in sorted((ROOT / "units").glob("*.yml")) if not p.stem.startswith("_")]


def unit_id(number: int) -> str:
    place = PLACES[number % len(PLACES)]
    slug = place.lower().translate(str.maketrans("åäöé ", "aaoe-"))
    return f"enhet-{slug}-{number:04d}"


def unit_name(number: int) -> str:
    kind = KINDS[(number // len(PLACES)) % len(KINDS)]
    round_ = number // (len(PLACES) * len(KINDS))
    return f"{kind} {PLACES[number % len(PLACES)]}" + (f" {round_ + 1}" if round_ else "")


def phone(number: int, extra: int) -> str:
    digits = f"{(number * 37 + extra * 11) % 10000:04d}"
    return f"010-4{digits[0]}{digits[1]} {digits[2:]} {extra:02d}"


def extra_contacts(number: int) -> str:
    count = (number * 7) % (MAX_EXTRA_CONTACTS + 1)
    items = []
    for extra in range(count):
        person = f"{FIRST[(number + extra) % len(FIRST)]} {LAST[(number * 3 + extra) % len(LAST)]}"
        items.append(f"  - id: syntetisk-{extra + 1}\n"
                     f"    role: {ROLES[(number + extra) % len(ROLES)]}\n"
                     f"    name: {person}\n"
                     f"    phone: {phone(number, extra)}\n"
                     f"    note: Syntetisk kontakt {extra + 1} av {count} i benchmarkens region.\n")
    return "".join(items)


def area_of(template_extends: list[str], number: int) -> str:
    return f"omrade-{number % AREAS:02d}-{template_extends[0]}" if template_extends else ""


def extends_of(text: str) -> list[str]:
    block = re.search(r"^extends:\n((?:  - .+\n)+)", text, re.M)
    return re.findall(r"  - (\S+)", block[1]) if block else []


def synthetic_unit(number: int, template: str) -> str:
    """The template unit's text as unit ``number``: new name, place, HSA id, area
    group and extra contacts; everything else as the template has it."""
    text = re.sub(r"^name: .*$", f"name: {unit_name(number)}", template, count=1, flags=re.M)
    text = re.sub(r"^address: .*$", f"address: Storgatan {number % 90 + 1}, "
                  f"{PLACES[number % len(PLACES)]}", text, count=1, flags=re.M)
    text = re.sub(r"^hsa_id: .*$", f"hsa_id: SE2321000131-E9{number:011d}", text, count=1,
                  flags=re.M)
    groups = extends_of(text)
    if groups:
        text = text.replace(f"extends:\n  - {groups[0]}\n",
                            f"extends:\n  - {area_of(groups, number)}\n", 1)
    return text.replace("\ncontacts:\n", "\ncontacts:\n" + extra_contacts(number), 1)


def area_groups(units: int) -> dict[str, str]:
    """Area group files, each extending the example group its template units used."""
    found: dict[str, str] = {}
    examples = templates()
    for number in range(units):
        groups = extends_of(examples[number % len(examples)][1])
        if groups:
            name = area_of(groups, number)
            found[name] = (f"group_name: Område {number % AREAS + 1} ({groups[0]})\n"
                           f"extends:\n  - {groups[0]}\n")
    return found


def write_region(units: int, target: Path) -> list[str]:
    """A project in ``target`` with ``units`` synthetic units; their ids, sorted."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    (target / "units" / "_groups").mkdir(parents=True)
    shutil.copy2(ROOT / "units" / "_region.yml", target / "units" / "_region.yml")
    for group in (ROOT / "units" / "_groups").glob("*.yml"):
        shutil.copy2(group, target / "units" / "_groups" / group.name)
    for name, text in area_groups(units).items():
        (target / "units" / "_groups" / f"{name}.yml").write_text(text, encoding="utf-8")
    examples = templates()
    ids = []
    for number in range(units):
        ids.append(unit_id(number))
        text = synthetic_unit(number, examples[number % len(examples)][1])
        (target / "units" / f"{ids[-1]}.yml").write_text(text, encoding="utf-8")
    _validate(target)
    return sorted(ids)


def _validate(project: Path) -> None:
    from handbook import UnitFileError, load_handbook

    try:
        load_handbook(project / "units", base=project)
    except UnitFileError as error:
        raise SystemExit(f"the synthetic region is not valid:\n{error}") from None


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python bench/region.py UNITS TARGET")
    print(len(write_region(int(sys.argv[1]), Path(sys.argv[2]))), "units written")
