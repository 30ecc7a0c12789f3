"""Hostile unit files → the exact ``path:line:col: field: message`` lines.

Issue #11: anyone who can open a pull request feeds text into the build. Each
case writes a small units folder (the valid region and group of
``test_bad_input``, plus the files under test and any symbolic links) and
compares every problem found. Three groups: characters a value may not contain,
the loader's limits, and nothing outside ``units/``.
"""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from test_bad_input import BASE_TREE
from test_schema_agreement import schema_errors
from unitfiles import DOCUMENT, HEAD, VALID, U

import handbook
from handbook.data.model import plain
from handbook.schema.limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_LINE_CHARS,
    MAX_LIST_ITEMS,
    MAX_PROBLEMS,
    MAX_SECTION_KEYS,
    MAX_VALUE_CHARS,
    schema_depth,
    schema_widest,
)
from handbook.schema.textrules import is_refused

pytestmark = pytest.mark.unit

# A unit file's top-level fields, as the published schema lists them.
UNIT_FIELDS = [key for key in json.loads(
    (Path(__file__).resolve().parents[2] / "schema" / "unit.schema.json").read_text(
        encoding="utf-8"))["properties"] if not key.startswith("$")]
ONE_LINE = "fältet är en rad och får inte innehålla radbrytningar; skriv värdet på en rad"
BLOCK = ("fältet är en rad, men '|' och '>' ger en radbrytning sist i värdet; skriv "
         "värdet på samma rad som nyckeln")
NAME_EXAMPLE = ", t.ex. 'name: Vårdcentralen Exempel'"
OWNER_EXAMPLE = ", t.ex. 'owner: Anna Andersson, verksamhetschef'"
BIDI = ("är inte tillåtet: det syns inte men kan dölja eller kasta om ord; ta bort det, "
        "eller skriv om värdet för hand om det är inklistrat")
SYMLINK = ("(fil): filen är en symbolisk länk; handboken läser bara vanliga filer i "
           "units/, så att inget utanför mappen kan komma med; lägg in filens innehåll i "
           "stället för länken")
ID_PATH = ("är en sökväg eller ett filnamn, inte ett id; skriv bara id:t, utan mappar, "
           "'..', '/' och '.yml' (filen units/_groups/narhalsan.yml har id:t narhalsan)")
ALIAS = ("ankare och alias ('&namn', '*namn') är inte tillåtna, här '{}'; skriv ut värdet "
         "på varje ställe där det behövs; hör tecknet till texten, skriv hela texten inom "
         "citattecken")
TOO_LARGE = ("(fil): filen är {} KiB; en enhetsfil får vara högst 128 KiB (den största "
             "exempelenheten är 10 KiB); korta texterna eller flytta det som flera enheter "
             "har gemensamt till regionens eller en grupps fil")
TOO_DEEP = ("för många nivåer: mer än 20 avsnitt och listor inuti varandra (en enhetsfil "
            "behöver högst 5); kontrollera indraget och att varje '[' och '{' stängs")
LONG_LIST = ("listan har fler än 500 poster; dela upp den eller kontrollera att inget har "
             "kopierats för många gånger")
WIDE = (f"avsnittet har fler än 100 nycklar (ett avsnitt i en enhetsfil har högst "
        f"{schema_widest()}); kontrollera indraget")
OUTSIDE = "OUTSIDE"  # a symbolic link's target: a unit file outside units/


def note(text: str) -> str:
    """A contact whose ``note`` (Markdown) is ``text``, from line 9."""
    return (VALID + "contacts:\n  - id: chef\n    role: Chef\n    name: Anna\n"
            f"    phone: 031-100 00 00\n    note: {text}\n")  # note on line 14


def case(case_id: str, files: dict[str, str | bytes], *expected: str,
         links: dict[str, str] | None = None) -> object:
    return pytest.param(files, links or {}, list(expected), id=case_id)


