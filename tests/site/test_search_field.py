"""Search as a nurse uses it (issue 28, item 4), in Chromium on the built example:
the count above the results counts what is shown, and a hit from a unit's page
names the unit. (The unit finder's typo tolerance: tests/render/test_finder_typos.py.)"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser import ARTIFACTS, PHONE, VIEWPORTS, launched_chromium, search, serve
from playwright.sync_api import Browser, Page, expect
from sitebuild import SharedBuild

pytestmark = pytest.mark.browser

UNIT = "enheter/bvc-gardsten/"
UNIT_NAME = "Närhälsan Gårdsten barnavårdscentral"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(example_site: SharedBuild) -> Iterator[str]:
    with serve(example_site.site) as base:
        yield base


@pytest.fixture
def unit_page(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="sv-SE",  # type: ignore[arg-type]
                                  service_workers="block")
    page = context.new_page()
    page.goto(site + UNIT)
    page.wait_for_load_state("networkidle")
    yield page
    context.close()


def shown_count(page: Page) -> int:
    """How many results the panel lists once the search has answered."""
    meta = page.locator(".md-search-result__meta")
    expect(meta).not_to_have_text("Initialiserar sök")
    page.wait_for_timeout(300)  # Material's answer and the page's own hits settle
    return page.locator(".md-search-result__item").count()


def expected_meta(count: int) -> str:
    return "Inga sökresultat" if count == 0 else \
        "1 sökresultat" if count == 1 else f"{count} sökresultat"


@pytest.mark.parametrize("words", ["johanna eklöf", "provtagningen"])
def test_the_count_above_the_results_counts_the_results_shown(unit_page: Page,
                                                              words: str) -> None:
    """A contact's name is only in the unit page's own hits (Material found nothing
    and said "Inga sökresultat" above them); "provtagningen" gives both kinds (not
    "labb": with the unit pages' section entries it finds more than the ten pages
    Material lists before the reader scrolls)."""
    search(unit_page, words)
    count = shown_count(unit_page)
    assert 0 < count <= 10, count  # Material lists ten before it scrolls for more
    expect(unit_page.locator(".md-search-result__meta")).to_have_text(expected_meta(count))


def test_a_hit_from_the_unit_page_names_its_unit(unit_page: Page) -> None:
    search(unit_page, "labb")
    hits = unit_page.locator(".hb-page-hit")
    expect(hits).not_to_have_count(0)
    for hit in hits.all():
        expect(hit.locator(".hb-page-hit-unit")).to_have_text(UNIT_NAME)


def test_the_fields_clear_button_clears_the_results_and_their_count(unit_page: Page) -> None:
    """The × emptied the field and left "16 sökresultat" and the list under it."""
    search(unit_page, "recept")
    assert shown_count(unit_page) > 0
    unit_page.locator("button[type=reset].md-search__icon").click()
    expect(unit_page.locator("input.md-search__input")).to_have_value("")
    expect(unit_page.locator(".md-search-result__item")).to_have_count(0)
    expect(unit_page.locator(".md-search-result__meta")).not_to_contain_text("sökresultat")


def test_a_hit_from_the_unit_page_shows_each_value_after_its_label(unit_page: Page) -> None:
    """"Namn: Elin Sandberg · Telefon: 031-345 71 40", not "Namn Elin Sandberg Telefon
    031-345 71 40": a contact's snippet pairs each value with its label, as the page
    does, and leaves the headings' ¶ out."""
    contact = unit_page.evaluate(r"""() => {
        for (const h of document.querySelectorAll('article h4[id]')) {
            const rows = h.nextElementSibling ?
                h.nextElementSibling.querySelectorAll('table.hb-fields > tbody > tr') : [];
            if (rows.length >= 2) return {id: h.id,
                title: h.textContent.replace(/\u00b6\s*$/, '').trim(),
                rows: [...rows].slice(0, 2).map(r => [r.querySelector('th').textContent.trim(),
                                                      r.querySelector('td').textContent.trim()])};
        }
        return null;
    }""")
    assert contact, "no contact with two labelled fields on the page"
    search(unit_page, contact["title"])
    hit = unit_page.locator(f".hb-page-hit:has(a[href$='#{contact['id']}'])")
    expect(hit).to_have_count(1)
    snippet = hit.locator("article > p:not(.hb-page-hit-unit)").inner_text()
    (label, value), (label2, value2) = contact["rows"]
    assert snippet.startswith(f"{label}: {value} · {label2}: {value2}"[:150]), snippet
    for hit in unit_page.locator(".hb-page-hit").all():
        assert "¶" not in hit.inner_text()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_screenshot_of_the_results_panel(browser: Browser, site: str, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport],  # type: ignore[arg-type]
                                  locale="sv-SE", service_workers="block")
    page = context.new_page()
    page.goto(site + UNIT)
    page.wait_for_load_state("networkidle")
    search(page, "johanna")
    shown_count(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-field-{viewport}.png"))
    context.close()


# From the start page, what a nurse types finds the unit's section that shows it (the
# unit pages' small section entries in the index, handbook/render/search_index.py).
ANGERED = ("enheter/vc-angen/", "Närhälsan Angered vårdcentral")
FROM_ANY_PAGE = [
    ("johanna eklöf", UNIT + "#atgardskort", UNIT_NAME),  # a name in the call list
    ("031-343", UNIT + "#atgardskort", UNIT_NAME),  # the acute number 031-343 55 00
    ("0313435500", UNIT + "#atgardskort", UNIT_NAME),  # the same, digits only
    ("provtagningen angered", UNIT + "#labs", UNIT_NAME),  # a lab's name
    ("läkemedelslista", UNIT + "#routines", UNIT_NAME),  # a routine's name
    # A contact's name that is not in the call list: under Kontakter (the nurse found
    # nothing from the start page when the index held the contacts' roles only).
    ("elin sandberg", ANGERED[0] + "#contacts", ANGERED[1]),
]


@pytest.fixture(scope="module")
def start_page(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORTS["desktop"],  # type: ignore[arg-type]
                                  locale="sv-SE", service_workers="block")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(("words", "section", "unit_name"), FROM_ANY_PAGE)
def test_from_the_start_page_a_name_number_lab_or_routine_finds_the_units_section(
        start_page: Page, site: str, words: str, section: str, unit_name: str) -> None:
    start_page.goto(site)
    start_page.wait_for_load_state("networkidle")
    search(start_page, words)
    shown_count(start_page)
    found = {}  # each result's sections (addresses without ?h=), and the title above them
    for item in start_page.locator(".md-search-result__item").all():
        title = item.locator("h1").inner_text()
        for link in item.locator(".md-search-result__link").all():
            href = re.sub(r"\?[^#]*", "", link.get_attribute("href") or "")
            found[href.removeprefix(site)] = title
    # Listed under its unit's name (Material's page title above the page's sections).
    assert found.get(section) == unit_name, found


def test_a_name_from_the_start_page_finds_the_unit_before_the_editors_guide(
        start_page: Page, site: str) -> None:
    """The guide's YAML example names the example's head of unit: it came first."""
    start_page.goto(site)
    start_page.wait_for_load_state("networkidle")
    search(start_page, "katarina lindqvist")
    shown_count(start_page)
    first = start_page.locator(".md-search-result__item").first.locator("h1").first
    expect(first).to_have_text(ANGERED[1])


@pytest.mark.parametrize(("words", "unit_name"), [
    ("kortdala", "Närhälsan Kortedala vårdcentral"),  # one letter left out
    ("trollhätan", "Närhälsan Trollhättan Centrum vårdcentral"),
])
def test_a_unit_name_with_one_letter_wrong_finds_the_unit(start_page: Page, site: str,
                                                          words: str, unit_name: str) -> None:
    """handbook.js gives each word of five letters or more a twin with lunr's edit
    distance 1 on its way to Material's search worker."""
    start_page.goto(site)
    start_page.wait_for_load_state("networkidle")
    search(start_page, words)
    shown_count(start_page)
    first = start_page.locator(".md-search-result__item").first
    expect(first.locator("h1")).to_have_text(unit_name)
    # Not noted as missing ("Saknas: kortdala") beside the unit it found.
    expect(first.locator(".md-search-result__terms")).to_have_count(0)
