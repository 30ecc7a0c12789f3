"""Everyday slips of an editor who works in Word, Outlook and Notepad, one row each.

Each row is one unit file as an editor leaves it, and its class:

- ``REFUSED``: ``validate`` stops on it with exactly these Swedish lines, on the
  line and column to fix, each saying how to fix it;
- ``PUBLISHED``: the file loads with no problem, and each value named is exactly
  what is published. Where that differs from the characters in the file, the row
  names the rule of CONTRIBUTING.md ("Tecken från Word, Outlook och
  Anteckningar") that makes it differ; a difference no rule names would be a
  silent change, and ``test_no_silent_change`` counts them (0).

No line of any row, refused or not, holds the YAML parser's English.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from unitfiles import DOCUMENT, HEAD, VALID, U

import handbook
from handbook.schema.fields import UNIT

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]

REGION = """\
region: Testregionen
document:
  review_months: 12
contacts:
  - id: tib
    role: TIB
    name: Tjänsteman i beredskap
    phone: 010-441 00 00
"""
AREA = """\
labs:
  - id: lab-a
    name: Labb A
    phone: 031-100 00 00
    referral_agreement: Remiss enligt överenskommelse A.
"""
BASE_TREE = {"units/_region.yml": REGION, "units/_groups/area.yml": AREA}

REFUSED = "refused"
PUBLISHED = "published"

# The parser's words, which must never reach an editor.
ENGLISH = re.compile(r"\b(expected|found|but got|while (scanning|parsing)|not allowed here|"
                     r"could not|did not|block end|block mapping|cannot start|"
                     r"end of stream|unknown escape|mapping values|sequence entries|"
                     r"scalar|token|indicator)\b", re.IGNORECASE)

UNIT_KEYS = ", ".join(UNIT.fields)  # as an unknown key's message lists them


def contact(*lines: str) -> str:
    """A ``contacts:`` list with one item: ``contacts:`` on line 9, the item from line 10."""
    return "contacts:\n  - " + "\n    ".join(lines) + "\n"


def chef(*more: str, phone: str = "031-345 67 89", name: str = "Anna Andersson") -> str:
    """The contact 'chef' (lines 10-13), then ``more`` from line 14."""
    return VALID + contact("id: chef", "role: Chef", f"name: {name}", f"phone: {phone}", *more)


def steps(*lines: str) -> str:
    """A checklist whose steps are ``lines`` as written, from line 14."""
    return VALID + ("checklists:\n  - id: it\n    title: IT ligger nere\n    kind: natverk\n"
                    "    steps:\n") + "".join(f"      {line}\n" for line in lines)


@dataclass(frozen=True)
class Slip:
    """One slip: the unit file, its class, and the problems or the published values."""

    name: str
    text: str | bytes
    kind: str
    problems: tuple[str, ...] = ()
    # For PUBLISHED: (path into the unit's merged data, the value published). A path
    # step that is a text picks a list item by its id.
    values: tuple[tuple[tuple[Any, ...], Any], ...] = ()
    # The rule of CONTRIBUTING.md that makes a published value differ from the file's
    # characters (its character codes, as the guide's table writes them).
    rule: str = ""
    note: str = field(default="", compare=False)


def refused(name: str, text: str | bytes, *problems: str) -> Slip:
    return Slip(name, text, REFUSED, problems=tuple(problems))


def published(name: str, text: str | bytes, *values: tuple[tuple[Any, ...], Any],
              rule: str = "") -> Slip:
    return Slip(name, text, PUBLISHED, values=tuple(values), rule=rule)


CHEF = ("contacts", "chef")

SLIPS = [
    # --- invisible characters: refused, named, at their column ----------------------
    refused("zero-width-space-at-the-end-of-a-link",
            VALID + "fault_report:\n  url: https://serviceportal.example.se/\u200b\n",
            f'{U}:10:41: fault_report.url: ett osynligt tecken (U+200B, nollbrett '
            "mellanslag) efter '...//serviceportal.example.se/'; ta bort det "
            '(radera tecknen runt det och skriv dem igen)'),
    refused("zero-width-space-in-an-inherited-id",
            VALID + contact("id: tib\u200b", "called_by: Enhetschefen"),
            f'{U}:10:12: contacts[1].id: ett osynligt tecken (U+200B, nollbrett '
            "mellanslag) efter 'tib'; ta bort det (radera tecknen runt det och "
            'skriv dem igen)'),
    refused("zero-width-space-in-a-key",
            VALID + contact("id\u200b: tib", "called_by: Enhetschefen"),
            f'{U}:10:7: contacts[1].id: nyckeln innehåller ett osynligt tecken '
            "(U+200B, nollbrett mellanslag) efter 'id'; ta bort det (radera "
            'tecknen runt det och skriv dem igen)'),
    refused("zero-width-space-in-a-name", chef(name="Anna\u200b Andersson"),
            f'{U}:12:15: contacts[chef].name: ett osynligt tecken (U+200B, nollbrett '
            "mellanslag) efter 'Anna'; ta bort det (radera tecknen runt det och "
            'skriv dem igen)'),
    refused("soft-hyphen-in-a-name", chef(name="Anna Anders\u00adson"),
            f'{U}:12:22: contacts[chef].name: ett osynligt tecken (U+00AD, mjukt '
            "bindestreck) efter 'Anna Anders'; ta bort det (radera tecknen runt "
            'det och skriv dem igen)'),
    refused("zero-width-space-in-a-phone-number", chef(phone="031-345 67\u200b 89"),
            f'{U}:13:22: contacts[chef].phone: ett osynligt tecken (U+200B, nollbrett '
            "mellanslag) efter '031-345 67'; ta bort det (radera tecknen runt det "
            'och skriv dem igen)'),
    refused("left-to-right-mark-around-a-number-from-outlook",
            chef(phone="\u200e031-345 67 89\u200e"),
            f'{U}:13:12: contacts[chef].phone: ett osynligt tecken (U+200E, '
            'vänster-till-höger-markering) först i värdet; ta bort det (radera '
            'tecknen runt det och skriv dem igen)'),
    refused("word-joiner-in-a-text", chef("hours: Vardagar\u2060 08–17"),
            f'{U}:14:20: contacts[chef].hours: ett osynligt tecken (U+2060, osynlig '
            "ordfogning) efter 'Vardagar'; ta bort det (radera tecknen runt det "
            'och skriv dem igen)'),
    refused("bom-inside-a-value", VALID + "address: Storgatan\ufeff 1\n",
            f'{U}:9:19: address: ett osynligt tecken (U+FEFF, nollbrett hårt '
            "mellanslag, BOM) efter 'Storgatan'; ta bort det (radera tecknen runt "
            'det och skriv dem igen)'),
    refused("zero-width-joiner-in-an-id",
            VALID + "forms:\n  - id: blankett\u200d-b\n    title: Blankett B\n",
            f'{U}:10:17: forms[1].id: ett osynligt tecken (U+200D, nollbredd '
            "sammanfogare) efter 'blankett'; ta bort det (radera tecknen runt det "
            'och skriv dem igen)'),
    refused("invisible-character-in-a-markdown-text",
            chef("note: |", "  Nyckeln finns i\u200b skåp 4."),
            f'{U}:15:22: contacts[chef].note: ett osynligt tecken (U+200B, nollbrett '
            "mellanslag) efter 'Nyckeln finns i'; ta bort det (radera tecknen runt "
            'det och skriv dem igen)'),
    # --- look-alike characters where a value is a code: refused, named -------------
    refused("hard-space-in-an-id",
            VALID + "forms:\n  - id: blankett\u00a0b\n    title: Blankett B\n",
            f"{U}:10:17: forms[1].id: tecknet '\xa0' (U+00A0, hårt mellanslag) efter "
            "'blankett' hör inte hemma i ett id; ta bort det (här hör inga "
            'mellanslag hemma)'),
    refused("hard-space-in-a-key", VALID + "address\u00a0: Storgatan 1\n",
            f'{U}:9:8: address: nyckeln innehåller ett tecken som ser ut som ett '
            "mellanslag (U+00A0, hårt mellanslag) efter 'address'; ta bort det, så "
            "att det står 'address:'"),
    refused("en-dash-in-a-date", HEAD + DOCUMENT.replace("2026-09-01", "2026–09–01"),
            f"{U}:7:17: document.approved: tecknet '–' (U+2013, tankstreck) efter "
            "'2026' hör inte hemma i ett datum; skriv ett vanligt bindestreck '-' "
            'i stället'),
    refused("en-dash-in-an-hsa-id", VALID + "hsa_id: SE2321000131–E000000011111\n",
            f"{U}:9:21: hsa_id: tecknet '–' (U+2013, tankstreck) efter 'SE2321000131' "
            "hör inte hemma i ett HSA-id; skriv ett vanligt bindestreck '-' i "
            'stället'),
    refused("full-width-digits-in-a-phone-number", chef(phone="０３１-345 67 89"),
            f"{U}:13:12: contacts[chef].phone: tecknet '０' (U+FF10, tecken i full "
            'bredd) först i värdet hör inte hemma i ett telefonnummer; skriv om '
            'det med tangentbordet (siffrorna 0–9 och bokstäverna a–z i vanlig '
            'bredd)'),
    refused("word-quote-at-one-end-of-a-phone-number", chef(phone="“031-345 67 89"),
            f"{U}:13:12: contacts[chef].phone: tecknet '“' (U+201C, citattecken) först "
            'i värdet hör inte hemma i ett telefonnummer; ta bort det'),
    refused("word-quotes-around-a-number", VALID + "  review_months: “12”\n",
            f'{U}:9:18: document.review_months: skriv talet utan citattecken, t.ex. 12'),
    refused("hard-space-inside-a-link",
            VALID + "fault_report:\n  url: https://intra.example.se/a\u00a0b\n",
            f"{U}:10:34: fault_report.url: tecknet '\xa0' (U+00A0, hårt mellanslag) efter "
            "'https://intra.example.se/a' hör inte hemma i en webbadress; ta bort "
            'det (här hör inga mellanslag hemma)'),
    # A time range is no time, whatever the dash: the time's own message, not "the dash".
    refused("time-range-with-a-dash",
            VALID + "routines:\n  calendar:\n    print_time: 08:30–09:00\n",
            f"{U}:11:17: routines.calendar.print_time: '08:30–09:00' är inget "
            'klockslag; skriv TT:MM, t.ex. 08:30 eller 15:00'),
    # --- pasted line breaks and tabs ---------------------------------------------------
    refused("line-separator-from-outlook", chef(name="Anna\u2028Andersson"),
            f'{U}:12:15: (fil): tecknet U+2028 (radseparator) är en radbrytning som de '
            'flesta redigerare inte visar (den kommer ofta med text från Word '
            'eller Outlook) och får inte finnas i en enhetsfil; ta bort det och '
            'skriv ett blanksteg eller en vanlig radbrytning i stället'),
    refused("tab-inside-a-name-from-excel", chef(name="Anna\tAndersson"),
            f'{U}:12:15: (fil): en tabb inne i raden, t.ex. från text som kopierats '
            'från Excel: byt tabben mot ett blanksteg'),
    # --- values that look right and are not --------------------------------------
    refused("space-in-a-link", VALID + "fault_report:\n  url: https://intra.example.se/min sida\n",
            f'{U}:10:36: fault_report.url: adressen innehåller ett blanksteg efter '
            "'https://intra.example.se/min', och en adress får inte ha blanksteg: "
            'skriv %20 i stället för blanksteget, eller kopiera adressen igen från '
            'webbläsarens adressfält'),
    refused("link-pasted-from-outlook",
            VALID + "fault_report:\n  url: Serviceportalen<https://serviceportal.example.se/>\n",
            f"{U}:10:23: fault_report.url: adressen står inom '<' och '>', som Outlook "
            'skriver runt en länk; skriv bara adressen: '
            'https://serviceportal.example.se/'),
    refused("word-quotes-around-a-key", VALID + "“address”: Storgatan 1\n",
            f"{U}:9:1: “address”: okänd nyckel '“address”'; menade du 'address'? "
            f"tillåtna nycklar här: {UNIT_KEYS}"),
    refused("private-written-with-a-capital", chef("alt_phone: Privat"),
            f"{U}:14:16: contacts[chef].alt_phone: 'Privat' är varken ett "
            'telefonnummer eller ordet privat; skriv alt_phone: privat (med små '
            'bokstäver, utan citattecken) om värdet finns i det privata lagret, '
            'annars numret'),
    # --- Word's lists ------------------------------------------------------------
    refused("bullets-pasted-from-word", steps("• Ring IT-servicedesk", "• Meddela chefen"),
            f"{U}:14:7: checklists[it].steps: raderna börjar med '•' (U+2022, punkt), "
            "som inklistrade punkter från Word, inte med '- ': skriv '- ' i "
            "stället för '•' i början av varje punkt, t.ex. '- Ring "
            "IT-servicedesk'"),
    refused("dashes-from-word-autoformat", steps("– Ring IT-servicedesk", "– Meddela chefen"),
            f"{U}:14:7: checklists[it].steps: raderna börjar med '–' (U+2013, "
            "tankstreck), som inklistrade punkter från Word, inte med '- ': skriv "
            "'- ' i stället för '–' i början av varje punkt, t.ex. '- Ring "
            "IT-servicedesk'"),
    refused("bullet-after-the-dash", steps("- • Ring IT-servicedesk"),
            f"{U}:14:9: checklists[it].steps[1]: punkten börjar med '•' (U+2022, "
            'punkt), som inklistrade punkter från Word; listan får sina punkter av '
            "sig själv: ta bort '•' så att raden börjar '- Ring IT-servicedesk'"),
    refused("star-items-from-notepad", steps("* Ring IT-servicedesk"),
            f"{U}:14:7: (fil): raden börjar med '* ', men en punkt i en lista börjar "
            "med '- ' i YAML; skriv '- Ring IT-servicedesk'"),
    refused("inline-list-splits-an-item",
            VALID + "routines:\n  documentation:\n    keywords: [Anamnes, Tolk (språk, namn)]\n",
            f'{U}:11:25: routines.documentation.keywords: YAML delar en lista inom [ ] '
            "vid varje komma, så 'Tolk (språk' + 'namn)' blir 2 punkter; sätt "
            'punkten inom citattecken, t.ex. "Tolk (språk, namn)", eller skriv '
            "listan med en punkt per rad som börjar med '- '"),
    refused("inline-list-never-closed",
            VALID + "routines:\n  documentation:\n    keywords: [Anamnes, Status\n"
                    "  calendar:\n    storage: Pärm i expeditionen\n",
            f'{U}:12:11: (fil): YAML kan inte läsa filen här: en lista inom [ ] som '
            'inte stängs rätt; sätt texten inom citattecken om den inte är en '
            'lista; kontrollera indrag (blanksteg, inte tabb), kolon efter nyckeln '
            'och citattecken som öppnas och stängs'),
    # --- colons, dashes and backslashes in texts ---------------------------------
    refused("colon-in-a-checklist-step", steps("- Ring IT Servicedesk: 010-441 00 00"),
            f"{U}:14:9: checklists[it].steps[1]: texten innehåller ': ', som YAML "
            'läser som en ny nyckel; sätt hela texten inom citattecken, t.ex. - '
            '"Ring IT Servicedesk: 010-441 00 00"'),
    refused("colon-at-the-end-of-a-role", chef().replace("role: Chef",
                                                         "role: Ansvarig för provtagningen:"),
            f"{U}:11:37: (fil): texten slutar med ':', som YAML läser som en ny "
            'nyckel; ta bort kolonet, eller sätt hela texten inom citattecken, '
            't.ex. role: "Ansvarig för provtagningen:"'),
    refused("dash-for-no-hours", chef("hours: -"),
            f"{U}:14:12: (fil): värdet börjar med '-', som YAML läser som en ny punkt "
            'i en lista; skriv hela värdet inom citattecken, t.ex. hours: "-", '
            'eller ta bort raden om värdet saknas'),
    refused("word-quotes-meant-as-yaml-quotes-around-a-colon",
            chef("note: “Obs: ring IT först”"),
            f"{U}:14:15: (fil): texten innehåller ': ', som YAML läser som en ny "
            'nyckel; sätt hela texten inom citattecken, t.ex. note: "Obs: ring IT '
            'först"'),
    refused("long-dashes-from-word", steps("— Ring IT-servicedesk"),
            f"{U}:14:7: checklists[it].steps: raderna börjar med '—' (U+2014, långt "
            "tankstreck), som inklistrade punkter från Word, inte med '- ': skriv "
            "'- ' i stället för '—' i början av varje punkt, t.ex. '- Ring "
            "IT-servicedesk'"),
    refused("windows-path-in-double-quotes", chef('note: "Filer på \\\\server\\share"'),
            f'{U}:14:11: (fil): ett bakstreck \'\\\' inom citattecken ("...") läser YAML '
            'som början på ett specialtecken; skriv texten inom apostrofer i '
            "stället, så står bakstrecket kvar: note: 'Filer på \\\\server\\share'"),
    # --- deleted and shifted lines -------------------------------------------------
    refused("deleted-contacts-line-after-a-block",
            VALID + "  - id: chef\n    role: Chef\n    name: Anna\n    phone: 031-345 67 89\n",
            f"{U}:9:3: (fil): raden börjar en punkt i en lista ('- '), men ingen "
            'nyckel ovanför öppnar listan (raden ovanför, rad 8, gör det inte): '
            'har raden med listans nyckel tagits bort? Skriv den på en egen rad '
            "ovanför punkten, t.ex. 'contacts:'"),
    refused("deleted-contacts-line-after-a-value",
            VALID + "address: Storgatan 1\n  - id: chef\n    role: Chef\n",
            f"{U}:10:3: (fil): raden börjar en punkt i en lista ('- '), men ingen "
            'nyckel ovanför öppnar listan (raden ovanför, rad 9, gör det inte): '
            'har raden med listans nyckel tagits bort? Skriv den på en egen rad '
            "ovanför punkten, t.ex. 'contacts:'"),
    refused("tab-in-the-indent-from-notepad", VALID + "contacts:\n\t- id: chef\n",
            f'{U}:10:1: (fil): en tabb i indraget: byt tabben mot blanksteg (YAML drar '
            'in med blanksteg, två per nivå)'),
    refused("key-indented-far-off", HEAD + 'document:\n  version: "1.0"\n        owner: Anna\n',
            f'{U}:6:9: (fil): YAML kan inte läsa filen här: raden är indragen så att '
            'den inte hör till avsnittet ovanför; kontrollera indrag (blanksteg, '
            'inte tabb), kolon efter nyckeln och citattecken som öppnas och stängs'),

    # --- published as written -------------------------------------------------------
    published("apostrophe-in-a-name", chef(name="Seán O’Brien"),
              (CHEF + ("name",), "Seán O’Brien")),
    published("word-quotes-inside-a-text", chef("note: Märk påsen “AKUT” med röd penna"),
              (CHEF + ("note",), "Märk påsen “AKUT” med röd penna")),
    published("word-quotes-kept-in-yaml-quotes", chef(name="'“Röda rummet”'"),
              (CHEF + ("name",), "“Röda rummet”")),
    published("dashes-and-ellipsis-in-a-text", chef("hours: Vardagar 08–17 — helger stängt…"),
              (CHEF + ("hours",), "Vardagar 08–17 — helger stängt…")),
    published("hard-space-inside-a-text", chef("hours: 08\u00a0–\u00a017"),
              (CHEF + ("hours",), "08\u00a0–\u00a017")),
    published("emoji-with-joiner-in-a-text", chef("note: Familjerum 👨\u200d👩\u200d👧 finns"),
              (CHEF + ("note",), "Familjerum 👨\u200d👩\u200d👧 finns")),
    published("full-width-digit-in-a-text", chef("note: Rum ３"), (CHEF + ("note",), "Rum ３")),
    published("trailing-spaces", chef(name="Anna Andersson   "),
              (CHEF + ("name",), "Anna Andersson")),
    published("windows-path-in-apostrophes", chef("note: 'Filer på \\\\server\\share'"),
              (CHEF + ("note",), "Filer på \\\\server\\share")),

    # --- published, made plain by a documented rule -------------------------------
    published("crlf-line-ends-from-notepad",
              chef("note: |", "  Rad ett.", "  Rad två.").replace("\n", "\r\n"),
              (CHEF + ("name",), "Anna Andersson"), (CHEF + ("note",), "Rad ett.\nRad två.\n"),
              rule="CRLF"),
    published("bom-from-notepad", ("\ufeff" + VALID).encode(), (("name",), "VC X"),
              rule="U+FEFF"),
    published("word-quotes-around-a-name", chef(name="“Anna Andersson”"),
              (CHEF + ("name",), "Anna Andersson"), rule="“…”"),
    published("swedish-word-quotes-around-a-version",
              HEAD + DOCUMENT.replace('"1.0"', "”1.2”"), (("document", "version"), "1.2"),
              rule="“…”"),
    published("apostrophes-around-a-name", chef(name="‘Seán O’Brien’"),
              (CHEF + ("name",), "Seán O’Brien"), rule="‘…’"),
    published("word-quotes-around-private", chef("alt_phone: ”privat”"),
              (CHEF + ("alt_phone",), "nås via växeln"), rule="“…”"),
    published("hard-space-in-a-phone-number", chef(phone="031-345\u00a067\u00a089"),
              (CHEF + ("phone",), "031-345 67 89"), rule="U+00A0"),
    published("en-dash-in-a-phone-number", chef(phone="031–345 67 89"),
              (CHEF + ("phone",), "031-345 67 89"), rule="U+2013"),
    published("hard-spaces-as-indent",
              VALID + "contacts:\n  - id: chef\n\u00a0\u00a0\u00a0\u00a0role: Chef\n"
                      "\u00a0\u00a0\u00a0 name: Anna Andersson\n    phone: 031-345 67 89\n",
              (CHEF + ("role",), "Chef"), (CHEF + ("name",), "Anna Andersson"),
              rule="U+00A0"),
    # In a '|' text only the indent is layout: the hard space after "Obs:" is the text's.
    published("hard-spaces-as-indent-of-a-text",
              chef("note: |", "\u00a0\u00a0Obs:\u00a0ring IT.", "\u00a0\u00a0Rad två."),
              (CHEF + ("note",), "Obs:\u00a0ring IT.\nRad två.\n"), rule="U+00A0"),
    published("hard-space-after-a-colon", VALID + "address:\u00a0Storgatan 1\n",
              (("address",), "Storgatan 1"), rule="U+00A0"),
    published("hard-space-after-a-dash", steps("-\u00a0Ring IT-servicedesk"),
              (("checklists", "it", "steps"), ["Ring IT-servicedesk"]), rule="U+00A0"),
    published("hard-space-at-the-end-of-a-line", chef(name="Anna Andersson\u00a0"),
              (CHEF + ("name",), "Anna Andersson"), rule="U+00A0"),
    published("tab-after-a-colon", VALID + "address:\tStorgatan 1\n",
              (("address",), "Storgatan 1"), rule="tabb"),
    published("tab-at-the-end-of-a-line", VALID + "address: Storgatan 1\t\n",
              (("address",), "Storgatan 1"), rule="tabb"),
]


def load(write_tree: Callable[..., Path], text: str | bytes) -> handbook.Handbook:
    units = write_tree({**BASE_TREE, U: text})
    return handbook.read_handbook(units, base=units.parent)


def pick(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        if isinstance(data, list):
            data = next(item for item in data if item.get("id") == step)
        else:
            data = data[step]
    return data


@pytest.mark.parametrize("slip", SLIPS, ids=[s.name for s in SLIPS])
def test_slip(write_tree: Callable[..., Path], slip: Slip) -> None:
    book = load(write_tree, slip.text)
    said = [str(p) for p in sorted(book.problems)]
    assert not [line for line in said if ENGLISH.search(line)], said
    if slip.kind == REFUSED:
        assert said == list(slip.problems)
        return
    assert said == []
    data = book.unit("vc-x").data
    for path, value in slip.values:
        assert pick(data, path) == value, path


def written(slip: Slip, value: Any) -> bool:
    """Whether ``value`` stands in the file exactly as published (each item of a list)."""
    text = slip.text.decode() if isinstance(slip.text, bytes) else slip.text
    values = value if isinstance(value, list) else [value]
    return all(isinstance(v, str) and v in text for v in values)


def guide_section() -> str:
    """CONTRIBUTING.md's table of what is made plain and what is refused."""
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = guide.index("### Tecken från Word, Outlook och Anteckningar")
    return guide[start:guide.index("\n## ", start)]