CHARACTER_CASES = [
    # Found last session: a form feed made words disappear from the printed binder.
    case("form-feed-in-name", {U: '"name": "VC\\fX"\n' + VALID.split("\n", 1)[1]},
         f"{U}:1:9: name: tecknet U+000C (sidmatning, \\f) är inte tillåtet i en text; ta "
         "bort det"),
    case("carriage-return-in-name", {U: 'name: "VC\\rX"\n' + VALID.split("\n", 1)[1]},
         f"{U}:1:7: name: {ONE_LINE}{NAME_EXAMPLE}"),
    # Found: a line break in document.owner broke the status table's row.
    case("line-break-in-owner",
         {U: HEAD + DOCUMENT.replace("owner: Anna Andersson", 'owner: "Anna\\nAndersson"')},
         f"{U}:6:10: document.owner: {ONE_LINE}{OWNER_EXAMPLE}"),
    case("folded-block-in-owner",
         {U: HEAD + DOCUMENT.replace("owner: Anna Andersson", "owner: >\n    Anna Andersson")},
         f"{U}:6:10: document.owner: {BLOCK}{OWNER_EXAMPLE}"),
    case("literal-block-of-two-lines-in-owner",
         {U: HEAD + DOCUMENT.replace("owner: Anna Andersson",
                                     "owner: |\n    Anna Andersson\n    verksamhetschef")},
         f"{U}:6:10: document.owner: {ONE_LINE}{OWNER_EXAMPLE}"),
    case("next-line-in-name", {U: 'name: "VC\\NX"\n' + VALID.split("\n", 1)[1]},
         f"{U}:1:7: name: {ONE_LINE}{NAME_EXAMPLE}"),
    case("line-separator-in-list-item",
         {U: VALID + "routines:\n  documentation:\n    keywords:\n      - \"a\\Lb\"\n"},
         f"{U}:12:9: routines.documentation.keywords[1]: {ONE_LINE}"),
    case("tab-in-one-line-field", {U: VALID + 'address: "Storgatan\\t1"\n'},
         f"{U}:9:10: address: tecknet U+0009 (tabb) är inte tillåtet i ett fält på en rad; "
         "skriv ett blanksteg i stället"),
    case("escape-in-phone",
         {U: VALID + 'fault_report:\n  phone: "031\\e[31m"\n'},
         f"{U}:10:10: fault_report.phone: tecknet U+001B (escape, \\e) är inte tillåtet i "
         "en text; ta bort det"),
    case("nul-in-id", {U: VALID + 'forms:\n  - id: "a\\0"\n    title: A\n'},
         f"{U}:10:9: forms[1].id: tecknet U+0000 (nolltecken, \\0) är inte tillåtet i en "
         "text; ta bort det"),
    case("bidi-override-in-name",
         {U: "name: VC \u202eX\n" + VALID.split("\n", 1)[1]},
         f"{U}:1:7: name: tecknet U+202E (höger-till-vänster-åsidosättning) {BIDI}"),
    case("bidi-isolate-in-markdown", {U: note("Ring \u2066chefen\u2069")},
         f"{U}:14:11: contacts[chef].note: tecknet U+2066 (vänster-till-höger-isolering) "
         f"{BIDI}"),
    case("carriage-return-in-markdown", {U: note('"rad ett\\rrad två"')},
         f"{U}:14:11: contacts[chef].note: tecknet U+000D (vagnretur, \\r) är inte tillåtet; "
         "skriv en vanlig radbrytning i stället"),
    case("line-separator-in-markdown", {U: note('"rad ett\\Lrad två"')},
         f"{U}:14:11: contacts[chef].note: tecknet U+2028 (radseparator) är inte tillåtet; "
         "skriv en vanlig radbrytning i stället"),
    case("form-feed-in-markdown", {U: note('"sida ett\\fsida två"')},
         f"{U}:14:11: contacts[chef].note: tecknet U+000C (sidmatning, \\f) är inte tillåtet "
         "i en text; ta bort det"),
    # PyYAML refuses most raw control characters in the file; that is a problem too.
    case("raw-bell-in-file", {U: VALID + "address: Gata\x07 1\n"},
         f"{U}:9:14: (fil): filen innehåller tecknet U+0007 (styrtecken), som inte får "
         "finnas i en enhetsfil; ta bort det (det syns oftast inte i redigeraren)"),
    # A message that quotes the editor's text shows a control character as an escape.
    # The keys listed are the unit's top-level fields, in the schema's order.
    case("escape-in-unknown-key", {U: VALID + '"col\\eour": blå\n'},
         f"{U}:9:1: col\\x1bour: okänd nyckel 'col\\x1bour'; tillåtna nycklar här: "
         + ", ".join(UNIT_FIELDS)),
    case("one-line-value-too-long", {U: VALID + "address: " + "a" * 1001 + "\n"},
         f"{U}:9:10: address: texten är 1001 tecken lång; ett fält på en rad får vara "
         "högst 1000 tecken; korta texten"),
]

