"""Bad unit files → the exact ``path:line:col: field: message`` lines.

Each case writes a small units folder (a valid region, the group ``area`` and
the file under test) and compares every problem found, sorted by place as the
CLI prints them. The expected lines are what an editor *should* read: Swedish,
saying what was expected, what was found and what to write instead.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from unitfiles import DOCUMENT, HEAD, VALID, U

import handbook
from handbook.schema import ids
from handbook.schema.fields import CONTACT, UNIT

pytestmark = pytest.mark.unit
# The day the checks run on, fixed: a run that crosses midnight would otherwise expect
# one day at import and get the next (the future-date case's message names it).
DAY = "2026-12-05"


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_TODAY", DAY)

REPO = Path(__file__).resolve().parents[2]

REGION = "region: Testregionen\ndocument:\n  review_months: 12\n"
AREA = """\
labs:
  - id: lab-a
    name: Labb A
    phone: 031-100 00 00
    referral_agreement: Remiss enligt överenskommelse A.
forms:
  - id: blankett-a
    title: Blankett A
"""
BASE_TREE = {"units/_region.yml": REGION, "units/_groups/area.yml": AREA}


# The keys the messages list, in the schema's order (handbook/schema/fields.py).
UNIT_KEYS = ", ".join(UNIT.fields)
CONTACT_KEYS = ", ".join(CONTACT.fields)
NOT_A_VALID_DATE = ("är inget giltigt datum (månad 01–12 och en dag som finns i månaden); "
                    "skriv ÅÅÅÅ-MM-DD, t.ex. 2026-09-01")
BAD_FILE_NAME = f"är inget giltigt id; {ids.RULE}, t.ex. {ids.EXAMPLE}.yml"
BAD_URL = ("är ingen tillåten adress; adressen ska börja med https://, http://, mailto: "
           "eller tel:, t.ex. https://exempel.se/sida")
EMPTY_FILE = ("(fil): filen är tom; en enhetsfil behöver minst 'name:' och 'document:', "
              "t.ex. 'name: Vårdcentralen Exempel'")
SYNTAX_HINT = ("kontrollera indrag (blanksteg, inte tabb), kolon efter nyckeln och "
               "citattecken som öppnas och stängs")
CYCLE_HINT = "ta bort ett av arven"
PLACEHOLDER_FIX = ("är en platshållare från mallen; skriv enhetens eget värde i stället, utan "
                   "ÄNDRA: och citattecken")


def contact(*lines: str) -> str:
    """A ``contacts:`` list with one item (starts on line 9 after VALID, item on 10)."""
    return "contacts:\n  - " + "\n    ".join(lines) + "\n"


def case(case_id: str, files: dict[str, str | bytes], *expected: str) -> object:
    return pytest.param(files, list(expected), id=case_id)


CASES = [
    case("unknown-key-suggests-phone",
         {U: VALID + contact("id: chef", "role: Chef", "name: Anna Andersson",
                             "phon: 031-345 67 89")},
         # One message for one slip: not also "phone: saknas".
         f"{U}:13:5: contacts[chef].phon: okänd nyckel 'phon'; menade du 'phone'? tillåtna "
         f"nycklar här: {CONTACT_KEYS}"),
    # The Swedish words editors type get their English key ("mobil" is not "email").
    case("swedish-keys-suggest-english",
         {U: VALID + contact("id: chef", "roll: Chef", "namn: Anna Andersson",
                             "phone: 031-345 67 89", "mobil: 070-123 45 67")},
         f"{U}:11:5: contacts[chef].roll: okänd nyckel 'roll'; menade du 'role'? tillåtna "
         f"nycklar här: {CONTACT_KEYS}",
         f"{U}:12:5: contacts[chef].namn: okänd nyckel 'namn'; menade du 'name'? tillåtna "
         f"nycklar här: {CONTACT_KEYS}",
         f"{U}:14:5: contacts[chef].mobil: okänd nyckel 'mobil'; menade du 'alt_phone'? "
         f"tillåtna nycklar här: {CONTACT_KEYS}"),
    # YAML ends an unquoted value at " #": what follows would silently not be published.
    case("comment-after-a-text",
         {U: VALID + contact("id: chef", "role: Chef", "name: Anna Andersson",
                             "phone: 031-345 67 89", "note: Nycklar i skåp #4")},
         f"{U}:14:11: contacts[chef].note: efter värdet står '#4': YAML läser allt från "
         "' #' som en kommentar, så det kommer inte med i handboken; hör det till texten, "
         "skriv hela texten inom citattecken, t.ex. \"Nycklar i skåp #4\"; är det en "
         "kommentar, flytta den till en egen rad"),
    case("comment-after-a-phone-number",
         {U: VALID + contact("id: chef", "role: Chef", "name: Anna Andersson",
                             "phone: 031-345 67 89  # växel")},
         f"{U}:13:12: contacts[chef].phone: efter värdet står '# växel': YAML läser allt "
         "från ' #' som en kommentar, så det kommer inte med i handboken; skriv "
         "kommentaren på en egen rad ovanför, som börjar med '#'"),
    # A leading '&word' or '! ' is YAML's, not the text's: it would vanish.
    case("anchor-at-the-start-of-a-text",
         {U: VALID + contact("id: chef", "role: Chef", "name: Anna Andersson",
                             "phone: 031-345 67 89", "note: &viktigt ring före 8")},
         f"{U}:14:11: contacts[1].note: ankare och alias ('&namn', '*namn') är inte "
         "tillåtna, här '&viktigt'; skriv ut värdet på varje ställe där det behövs; hör "
         "tecknet till texten, skriv hela texten inom citattecken"),
    case("bang-at-the-start-of-a-text",
         {U: VALID + contact("id: chef", "role: Chef", "name: Anna Andersson",
                             "phone: 031-345 67 89", "note: ! Ring före 8")},
         f"{U}:14:11: contacts[chef].note: värdet börjar med '!', som YAML läser som en "
         "tagg och tar bort ur texten; skriv hela texten inom citattecken, t.ex. "
         "\"! Ring före 8\""),
    # "ÄNDRA: t.ex. Lena Ek" with only "ÄNDRA:" removed.
    case("template-example-left-in",
         {U: VALID + contact("id: chef", "role: Chef", "name: t.ex. Lena Ek",
                             "phone: 031-345 67 89")},
         f"{U}:12:11: contacts[chef].name: 't.ex. Lena Ek' börjar med 't.ex.' som mallens "
         "exempel; skriv enhetens eget värde utan 't.ex.'"),
    # A date ahead would show the plan as current until years from now.
    case("approval-date-in-the-future",
         {U: HEAD + DOCUMENT.replace("2026-09-01", "2052-11-17")},
         f"{U}:7:13: document.approved: 2052-11-17 ligger i framtiden; skriv datumet då "
         "det skedde (planen fastställdes, kontrollen gjordes, övningen hölls), senast i "
         f"dag {DAY}"),
    # One space too far: the next step became the end of this one (validate said 0).
    case("list-item-indented-one-too-far",
         {U: VALID + "return_to_normal:\n  steps:\n    - Mata in allt i journalen.\n"
                     "     - Ring IT när systemet är uppe.\n"},
         f"{U}:11:7: return_to_normal.steps[1]: raden 12 börjar med '- ' men räknas som en "
         "fortsättning på punkten ovanför, eftersom den är indragen för långt: skriv '-' "
         "rakt under '-' i punkten ovanför (kolumn 5), så blir den en egen punkt; hör raden "
         "till texten, skriv hela texten inom citattecken"),
    # A key's text that runs on into a line starting with '- ': one text, not two points.
    case("text-continued-by-a-dash-line",
         {U: VALID + contact("id: chef", "role: Chef", "name: Anna Andersson",
                             "phone: 031-345 67 89", "note: Ring IT först",
                             "  - Meddela chefen")},
         f"{U}:14:11: contacts[chef].note: raden 15 börjar med '- ' men YAML läser den som "
         "en fortsättning på texten på rad 14, och '- ' blir en del av texten; skriv texten "
         "på en rad, eller sätt hela texten inom citattecken om raden hör till den"),
    # One letter off an inherited id: a second form instead of the unit's copy of the first
    # (and no "title: saknas" as well: one message for one slip).
    case("override-id-one-letter-off",
         {U: VALID + "forms:\n  - id: blanket-a\n    paper_location: Skåp 2\n"},
         f"{U}:10:9: forms[blanket-a].id: id 'blanket-a' finns inte bland de ärvda; menade "
         "du 'blankett-a'? Samma id ändrar den ärvda raden, ett nytt id lägger till en ny; "
         "är det en ny rad, ge den ett id som skiljer sig mer"),
    # YAML syntax slips, said in Swedish on the line to fix, with the fix.
    case("colon-inside-a-text",
         {U: VALID + "address: Obs: ingång B\n"},
         f"{U}:9:13: (fil): texten innehåller ': ', som YAML läser som en ny nyckel; sätt "
         "hela texten inom citattecken, t.ex. address: \"Obs: ingång B\""),
    case("no-space-after-a-colon",
         {U: VALID + "address:Storgatan 1\norganisation: Närhälsan\n"},
         f"{U}:9:9: (fil): det saknas ett blanksteg efter kolon: skriv 'address: "
         "Storgatan 1'"),
    # A text that starts with a sign YAML reads as its own: quote the whole text.
    case("text-starting-with-a-quoted-word",
         {U: VALID + 'address: "Röd" mapp i receptionen\n'},
         f"{U}:9:10: (fil): texten börjar med ett citattecken, så YAML läser bara det som "
         "står inom citattecknen och inte resten av raden; sätt hela texten inom "
         "citattecken, t.ex. address: '\"Röd\" mapp i receptionen'"),
    case("text-starting-with-a-bracket",
         {U: VALID + "address: [Obs] ingång B\n"},
         f"{U}:9:10: (fil): texten börjar med '[', som YAML läser som början på en lista och "
         "inte resten av raden; sätt hela texten inom citattecken, t.ex. "
         "address: \"[Obs] ingång B\""),
    case("text-starting-with-an-at-sign",
         {U: VALID + "address: @receptionen\n"},
         f"{U}:9:10: (fil): en text kan inte börja med '@' i YAML; sätt hela texten inom "
         "citattecken, t.ex. address: \"@receptionen\""),
    case("text-starting-with-a-percent-sign",
         {U: VALID + "contacts:\n  - id: chef\n    note: %-andel av tiderna\n"},
         f"{U}:11:11: (fil): en text kan inte börja med '%' i YAML; sätt hela texten inom "
         "citattecken, t.ex. note: \"%-andel av tiderna\""),
    # An unclosed quote: YAML reads on to the next quote and fails far below.
    case("quote-not-closed",
         {U: VALID + 'address: "Storgatan 1\norganisation: Närhälsan\n'
                     'region: "Region X"\nhsa_id: SE1\n'},
         f"{U}:9:10: (fil): texten börjar med ett citattecken som inte stängs på raden: "
         "avsluta texten med samma tecken (\"), eller ta bort det"),
    case("tab-in-the-indent",
         {U: VALID + "contacts:\n\t- id: chef\n"},
         f"{U}:10:1: (fil): en tabb i indraget: byt tabben mot blanksteg (YAML drar in med "
         "blanksteg, två per nivå)"),
    case("key-indented-one-short",
         {U: VALID + "contacts:\n  - id: chef\n    role: Chef\n   name: Anna Andersson\n"},
         f"{U}:12:4: (fil): raden är indragen till kolumn 4 men raden ovanför (rad 11) "
         "börjar i kolumn 5: dra in raden lika långt, med blanksteg, så hör den till samma "
         "avsnitt"),
    case("key-indented-one-too-far",
         {U: VALID + "contacts:\n  - id: chef\n    role: Chef\n     name: Anna Andersson\n"},
         f"{U}:12:6: (fil): raden är indragen till kolumn 6 men raden ovanför (rad 11) "
         "börjar i kolumn 5: dra in raden lika långt, med blanksteg, så hör den till samma "
         "avsnitt"),
    # A contact pasted without its '- ': its keys repeat the item above. Not "remove one".
    case("list-item-pasted-without-its-dash",
         {U: VALID + contact("id: chef", "role: Chef", "name: Anna Andersson",
                             "phone: 031-345 67 89", "id: it", "role: IT-stöd",
                             "name: Bo Ek", "phone: 031-345 67 00")},
         f"{U}:14:5: contacts[chef].id: nyckeln 'id' finns redan på rad 10; börjar en ny rad "
         "i listan här, skriv '- ' före dess första nyckel, som på rad 10; annars ta bort "
         "den ena"),
    case("unknown-key-in-inherited-contact",
         {"units/_region.yml": REGION + "contacts:\n  - id: tib\n    role: TIB\n"
                                        "    name: Tjänsteman i beredskap\n"
                                        "    phone: 010-441 00 00\n",
          U: VALID + contact("id: tib", "phon: 010-441 00 01")},
         f"{U}:11:5: contacts[tib].phon: okänd nyckel 'phon'; menade du 'phone'? tillåtna "
         f"nycklar här: {CONTACT_KEYS}"),
    case("top-level-typo-drops-lab",
         {U: VALID + "lab:\n  - id: lab-b\n    name: Labb B\n    phone: 031-200 00 00\n"
                     "    referral_agreement: Enligt B.\n"},
         f"{U}:9:1: lab: okänd nyckel 'lab'; menade du 'labs'? tillåtna nycklar här: "
         f"{UNIT_KEYS}"),
    case("duplicate-key",
         {U: VALID + "address: Storgatan 1\naddress: Storgatan 2\n"},
         f"{U}:10:1: address: nyckeln 'address' finns redan på rad 9; ta bort den ena"),
    # An invalid value must not also be reported as missing.
    case("date-month-13",
         {U: HEAD + DOCUMENT.replace("2026-09-01", "2026-13-01")},
         f"{U}:7:13: document.approved: '2026-13-01' {NOT_A_VALID_DATE}"),
    case("date-february-30",
         {U: HEAD + DOCUMENT.replace("2026-09-01", "2026-02-30")},
         f"{U}:7:13: document.approved: '2026-02-30' {NOT_A_VALID_DATE}"),
    case("date-written-swedish-style",
         {U: HEAD + DOCUMENT.replace("2026-09-01", "1/9 2026")},
         f"{U}:7:13: document.approved: '1/9 2026' är inget datum; skriv ÅÅÅÅ-MM-DD, "
         "t.ex. 2026-09-01"),
    # The hint names no command: an editor in the code host's web editor cannot run one.
    case("empty-file", {U: ""}, f"{U}:1:1: {EMPTY_FILE}"),
    case("only-a-comment", {U: "# Fylls i senare\n"}, f"{U}:1:1: {EMPTY_FILE}"),
    # Only the wrong shape; no follow-up "saknas" lines, and none blaming _region.yml.
    case("list-where-mapping-belongs",
         {U: HEAD + "document: [a, b]\n"},
         f"{U}:4:11: document: förväntade nycklar med värden (en mappning, t.ex. "
         "'nyckel: värde'), fann en lista"),
    case("mapping-where-list-belongs",
         {U: VALID + "contacts:\n  id: chef\n  role: Chef\n"},
         f"{U}:10:3: contacts: förväntade en lista (rader som börjar med '- '), fann "
         "nycklar med värden"),
    # Missing required fields are the unit's to add, so they point at the unit file.
    case("unit-without-document",
         {U: HEAD},
         f"{U}:1:1: document.approved: saknas; lägg till datum då planen fastställdes "
         "(ÅÅÅÅ-MM-DD), t.ex. 'approved: 2026-09-01'",
         f"{U}:1:1: document.approved_by: saknas; lägg till vem som fastställde planen, "
         "t.ex. 'approved_by: Anna Andersson'",
         f"{U}:1:1: document.owner: saknas; lägg till dokumentägare, vanligen "
         "verksamhetschefen, t.ex. 'owner: Anna Andersson, verksamhetschef'",
         f"{U}:1:1: document.version: saknas; lägg till planens versionsnummer, t.ex. "
         "'version: 1.2'"),
    case("not-utf8",
         {U: b"name: VC X\nhsa_id: SE2321000131-E000000011111\naddress: G\xe5rdsten 1\n"
             + DOCUMENT.encode()},
         f"{U}:3:11: (fil): filen är inte UTF-8 (byte 0xe5); spara den som UTF-8, t.ex. "
         "'Spara som' → kodning UTF-8"),
    # The tag as the editor wrote it, not PyYAML's expanded 'tag:yaml.org,2002:...'.
    case("python-object-tag",
         {U: VALID + "address: !!python/object:os.system ls\n"},
         f"{U}:9:10: address: taggen '!!python/object:os.system' är inte tillåten; ta bort "
         "den (skriv bara värdet)"),
    case("custom-tag",
         {U: VALID + "address: !foo Storgatan 1\n"},
         f"{U}:9:10: address: taggen '!foo' är inte tillåten; ta bort den (skriv bara "
         "värdet)"),
    case("unknown-group-suggests",
         {U: VALID.replace("  - area", "  - aera")},
         f"{U}:3:5: extends[1]: gruppen 'aera' finns inte i units/_groups/; menade du "
         "'area'? befintliga grupper: area"),
    # Each file of the cycle once, however many units use the groups.
    case("group-cycle",
         {"units/_groups/a.yml": "extends:\n  - b\n",
          "units/_groups/b.yml": "extends:\n  - a\n",
          U: VALID.replace("  - area", "  - a")},
         "units/_groups/a.yml:2:5: extends[1]: grupperna ärver från varandra i en cykel: "
         f"b → a → b; {CYCLE_HINT}",
         "units/_groups/b.yml:2:5: extends[1]: grupperna ärver från varandra i en cykel: "
         f"a → b → a; {CYCLE_HINT}"),
    case("group-extends-unknown-group",
         {"units/_groups/area.yml": "extends:\n  - nope\n" + AREA, U: VALID},
         "units/_groups/area.yml:2:5: extends[1]: gruppen 'nope' finns inte i "
         "units/_groups/; befintliga grupper: area"),
    case("invalid-file-names",
         {"units/VC_X.yml": VALID, "units/vårdcentral.yml": VALID,
          "units/vc-x.yaml": VALID},
         f"units/VC_X.yml:1:1: (fil): filnamnet 'VC_X.yml' {BAD_FILE_NAME}",
         "units/vc-x.yaml:1:1: (fil): filen 'vc-x.yaml' ska sluta på .yml (inte .yaml "
         "eller annat)",
         f"units/vårdcentral.yml:1:1: (fil): filnamnet 'vårdcentral.yml' {BAD_FILE_NAME}"),
    case("reserved-ids",
         {"units/index.yml": VALID, "units/handbok.yml": VALID},
         "units/handbok.yml:1:1: (fil): filnamnet 'handbok.yml' är reserverat: handboken "
         "använder 'handbok' för hela handbokens PDF; välj ett annat id, t.ex. "
         "vc-handbok.yml",
         "units/index.yml:1:1: (fil): filnamnet 'index.yml' är reserverat: handboken "
         "använder 'index' för sidan med alla enheter; välj ett annat id, t.ex. "
         "vc-index.yml"),
    case("stray-underscore-file",
         {"units/_other.yml": VALID},
         "units/_other.yml:1:1: (fil): okänd specialfil; bara _region.yml och mappen "
         "_groups/ får börja med '_'"),
    case("int-leading-zero",
         {U: VALID + "  review_months: 012\n"},
         f"{U}:9:18: document.review_months: skriv talet utan inledande nolla, t.ex. 12"),
    case("int-quoted",
         {U: VALID + '  review_months: "12"\n'},
         f"{U}:9:18: document.review_months: skriv talet utan citattecken, t.ex. 12"),
    case("int-out-of-range",
         {U: VALID + "  review_months: 99\n"},
         f"{U}:9:18: document.review_months: 99 är utanför det tillåtna intervallet 1–36"),
    case("bool-yes",
         {U: VALID + "forms:\n  - id: blankett-a\n    drop: yes\n"},
         f"{U}:11:11: forms[blankett-a].drop: skriv true eller false utan citattecken, inte 'yes' "
         "(yes/no tolkas olika av olika YAML-verktyg)"),
    # An invalid value must not also be reported as missing.
    case("phone-not-a-number",
         {U: VALID + contact("id: chef", "role: Chef", "name: Anna Andersson",
                             "phone: abc")},
         f"{U}:13:12: contacts[chef].phone: 'abc' är inget telefonnummer; skriv siffror med "
         "blanksteg eller bindestreck, t.ex. 031-345 67 89 eller +46 31 345 67 89"),
    case("time-25",
         {U: VALID + "routines:\n  calendar:\n    print_time: 25:00\n"},
         f"{U}:11:17: routines.calendar.print_time: '25:00' är inget klockslag; skriv "
         "TT:MM, t.ex. 08:30 eller 15:00"),
    case("url-javascript",
         {U: VALID + "fault_report:\n  url: javascript:alert(1)\n"},
         f"{U}:10:8: fault_report.url: 'javascript:alert(1)' {BAD_URL}"),
    case("url-ftp",
         {U: VALID + "fault_report:\n  url: ftp://x\n"},
         f"{U}:10:8: fault_report.url: 'ftp://x' {BAD_URL}"),
    case("missing-name-and-approved",
         {U: "extends:\n  - area\n" + DOCUMENT.replace("  approved: 2026-09-01\n", "")},
         f"{U}:1:1: name: saknas; lägg till enhetens namn, t.ex. 'name: Vårdcentralen "
         "Exempel'",
         f"{U}:4:3: document.approved: saknas; lägg till datum då planen fastställdes "
         "(ÅÅÅÅ-MM-DD), t.ex. 'approved: 2026-09-01'"),
    # One missing id, one line.
    case("item-without-id",
         {U: VALID + contact("role: Chef", "name: Anna Andersson", "phone: 031-123 45 67")},
         f"{U}:10:5: contacts[1]: id saknas; varje objekt i listan behöver ett id, t.ex. "
         "'id: exempel-id' (samma id i en enhet ändrar det ärvda)"),
    case("duplicate-id",
         {U: VALID + contact("id: chef", "role: Chef", "name: Anna", "phone: 031-123 45 67")
             + "  - id: chef\n    role: Chef 2\n    name: Bo\n    phone: 031-123 45 68\n"},
         f"{U}:14:5: contacts[chef].id: id 'chef' finns redan på rad 10 i samma lista; ge "
         "objekten olika id"),
    case("drop-nothing-inherited",
         {U: VALID + "forms:\n  - id: blankett-b\n    drop: true\n"},
         f"{U}:10:5: forms[blankett-b].drop: det finns inget ärvt objekt med id "
         "'blankett-b' att ta bort; kontrollera stavningen av id"),
    case("yaml-bad-indentation",
         {U: HEAD + 'document:\n  version: "1.0"\n   owner: Anna\n'},
         f"{U}:6:4: (fil): raden är indragen till kolumn 4 men raden ovanför (rad 5) börjar "
         "i kolumn 3: dra in raden lika långt, med blanksteg, så hör den till samma avsnitt"),
    # Indented far off its neighbours: no guess, what the parser found said in Swedish.
    case("yaml-indentation-far-off",
         {U: HEAD + 'document:\n  version: "1.0"\n        owner: Anna\n'},
         f"{U}:6:9: (fil): YAML kan inte läsa filen här: raden är indragen så att den inte "
         f"hör till avsnittet ovanför; {SYNTAX_HINT}"),
    case("two-yaml-documents",
         {U: VALID + "---\nname: VC Y\n"},
         f"{U}:9:1: (fil): filen innehåller flera YAML-dokument ('---'); en enhet per fil"),
    case("key-not-a-string",
         {U: VALID + "1: x\n"},
         f"{U}:9:1: (fil): en nyckel måste vara ett ord, t.ex. 'name'"),
    # A required field: not "saknas" twice, and "ta bort raden" would make it missing.
    case("name-empty",
         {U: "name:\n" + VALID.split("\n", 1)[1]},
         f"{U}:1:6: name: värdet saknas; skriv ett värde efter kolon, t.ex. 'name: "
         "Vårdcentralen Exempel'"),
    # Layer-only problems point at the key, like an unknown key does.
    case("name-in-group",
         {"units/_groups/area.yml": "name: Området\n" + AREA, U: VALID},
         "units/_groups/area.yml:1:1: name: 'name' hör hemma i en enhetsfil, inte i "
         "regionens eller en grupps gemensamma fil"),
    # A group's name is the group's own; a unit or the region must not write one.
    case("group-name-in-unit",
         {U: VALID + "group_name: Enhetens grupp\n"},
         f"{U}:9:1: group_name: 'group_name' hör hemma i en grupps fil (units/_groups/), "
         "inte i en enhetsfil; ta bort raden"),
    case("group-name-in-region",
         {"units/_region.yml": "group_name: Regionen\n" + REGION, U: VALID},
         "units/_region.yml:1:1: group_name: 'group_name' hör hemma i en grupps fil "
         "(units/_groups/), inte i regionens fil; ta bort raden"),
    # How the binders print is the region's one setting (single- or double-sided).
    case("binder-sides-unknown",
         {"units/_region.yml": REGION + "binder:\n  sides: duplex\n", U: VALID},
         "units/_region.yml:5:10: binder.sides: 'duplex' är inte tillåtet; skriv ett av: "
         "dubbelsidig, enkelsidig"),
    case("binder-in-unit",
         {U: VALID + "binder:\n  sides: enkelsidig\n"},
         f"{U}:9:1: binder: 'binder' gäller alla pärmar och skrivs bara i regionens fil "
         "(units/_region.yml); ta bort raden här"),
    case("binder-in-group",
         {"units/_groups/area.yml": AREA + "binder:\n  sides: enkelsidig\n", U: VALID},
         "units/_groups/area.yml:9:1: binder: 'binder' gäller alla pärmar och skrivs bara i "
         "regionens fil (units/_region.yml); ta bort raden här"),
    case("extends-in-region",
         {"units/_region.yml": "extends:\n  - area\n" + REGION, U: VALID},
         "units/_region.yml:1:1: extends: regionen ärver inte från grupper; ta bort "
         "'extends'"),
    # A value left from the scaffold ('python -m handbook new'): the field, what to write.
    case("placeholder-left",
         {U: HEAD + DOCUMENT.replace('"1.0"', '"ÄNDRA: t.ex. 1.2"')},
         f"{U}:5:12: document.version: 'ÄNDRA: t.ex. 1.2' {PLACEHOLDER_FIX}, t.ex. "
         "'version: 1.2'"),
    case("placeholder-left-in-list-and-block",
         {U: VALID + "maintainers:\n  - \"ÄNDRA: t.ex. anna-andersson\"\n"
                     "routines:\n  lab:\n    text: |\n      ÄNDRA: skriv texten här\n"},
         f"{U}:10:5: maintainers[1]: 'ÄNDRA: t.ex. anna-andersson' {PLACEHOLDER_FIX}",
         f"{U}:13:11: routines.lab.text: 'ÄNDRA: skriv texten här' {PLACEHOLDER_FIX}"),
    # CODEOWNERS is written from maintainers: only real user names get there.
    case("maintainer-not-a-user-name",
         {U: VALID + "maintainers:\n  - '@anna-andersson'\n  - Anna Andersson\n"},
         f"{U}:10:5: maintainers[1]: skriv användarnamnet utan @, t.ex. anna-andersson",
         f"{U}:11:5: maintainers[2]: 'Anna Andersson' är inget användarnamn på kodvärden; "
         "skriv användarnamnet (bokstäver, siffror och bindestreck, inte namnet eller "
         "e-postadressen), t.ex. anna-andersson"),
    case("many-problems-in-one-file",
         {U: VALID + "  review_months: 012\n"           # 9
                     "adress: Storgatan 1\n"             # 10
                     "forms:\n  - id: blankett-a\n"      # 11-12
                     "    drop: yes\n"                   # 13
                     "fault_report:\n"                   # 14
                     "  url: javascript:alert(1)\n"      # 15
                     "routines:\n  calendar:\n"          # 16-17
                     "    print_time: 25:00\n"},         # 18
         f"{U}:9:18: document.review_months: skriv talet utan inledande nolla, t.ex. 12",
         f"{U}:10:1: adress: okänd nyckel 'adress'; menade du 'address'? tillåtna nycklar "
         f"här: {UNIT_KEYS}",
         f"{U}:13:11: forms[blankett-a].drop: skriv true eller false utan citattecken, inte 'yes' "
         "(yes/no tolkas olika av olika YAML-verktyg)",
         f"{U}:15:8: fault_report.url: 'javascript:alert(1)' {BAD_URL}",
         f"{U}:18:17: routines.calendar.print_time: '25:00' är inget klockslag; skriv "
         "TT:MM, t.ex. 08:30 eller 15:00"),
]


def test_hash_inside_quotes_and_comment_lines_are_fine(
        write_tree: Callable[..., Path]) -> None:
    """A quoted text may hold " #", and a comment after it was written as one; '#'
    without a space before it is text; a comment on a line of its own is a comment."""
    units = write_tree({**BASE_TREE, U: VALID + "# Enhetens kontakter\n" + contact(
        "id: chef", "role: Chef  ", "name: \"Anna #1 Andersson\" # chef",
        "phone: 031-345 67 89", "note: Skåp#4 och rum 2")})
    book = handbook.read_handbook(units, base=units.parent)
    assert book.problems == []
    [person] = book.unit("vc-x").data["contacts"]
    assert (person["name"], person["note"]) == ("Anna #1 Andersson", "Skåp#4 och rum 2")


def test_an_added_item_with_a_purposely_close_id_is_fine(
        write_tree: Callable[..., Path]) -> None:
    """'blankett-b' beside the inherited 'blankett-a', and 'lab-a2', are new items on
    purpose: a short last part or digits are how items are numbered."""
    units = write_tree({**BASE_TREE, U: VALID + "forms:\n  - id: blankett-b\n"
                        "    title: Blankett B\n"})
    assert handbook.read_handbook(units, base=units.parent).problems == []


def test_base_tree_is_valid(write_tree: Callable[..., Path]) -> None:
    units = write_tree({**BASE_TREE, U: VALID})
    assert handbook.read_handbook(units, base=units.parent).problems == []


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_bad_input_reports_every_problem(write_tree: Callable[..., Path],
                                         files: dict[str, str | bytes],
                                         expected: list[str]) -> None:
    units = write_tree({**BASE_TREE, **files})
    book = handbook.read_handbook(units, base=units.parent)
    assert [str(p) for p in sorted(book.problems)] == expected


# --- the command line -------------------------------------------------------


def validate(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handbook", "validate", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=120)


BROKEN_TREE = {
    **BASE_TREE,
    "units/_groups/area.yml": AREA + "colour: blå\n",               # line 9
    "units/_groups/other.yml": "organisation: Annat\nfärg: röd\n",  # line 2
    "units/vc-a.yml": VALID + "adress: Storgatan 1\n",              # line 9
    "units/vc-b.yml": VALID.replace("  - area", "  - other").replace("VC X", "VC B")
    + "hsa: 1\n",
}
AREA_PROBLEM = (f"units/_groups/area.yml:9:1: colour: okänd nyckel 'colour'; tillåtna "
                f"nycklar här: {UNIT_KEYS}")
OTHER_PROBLEM = (f"units/_groups/other.yml:2:1: färg: okänd nyckel 'färg'; tillåtna "
                 f"nycklar här: {UNIT_KEYS}")
VC_A_PROBLEM = (f"units/vc-a.yml:9:1: adress: okänd nyckel 'adress'; menade du 'address'? "
                f"tillåtna nycklar här: {UNIT_KEYS}")
VC_B_PROBLEM = (f"units/vc-b.yml:9:1: hsa: okänd nyckel 'hsa'; menade du 'hsa_id'? "
                f"tillåtna nycklar här: {UNIT_KEYS}")


def test_cli_valid_folder_exits_0_with_a_swedish_summary(
        write_tree: Callable[..., Path]) -> None:
    """Nothing on stdout (the problem lines' channel), one Swedish line on stderr: an
    editor can tell a pass from a crash."""
    units = write_tree({**BASE_TREE, U: VALID + "maintainers:\n  - anna-andersson\n  - bo-berg\n"})
    result = validate(units.parent)
    assert (result.returncode, result.stdout, result.stderr) == \
        (0, "", "1 enhet kontrollerad, inga fel\n")
    result = validate(REPO, "units")
    assert (result.returncode, result.stdout, result.stderr) == \
        (0, "", f"{len(list((REPO / 'units').glob('[!_]*.yml')))} enheter kontrollerade, "
                "inga fel\n")


def test_cli_bad_folder_exits_1_with_problem_lines(write_tree: Callable[..., Path]) -> None:
    units = write_tree(BROKEN_TREE)
    result = validate(units.parent, "units")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [AREA_PROBLEM, OTHER_PROBLEM, VC_A_PROBLEM,
                                          VC_B_PROBLEM]


def test_cli_default_path_is_units(write_tree: Callable[..., Path]) -> None:
    units = write_tree(BROKEN_TREE)
    assert validate(units.parent).stdout == validate(units.parent, "units").stdout


def test_cli_one_unit_shows_its_problems_and_its_layers_only(
        write_tree: Callable[..., Path]) -> None:
    units = write_tree(BROKEN_TREE)
    result = validate(units.parent, "units/vc-a.yml")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [AREA_PROBLEM, VC_A_PROBLEM]


def test_cli_one_valid_unit_beside_a_broken_one_exits_0(
        write_tree: Callable[..., Path]) -> None:
    units = write_tree({**BROKEN_TREE, "units/_groups/area.yml": AREA, "units/vc-a.yml": VALID})
    result = validate(units.parent, "units/vc-a.yml")
    assert (result.returncode, result.stdout) == (0, "")


def test_cli_nonexistent_path_exits_2(write_tree: Callable[..., Path]) -> None:
    units = write_tree({**BASE_TREE, U: VALID})
    result = validate(units.parent, "units/finns-inte.yml")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "finns-inte.yml" in result.stderr


def test_cli_real_units_are_valid() -> None:
    result = validate(REPO)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
