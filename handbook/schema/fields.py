"""The unit file schema: the single source of truth.

The loader checks files against it, the merge reads which lists merge by
``id``, the scaffold and the JSON Schema for editors are written from it. Every
description is Swedish because editors read it as hover help.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Final, Literal

from .ids import CHARACTERS

LINK_SCHEMES = ("https", "http", "mailto", "tel")
CHECKLIST_KINDS = ("journal", "natverk", "telefoni", "strom", "ovrigt")
# The scaffold writes values that start with this; the loader rejects them, so a
# half-filled unit cannot be merged. Upper case and a colon: no real value starts so.
PLACEHOLDER = "ÄNDRA:"

# Each field's class of data (issue #17). public: may be published to anyone (the
# unit's name and address); internal: the organisation's own (the default: the
# handbook is an intranet document); personal: a named person's direct or private
# number or e-mail, which a public build leaves out and which may live outside git,
# in the private layer (handbook/data/personal.py).
DataClass = Literal["public", "internal", "personal"]
Scope = Literal["any", "unit", "group", "region"]
PUBLIC: Final = "public"
INTERNAL: Final = "internal"
PERSONAL: Final = "personal"
# Written in a unit file in place of a personal value kept in the private layer.
PRIVATE_VALUE = "privat"


@dataclass(frozen=True)
class Scalar:
    """A scalar kind: text, markdown, phone, time, date, int, bool, url, id, choice,
    hsa (HSA-id) or user (a user name on the code host)."""

    kind: str  # a key of scalars.KINDS
    choices: tuple[str, ...] = ()
    labels: str = ""  # the section of labels.yml that names each choice for readers
    minimum: int | None = None
    maximum: int | None = None


CHECKLIST_KIND = Scalar("choice", choices=CHECKLIST_KINDS, labels="checklist_kinds")


@dataclass(frozen=True)
class ListOf:
    """A list whose items are all of one type."""

    item: Type


@dataclass(frozen=True)
class Record:
    """A mapping with named fields."""

    fields: dict[str, Field]

    @property
    def merges_by_id(self) -> bool:
        """Whether lists of this record merge item by item by ``id``."""
        return "id" in self.fields


Type = Scalar | ListOf | Record


def schemes_text() -> str:
    """The allowed link beginnings as editors read them: "https://, http://, mailto:
    eller tel:"."""
    starts = [f"{s}://" if s.startswith("http") else f"{s}:" for s in LINK_SCHEMES]
    return f"{', '.join(starts[:-1])} eller {starts[-1]}"


@dataclass(frozen=True)
class Field:
    """One field of a record: its type, Swedish description, and whether required."""

    type: Type
    description: str
    required: bool = False
    example: str = ""
    extra: dict[str, object] = field(default_factory=dict)
    data_class: DataClass = "internal"
    # Which file may set it: any layer, or only a unit, group or the region file.
    scope: Scope = "any"
    merged: bool = True  # False: each file's own (a unit's extends), never inherited
    hidden: bool = False  # written for the merge (an item's id, drop); no reader sees it
    on_card: bool = False  # a contact's field the action card's call list shows
    paper: bool = False  # says where a paper thing is kept (the card's "on paper" list)
    # For editors and the build, meaning nothing to a reader (a sort key, code-host user
    # names, the kind that files a checklist): neither the page nor the binder shows it.
    editors_only: bool = False
    # Yes or no: whether the record applies at the unit. No prints "ej tillämpligt" in
    # place of the row; yes, the default, prints nothing.
    applies: bool = False
    # Document control (version, approval, owner, copies; who reviews changes), not the
    # plan's content: changing it alone does not make the plan need a new approval.
    control: bool = False

    @property
    def allowed(self) -> str:
        """The values the field's kind allows, as editors read them ("1–36", "apotek,
        tolk"), or "" (the description never restates them)."""
        kind = self.type
        if isinstance(kind, Scalar) and kind.choices:
            return ", ".join(kind.choices)
        if isinstance(kind, Scalar) and kind.minimum is not None and kind.maximum is not None:
            return f"{kind.minimum}–{kind.maximum}"
        return ""

    @property
    def described(self) -> str:
        """The description with the values allowed, for editors' tools and the scaffold."""
        return f"{self.description} Tillåtet: {self.allowed}." if self.allowed \
            else self.description