LIMIT_CASES = [
    case("file-too-large", {U: VALID + "#" * (MAX_FILE_BYTES - len(VALID) + 1)},
         f"{U}:1:1: {TOO_LARGE.format(129)}"),
    # Found: a 5-million-character name was accepted; the file size stops it first.
    case("five-million-character-name", {U: "name: " + "a" * 5_000_000 + "\n"},
         f"{U}:1:1: {TOO_LARGE.format('4 883')}"),
    case("million-item-list", {U: VALID + "maintainers: [" + "a," * 1_000_000 + "]\n"},
         f"{U}:1:1: {TOO_LARGE.format('1 954')}"),
    # Found: 20,000 levels ended in a RecursionError traceback.
    case("nesting-20000-deep", {U: VALID + "contacts: " + "[" * 20_000 + "]" * 20_000 + "\n"},
         f"{U}:9:{11 + MAX_DEPTH - 1}: contacts{'[1]' * (MAX_DEPTH - 1)}: {TOO_DEEP}"),
    case("nesting-in-block-style",
         {U: VALID + "".join(f"{'  ' * n}k{n}:\n" for n in range(MAX_DEPTH)) +
          "  " * MAX_DEPTH + "- x\n"},
         f"{U}:29:41: k0.k1.k2.k3.k4.k5.k6.k7.k8.k9.k10.k11.k12.k13.k14.k15.k16.k17.k18.k19: "
         f"{TOO_DEEP}"),
    case("billion-laughs",
         {U: VALID + 'lol0: &a ["lol", "lol"]\n'
          + "".join(f"lol{n}: &{chr(97 + n)} [*{chr(96 + n)}, *{chr(96 + n)}]\n"
                    for n in range(1, 20))},
         f"{U}:9:7: lol0: {ALIAS.format('&a')}"),
    case("alias-only", {U: VALID + "address: *gata\n"},
         f"{U}:9:10: address: {ALIAS.format('*gata')}"),
    case("value-too-long", {U: note("a" * (MAX_VALUE_CHARS + 1))},
         f"{U}:14:11: contacts[1].note: värdet är 50 001 tecken långt; ett värde får vara "
         "högst 50 000 tecken; korta texten eller dela upp den"),
    case("list-too-long", {U: VALID + "maintainers:\n" + "  - a\n" * (MAX_LIST_ITEMS + 1)},
         f"{U}:{10 + MAX_LIST_ITEMS}:5: maintainers: {LONG_LIST}"),
    case("list-of-60000-in-flow-style",
         {U: VALID + "maintainers: [" + "a," * 60_000 + "]\n"},
         f"{U}:9:{15 + 2 * MAX_LIST_ITEMS}: maintainers: {LONG_LIST}"),
    case("section-too-wide",
         {U: VALID + "".join(f"k{n}: x\n" for n in range(MAX_SECTION_KEYS - 3 + 1))},
         f"{U}:{9 + MAX_SECTION_KEYS - 3}:1: (fil): {WIDE}"),
]

