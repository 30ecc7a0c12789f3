"""Every field of the schema reaches the reader: on the unit page and in the binder,
beside its own label.

One unit file is written from the schema (``handbook.schema.fields.UNIT``), with every field
filled and each value distinct (a marker per field, made for its kind in
``handbook.schema.scalars.KINDS``), and built once with its binder. A field added to the schema
is filled here without a change to this test, so a field that the page or the binder
forgets fails it. The fields deliberately not shown somewhere are listed below, each with
its reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import yaml
from placement import html_rows, misplaced, pdf_words, place
from pypdf import PdfReader
from sitebuild import EXAMPLE_DAY, copy_project, mkdocs_build, page_content, reader_text, squash

from handbook import Unit, load_handbook
from handbook.binder.document import Inputs, unit_document
from handbook.history.stamp import DRAFT
from handbook.labels import field_label
from handbook.schema.fields import (
    CARD_CONTACT_KEYS,
    HIDDEN,
    NOT_MERGED,
    REGION_ONLY,
    UNIT,
    ListOf,
    Record,
    Scalar,
    Type,
    walk,
)
from handbook.schema.scalars import KINDS

pytestmark = [pytest.mark.build, pytest.mark.pdf]

UNIT_ID = "vc-alla-falt"
GROUP_ID = "markor"
# Set apart from the generated markers: an item's id only names it (merging), ``drop``
# would remove the item, ``extends`` must name a group file, and ``group_name`` may only
# stand in a group's file (it is shown where the unit names its groups); ``binder`` (single-
# or double-sided) only in the region's file, and it is shown as the binder's layout, not
# as a value (tests/binder/test_print_layout.py checks both layouts).
NOT_GENERATED = {*HIDDEN, *NOT_MERGED, *REGION_ONLY}
FORMER_IDS = ("a renamed unit's old ids are addresses, not plan content: each leads to the "
              "page (render/redirects.py, tests/history/test_renamed_unit.py)")
# Fields that are deliberately not shown, and why (field path without list indexes).
# Fields for editors only (Field.editors_only: the maintainers' code-host user names, the
# call order's sort key, the kind that files a checklist) mean nothing to a reader and are
# on neither; a routine's in_use says "ej tillämpligt" when false and nothing when true,
# the generated value (tests/site/test_example_content.py shows false).
EDITORS_ONLY = {path: "for editors and the build only (Field.editors_only)"
                for path, spec in walk() if spec.editors_only}
APPLIES = {path: "true, the default, prints nothing (Field.applies)"
           for path, spec in walk() if spec.applies}
NOT_ON_PAGE = {**EDITORS_ONLY, **APPLIES}
# The binder's forms chapter is a one-page list of where each paper form is kept
# (binder/chapters.py paper_forms, ARCHITECTURE.md "Print chapters"): the site page's
# forms table, with each form's address, issuer and description, is not printed.
PAPER_LIST = "the binder lists only where each paper form is kept (binder/chapters.py)"
NOT_IN_BINDER: dict[str, str] = {**EDITORS_ONLY, **APPLIES,
                                 **dict.fromkeys(("forms.url", "forms.issuer",
                                                  "forms.description"), PAPER_LIST),
                                 # a form that must be on paper and has no place is on
                                 # the last sheet, for the head of unit (chapters.fixes)
                                 "forms.must_be_printed": PAPER_LIST,
                                 # the region's rule for editors; a missing kind is on
                                 # the fix-before-shelving sheet
                                 "required_checklists": "site only",
                                 # the groups a unit shares values with, for editors
                                 "extends": "site only"}

# Values that stand somewhere other than in a labelled cell, and where; the test checks
# that they stand there.
HEADINGS = {
    "name": "the page's title and the binder's cover and running head",
    "contacts.role": "the heading of the contact's section",
    "labs.name": "the heading of the lab's section",
    "checklists.title": "the heading of the checklist",
}
UNDER_HEADING = {
    "checklists.steps": "the checklist's list of boxes under its heading",
}
# In the binder a paper form's title heads its row of the list of paper forms, and where
# its paper copy is kept stands in the same row.
PAPER_ROW = {"forms.title": "the row's header in the binder's list of paper forms",
             "forms.paper_location": "beside its form's title in that list"}
# A link's address is the target of its title (and printed after it on paper).
LINK_TARGETS = {"forms.url", "labs.links.url",
                *(f"routines.{r}.links.url" for r in ("documentation", "calendar", "cashier",
                                                       "prescriptions", "lab",
                                                       "medication_list"))}
# On the page a contact in the call order is on the action card's call list (role, name,
# who calls, deputy and the numbers in one row), not again in its section's table.
# (The schema marks them: Field.on_card. The call order is the list's order: see above.)
ON_CALL_LIST = {f"contacts.{key}" for key in CARD_CONTACT_KEYS} - {"contacts.call_order"}

# Kinds whose text other fields share, so its absence says nothing: a number, "Ja", and
# a choice's name (a checklist's kind is named in the list of required kinds).
SHARED_TEXT = ("int", "bool", "choice")

Step = str | int | tuple[str, str]  # a key, a list index, or ("id", value): item by id


@dataclass(frozen=True)
class Leaf:
    """One scalar the generated file sets: where it is, its field's key and kind."""

    where: tuple[Step, ...]
    key: str  # the key whose label stands beside it (a list of scalars: the list's)
    kind: Scalar
    marker: Any  # the value as written

    @property
    def path(self) -> str:
        """``contacts.phone``: the field, without which item of a list."""
        return ".".join(step for step in self.where if isinstance(step, str))