TEXT = Scalar("text")
MARKDOWN = Scalar("markdown")
PHONE = Scalar("phone")
TIME = Scalar("time")
DATE = Scalar("date")
URL = Scalar("url")
ID = Scalar("id")
BOOL = Scalar("bool")


def _id(what: str) -> Field:
    return Field(ID, f"Id för {what}: {CHARACTERS}. "
                 "Samma id i en enhetsfil ändrar det ärvda objektet.", required=True,
                 example="exempel-id", hidden=True)


DROP = Field(BOOL, "Sätt till true för att ta bort ett ärvt objekt med samma id.",
             example="true", hidden=True)

LINK = Record({
    "title": Field(TEXT, "Länkens text.", required=True, example="Rutin för labb"),
    "url": Field(URL, f"Adress ({schemes_text()}).", required=True,
                 example="https://exempel.se/rutin"),
})
LINKS = Field(ListOf(LINK), "Länkar till rutiner och stöd.")

CONTACT = Record({
    "id": _id("kontakten"),
    "drop": DROP,
    "role": Field(TEXT, "Roll, t.ex. Verksamhetschef eller IT-support.", required=True,
                  example="Verksamhetschef"),
    "name": Field(TEXT, "Namn på person eller funktion.", required=True,
                  example="Anna Andersson", on_card=True),
    "phone": Field(PHONE, "Telefonnummer som det ska ringas, t.ex. 031-345 67 89.",
                   required=True, example="031-345 67 89", on_card=True),
    "alt_phone": Field(PHONE, "Reservnummer, t.ex. mobil.", example="070-123 45 67",
                       data_class=PERSONAL, on_card=True),
    "email": Field(TEXT, "E-postadress.", example="namn@exempel.se", data_class=PERSONAL),
    "hours": Field(TEXT, "När kontakten nås.", example="Vardagar 08–17"),
    "fax": Field(PHONE, "Faxnummer, t.ex. till tolkförmedlingen.", example="031-345 67 00"),
    "out_of_hours": Field(TEXT, "Hur kontakten nås utanför kontorstid.",
                          example="Privat mobil 070-123 45 67, kvällar och helger",
                          data_class=PERSONAL),
    "deputy": Field(TEXT, "Ersättare när kontakten inte nås: namn och roll.",
                    example="Bo Berg, biträdande verksamhetschef", on_card=True),
    "deputy_phone": Field(PHONE, "Ersättarens telefonnummer.", example="031-345 67 90",
                          data_class=PERSONAL, on_card=True),
    "call_order": Field(Scalar("int", minimum=1, maximum=99),
                        "Plats i ringordningen på åtgärdskortet (1 ringas först). Kontakter "
                        "utan plats står bara på sidan Kontakter.", example="1", on_card=True,
                        editors_only=True),
    "called_by": Field(TEXT, "Vem på enheten som ringer kontakten; andra ringer inte.",
                       example="Enhetens kontinuitetsansvarig", on_card=True),
    "note": Field(MARKDOWN, "Övrigt om kontakten."),
})

FORM = Record({
    "id": _id("blanketten"),
    "drop": DROP,
    "title": Field(TEXT, "Blankettens namn.", required=True, example="Receptblankett"),
    "url": Field(URL, "Länk till blanketten eller rutinen.", example="https://exempel.se"),
    "issuer": Field(TEXT, "Vem som ger ut blanketten.", example="Socialstyrelsen"),
    "paper_location": Field(TEXT, "Var enheten förvarar papperskopiorna.",
                            example="Expeditionen, pärm 2", paper=True),
    "must_be_printed": Field(BOOL, "Sätt till true när blanketten eller rutinen alltid ska "
                             "finnas utskriven på papper (skrivs vanligen i regionens fil). "
                             "En enhet som då saknar paper_location visas som en brist på "
                             "sidan Status och uppföljning.", example="true"),
    "description": Field(MARKDOWN, "När blanketten används."),
})