PATH_CASES = [
    case("unit-file-links-outside", {}, f"{U}:1:1: {SYMLINK}", links={U: OUTSIDE}),
    # Refused even inside units/: one file would count as two units.
    case("unit-file-links-inside", {"units/vc-a.yml": VALID},
         f"{U}:1:1: {SYMLINK}", links={U: "vc-a.yml"}),
    case("dangling-link", {}, f"{U}:1:1: {SYMLINK}", links={U: "finns-inte.yml"}),
    case("region-file-links-outside", {U: VALID},
         f"units/_region.yml:1:1: {SYMLINK}",
         # the region's value is not read, so the unit lacks it
         f"{U}:5:3: document.review_months: saknas; lägg till antal månader mellan "
         "översynerna (1–36), t.ex. 'review_months: 12'",
         links={"units/_region.yml": OUTSIDE}),
    case("group-file-links-outside", {U: VALID.replace("  - area", "  - other")},
         f"units/_groups/other.yml:1:1: {SYMLINK}",
         f"{U}:3:5: extends[1]: gruppen 'other' finns inte i units/_groups/; befintliga "
         "grupper: area",
         links={"units/_groups/other.yml": OUTSIDE}),
    case("groups-folder-links-outside", {U: VALID},
         "units/_groups:1:1: (fil): mappen _groups är en symbolisk länk; handboken läser "
         "bara vanliga filer och mappar i units/, så att inget utanför mappen kan komma "
         "med; lägg gruppernas filer i mappen i stället",
         f"{U}:3:5: extends[1]: gruppen 'area' finns inte i units/_groups/; befintliga "
         "grupper: (inga grupper finns)",
         links={"units/_groups": "OUTSIDE_DIR"}),
    case("extends-parent-path", {U: VALID.replace("  - area", "  - ../../secret")},
         f"{U}:3:5: extends[1]: '../../secret' {ID_PATH}"),
    case("extends-absolute-path", {U: VALID.replace("  - area", "  - /etc/passwd")},
         f"{U}:3:5: extends[1]: '/etc/passwd' {ID_PATH}"),
    case("extends-file-name", {U: VALID.replace("  - area", "  - area.yml")},
         f"{U}:3:5: extends[1]: 'area.yml' {ID_PATH}"),
    case("extends-windows-path", {U: VALID.replace("  - area", "  - '..\\area'")},
         f"{U}:3:5: extends[1]: '..\\area' {ID_PATH}"),
    case("group-extends-parent-path",
         {"units/_groups/area.yml": "extends:\n  - ../area\n", U: VALID},
         f"units/_groups/area.yml:2:5: extends[1]: '../area' {ID_PATH}"),
]


def write_links(units: Path, links: dict[str, str]) -> None:
    """Make each symbolic link; OUTSIDE and OUTSIDE_DIR are a unit file and a
    groups folder beside units/, outside the tree."""
    root = units.parent
    (root / "outside.yml").write_text(VALID)
    (root / "outside-groups").mkdir()
    (root / "outside-groups" / "area.yml").write_text("organisation: Utanför\n")
    for link, target in links.items():
        where = root / link
        where.parent.mkdir(parents=True, exist_ok=True)
        if where.is_dir():
            shutil.rmtree(where)
        elif where.exists():
            where.unlink()
        real = {OUTSIDE: root / "outside.yml", "OUTSIDE_DIR": root / "outside-groups"}
        os.symlink(real.get(target, target), where)


@pytest.mark.parametrize(("files", "links", "expected"),
                         CHARACTER_CASES + LIMIT_CASES + PATH_CASES)
def test_hostile_input_reports_the_exact_problem(write_tree: Callable[..., Path],
                                                 files: dict[str, str | bytes],
                                                 links: dict[str, str],
                                                 expected: list[str]) -> None:
    units = write_tree({**BASE_TREE, **files})
    write_links(units, links)
    book = handbook.read_handbook(units, base=units.parent)
    assert [str(p) for p in sorted(book.problems)] == expected