class Markers:
    """Distinct values, one per field, each valid for its kind."""

    def __init__(self) -> None:
        self.count = 0
        self.leaves: list[Leaf] = []

    def fill(self, kind: Record, where: tuple[Step, ...],
             item_id: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {} if item_id is None else {"id": item_id}
        for key, spec in kind.fields.items():
            if key in NOT_GENERATED:
                continue
            data[key] = self.value(spec.type, key, (*where, key))
        return data

    def value(self, kind: Type, key: str, where: tuple[Step, ...]) -> Any:
        if isinstance(kind, Record):
            return self.fill(kind, where)
        if isinstance(kind, ListOf):
            if isinstance(kind.item, Record) and "id" in kind.item.fields:
                item_id = f"mark-{self.count:03d}"
                return [self.fill(kind.item, (*where, ("id", item_id)), item_id)]
            return [self.value(kind.item, key, (*where, 0))]
        self.count += 1
        marker = self.scalar(kind, key)
        self.leaves.append(Leaf(where, key, kind, marker))
        return marker

    def scalar(self, kind: Scalar, key: str) -> Any:
        n = self.count
        assert kind.kind in KINDS, kind.kind
        if key == "email":  # a text, but the layer traps refuse one without '@'
            return f"Märke{n:03d}@exempel.se"
        if kind.kind in ("text", "markdown"):
            return f"Märke{n:03d}"
        if kind.kind == "phone":
            return f"031-{600 + n} 00 {n % 100:02d}"
        if kind.kind == "time":
            return f"13:{n % 60:02d}"
        if kind.kind == "date":
            return dt.date(2026, 10, 1 + n % 28)
        if kind.kind == "int":
            low, high = kind.minimum or 0, kind.maximum or 1000
            return low + n % (high - low + 1)
        if kind.kind == "bool":
            return True  # drop is set apart; true keeps a routine and its form in use
        if kind.kind == "url":
            return f"https://m{n:03d}.exempel.se/"
        if kind.kind == "choice":
            return kind.choices[n % len(kind.choices)]
        if kind.kind == "hsa":
            return f"SE2321000131-M{n:03d}"
        if kind.kind == "user":
            return f"anvandare-{n:03d}"
        if kind.kind == "id":  # a renamed unit's former id (former_ids)
            return f"tidigare-{n:03d}"
        raise AssertionError(f"no marker for the kind {kind.kind!r} of {key!r}: add one here")


def generated_unit() -> tuple[dict[str, Any], list[Leaf]]:
    markers = Markers()
    data = markers.fill(UNIT, ())
    return {"extends": [GROUP_ID], **data}, markers.leaves


def lookup(data: Any, where: tuple[Step, ...]) -> Any:
    """The merged value at ``where`` (an item of an id list is found by its id: the
    region's and groups' items of the same list come before it)."""
    for step in where:
        if isinstance(step, tuple):
            [data] = [item for item in data if item["id"] == step[1]]
        else:
            data = data[step]
    return data


@dataclass(frozen=True)
class Built:
    unit: Unit
    leaves: list[Leaf]
    group_name: str
    page_html: str
    page_text: str
    binder: Path
    binder_text: str
    print_html: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The project with the example's region and groups, and this one unit only."""
    project = copy_project(tmp_path_factory.mktemp("every-field"))
    for path in (project / "units").glob("[!_]*.yml"):
        path.unlink()
    data, leaves = generated_unit()
    group_name = "Gruppmärke"
    (project / "units" / "_groups" / f"{GROUP_ID}.yml").write_text(
        f"group_name: {group_name}\n", encoding="utf-8")
    (project / "units" / f"{UNIT_ID}.yml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs_build(project, pdf=True, env={"HANDBOOK_TODAY": EXAMPLE_DAY})
    assert result.returncode == 0, result.stdout + result.stderr
    book = load_handbook(project / "units", base=project)
    unit = book.unit(UNIT_ID)
    html = (project / "site" / "enheter" / UNIT_ID / "index.html").read_text(encoding="utf-8")
    binder = project / "site" / "pdf" / f"{UNIT_ID}.pdf"
    text = squash(" ".join(page.extract_text() for page in PdfReader(binder).pages))
    inputs = Inputs([], DRAFT, None, dt.date.fromisoformat(EXAMPLE_DAY),
                    group_names=book.group_names())  # as build_binders passes them
    return Built(unit, leaves, group_name, html, page_content(html), binder, text,
                 unit_document(unit, inputs).html)


def shown(built: Built) -> list[tuple[Leaf, str]]:
    """Each generated value and the text a reader sees for it."""
    return [(leaf, reader_text(lookup(built.unit.data, leaf.where), leaf.kind))
            for leaf in built.leaves]


def test_the_unit_file_fills_every_field_of_the_schema(built: Built) -> None:
    """The generator reaches every scalar field (at any depth), each value distinct."""

    def fields(kind: Type, where: str) -> set[str]:
        if isinstance(kind, Record):
            return set().union(*(fields(spec.type, f"{where}.{key}".lstrip("."))
                                 for key, spec in kind.fields.items()
                                 if key not in NOT_GENERATED))
        if isinstance(kind, ListOf):
            return fields(kind.item, where)
        return {where}

    assert {leaf.path for leaf in built.leaves} == fields(UNIT, "")
    texts = [text for leaf, text in shown(built) if leaf.kind.kind in ("text", "markdown")]
    assert len(texts) == len(set(texts)) > 50
    assert built.unit.groups[-1] == GROUP_ID


def test_every_field_is_on_the_unit_page(built: Built) -> None:
    """Each value's text on the page; an address as a link's target (a link's text is
    its title, which is a field of its own), as it is printed after the link on paper."""
    hrefs = {unescape(h) for h in re.findall(r'href="([^"]*)"', built.page_html)}
    missing = [(leaf.path, text) for leaf, text in shown(built)
               if leaf.path not in NOT_ON_PAGE
               and text not in (hrefs if leaf.kind.kind == "url" else built.page_text)]
    assert not missing
    assert built.group_name in built.page_text  # group_name: where the unit names its group
    for leaf, text in shown(built):  # and what is left out is really not there
        if leaf.path in NOT_ON_PAGE and leaf.kind.kind not in SHARED_TEXT:
            assert text not in built.page_text, leaf.path


def test_every_field_is_in_the_binder(built: Built) -> None:
    """Each value's text in the binder's; an address may break across lines (the
    binder prints it after its link)."""
    joined = built.binder_text.replace(" ", "")
    missing = [(leaf.path, text) for leaf, text in shown(built)
               if leaf.path not in NOT_IN_BINDER
               and (text.replace(" ", "") not in joined if leaf.kind.kind == "url"
                    else text not in built.binder_text)]
    assert not missing
    assert built.group_name not in built.binder_text  # groups are the site's (extends)
    for leaf, text in shown(built):
        if leaf.path in NOT_IN_BINDER and leaf.kind.kind not in SHARED_TEXT:
            assert text not in built.binder_text, leaf.path


def cell_labels(html: str, text: str) -> set[str]:
    """The labels of every table cell whose own text holds ``text``: its row's header
    cell (a label/value table), its column's header cell (a table with a column per
    field) and the ``data-label`` it carries for small screens."""
    found = set()
    for cell in lxml.html.fromstring(html).iter("td", "dd"):
        if text not in squash(cell.text_content()) or any(
                text in squash(inner.text_content()) for inner in cell.iter("td", "dd")
                if inner is not cell):
            continue
        row = cell.getparent()
        found |= {squash(th.text_content()) for th in row.findall("th")}
        found |= {squash(dt_.text_content()) for dt_ in [cell.getprevious()]
                  if dt_ is not None and dt_.tag == "dt"}
        if cell.get("data-label"):
            found.add(squash(cell.get("data-label")))
        table = next(a for a in cell.iterancestors("table", "dl"))
        heads = table.xpath("./thead/tr/th")
        column = [c for c in row if c.tag in ("td", "th")].index(cell) \
            if cell.tag == "td" else -1
        if heads and 0 <= column < len(heads):
            found.add(squash(heads[column].text_content()))
    return found


def test_every_value_stands_beside_its_own_label_on_the_page_and_in_the_binder(
        built: Built) -> None:
    """In the HTML of both, each value is in a cell labelled with its field's label (a
    list of texts under the list's label), or where the lists above say; in the PDF each
    label/value row's value is drawn on its label's first line (tests/placement.py)."""
    apart = set(HEADINGS) | set(UNDER_HEADING) | LINK_TARGETS
    for where, html, absent in (("page", built.page_html, {*NOT_ON_PAGE, *ON_CALL_LIST}),
                                ("binder", built.print_html,
                                 {*NOT_IN_BINDER, *PAPER_ROW})):
        unlabelled = []
        for leaf, text in shown(built):
            if leaf.path in apart or leaf.path in absent:
                continue
            labels = cell_labels(html, text)
            if field_label(leaf.key) not in labels:
                unlabelled.append((leaf.path, text, sorted(labels)))
        assert not unlabelled, where
    placed = place(html_rows(built.print_html), pdf_words(built.binder))
    assert len(placed) > 50
    assert misplaced(placed) == []


def test_the_values_not_in_a_labelled_cell_stand_where_the_test_says(built: Built) -> None:
    texts = {leaf.path: text for leaf, text in shown(built)}
    for html, absent in ((built.page_html, NOT_ON_PAGE), (built.print_html, NOT_IN_BINDER)):
        tree = lxml.html.fromstring(html)
        headings = {squash(h.text_content().rstrip("¶"))  # the site's heading anchors
                    for h in tree.iter("h1", "h2", "h3", "h4")}
        for path in HEADINGS:
            assert texts[path] in headings, path
        [checklist] = [h for h in tree.iter("h2", "h3", "h4")
                       if squash(h.text_content().rstrip("¶")) == texts["checklists.title"]]
        section = squash(checklist.getnext().text_content())
        for path in UNDER_HEADING:
            assert texts[path] in section, path
        for leaf, text in shown(built):
            if leaf.path in LINK_TARGETS and leaf.path not in absent:
                title = texts[leaf.path.replace(".url", ".title")]
                links = [squash(a.text_content()) for a in tree.iter("a")
                         if a.get("href") == text]
                assert title in links, leaf.path
    rows = {squash(row.findtext("th")): squash(row.findtext("td")) for row in
            lxml.html.fromstring(built.print_html).xpath(
                "//table[contains(@class, 'hb-paper-forms')]/tbody/tr")}
    assert rows[texts["forms.title"]] == texts["forms.paper_location"]
    # One block (tbody) per contact: its row, and its deputy's row.
    calls = [squash(row.text_content()) for row in
             lxml.html.fromstring(built.page_html).xpath(
                 "//table[contains(@class, 'hb-calls')]/tbody")]
    [row] = [r for r in calls if texts["contacts.role"] in r]
    for path in ON_CALL_LIST:
        assert texts[path] in row, path