LAB = Record({
    "id": _id("labbet"),
    "drop": DROP,
    "name": Field(TEXT, "Mottagande sjukhuslabb.", required=True,
                  example="Klinisk kemi, Sahlgrenska"),
    "phone": Field(PHONE, "Labbets telefonnummer.", required=True, example="031-342 00 00"),
    "urgent_phone": Field(PHONE, "Nummer dit akuta prover ringas in.",
                          example="031-342 00 10"),
    "referral_agreement": Field(
        MARKDOWN, "Överenskommelse om hur handskrivna pappersremisser och etiketter "
        "ska se ut.", required=True),
    "referral_forms": Field(TEXT, "Var pappersremisserna förvaras.",
                            example="Provtagningen, låda 3", paper=True),
    "paper_orders": Field(MARKDOWN, "Hur pappersbeställningar hanteras."),
    "paper_results": Field(MARKDOWN, "Hur papperssvar tas emot och hanteras."),
    "post_registration": Field(TEXT, "Vem som efterregistrerar beställningar och svar.",
                               example="Biomedicinsk analytiker i tjänst"),
    "transport": Field(TEXT, "Hur proverna kommer till labbet.", example="Budbil 11.00"),
    "links": LINKS,
})

CHECKLIST = Record({
    "id": _id("checklistan"),
    "drop": DROP,
    "title": Field(TEXT, "Checklistans rubrik.", required=True,
                   example="Journalsystemet ligger nere"),
    "kind": Field(CHECKLIST_KIND,
                  "Typ av störning: journal, natverk, telefoni, strom eller ovrigt.",
                  required=True, example="journal", editors_only=True),
    "steps": Field(ListOf(TEXT), "Åtgärderna i den ordning de görs.", required=True),
})

COMPUTER = Record({
    "id": _id("datorn"),
    "drop": DROP,
    "location": Field(TEXT, "Var datorn står.", required=True, example="Reception 1"),
    "name": Field(TEXT, "Datorns namn eller inventarienummer.", example="VGR12345"),
})

READ_COPY = Record({
    "decision": Field(MARKDOWN, "Vem som beslutar om övergång till läsläge."),
    "decision_notice": Field(TEXT, "Hur enheten får veta att TIB har beslutat om läsläge: "
                             "vem som ringer vem. Står på åtgärdskortet.",
                             example="TIB ringer tillbaka till kontinuitetsansvarig, som "
                             "säger till alla på enheten"),
    "description": Field(MARKDOWN, "Vad läskopian är och hur den fungerar."),
    "start": Field(MARKDOWN, "Hur läskopian startas och loggas in i."),
    "age": Field(MARKDOWN, "Hur man ser hur gammal informationen är."),
    "computers": Field(ListOf(COMPUTER), "Datorer på enheten där läskopian finns."),
    "monthly_start_by": Field(TEXT, "Vem som startar läskopian på alla datorer varje månad.",
                              example="Undersköterska i receptionen"),
    "monthly_start_when": Field(TEXT, "När den månatliga starten görs.",
                                example="Första måndagen i månaden"),
    "monthly_start_log": Field(TEXT, "Var starten noteras.", example="Pärm i expeditionen"),
    "last_checked": Field(DATE, "Senaste datum då starten på alla datorer kontrollerades.",
                          example="2026-11-02"),
})


def _routine(extra: dict[str, Field]) -> Record:
    return Record({
        "text": Field(MARKDOWN, "Hur rutinen går till."),
        "responsible": Field(TEXT, "Vem som ansvarar.", example="Verksamhetschef"),
        "in_use": Field(BOOL, "Sätt till false när enheten inte har rutinen alls, t.ex. "
                        "ingen kassa på en BVC där besöken är avgiftsfria. Då skrivs "
                        "rutinens blankett inte ut i pärmen. Skriv i text varför.",
                        example="false", applies=True),
        **extra,
        "links": LINKS,
    })


