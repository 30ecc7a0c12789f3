"""Issue #26, parts 5 and 8, in the real build of the example (site and binders):

- nothing internal on the page or on paper: no call-order sort key, no maintainers'
  code-host names, no checklist kind, no lone dash in a cell;
- "ej tillämpligt" where the data says a routine is not used at the unit;
- the contacts chapter in the action card's call order, in the binder and on the page;
- the example true to each unit's kind: the BVC's own lab arrangement and no
  dose-dispensing pharmacy, and KLAS where the source names it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sitebuild import EXAMPLE_DAY, SharedBuild, example_unit_ids, page_content, squash

from handbook import Handbook
from handbook.binder.document import Inputs, unit_document
from handbook.data.project import Unit
from handbook.history.stamp import DRAFT
from handbook.labels import field_label, labels
from handbook.render.card import call_order
from handbook.render.sections import in_call_order
from handbook.schema.fields import walk

pytestmark = [pytest.mark.build, pytest.mark.pdf]

UNITS = pytest.mark.parametrize("unit", example_unit_ids(), indirect=True)
L = labels()
# A table cell or a label/value row holding nothing but a dash.
LONE_DASH = re.compile(r'<td[^>]*>\s*[–-]\s*(<span class="hb-field-end"></span>)?\s*</td>')


def binder_text(site: Path, unit_id: str, own: bool = False) -> str:
    """The binder's text; ``own``: the unit's own pages only, not the region's appendix
    (the region routine, the same in every binder)."""
    reader = PdfReader(site / "pdf" / f"{unit_id}.pdf")
    end = len(reader.pages)
    if own:
        appendix = [reader.get_destination_page_number(item) for item in reader.outline
                    if not isinstance(item, list) and str(item.title).startswith("Bilaga")]
        end = min([page for page in appendix if page is not None], default=end)
    return squash(" ".join(page.extract_text() for page in reader.pages[:end]))


def page_html(site: Path, unit_id: str) -> str:
    return (site / "enheter" / unit_id / "index.html").read_text(encoding="utf-8")


def print_html(unit: Unit, book: Handbook) -> str:
    """The binder's HTML as the build renders it (draft, the example day)."""
    inputs = Inputs([], DRAFT, None, dt.date.fromisoformat(EXAMPLE_DAY),
                    group_names=book.group_names())
    return unit_document(unit, inputs).html


def internal_texts(unit: Unit) -> list[str]:
    """What an editor writes that means nothing to a reader, as it would print: each
    editors-only field's label beside its value, and the maintainers' user names."""
    texts = [field_label(path.rsplit(".", 1)[-1]) for path, spec in walk()
             if spec.editors_only and path.split(".")[0] != "checklists"]
    texts += [str(name) for name in unit.data.get("maintainers", [])]
    kind = field_label("kind")
    texts += [f"{kind}: {L['checklist_kinds'][c['kind']]}" for c in unit.data["checklists"]]
    return texts


def test_the_editors_only_fields_are_the_ones_the_issue_names() -> None:
    paths = {path for path, spec in walk() if spec.editors_only}
    # former_ids (#27): a renamed unit's old ids, which only lead old addresses to the
    # new page; an editor's record like the maintainers, never shown to a reader. An
    # escalation step's minutes (#26): a sort key like call_order, the step says its time.
    assert paths == {"contacts.call_order", "checklists.kind", "maintainers", "former_ids",
                     "outage_lead.escalation.minutes"}


@UNITS
def test_nothing_internal_in_the_binder_or_on_the_page(example_site: SharedBuild, unit: Unit,
                                                      example_handbook: Handbook) -> None:
    binder = binder_text(example_site.site, unit.id)
    page = page_content(page_html(example_site.site, unit.id))
    for text in internal_texts(unit):
        assert text not in binder, (unit.id, text)
        assert text not in page, (unit.id, text)
    assert "Plats i ringordningen" not in binder + page
    assert "Granskare av ändringar" not in binder + page
    for html in (page_html(example_site.site, unit.id), print_html(unit, example_handbook)):
        assert not LONE_DASH.search(html), (unit.id, LONE_DASH.search(html))


def test_a_routine_not_used_says_ej_tillampligt(example_site: SharedBuild,
                                                example_handbook: Handbook) -> None:
    """bvc-gardsten has no cash desk (in_use: false): its Kassa section says so, in the
    words a reader uses, not "Rutinen används på enheten: Nej"."""
    unit = example_handbook.unit("bvc-gardsten")
    assert unit.data["routines"]["cashier"]["in_use"] is False
    said = f"{L['unit']['applies']} {L['unit']['not_applicable']}"
    binder = binder_text(example_site.site, unit.id)
    page = page_content(page_html(example_site.site, unit.id))
    for text in (binder, page):
        cashier = text[text.index(field_label("cashier")):]
        assert cashier.index(said) < cashier.index("avgiftsfria"), cashier[:200]
        assert field_label("in_use") not in text
    used = example_handbook.unit("vc-kortedala")
    assert L["unit"]["not_applicable"] not in binder_text(example_site.site, used.id)