def test_problems_stop_at_the_limit(write_tree: Callable[..., Path]) -> None:
    """A file full of mistakes gets MAX_PROBLEMS lines, the last saying so."""
    assert MAX_PROBLEMS == 500  # 300 + 200, each list within MAX_LIST_ITEMS
    units = write_tree({**BASE_TREE, U: VALID + "maintainers:\n" + "  - '@a'\n" * 300
                        + "required_checklists:\n" + "  - x\n" * 300})
    problems = sorted(handbook.read_handbook(units, base=units.parent).problems)
    assert len(problems) == MAX_PROBLEMS
    assert str(problems[0]) == f"{U}:10:5: maintainers[1]: skriv användarnamnet utan @, t.ex. a"
    assert str(problems[-2]) == (f"{U}:509:5: required_checklists[199]: 'x' är inte "
                                 "tillåtet; skriv ett av: journal, natverk, telefoni, strom, "
                                 "ovrigt")
    assert str(problems[-1]) == (f"{U}:510:5: (fil): fler än 499 problem i filen; kontrollen "
                                 "slutade här. Rätta problemen ovan och kontrollera filen igen")


def test_sixty_megabyte_file_is_refused_from_its_size(write_tree: Callable[..., Path]) -> None:
    """Found: a 60 MB unit file was accepted after 24 s. A sparse file: the size is
    all the loader may look at."""
    units = write_tree(BASE_TREE)
    with (units / "vc-x.yml").open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    book = handbook.read_handbook(units, base=units.parent)
    assert [str(p) for p in book.problems] == [f"{U}:1:1: {TOO_LARGE.format('61 440')}"]


# --- what is still accepted -------------------------------------------------


def test_largest_allowed_values_load(write_tree: Callable[..., Path]) -> None:
    """Every limit is a bound, not a step before it: a file at each limit loads."""
    deep = "".join(f"{'  ' * n}k{n}:\n" for n in range(MAX_DEPTH - 1))
    units = write_tree({**BASE_TREE, U: note("a" * MAX_VALUE_CHARS)
                        + "address: " + "b" * MAX_LINE_CHARS + "\n"
                        + "maintainers:\n" + "  - a\n" * MAX_LIST_ITEMS})
    book = handbook.load_handbook(units, base=units.parent)
    data = book.unit("vc-x").data
    assert len(data["contacts"][0]["note"]) == MAX_VALUE_CHARS
    assert len(data["address"]) == MAX_LINE_CHARS
    assert len(data["maintainers"]) == MAX_LIST_ITEMS
    # MAX_DEPTH levels: refused only as unknown keys, not as too deep.
    units = write_tree({**BASE_TREE, U: VALID + deep + "  " * (MAX_DEPTH - 1) + "- x\n"})
    problems = handbook.read_handbook(units, base=units.parent).problems
    assert [p.field for p in problems] == ["k0"]
    assert "okänd nyckel" in problems[0].message


def test_markdown_keeps_line_breaks_and_tabs(write_tree: Callable[..., Path]) -> None:
    units = write_tree({**BASE_TREE, U: note('"rad ett\\n\\tindrag\\nrad tre"')})
    book = handbook.load_handbook(units, base=units.parent)
    assert plain(book.unit("vc-x").data["contacts"][0]["note"]) == "rad ett\n\tindrag\nrad tre"


@pytest.mark.parametrize(("files", "links", "expected"), CHARACTER_CASES)
def test_the_editors_json_schema_refuses_the_same_characters(
        files: dict[str, str | bytes], links: dict[str, str], expected: list[str]) -> None:
    """The editor sees a red underline while typing, not only in the pull request."""
    (raw,) = [v.encode() if isinstance(v, str) else v for v in files.values()]
    assert schema_errors(raw)


def test_the_editors_json_schema_accepts_line_breaks_and_tabs_in_markdown() -> None:
    assert schema_errors(note('"rad ett\\n\\tindrag\\nrad tre"').encode()) == []
    assert schema_errors((VALID + 'address: "Storgatan 1"\n').encode()) == []