ROUTINES = Record({
    "documentation": Field(_routine({
        "keywords": Field(ListOf(TEXT), "Sökord i enhetens mall för pappersjournal."),
        "record_fields": Field(ListOf(TEXT), "Fält överst i pappersjournalen som enhetens "
                               "typ behöver utöver namn, personnummer och datum, t.ex. "
                               "Vårdnadshavare på en BVC."),
        "template_location": Field(TEXT, "Var journalmallarna på papper finns.",
                                   example="Expeditionen, hylla 1", paper=True),
    }), "Dokumentation av journalinformation på papper."),
    "calendar": Field(_routine({
        "printed_by": Field(TEXT, "Vem som skriver ut morgondagens bokningar.",
                            example="Medicinsk sekreterare"),
        "print_time": Field(TIME, "Klockslag för utskriften, t.ex. 15:00.", example="15:00"),
        "print_path": Field(TEXT, "Var i journalsystemet utskriften görs."),
        "storage": Field(TEXT, "Var utskrifterna förvaras.", example="Receptionen", paper=True),
    }), "Kalender och utskrift av bokningar."),
    "cashier": Field(_routine({
        "storage": Field(TEXT, "Var kassablad och växelkassa förvaras.", paper=True),
    }), "Manuell kassa."),
    "prescriptions": Field(_routine({
        "pad_location": Field(TEXT, "Var receptblocken förvaras.",
                              example="Låst skåp på expeditionen", paper=True),
        "pad_ordering": Field(TEXT, "Vem som beställer nya receptblanketter."),
    }), "Handskrivna recept."),
    "lab": Field(_routine({}), "Labb vid avbrott."),
    "medication_list": Field(_routine({}), "Hur patientens aktuella läkemedel tas fram när "
                             "den nationella läkemedelslistan inte nås."),
})

DEVIATION_REPORT = Record({
    "text": Field(MARKDOWN, "Vad avvikelserapporten ska ta upp."),
    "system": Field(TEXT, "Var avvikelsen rapporteras.", example="MedControl PRO"),
    "responsible": Field(TEXT, "Vem som skriver avvikelserapporten.",
                         example="Enhetens kontinuitetsansvarig"),
    "deadline": Field(TEXT, "När rapporten ska vara skriven.",
                      example="Inom en vecka efter störningen"),
})

RETURN_TO_NORMAL = Record({
    "text": Field(MARKDOWN, "Hur enheten återgår till normala rutiner."),
    "responsible": Field(TEXT, "Vem som för in pappersdokumentationen i journalen.",
                         example="Respektive vårdpersonal"),
    "deadline": Field(TEXT, "När allt ska vara inmatat.", example="Inom två arbetsdagar"),
    "steps": Field(ListOf(TEXT), "Steg vid återgången."),
    "deviation_report": Field(DEVIATION_REPORT, "Avvikelserapport efter störningen."),
})

EXERCISE = Record({
    "date": Field(DATE, "Datum för övningen.", required=True, example="2026-05-12"),
    "kind": Field(TEXT, "Typ av övning.", required=True, example="Skrivbordsövning"),
    "description": Field(MARKDOWN, "Vad som övades."),
    "participants": Field(TEXT, "Vilka som deltog.", example="Hela enheten"),
    "lessons": Field(MARKDOWN, "Lärdomar och åtgärder."),
})

