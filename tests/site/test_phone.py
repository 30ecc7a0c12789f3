"""A nurse's phone (390 × 844, touch): tap targets of at least 24 × 24 px (WCAG 2.2,
2.5.8), the unit's contents in the drawer, a unit page folded after its action card,
and a units table that fits or says it scrolls (issue 28, item 5).

One build (the run's shared example build) and one Chromium serve every test here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser import PHONE, axe_violations, describe, launched_chromium, search, serve
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sitebuild import SharedBuild

from handbook.labels import labels

pytestmark = [pytest.mark.build, pytest.mark.browser]

UNIT = "enheter/vc-angen/"
PAGES = {"start": "", "units": "enheter/", "unit": UNIT}

# Every visible control a finger can tap: its box, or for an input inside a label (a
# checklist's box), the label's. Visible: shown by CSS, not empty, and on the screen's
# width (Material's closed drawer lies off the left edge); disabled controls are not
# targets.
TARGETS = """() => {
  const found = [];
  for (const e of document.querySelectorAll(
      'a[href], button, label[for], input:not([type=hidden]), summary, select, textarea')) {
    if (e.disabled || !e.checkVisibility({checkVisibilityCSS: true})) continue;
    const box = (e.tagName === 'INPUT' && e.closest('label')) || e;
    const r = box.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= 0 || r.left >= innerWidth) continue;
    found.push({what: e.outerHTML.slice(0, 90), width: r.width, height: r.height});
  }
  return found;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(example_site: SharedBuild) -> Iterator[str]:
    with serve(example_site.site) as base:
        yield base


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="sv-SE",  # type: ignore[arg-type]
        service_workers="block")
    yield context.new_page()
    context.close()


def small_targets(page: Page) -> tuple[int, list[dict[str, Any]]]:
    """How many tap targets the page shows once its transitions have ended (a search
    button measured while Material scales it in is 23.999998 px wide), and those under
    24 px either way."""
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    targets = page.evaluate(TARGETS)
    return len(targets), [t for t in targets if t["width"] < 24 or t["height"] < 24]


def listed(small: list[dict[str, Any]]) -> str:
    return "\n".join(f"{t['width']:.0f}×{t['height']:.0f} {t['what']}" for t in small)


@pytest.mark.parametrize("name", PAGES)
def test_every_tap_target_is_at_least_24_px(phone: Page, site: str, name: str) -> None:
    phone.goto(site + PAGES[name])
    count, small = small_targets(phone)
    assert count > 10, count
    assert not small, f"{len(small)} of {count} targets under 24 px:\n{listed(small)}"
    if name == "unit":  # every section open, and the search with its results
        phone.locator(".hb-fold-all").click()
        count, small = small_targets(phone)
        assert count > 60, count
        assert not small, f"{len(small)} of {count} under 24 px, sections open:\n{listed(small)}"
        search(phone, "labb")
        expect(phone.locator(".md-search-result__item").first).to_be_visible()
        count, small = small_targets(phone)
        assert not small, f"{len(small)} of {count} under 24 px, searching:\n{listed(small)}"


def test_unit_contents_are_in_the_drawer(phone: Page, site: str) -> None:
    phone.goto(site + UNIT)
    # Every label names a control that exists (Material's secondary sidebar had a
    # label for="__toc" with no input on a page outside nav:).
    orphans = phone.evaluate("""() => [...document.querySelectorAll('label[for]')]
        .filter(l => !document.getElementById(l.htmlFor)).map(l => l.outerHTML.slice(0, 80))""")
    assert not orphans
    headings = phone.locator("article :is(h2, h3, h4)[id]").evaluate_all(
        "hs => hs.map(h => '#' + h.id)")
    phone.locator("label.md-header__button[for=__drawer]").click()
    contents = phone.locator(".md-nav--primary .md-nav--secondary a.md-nav__link")
    expect(contents.first).to_be_in_viewport()
    links = contents.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert links == headings
    # A section in the contents: the drawer closes and the section is open on screen.
    contents.filter(has_text="Labb och provtagning").click()
    expect(phone.locator("#labs + .hb-fold")).to_be_visible()
    expect(phone.locator("#labs")).to_be_in_viewport()


def test_unit_page_is_folded_after_the_card_and_opens(phone: Page, site: str) -> None:
    phone.goto(site + UNIT)
    height = phone.evaluate("document.documentElement.scrollHeight")
    # 26,550 px (31 screens) with every section open; the card and the headings now.
    assert height < 10 * PHONE["height"], height
    expect(phone.locator(".hb-action-card .hb-calls")).to_be_visible()
    folds = phone.locator("article .hb-fold")
    assert folds.count() >= 15
    assert folds.evaluate_all("fs => fs.every(f => f.getAttribute('hidden') === 'until-found')")
    # A tap on the heading opens it, another folds it again.
    button = phone.locator("h3#forms button.hb-fold-toggle")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(phone.locator("#forms + .hb-fold table")).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    button.click()
    expect(phone.locator("#forms + .hb-fold")).to_be_hidden()
    # The jump menu opens the chapter it jumps to.
    phone.locator(".hb-jump a[href='#routines']").click()
    expect(phone.locator("#routines + .hb-fold")).to_be_visible()
    expect(phone.locator("#routines")).to_be_in_viewport()
    # A link from elsewhere to an anchor inside a folded section (a search result).
    phone.goto(site + "kapitel/roller-och-ansvar/")
    phone.goto(site + UNIT + "#labs-klinisk-kemi-ostra")
    expect(phone.locator("#labs-klinisk-kemi-ostra")).to_be_in_viewport()
    # And a change of hash on the page itself.
    phone.evaluate("location.hash = 'exercises'")
    expect(phone.locator("#exercises + .hb-fold")).to_be_visible()
    expect(phone.locator("#exercises")).to_be_in_viewport()