def expected_order(unit: Unit) -> list[Any]:
    order = in_call_order(unit.data)
    card = call_order(unit.data)
    assert order[:len(card)] == card  # the card's calls first, in its order
    return order


def contacts_bookmarks(outline: list[Any]) -> list[Any]:
    """The children of the one bookmark titled as the contacts section, at any depth."""
    found = []
    for number, item in enumerate(outline):
        if isinstance(item, list):
            found += [inner] if (inner := contacts_bookmarks(item)) else []
        elif item.title == field_label("contacts"):
            following = outline[number + 1] if number + 1 < len(outline) else None
            assert isinstance(following, list), "the contacts section has no bookmarks"
            found.append(following)
    assert len(found) <= 1
    return found[0] if found else []


@UNITS
def test_the_contacts_chapter_follows_the_cards_call_order(example_site: SharedBuild,
                                                           unit: Unit) -> None:
    """In the binder's outline and on the site page, the contacts in the order the
    action card rings them, then the ones it does not ring."""
    order = expected_order(unit)
    reader = PdfReader(example_site.site / "pdf" / f"{unit.id}.pdf")
    # The contacts section sits in a print chapter ("1 Kontakter och ledning", under the
    # first part); its bookmark's children are the contacts.
    chapter = contacts_bookmarks(list(reader.outline))
    assert [item.title for item in chapter] == [str(c["role"]) for c in order]
    html = page_html(example_site.site, unit.id)
    shown = re.findall(r'id="contacts-([a-z0-9-]+)"', html)
    assert shown, "the page shows contacts the card does not"
    assert shown == [str(c["id"]) for c in order if str(c["id"]) in shown]


def test_the_bvc_has_its_own_lab_and_no_dose_dispensing(example_site: SharedBuild,
                                                         example_handbook: Handbook) -> None:
    bvc = example_handbook.unit("bvc-gardsten")
    kortedala = example_handbook.unit("vc-kortedala")
    assert "dosapotek" not in {p["kind"] for p in bvc.data.get("partners", [])}
    assert "reservrutin-pascal" not in {f["id"] for f in bvc.data["forms"]}
    assert "dosapotek" in {p["kind"] for p in kortedala.data["partners"]}
    for text in (binder_text(example_site.site, bvc.id, own=True),
                 page_content(page_html(example_site.site, bvc.id))):
        assert "Dosapotek" not in text and "dosapotek" not in text, text
        assert "Pascal" not in text  # the ordering system for dose dispensing
    kortedala_text = binder_text(example_site.site, kortedala.id, own=True)
    assert "Dosapoteket Väst" in kortedala_text and "Pascal" in kortedala_text  # could fail
    bvc_labs = {str(lab["id"]): lab for lab in bvc.data["labs"]}
    kortedala_labs = {str(lab["id"]): lab for lab in kortedala.data["labs"]}
    assert not set(bvc_labs) & set(kortedala_labs)
    for lab in bvc_labs.values():
        for other in kortedala_labs.values():
            for key in ("referral_agreement", "paper_orders", "paper_results", "transport"):
                assert squash(str(lab[key])) != squash(str(other.get(key, "")))
    assert bvc.data["routines"]["lab"]["text"] != kortedala.data["routines"]["lab"]["text"]
    binder = binder_text(example_site.site, bvc.id)
    assert squash(str(next(iter(kortedala_labs.values()))["referral_agreement"]).split("\n")[0]
                  ) not in binder
    assert "PKU" in binder and "kapillär" in binder


def test_klas_is_where_the_source_names_it(example_handbook: Handbook,
                                           example_site: SharedBuild) -> None:
    """The source lists the KLAS fallback (licence justification) among what every unit
    keeps on paper: every example unit keeps it, the BVC too."""
    [klas] = [f for f in example_handbook.region["forms"] if "KLAS" in str(f["title"])]
    assert klas["must_be_printed"] is True
    for unit in example_handbook.units:
        [form] = [f for f in unit.data["forms"] if f["id"] == klas["id"]]
        assert form.get("paper_location"), unit.id
    assert "KLAS" in binder_text(example_site.site, "bvc-gardsten")