DOCUMENT = Record({
    "version": Field(TEXT, "Planens versionsnummer.", required=True, example="1.2"),
    "owner": Field(TEXT, "Dokumentägare, vanligen verksamhetschefen.", required=True,
                   example="Anna Andersson, verksamhetschef"),
    "approved": Field(DATE, "Datum då planen fastställdes (ÅÅÅÅ-MM-DD).", required=True,
                      example="2026-09-01"),
    "approved_by": Field(TEXT, "Vem som fastställde planen.", required=True,
                         example="Anna Andersson"),
    "review_months": Field(Scalar("int", minimum=1, maximum=36),
                           "Antal månader mellan översynerna.", required=True,
                           example="12"),
    "distribution": Field(ListOf(TEXT), "Var varje utskrivet exemplar av pärmen förvaras, "
                          "ett exemplar per rad, t.ex. Expeditionen, pärm på hyllan bakom "
                          "disken. Listan står på pärmens sida Fastställande, så att varje "
                          "exemplar byts ut när planen ändras."),
})

FAULT_REPORT = Record({
    "url": Field(URL, "Var ärenden om fel skapas.", example="https://serviceportal.exempel.se"),
    "phone": Field(PHONE, "Telefonnummer för felanmälan.", example="010-441 00 00"),
    "text": Field(MARKDOWN, "Vad en felanmälan ska innehålla."),
})

ESCALATION = Record({
    "id": _id("eskaleringen"),
    "drop": DROP,
    "after": Field(TEXT, "När det ska eskaleras: hur länge störningen pågått eller vad som "
                   "hänt.", required=True, example="Mer än en halv dag"),
    "action": Field(TEXT, "Vad som görs då och vem som kontaktas.", required=True,
                    example="Kontinuitetsansvarig kontaktar Närhälsans stab"),
    "phone": Field(PHONE, "Numret som ringas.", example="010-441 02 30"),
    "minutes": Field(Scalar("int", minimum=0, maximum=10080),
                     "Efter hur många minuter av störningen steget gäller (30, 60, 240 …). "
                     "Kortet och pärmen ordnar stegen efter det, även regionens och "
                     "gruppens; steg utan minuter står sist.", example="60",
                     editors_only=True),
})

OUTAGE_LEAD = Record({
    "lead": Field(TEXT, "Vem som leder enheten under störningen.", required=True,
                  example="Enhetens kontinuitetsansvarig"),
    "deputy": Field(TEXT, "Vem som leder när den ansvariga inte är på plats.",
                    example="Verksamhetschefen"),
    "declares_normal": Field(TEXT, "Vem som beslutar att enheten går tillbaka till "
                             "normala rutiner.", example="Verksamhetschefen"),
    "escalation": Field(ListOf(ESCALATION), "Tidsgränser för eskalering."),
})

UNIT_PHONES = Record({
    "spare_mobile": Field(PHONE, "Enhetens reservmobil, som fungerar när fast telefoni och "
                          "nätverk ligger nere.", example="070-345 67 89"),
    "spare_mobile_location": Field(TEXT, "Var reservmobilen och dess laddare finns.",
                                   example="Receptionen, lådan under disk 1"),
    "fax": Field(PHONE, "Enhetens fax.", example="031-345 67 01"),
})

PRIORITISATION = Record({
    "text": Field(MARKDOWN, "Vilka patienter som tas först och vilka besök som kan flyttas."),
    "acute_referral": Field(MARKDOWN, "Vart akuta patienter skickas under störningen."),
    "acute_to": Field(TEXT, "Mottagningen som tar emot akuta patienter, kort. Står med "
                      "numret på åtgärdskortet.", example="Närakuten, Angereds Närsjukhus"),
    "acute_phone": Field(PHONE, "Telefonnummer till den mottagning som tar emot akuta "
                         "patienter.", example="031-343 40 00"),
})

PARTNER_KINDS = ("apotek", "dosapotek", "hemsjukvard", "tolk", "ovrigt")
PARTNER = Record({
    "id": _id("samverkanspartnern"),
    "drop": DROP,
    "kind": Field(Scalar("choice", choices=PARTNER_KINDS, labels="partner_kinds"),
                  "Vilken sorts samarbetspartner.", required=True,
                  example="apotek"),
    "name": Field(TEXT, "Namn.", required=True, example="Apoteket Exempel"),
    "phone": Field(PHONE, "Telefonnummer.", required=True, example="0771-450 450"),
    "fax": Field(PHONE, "Faxnummer.", example="031-345 67 02"),
    "hours": Field(TEXT, "När de nås.", example="Vardagar 09–18"),
    "note": Field(MARKDOWN, "Vad enheten behöver av dem under en störning."),
})

