"""The action card, read back from each example binder: sizes, order, contents, fill.

The example is built once with a fixed day, so which plans are overdue is
known. What the card must hold comes from the unit data (``call_order``,
``deputy``, ``unit_phones``, ``outage_lead``, ``read_copy.computers``, each
lab's ``urgent_phone``), never from the PDF itself. Words, their sizes and
positions come from pdfplumber.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pdfplumber
import pytest
from placement import ABOVE_PT, SAME_LINE_PT, Row, misplaced, pdf_words, place
from placement import Word as Drawn
from sitebuild import EXAMPLE_DAY, SharedBuild, example_unit_ids

from handbook import Handbook
from handbook.data.model import Obj
from handbook.data.personal import Withheld
from handbook.data.project import Unit
from handbook.labels import labels
from handbook.plan.printed import printed_forms
from handbook.plan.status import Status, unit_status
from handbook.render.card import Fact, action_card, call_order
from handbook.render.pages import environment
from handbook.render.phones import display_phone, find_phones

pytestmark = [pytest.mark.build, pytest.mark.pdf]

L: dict[str, Any] = labels()
DAY = EXAMPLE_DAY
UNITS = pytest.mark.parametrize("unit", example_unit_ids(), indirect=True)
MM = 72 / 25.4
BOTTOM_MARGIN = 20 * MM  # print.css @page margin
# Font sizes as pdfplumber reads them come back as 12.9999…: compare within this.
STEP_PT, NUMBER_PT, ROUNDING = 11.0, 13.0, 0.01
# A list on the card ends its items with these; a value on its own does not.
PUNCTUATION = ";,."


@dataclass(frozen=True)
class Word:
    text: str
    size: float
    top: float
    bottom: float


@pytest.fixture(scope="module")
def site(example_site: SharedBuild) -> Path:
    """The run's shared example build, statuses computed for ``DAY``."""
    return example_site.site


@pytest.fixture(scope="module")
def card_pages(site: Path, example_handbook: Handbook) -> dict[str, tuple[list[Word], float, str]]:
    """Each unit's card page (the binder's second): its words, the page height, and
    the text of the page after it."""
    pages = {}
    for unit in example_handbook.units:
        with pdfplumber.open(site / "pdf" / f"{unit.id}.pdf") as pdf:
            page = pdf.pages[1]
            words = [Word(w["text"], float(w["size"]), float(w["top"]), float(w["bottom"]))
                     for w in page.extract_words(extra_attrs=["size"])]
            pages[unit.id] = (words, float(page.height), pdf.pages[2].extract_text() or "")
    return pages


def find(words: list[Word], text: str, start: int = 0) -> int:
    """Index of the first word of ``text`` drawn as consecutive words, from ``start``."""
    wanted = [w.rstrip(PUNCTUATION) for w in text.split()]
    for index in range(start, len(words) - len(wanted) + 1):
        if all(words[index + k].text.rstrip(PUNCTUATION) == w for k, w in enumerate(wanted)):
            return index
    raise AssertionError(f"{text!r} not on the card (from word {start})")


def sizes(words: list[Word], text: str, start: int = 0) -> list[float]:
    index = find(words, text, start)
    return [w.size for w in words[index:index + len(text.split())]]


def numbers(unit: Unit) -> list[str]:
    """Every phone number the card shows (of a withheld personal value, the shared
    number shown in its place)."""
    card = action_card(unit.data)
    found = []
    for contact in card.calls:
        for k in ("phone", "alt_phone", "deputy_phone"):
            value = contact.get(k)
            if isinstance(value, Withheld):
                found += [value[start:end] for start, end in find_phones(value)]
            elif value is not None:
                found.append(display_phone(str(value)))
    found += [display_phone(str(card.unit_phones[k])) for k in ("spare_mobile", "fax")
              if k in card.unit_phones]
    found += [display_phone(phone) for _lab, phone in card.labs]
    found += [display_phone(str(e["phone"])) for e in card.escalation if "phone" in e]
    return found


@UNITS
def test_card_is_one_page_and_fills_it(card_pages: Any, unit: Unit) -> None:
    words, height, next_page = card_pages[unit.id]
    find(words, f"{L['unit']['action_card']} – {unit.name}")
    assert L["binder"]["contents"] in next_page.splitlines()[:2], "the card runs on"
    body = [w for w in words if w.bottom < height - BOTTOM_MARGIN + 2]  # not the footer
    lowest = max(w.bottom for w in body)
    assert lowest > height - BOTTOM_MARGIN - 15 * MM, \
        f"the card's text ends {(height - BOTTOM_MARGIN - lowest) / MM:.0f} mm above the margin"