def test_the_refused_characters_are_the_written_rule() -> None:
    """Unicode categories Cc and Cs (lone surrogates), U+2028, U+2029 and the bidi
    controls; Markdown keeps \\n and \\t. Every character below U+3000 (all of Cc and
    both ranges) and around the surrogates is tried."""
    bidi = {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
    for char in map(chr, [*range(0x3000), *range(0xD7F0, 0xE010)]):
        rule = unicodedata.category(char) in ("Cc", "Cs") or char in bidi \
            or char in "\u2028\u2029"
        assert is_refused(char, multiline=False) == rule, hex(ord(char))
        assert is_refused(char, multiline=True) == (rule and char not in "\n\t"), hex(ord(char))


@pytest.mark.parametrize("field", ["name", "note"])
def test_a_lone_surrogate_is_refused_in_every_field(write_tree: Callable[..., Path],
                                                    field: str) -> None:
    """A quoted "\\ud800" is no character: it passed the check before, and the build
    then stopped with a traceback writing the search index."""
    if field == "name":
        files, where = {U: 'name: "VC \\ud83d\\ude00"\n' + VALID.split("\n", 1)[1]}, "1:7: name"
    else:
        files, where = {U: note('"rad ett\\n\\udfff"')}, "14:11: contacts[chef].note"
    units = write_tree({**BASE_TREE, **files})
    problems = [str(p) for p in handbook.read_handbook(units, base=units.parent).problems]
    first = "d83d" if field == "name" else "dfff"
    assert problems == [
        f"{U}:{where}: '\\u{first}' är inget tecken (ett ensamt surrogat, halva ett tecken "
        "utanför det grundläggande planet); ta bort escape-sekvensen eller skriv tecknet "
        "självt, t.ex. '😀' i stället för '\\ud83d\\ude00'"]


def test_limits_leave_room_for_the_schema() -> None:
    assert schema_depth() < MAX_DEPTH


def _measure(node: yaml.Node, depth: int, stats: dict[str, int]) -> None:
    """Largest value, one-line value, list, section and nesting under ``node``."""
    if isinstance(node, yaml.ScalarNode):
        stats["value"] = max(stats["value"], len(node.value))
        if "\n" not in node.value.rstrip("\n"):
            stats["line"] = max(stats["line"], len(node.value))
        return
    stats["depth"] = max(stats["depth"], depth)
    if isinstance(node, yaml.SequenceNode):
        stats["list"] = max(stats["list"], len(node.value))
        children = list(node.value)
    else:
        stats["section"] = max(stats["section"], len(node.value))
        children = [child for pair in node.value for child in pair]
    for child in children:
        _measure(child, depth + 1, stats)


def test_example_units_leave_room_under_every_limit_as_the_guide_says() -> None:
    """CONTRIBUTING.md names each limit and the example units' largest values."""
    repo = Path(__file__).resolve().parents[2]
    stats = dict.fromkeys(("bytes", "value", "line", "list", "section", "depth"), 0)
    for path in (repo / "units").rglob("*.yml"):
        stats["bytes"] = max(stats["bytes"], path.stat().st_size)
        node = yaml.compose(path.read_text(encoding="utf-8"))
        assert node is not None, path
        _measure(node, 1, stats)
    limits = {"bytes": MAX_FILE_BYTES, "value": MAX_VALUE_CHARS, "line": MAX_LINE_CHARS,
              "list": MAX_LIST_ITEMS, "section": MAX_SECTION_KEYS, "depth": MAX_DEPTH}
    assert all(stats[k] * 3 < limits[k] for k in limits), stats
    lines = (repo / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines()
    guide = " ".join(" ".join(lines).split())
    said = (f"den största filen {stats['bytes']:,} byte".replace(",", " "),
            f"det längsta värdet {stats['value']} tecken",
            f"längsta värdet på en rad {stats['line']} tecken",
            f"den längsta listan {stats['list']} poster",
            f"det största avsnittet {stats['section']} nycklar",
            f"det djupaste {stats['depth']} nivåer")
    assert [s for s in said if s not in guide] == []
    for name, value in (("MAX_FILE_BYTES", "128 KiB"), ("MAX_DEPTH", "20 nivåer"),
                        ("MAX_VALUE_CHARS", "50 000 tecken"),
                        ("MAX_LINE_CHARS", "1 000 tecken"), ("MAX_LIST_ITEMS", "500"),
                        ("MAX_SECTION_KEYS", "100"), ("MAX_PROBLEMS", "500")):
        rows = [line for line in lines if line.startswith("| ") and f"`{name}`" in line]
        assert len(rows) == 1 and f"| {value}" in rows[0], (name, rows)