# How the binders are printed: double-sided (the default) or single-sided. Region-wide:
# the whole handbook's front and every binder share the appendix's layout.
BINDER_SIDES = ("dubbelsidig", "enkelsidig")
BINDER = Record({
    "sides": Field(Scalar("choice", choices=BINDER_SIDES, labels="binder_sides"),
                   "Hur pärmarna skrivs ut: dubbelsidig (standard; varje kapitel börjar på "
                   "en högersida och bindningsmarginalen speglas) eller enkelsidig.",
                   example="dubbelsidig"),
})

# Where personal values (a named person's own numbers and e-mail) may be written:
# in the unit files (the default), or only in the private layer, outside the
# repository, when the region says so; validate then refuses one in a unit file.
PERSONAL_DATA_PLACES = ("enhetsfilerna", "privat_lager")

EQUIPMENT = Record({
    "id": _id("utrustningen"),
    "drop": DROP,
    "title": Field(TEXT, "Vad det gäller, t.ex. Vaccinkylskåp eller Reservkraft.",
                   required=True, example="Vaccinkylskåp"),
    "location": Field(TEXT, "Var det finns.", example="Läkemedelsrummet"),
    "text": Field(MARKDOWN, "Vad som görs vid avbrott."),
    "responsible": Field(TEXT, "Vem som ansvarar.", example="Vaccinansvarig sjuksköterska"),
})