@UNITS
def test_steps_and_numbers_are_large(card_pages: Any, unit: Unit) -> None:
    words, _height, _next = card_pages[unit.id]
    steps = action_card(unit.data).steps
    assert steps[0] == L["unit"]["card_start_time"], "the first step notes the start time"
    small = {step: min(sizes(words, step)) for step in steps
             if min(sizes(words, step)) < STEP_PT - ROUNDING}
    assert small == {}
    phones = numbers(unit)
    assert len(phones) >= 4
    calls = find(words, L["unit"]["call"])  # a step may name a number in its text
    small_numbers = {n: min(sizes(words, n, calls)) for n in phones
                     if min(sizes(words, n, calls)) < NUMBER_PT - ROUNDING}
    assert small_numbers == {}


@UNITS
def test_call_order_is_the_datas(card_pages: Any, unit: Unit) -> None:
    """Own people first, then IT, then TIB, rung only by the person the plan names."""
    words, _height, _next = card_pages[unit.id]
    calls = call_order(unit.data)
    ids = [c["id"] for c in calls]
    assert ids[-2:] == ["it-servicedesk", "tib"]
    assert ids[0] == "kontinuitetsansvarig"
    position = find(words, L["unit"]["call"])
    for contact in calls:  # each after the one before: the order on paper is the data's
        position = find(words, f"{contact['role']} – {contact['name']}", position + 1)
        if "deputy" in contact:
            find(words, f"{L['unit']['card_deputy']}: {contact['deputy']} "
                        f"{display_phone(str(contact['deputy_phone']))}", position)
    tib = calls[-1]
    find(words, f"{L['unit']['card_called_by']}: {tib['called_by']}", position)


@UNITS
def test_card_has_computers_lab_escalation_and_form_pages(card_pages: Any, unit: Unit) -> None:
    words, _height, _next = card_pages[unit.id]
    text = " ".join(w.text for w in words)
    card = action_card(unit.data)
    assert card.computers and card.labs and card.escalation and card.unit_phones
    for computer in card.computers:
        find(words, computer["location"])
    for name, phone in card.labs:
        find(words, f"{name} {display_phone(phone)}")
    for lab in unit.data["labs"]:  # the urgent number, else (a BVC's: no acute samples)
        number = lab.get("urgent_phone", lab["phone"])  # the lab's own
        find(words, f"{lab['name']} {display_phone(str(number))}")
    for step in card.escalation:
        find(words, f"{step['after']}: {step['action']}")
    find(words, f"{L['unit']['card_lead']}: {card.lead['lead']}")
    printed = printed_forms(unit.data)
    for key, title in card.forms:
        # The form's number, as its footer prints it ("Blankett N",
        # tests/binder/test_blank_forms.py).
        number = printed.index(key) + 1
        assert f"{title}, {L['unit']['card_page']} {number}" in text, \
            f"no reference to {title!r} as form {number}"


@UNITS
def test_overdue_line_only_on_an_overdue_plan(card_pages: Any, unit: Unit) -> None:
    words, _height, _next = card_pages[unit.id]
    text = " ".join(w.text for w in words)
    status = unit_status(unit, dt.date.fromisoformat(DAY))
    line = L["unit"]["card_overdue"].format(date=status.valid_until.isoformat(),
                                            owner=unit.data["document"]["owner"])
    first = L["unit"]["card_overdue"].split("{date}")[0].strip()
    if status.status is Status.OVERDUE:
        assert " ".join(line.split()) in text
    else:
        assert first not in text


def test_the_example_has_overdue_and_current_plans(example_handbook: Handbook) -> None:
    day = dt.date.fromisoformat(DAY)
    kinds = {unit_status(u, day).status for u in example_handbook.units}
    assert {Status.OVERDUE, Status.CURRENT} <= kinds


def test_call_order_sorts_by_place_and_leaves_out_unplaced() -> None:
    data: Any = {"contacts": [
        {"id": "tib", "call_order": 30}, {"id": "chef", "call_order": 2},
        {"id": "apotek"}, {"id": "it", "call_order": 20}, {"id": "lead", "call_order": 1}]}
    assert [c["id"] for c in call_order(data)] == ["lead", "chef", "it", "tib"]


@UNITS
def test_site_card_has_the_same_call_order_and_no_page_numbers(site: Path, unit: Unit) -> None:
    html = (site / "enheter" / unit.id / "index.html").read_text(encoding="utf-8")
    card = html[html.index('class="hb-action-card"'):]
    card = card[:card.index('class="hb-card-paper"')]
    places = [card.index(f'<span class="hb-call-role">{c["role"]}</span>')
              for c in call_order(unit.data)]
    assert places == sorted(places)
    assert "hb-form-ref" not in card
    assert 'class="hb-card-decision"' in card


# --- the acute referral, the booking lists and TIB's route (issue #26) ------------------------

def card_words(site: Path, unit_id: str) -> list[Drawn]:
    """The words drawn on the binder's card page (its second), in reading order."""
    return [w for w in pdf_words(site / "pdf" / f"{unit_id}.pdf") if w.page == 1]


def facts(unit: Unit) -> list[tuple[str, Fact]]:
    """The card's rows for the first hour's facts, each (label, fact), in card order."""
    card, U = action_card(unit.data), L["unit"]
    found = [(U["card_acute"], card.acute), (U["card_bookings"], card.bookings),
             (U["card_tib_notice"], card.tib_notice)]
    return [(label, fact) for label, fact in found if fact is not None]