def test_no_silent_change() -> None:
    """Every published value that is not the file's characters is made so by a rule the
    guide's table names; the count of silent changes is 0."""
    section = guide_section()
    silent = [(slip.name, path) for slip in SLIPS if slip.kind == PUBLISHED
              for path, value in slip.values if not written(slip, value) and not slip.rule]
    assert silent == []
    for slip in SLIPS:
        if slip.rule:
            assert slip.rule in section, slip.name


def test_at_least_forty_slips_and_every_class() -> None:
    assert len(SLIPS) >= 40
    assert {slip.kind for slip in SLIPS} == {REFUSED, PUBLISHED}
    assert len({slip.name for slip in SLIPS}) == len(SLIPS)


def test_validate_says_every_refused_slip_in_swedish(write_tree: Callable[..., Path]) -> None:
    """The command an editor runs: every refused slip, each in its own unit file, in one
    run; each line as in the table, no traceback and none of the parser's English."""
    files: dict[str, str | bytes] = dict(BASE_TREE)
    expected = []
    for number, slip in enumerate(s for s in SLIPS if s.kind == REFUSED):
        name = f"units/slip-{number:02d}.yml"
        files[name] = slip.text
        expected += [line.replace(U, name, 1) for line in slip.problems]
    units = write_tree(files)
    run = subprocess.run([sys.executable, "-m", "handbook", "validate"],
                         cwd=units.parent, capture_output=True, text=True, timeout=120)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output
    assert not [line for line in output.splitlines() if ENGLISH.search(line)]
    for line in expected:
        assert line in output, line


def test_find_person_finds_what_the_loader_made_plain() -> None:
    """A unit file that still holds a number with Word's dash or hard space, or a name
    with a hard space, is found by what the page shows."""
    from handbook.tools.find_person import Needle

    assert [hit for hit, _ in Needle("031-345 67 89").find(
        "a: 1\n    phone: 031–345\u00a067 89\n")] == [2]
    assert [hit for hit, _ in Needle("Anna Andersson").find("name: Anna\u00a0Andersson")] == [1]


def test_editors_tools_refuse_the_invisible_characters_too() -> None:
    """VS Code's YAML support reads the JSON Schema: it marks the same invisible
    characters while the editor types, in a text on one line and in a longer text."""
    from handbook.schema.fields import MARKDOWN, TEXT
    from handbook.schema.scalars import KINDS
    from handbook.schema.textrules import INVISIBLE


    for kind in (TEXT, MARKDOWN):
        pattern = re.compile(KINDS[kind.kind].json(kind)["pattern"])
        assert pattern.match("Seán O’Brien, 08\u00a0–\u00a017 …")
        assert not [c for c in INVISIBLE if pattern.match(f"Anna{c} Andersson")]