UNIT = Record({
    "name": Field(TEXT, "Enhetens namn.", required=True, example="Vårdcentralen Exempel",
                  data_class=PUBLIC, scope="unit"),
    "extends": Field(ListOf(ID), "Grupper som enheten ärver från (filer i units/_groups/).",
                     merged=False),
    "group_name": Field(TEXT, "Gruppens namn som läsaren ser i stället för filnamnet, t.ex. "
                        "Närhälsan Göteborg nordost. Skrivs bara i en grupps fil "
                        "(units/_groups/); enheterna ärver det inte.",
                        example="Närhälsan Göteborg nordost", data_class=PUBLIC,
                        scope="group", merged=False),
    "hsa_id": Field(Scalar("hsa"), "Enhetens HSA-id.", example="SE2321000131-E000000011111",
                    data_class=PUBLIC, scope="unit"),
    "organisation": Field(TEXT, "Förvaltning eller organisation.", example="Närhälsan",
                          data_class=PUBLIC),
    "region": Field(TEXT, "Regionens namn.", example="Västra Götalandsregionen",
                    data_class=PUBLIC),
    "address": Field(TEXT, "Besöksadress.", example="Storgatan 1, 411 01 Göteborg",
                     data_class=PUBLIC, scope="unit"),
    "maintainers": Field(ListOf(Scalar("user")), "Användarnamn på kodvärden (utan @) för "
                         "dem som måste godkänna ändringar i enhetens plan, t.ex. "
                         "verksamhetschefen.", scope="unit", editors_only=True,
                         control=True),
    "former_ids": Field(ListOf(ID), "Enhetens tidigare id:n, när enhetsfilen har bytt namn "
                        "(t.ex. vc-angen när vc-angen.yml blivit vc-angen-ny.yml). De gamla "
                        "adresserna /enheter/<gammalt id>/, data och pdf/<gammalt id>.pdf "
                        "leder då till enhetens nya sida och pärm, så att QR-koder i "
                        "utskrivna pärmar och bokmärken fortsätter att fungera.",
                        scope="unit", editors_only=True, control=True),
    "document": Field(DOCUMENT, "Dokumentstyrning: version, ägare, fastställande, översyn.",
                      required=True, control=True),
    "fault_report": Field(FAULT_REPORT, "Felanmälan."),
    "contacts": Field(ListOf(CONTACT), "Roller och kontakter."),
    "outage_lead": Field(OUTAGE_LEAD, "Vem som leder enheten under störningen, när det "
                         "eskaleras och vem som beslutar om återgång."),
    "unit_phones": Field(UNIT_PHONES, "Hur enheten nås när telefonin eller nätverket "
                         "ligger nere."),
    "prioritisation": Field(PRIORITISATION, "Prioritering av patienter och akuta patienter."),
    "partners": Field(ListOf(PARTNER), "Apotek, dosapotek, hemsjukvård och tolkförmedling."),
    "equipment": Field(ListOf(EQUIPMENT), "Reservkraft, kylskåp, dörrar och annan "
                       "utrustning vid avbrott."),
    "read_copy": Field(READ_COPY, "Läskopian av journalsystemet."),
    "forms": Field(ListOf(FORM), "Blanketter och var papperskopiorna finns."),
    "labs": Field(ListOf(LAB), "Överenskommelser med mottagande sjukhuslabb."),
    "routines": Field(ROUTINES, "Manuella rutiner."),
    "checklists": Field(ListOf(CHECKLIST), "Checklistor per typ av störning."),
    "required_checklists": Field(ListOf(CHECKLIST_KIND),
                                 "Typer av störning som varje enhet ska ha en checklista för "
                                 "(skrivs vanligen i regionens fil). En enhet som saknar "
                                 "checklista för en typ visas som en brist på sidan Status "
                                 "och uppföljning."),
    "return_to_normal": Field(RETURN_TO_NORMAL, "Återgång till normala rutiner."),
    "exercises": Field(ListOf(EXERCISE), "Genomförda övningar."),
    "binder": Field(BINDER, "Utskrift av pärmarna (skrivs bara i regionens fil, "
                    "units/_region.yml).", scope="region"),
    "personal_data": Field(Scalar("choice", choices=PERSONAL_DATA_PLACES,
                                  labels="personal_data_places"),
                           "Var personuppgifter (en namngiven persons privata nummer och "
                           "e-post) får stå: enhetsfilerna (standard) eller privat_lager, "
                           "som betyder att de bara finns i det privata lagret utanför "
                           "repositoryt och att en enhetsfil skriver privat i stället. "
                           "Skrivs bara i regionens fil, units/_region.yml.",
                           example="privat_lager", scope="region"),
})



def walk(record: Record | None = None, path: str = "") -> Iterator[tuple[str, Field]]:
    """Every field under ``record`` (the unit's, by default), depth first in the
    schema's order, with its dotted path (a list's items add nothing:
    ``contacts.phone``)."""
    for name, spec in (record or UNIT).fields.items():
        where = f"{path}.{name}".lstrip(".")
        yield where, spec
        kind = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        if isinstance(kind, Record):
            yield from walk(kind, where)


def keys_where(record: Record, wanted: Callable[[Field], bool]) -> tuple[str, ...]:
    """The keys of ``record``'s own fields that ``wanted`` picks, in the schema's order."""
    return tuple(name for name, spec in record.fields.items() if wanted(spec))


# Tables derived from the fields' flags, for the loader, the merge and the page.
UNIT_ONLY = keys_where(UNIT, lambda f: f.scope == "unit")  # a group has no name of its own
GROUP_ONLY = keys_where(UNIT, lambda f: f.scope == "group")  # and no unit inherits
REGION_ONLY = keys_where(UNIT, lambda f: f.scope == "region")  # one layout for every binder
NOT_MERGED = keys_where(UNIT, lambda f: not f.merged)
HIDDEN = tuple(sorted({path.rsplit(".", 1)[-1] for path, spec in walk() if spec.hidden}))
CARD_CONTACT_KEYS = keys_where(CONTACT, lambda f: f.on_card)
CONTROL = keys_where(UNIT, lambda f: f.control)  # not the plan's content (plan/approval.py)
PAPER_PATHS = tuple(path for path, spec in walk() if spec.paper)