def drawn_between(words: list[Drawn], number: str, start: int, end: int) -> int | None:
    """Index of the first word of ``number`` (its digits, however the words split it)
    drawn among ``words[start:end]``, or None."""
    digits = re.sub(r"\D", "", number)
    for first in range(start, end):
        run = ""
        for word in words[first:end]:
            run += re.sub(r"\D", "", word.text)
            if not digits.startswith(run) or run == digits:
                break
        if run == digits and words[first].text[:1].isdigit():
            return first
    return None


@UNITS
def test_card_holds_the_acute_number_the_booking_lists_and_tibs_route(
        site: Path, unit: Unit) -> None:
    """Each fact in its row, the value beside its label (placement.py); the acute number
    on the acute row's first line, right of its label, before the next row."""
    rows = facts(unit)
    # Every example unit has all three: a calendar routine and a read copy.
    assert [label for label, _ in rows] == [L["unit"][k] for k in (
        "card_acute", "card_bookings", "card_tib_notice")]
    assert not [label for label, fact in rows if fact.missing]
    data = unit.data
    assert rows[1][1].text == data["routines"]["calendar"]["storage"]
    assert rows[2][1].text == data["read_copy"]["decision_notice"]
    if unit.id == "vc-kortedala":  # a unit's own route replaces the region's default
        assert "Sara Ljung" in rows[2][1].text
    words = card_words(site, unit.id)
    placed = place([Row(0, label, f"{fact.text} {fact.phone}".strip(), "fields")
                    for label, fact in rows], words)
    assert misplaced(placed) == []
    acute, after = words.index(placed[0].label), words.index(placed[1].label)
    phone = data["prioritisation"]["acute_phone"]
    index = drawn_between(words, display_phone(str(phone)), acute, after)
    assert index is not None, f"{phone} not in the row {L['unit']['card_acute']!r}"
    number, label = words[index], placed[0].label
    assert number.x0 > label.x1 and -ABOVE_PT <= number.top - label.top <= SAME_LINE_PT, \
        "the acute number does not stand on its label's line"


def test_tibs_caller_is_the_same_on_the_card_and_in_the_checklists(
        example_handbook: Handbook) -> None:
    """A step that says a person of the unit rings TIB names someone the card's
    "Ringas bara av" names too (Kortedala's network checklist had Mikael Berg ring TIB
    while the card said only the continuity lead may)."""
    calls = re.compile(r"(?<!\w)(ringer|ring|kontaktar|kontakta)\s+TIB(?!\w)")
    checked = 0
    for unit in example_handbook.units:
        tib = next(c for c in unit.data["contacts"] if c["id"] == "tib")
        people = {" ".join(str(c["name"]).split(",")[0].split()[:2])
                  for c in unit.data["contacts"] if "call_order" in c and c["id"] != "tib"}
        steps = [step for checklist in unit.data.get("checklists", [])
                 for step in checklist["steps"]]
        steps += [e["action"] for e in unit.data.get("outage_lead", {}).get("escalation", [])]
        for step in filter(calls.search, steps):
            named = [p for p in people if p in step]
            outside = [p for p in named if p not in tib["called_by"]]
            assert outside == [], (unit.id, step, tib["called_by"])
            checked += len(named)
    assert checked >= 1  # Kortedala's network checklist names whom it has ring TIB


def _card_html(data: dict[str, Any]) -> str:
    # A plain dict stands in for the merged record: the card reads its values only.
    return environment().get_template("_action_card.html.j2").render(
        card=action_card(cast(Obj, data)), card_print=True, here="")


def test_a_missing_fact_says_so_and_one_not_needed_is_left_out() -> None:
    """A unit whose plan needs a fact but lacks it: the row says it is missing, never a
    lone dash. A unit without a calendar routine or read copy: no such row at all."""
    U = L["unit"]
    lacking = _card_html({"routines": {"calendar": {"printed_by": "Receptionist"}},
                          "read_copy": {"computers": [{"id": "a", "location": "Rum 1"}]}})
    for label in (U["card_acute"], U["card_bookings"], U["card_tib_notice"]):
        row = lacking[lacking.index(f">{label}</th>"):]
        row = row[:row.index("</tr>")]
        assert U["card_missing"] in row and 'class="hb-gap"' in row, label
        assert f">{U['no_value']}<" not in row
    none = _card_html({"routines": {"calendar": {"in_use": False}},
                       "prioritisation": {"acute_to": "Närakuten", "acute_phone": "031-1"}})
    assert U["card_bookings"] not in none and U["card_tib_notice"] not in none
    assert U["card_missing"] not in none and "Närakuten" in none
    # A place without its number: the number is what the row is for.
    no_number = _card_html({"prioritisation": {"acute_to": "Närakuten"}})
    assert f"Närakuten, {U['card_missing_phone']}" in no_number
