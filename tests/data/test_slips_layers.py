"""Layer traps: everyday slips that used to change a plan in silence (issue #27).

Each row is one slip, made as an editor makes it, on a copy of the example units:
the edit, its class and what the editor or the reviewer reads.

- refused: ``validate`` fails, with the exact problem lines;
- warned: ``validate`` passes with the exact warning lines, and ``diff`` shows the
  effect;
- shown in diff: ``validate`` passes in silence, and ``python -m handbook diff``
  (which the pull request's summary shows) names the effect, exactly, with its
  warnings (the lines that start "varning:").

The example units are the fixture; an edit names the text it replaces, so a row
fails loudly (not silently) when the example changes under it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from handbook.data.project import read_handbook
from handbook.history.plandiff import compare
from handbook.plan.advice import warnings_for

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
REFUSED, WARNED, DIFF = "refused", "warned", "shown in diff"
ANGEN = "units/vc-angen.yml"


def line_of(name: str, text: str) -> int:
    """The line, in the example file as it stands, where text first starts (as an edit
    finds it): rows name lines through it, so the examples may grow above them."""
    content = (REPO / name).read_text(encoding="utf-8")
    assert text in content, f"{text!r} is no longer in {name}"
    return content[:content.index(text)].count("\n") + 1


# The lines the rows name, found in the example units before the edit.
TIB = line_of(ANGEN, "  - id: tib\n    called_by")  # deleting it pulls called_by up
PAD_ORDERING = line_of(ANGEN, "    pad_ordering: Katarina Lindqvist beställer nya "
                              "receptblock, minst 20 i lager\n")
KORTEDALA_CHECKLISTS = line_of("units/vc-kortedala.yml", "checklists:\n")
KASSABLAD = line_of(ANGEN, "  - id: kassablad-narhalsan\n")
CALL_ORDER_1 = line_of(ANGEN, "    call_order: 1\n")
CALL_ORDER_3 = line_of(ANGEN, "    call_order: 3\n")
VANERSBORG_ALT = line_of("units/vc-vanersborg.yml", "    alt_phone: privat\n")
LAB_PHONE = line_of(ANGEN, "031-345 71 40")
LAB_HOURS = line_of(ANGEN, "    hours: Vardagar 07.30–15.30\n")


@dataclass(frozen=True)
class Slip:
    """One slip: the edits (file, text, replacement), its class, what is said."""

    name: str
    edits: tuple[tuple[str, str, str], ...]
    kind: str
    said: tuple[str, ...]  # validate's lines (problems and warnings), sorted
    effect: dict[str, tuple[str, ...]] = field(default_factory=dict)  # diff, per unit
    private: bool = False  # with the example's private layer
    copy: tuple[str, str] | None = None  # a unit file copied (from, to) before the edits


SLIPS = [
    Slip('id-line-deleted-moves-lines-onto-the-contact-above',
         (('units/vc-angen.yml',
           '  - id: tib\n    called_by',
           '    called_by'),),
         WARNED,
         ((f'units/vc-angen.yml:{TIB}:16: contacts[it-kontakt].called_by: varning: raden hör '
           f"till 'it-kontakt' under Kontakter ovanför, efter en tom rad (rad {TIB - 1}); har "
           "raden '- id: …' före den tagits bort? Ska raderna gälla en annan, skriv '- id: …' "
           'på en egen rad före dem; annars ta bort den tomma raden'),),
         {'vc-angen': (("Kontakt 'Tjänsteman i beredskap (TIB)': Ringas av ändrad: 'Ahmed "
                        "Yousef, annars Katarina Lindqvist' → 'Enhetens "
                        "kontinuitetsansvarig, ingen annan' (ärvd från regionen, förut "
                        'enhetens fil)'),
                       ("Kontakt 'IT-kontaktperson på plats': Ringas av tillagd: 'Ahmed "
                        "Yousef, annars Katarina Lindqvist' (enhetens fil)"),
                       (f"units/vc-angen.yml:{TIB}: varning: raden hör till 'it-kontakt' under "
                        f"Kontakter ovanför, efter en tom rad (rad {TIB - 1}); har raden '- id: …' "
                        "före den tagits bort? Ska raderna gälla en annan, skriv '- id: …' "
                        'på en egen rad före dem; annars ta bort den tomma raden'),)}),
    Slip('link-added-replaces-the-regions-list',
         (('units/vc-angen.yml',
           ('    pad_ordering: Katarina Lindqvist beställer nya receptblock, minst 20 i '
            'lager\n'),
           ('    pad_ordering: Katarina Lindqvist beställer nya receptblock, minst 20 i '
            'lager\n    links:\n      - title: FASS\n        url: https://fass.se\n')),),
         WARNED,
         ((f'units/vc-angen.yml:{PAD_ORDERING + 2}:7: routines.prescriptions.links: varning: '
           'listan ersätter '
           "hela den ärvda listan från regionen, så 'Receptblanketter – riktlinjer och "
           "beställning', 'Reservrutin när ordination i Pascal inte är möjlig' och "
           "'Reservrutin för licensmotivering (KLAS)' "
           'försvinner; en lista utan id ärvs inte i delar. Ska raderna läggas till, skriv '
           'också de ärvda raderna du vill behålla i listan här'),),
         {'vc-angen': ("Länk 'FASS' tillagd (enhetens fil)",
                       ("Länk 'Receptblanketter – riktlinjer och beställning' borttagen "
                        '(ärvd från regionen)'),
                       ("Länk 'Reservrutin när ordination i Pascal inte är möjlig' borttagen "
                        '(ärvd från regionen)'),
                       ("Länk 'Reservrutin för licensmotivering (KLAS)' borttagen "
                        '(ärvd från regionen)'),
                       (f'units/vc-angen.yml:{PAD_ORDERING + 2}: varning: listan ersätter hela '
                        'den ärvda '
                        "listan från regionen, så 'Receptblanketter – riktlinjer och "
                        "beställning', 'Reservrutin när ordination i Pascal inte är "
                        "möjlig' och 'Reservrutin för licensmotivering (KLAS)' försvinner; en "
                        "lista utan id ärvs inte i delar. Ska raderna "
                        'läggas till, skriv också de ärvda raderna du vill behålla i listan '
                        'här'),)}),
    Slip('checklist-step-added-replaces-the-regions-steps',
         (('units/vc-kortedala.yml',
           'checklists:\n',
           ('checklists:\n  - id: journal-nere\n    steps:\n      - Ring vaktmästaren '
            '031-345 82 00.\n')),),
         WARNED,
         ((f'units/vc-kortedala.yml:{KORTEDALA_CHECKLISTS + 3}:7: '
           'checklists[journal-nere].steps: varning: listan '
           "ersätter hela den ärvda listan från regionen, så 'Kontrollera med en kollega att "
           "felet inte bara gäller din d…', 'Skapa ett ärende i serviceportalen eller ring "
           "IT Servicedes…', 'Informera verksamhetschefen och kollegorna.' och 3 till "
           'försvinner; en lista utan id ärvs inte i delar. Ska raderna läggas till, skriv '
           'också de ärvda raderna du vill behålla i listan här'),),
         {'vc-kortedala': (("Checklista 'AsynjaVisph fungerar inte': Åtgärder: raden 'Ring "
                            "vaktmästaren 031-345 82 00.' tillagd (enhetens fil)"),
                           ("Checklista 'AsynjaVisph fungerar inte': Åtgärder: raden "
                            "'Kontrollera med en kollega att felet inte bara gäller din "
                            "dator.' borttagen (ärvd från regionen)"),
                           ("Checklista 'AsynjaVisph fungerar inte': Åtgärder: raden 'Skapa "
                            "ett ärende i serviceportalen eller ring IT Servicedesk 010-441 50 "
                            "00.' borttagen (ärvd från regionen)"),
                           ("Checklista 'AsynjaVisph fungerar inte': Åtgärder: raden "
                            "'Informera verksamhetschefen och kollegorna.' borttagen (ärvd "
                            'från regionen)'),
                           ("Checklista 'AsynjaVisph fungerar inte': Åtgärder: raden 'Ta "
                            "fram pappersjournaler och dagens bokningslista (utskriven dagen "
                            "innan).' borttagen (ärvd från regionen)"),
                           ("Checklista 'AsynjaVisph fungerar inte': Åtgärder: raden 'Använd "
                            "läskopian först när TIB har beslutat om läsläge.' borttagen "
                            '(ärvd från regionen)'),
                           ("Checklista 'AsynjaVisph fungerar inte': Åtgärder: raden "
                            "'Dokumentera på papper tills systemet fungerar igen.' borttagen "
                            '(ärvd från regionen)'),
                           (f'units/vc-kortedala.yml:{KORTEDALA_CHECKLISTS + 3}: varning: listan '
                            'ersätter hela den '
                            "ärvda listan från regionen, så 'Kontrollera med en kollega att "
                            "felet inte bara gäller din d…', 'Skapa ett ärende i "
                            "serviceportalen eller ring IT Servicedes…', 'Informera "
                            "verksamhetschefen och kollegorna.' och 3 till försvinner; en "
                            'lista utan id ärvs inte i delar. Ska raderna läggas till, skriv '
                            'också de ärvda raderna du vill behålla i listan här'),)}),
    Slip('extends-removed',
         (('units/vc-angen.yml',
           'extends:\n  - goteborg-nordost\n',
           ''),),
         REFUSED,
         ((f"units/vc-angen.yml:{KASSABLAD - 2}:5: forms[kassablad-narhalsan].id: "
           "'kassablad-narhalsan' "
           "under forms: finns bara i gruppen 'narhalsan' (units/_groups/narhalsan.yml), som "
           "enheten inte ärver från; lägg till gruppen under 'extends:' (eller en grupp som "
           'ärver den) om enheten ska ha gruppens uppgifter, annars skriv alla uppgifter om '
           "'kassablad-narhalsan' här"),)),
    Slip('extends-changed-to-the-parent-group',
         (('units/vc-angen.yml',
           '  - goteborg-nordost\n',
           '  - narhalsan\n'),),
         DIFF,
         (),
         {'vc-angen': ("Ärver nu från gruppen 'narhalsan'",
                       ("Ärver inte längre från gruppen 'goteborg-nordost'; allt som bara "
                        'gruppen gav försvinner (se nedan)'),
                       ("Manuella rutiner › Labb › Så här gör du ändrad: 'Följ "
                        'journalförvaltningens avbrottsrutin för labb och överenskommelsen '
                        "med Klin…' → 'Följ journalförvaltningens avbrottsrutin för labb. Se "
                        "till att rutinen finns ut…' (ärvd från regionen, förut ärvd från "
                        "gruppen 'Närhälsan Göteborg nordost')"),
                       ('Prioritering och akuta patienter › Så tas akuta patienter om hand '
                        "borttagen, var 'Patienter som inte kan vänta hänvisas till "
                        "**Angereds Närsjukhus, närakuten** (…' (ärvd från gruppen "
                        "'Närhälsan Göteborg nordost')"),
                       ('Prioritering och akuta patienter › Akuta patienter hänvisas till '
                        "borttagen, var 'Närakuten, Angereds Närsjukhus' (ärvd från gruppen "
                        "'Närhälsan Göteborg nordost')"),
                       ('Prioritering och akuta patienter › Telefon för akuta patienter '
                        "borttagen, var '031-332 60 00' (ärvd från gruppen 'Närhälsan "
                        "Göteborg nordost')"),
                       ("Labb 'Klinisk kemi, Sahlgrenska Universitetssjukhuset/Östra' "
                        "borttaget (ärvd från gruppen 'Närhälsan Göteborg nordost')"),)}),
    Slip('call-order-tie',
         (('units/vc-angen.yml',
           '    call_order: 3\n',
           '    call_order: 1\n'),),
         REFUSED,
         ((f'units/vc-angen.yml:{CALL_ORDER_3}:17: contacts[it-kontakt].call_order: kontakten '
           f"'kontinuitetsansvarig' (rad {CALL_ORDER_1}) har också call_order: 1; två kontakter "
           "på samma "
           'plats ringas i bokstavsordning efter id, inte i den ordning du menar. Ge '
           'kontakterna var sin plats, t.ex. call_order: 3 för den som ska ringas sist av dem'),)),
    Slip('number-typed-where-the-private-layer-has-one',
         (('units/vc-vanersborg.yml',
           '    alt_phone: privat\n',
           '    alt_phone: 070-455 00 00\n'),),
         REFUSED,
         ((f"units/vc-vanersborg.yml:{VANERSBORG_ALT}:16: contacts[verksamhetschef].alt_phone: "
           "'070-455 00 "
           "00' används inte: det privata lagret (private/vc-vanersborg.yml) har ett eget "
           'värde för fältet, och det går före enhetsfilen. Skriv privat här och ändra '
           'värdet i private/vc-vanersborg.yml'),),
         private=True),
    Slip('unit-file-copied-same-name-and-hsa-id',
         (),
         REFUSED,
         (('units/vc-angen-2.yml:2:7: name: varning: Namn är samma som i units/vc-angen.yml '
           '(rad 2); är filen en kopia av en annan enhet? Ge enheten sitt eget namn, så att '
           'den går att skilja från den andra i enhetsväljaren och i pärmen'),
          ('units/vc-angen-2.yml:5:9: hsa_id: HSA-id är samma som i units/vc-angen.yml (rad '
           '5); är filen en kopia av en annan enhet? Varje enhet har sitt eget HSA-id: skriv '
           'den här enhetens (det står i HSA-katalogen)'),
          ('units/vc-angen.yml:2:7: name: varning: Namn är samma som i units/vc-angen-2.yml '
           '(rad 2); är filen en kopia av en annan enhet? Ge enheten sitt eget namn, så att '
           'den går att skilja från den andra i enhetsväljaren och i pärmen'),
          ('units/vc-angen.yml:5:9: hsa_id: HSA-id är samma som i units/vc-angen-2.yml (rad '
           '5); är filen en kopia av en annan enhet? Varje enhet har sitt eget HSA-id: skriv '
           'den här enhetens (det står i HSA-katalogen)'),),
         copy=('units/vc-angen.yml', 'units/vc-angen-2.yml')),
    Slip('unit-file-copied-hsa-id-changed',
         (('units/vc-angen-2.yml',
           'E000000014207',
           'E000000014299'),),
         WARNED,
         (('units/vc-angen-2.yml:2:7: name: varning: Namn är samma som i units/vc-angen.yml '
           '(rad 2); är filen en kopia av en annan enhet? Ge enheten sitt eget namn, så att '
           'den går att skilja från den andra i enhetsväljaren och i pärmen'),
          ('units/vc-angen.yml:2:7: name: varning: Namn är samma som i units/vc-angen-2.yml '
           '(rad 2); är filen en kopia av en annan enhet? Ge enheten sitt eget namn, så att '
           'den går att skilja från den andra i enhetsväljaren och i pärmen'),),
         {'vc-angen-2': ('Ny enhet',
                         ('units/vc-angen-2.yml:2: varning: Namn är samma som i '
                          'units/vc-angen.yml (rad 2); är filen en kopia av en annan enhet? '
                          'Ge enheten sitt eget namn, så att den går att skilja från den '
                          'andra i enhetsväljaren och i pärmen'),)},
         copy=('units/vc-angen.yml', 'units/vc-angen-2.yml')),
    Slip('drop-true-on-tib',
         (('units/vc-angen.yml',
           '  - id: tib\n    called_by: Ahmed Yousef, annars Katarina Lindqvist',
           '  - id: tib\n    drop: true'),),
         REFUSED,
         ((f"units/vc-angen.yml:{TIB + 1}:5: contacts[tib].drop: 'Tjänsteman i beredskap (TIB)' "
           '(tib) står på varje enhets åtgärdskort i regionens ringordning och får inte tas '
           "bort med drop: true; ta bort raden 'drop: true'. Vill du ändra vem som ringer, "
           "skriv 'called_by:' under '- id: tib'"),)),
    Slip('all-own-contacts-deleted',
         (('units/vc-angen.yml',
           ('contacts:\n  - id: verksamhetschef\n    role: Verksamhetschef\n    name: '
            'Katarina Lindqvist\n    phone: 031-345 71 02\n    alt_phone: 0701234567\n    '
            'hours: Vardagar 07.30–16.30\n    call_order: 2\n    out_of_hours: Privat mobil '
            '070-123 45 67, även kvällar och helger\n    deputy: Omar Haddad, biträdande '
            'verksamhetschef\n    deputy_phone: 031-345 71 03\n  - id: kontinuitetsansvarig\n'
            '    role: Enhetens kontinuitetsansvarig\n    name: Ahmed Yousef, samordnande '
            'sjuksköterska\n    phone: 031-345 71 15\n    alt_phone: 0763418852\n    note: '
            'Startar checklistan och håller kontakten med TIB under störningen.\n    '
            'call_order: 1\n    deputy: Lina Berglund, sjuksköterska\n    deputy_phone: '
            '031-345 71 16\n  - id: labbkontakt\n    role: Ansvarig för provtagningen\n    '
            'name: Elin Sandberg, biomedicinsk analytiker\n    phone: 031-345 71 40\n    '
            'hours: Vardagar 07.30–15.30\n  - id: it-kontakt\n    role: IT-kontaktperson på '
            'plats\n    name: Petra Nygren, medicinsk sekreterare\n    phone: 031-345 71 08\n'
            '    alt_phone: 072-534 19 80\n    note: Vet vilka datorer som har läskopian och '
            'var reservskrivaren står.\n    call_order: 3\n\n  - id: tib\n    called_by: '
            'Ahmed Yousef, annars Katarina Lindqvist\n'),
           ''),),
         DIFF,
         (),
         {'vc-angen': (("Kontakt 'Tjänsteman i beredskap (TIB)': Ringas av ändrad: 'Ahmed "
                        "Yousef, annars Katarina Lindqvist' → 'Enhetens "
                        "kontinuitetsansvarig, ingen annan' (ärvd från regionen, förut "
                        'enhetens fil)'),
                       "Kontakt 'Verksamhetschef' borttagen (enhetens fil)",
                       "Kontakt 'Enhetens kontinuitetsansvarig' borttagen (enhetens fil)",
                       "Kontakt 'Ansvarig för provtagningen' borttagen (enhetens fil)",
                       "Kontakt 'IT-kontaktperson på plats' borttagen (enhetens fil)",
                       ('varning: åtgärdskortet har inte längre någon av enhetens egna '
                        'kontakter att ringa, bara regionens'),)}),
    Slip('required-checklist-dropped',
         (('units/vc-angen.yml',
           '  - id: journal-nere\n    title: AsynjaVisph fungerar inte\n    kind: journal\n',
           ('  - id: journal-nere\n    drop: true\n    title: AsynjaVisph fungerar inte\n    '
            'kind: journal\n')),),
         DIFF,
         (),
         {'vc-angen': ("Checklista 'AsynjaVisph fungerar inte' borttagen (enhetens fil)",
                       ('varning: åtgärdskortet saknar nu checklista för journalsystemet, '
                        'som regionen kräver'),)}),
    Slip('phone-digit-missing',
         (('units/vc-angen.yml',
           '031-345 71 40',
           '031-34571'),),
         REFUSED,
         ((f"units/vc-angen.yml:{LAB_PHONE}:12: contacts[labbkontakt].phone: '031-34571' har "
           "bara 8 "
           'siffror, för få för ett svenskt telefonnummer; har en siffra fallit bort? Skriv '
           'hela numret, t.ex. 031-345 71 40'),)),
    Slip('phone-country-code-without-plus',
         (('units/vc-angen.yml',
           '031-345 71 40',
           '46313457140'),),
         REFUSED,
         ((f"units/vc-angen.yml:{LAB_PHONE}:12: contacts[labbkontakt].phone: '46313457140' "
           "börjar med "
           "landsnumret 46 men utan '+'; skriv '+' först, t.ex. +46 31 345 71 40, eller "
           'skriv numret med 0 först, t.ex. 031-345 71 40'),)),
    Slip('email-without-at',
         (('units/vc-angen.yml',
           '    hours: Vardagar 07.30–15.30\n',
           '    hours: Vardagar 07.30–15.30\n    email: elin.sandberg.vgregion.se\n'),),
         REFUSED,
         ((f'units/vc-angen.yml:{LAB_HOURS + 1}:12: contacts[labbkontakt].email: '
           "'elin.sandberg.vgregion.se' är ingen e-postadress (det saknas '@'); skriv hela "
           'adressen, t.ex. namn@exempel.se'),)),
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "units", tmp_path / "units")
    shutil.copytree(REPO / "examples" / "private", tmp_path / "private")
    monkeypatch.chdir(tmp_path)  # paths as validate prints them, from the repository
    return tmp_path


def outcome(project: Path, slip: Slip) -> tuple[str, tuple[str, ...],
                                                dict[str, tuple[str, ...]]]:
    private = project / "private" if slip.private else None
    before = read_handbook(project / "units", base=project, private=private)
    assert not before.problems and not warnings_for(before) or slip.private
    if slip.copy is not None:
        shutil.copy(project / slip.copy[0], project / slip.copy[1])
    for name, old, new in slip.edits:
        path = project / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{slip.name}: {old!r} is no longer in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    after = read_handbook(project / "units", base=project, private=private)
    problems = sorted(set(after.problems))
    warned = [w for w in warnings_for(after) if not slip.private
              or "personuppgiften '" not in w.message]  # the example's known warnings
    said = tuple(str(p) for p in sorted(set(problems) | set(warned)))
    kind = REFUSED if problems else WARNED if warned else DIFF
    effect = {} if problems else {c.unit_id: tuple(c.sentences + c.warnings)
                                  for c in compare(before, after)}
    return kind, said, effect


@pytest.mark.parametrize("slip", SLIPS, ids=[s.name for s in SLIPS])
def test_a_layer_slip_is_refused_warned_or_shown(project: Path, slip: Slip) -> None:
    kind, said, effect = outcome(project, slip)
    assert (kind, said) == (slip.kind, slip.said)
    if kind != REFUSED:
        assert effect == slip.effect
        assert effect, "a slip that passes validate must show its effect in diff"


def test_no_slip_is_silent() -> None:
    """Every row is refused, warned or shown; none passes without a word."""
    assert {s.kind for s in SLIPS} <= {REFUSED, WARNED, DIFF}
    assert all(s.said or s.effect for s in SLIPS)