def scroll_locked(phone: Page) -> None:
    """Wait until Material has locked the page's scrolling under the open search, as
    it does 400 ms after the search opens on a phone: a reader is slower than that."""
    expect(phone.locator("body")).to_have_attribute("data-md-scrolllock", "")


def test_search_hit_on_the_unit_page_opens_its_section(phone: Page, site: str) -> None:
    phone.goto(site + UNIT)
    search(phone, "provtagning")
    hit = phone.locator(".md-search-result__item a[href$='#labs']").first
    expect(hit).to_be_visible()
    scroll_locked(phone)
    hit.click()
    expect(phone.locator("#labs + .hb-fold")).to_be_visible()
    expect(phone.locator("body")).not_to_have_attribute("data-md-scrolllock", "")
    # Closing the search did not zoom the phone out (Material's closing animation
    # reached 872 px past the screen's edge), and the section's heading is on screen.
    assert phone.evaluate("innerWidth") == PHONE["width"]
    expect(phone.locator("#labs")).to_be_in_viewport()


def test_closing_the_search_keeps_the_page_at_the_phones_width(phone: Page, site: str) -> None:
    phone.goto(site + UNIT)
    search(phone, "labb")
    expect(phone.locator(".md-search-result__item").first).to_be_visible()
    scroll_locked(phone)
    widths = phone.evaluate("""() => new Promise(done => {
        const seen = [];
        const look = () => seen.push(innerWidth, document.documentElement.scrollWidth);
        document.querySelector('label.md-search__icon[for=__search]').click();
        const timer = setInterval(look, 20);
        setTimeout(() => { clearInterval(timer); look(); done(seen); }, 800);
    })""")
    assert max(widths) == PHONE["width"], widths
    expect(phone.locator("body")).not_to_have_attribute("data-md-scrolllock", "")


@pytest.mark.parametrize("unit", ["vc-angen", "vc-trollhattan-centrum", "bvc-gardsten"])
def test_the_call_list_fits_inside_the_action_cards_border(phone: Page, site: str,
                                                          unit: str) -> None:
    """At 1.25rem the numbers ran 7 px past the card's red border on a phone."""
    phone.goto(site + f"enheter/{unit}/")
    boxes = phone.evaluate("""() => {
        const card = document.querySelector('.hb-action-card');
        const style = getComputedStyle(card), box = card.getBoundingClientRect();
        const inner = box.right - parseFloat(style.borderRightWidth)
                      - parseFloat(style.paddingRight);
        return {inner, card: box.right, width: innerWidth,
                cells: [...card.querySelectorAll('.hb-calls td, .hb-calls th')]
                    .map(c => c.getBoundingClientRect().right)};
    }""")
    assert boxes["card"] <= boxes["width"]
    assert boxes["cells"] and max(boxes["cells"]) <= boxes["inner"] + 0.5, boxes


def test_print_shows_every_folded_section(phone: Page, site: str) -> None:
    phone.goto(site + UNIT)
    phone.emulate_media(media="print")
    folds = phone.locator("article .hb-fold")
    for number in range(folds.count()):
        expect(folds.nth(number)).to_be_visible()
    expect(phone.locator(".hb-fold-all")).to_be_hidden()


def test_folded_unit_page_has_no_axe_violations(phone: Page, site: str) -> None:
    phone.goto(site + UNIT)
    phone.locator("h3#labs button.hb-fold-toggle").click()
    violations = axe_violations(phone)
    assert not violations, describe(violations)


def test_units_table_fits_a_phone(phone: Page, site: str) -> None:
    phone.goto(site + "enheter/")
    boxes = phone.locator("article details.hb-group .md-typeset__scrollwrap")
    assert boxes.count() >= 2
    widths = boxes.evaluate_all("bs => bs.map(b => [b.scrollWidth, b.clientWidth])")
    assert all(scroll <= client for scroll, client in widths), widths
    expect(phone.locator(".hb-scroll-hint")).to_have_count(0)


def test_a_table_wider_than_the_phone_says_it_scrolls(phone: Page, site: str) -> None:
    phone.goto(site + "status/")  # ten columns
    box = phone.locator("article .md-typeset__scrollwrap.hb-scrolls").first
    expect(box).to_be_visible()
    hint = labels()["theme"]["table_scrolls"]
    expect(phone.locator(".hb-scroll-hint").first).to_have_text(hint)
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_accessible_name(hint)
    box.focus()
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    assert box.evaluate("b => b.scrollLeft") > 0
