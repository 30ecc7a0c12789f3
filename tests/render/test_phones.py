"""What in running text is a phone number to tap, and what is not."""

from __future__ import annotations

import pytest

from handbook.render.phones import display_phone, is_phone, phone_links, tel_href
from handbook.render.safe_markdown import to_html
from handbook.render.values import number_html, steps_html, url_breaks

pytestmark = pytest.mark.unit

NUMBERS = [
    "010-441 50 00",
    "031-345 71 02",
    "0701234567",
    "070-123 45 67",
    "08-123 456 78",
    "0522-123 45",
    "+46 70 123 45 67",
    "+46 31-345 71 02",
]

NOT_NUMBERS = [
    "2026-11-27",  # a date
    "08:30",  # a time
    "08.30–09.00",  # opening hours
    "07-16",  # hours written with a dash
    "SE2321000131-E000000000123",  # an HSA id
    "19121212-1212",  # a personnummer, 12 digits
    "121212-1212",  # a personnummer, 10 digits
    "010101-1234",  # a personnummer starting with 0
    "0101011234",  # the same without the dash
    "1.2.3",  # a version
    "112",  # too short to be a number with an area code
    "031-34",  # too short
    "031-345 67 89 12 34",  # too long
]


@pytest.mark.parametrize("text", NUMBERS)
def test_a_phone_number_is_linked(text: str) -> None:
    assert is_phone(text)
    digits = "".join(c for c in text if c.isdigit() or c == "+")
    assert str(phone_links(f"Ring {text}.")) == \
        f'Ring <a class="hb-phone" href="tel:{digits}">{text}</a>.'


@pytest.mark.parametrize(("written", "dialled"), [
    ("+46 (0)31 345 67 89", "tel:+46313456789"),
    ("+46(0)31-345 67 89", "tel:+46313456789"),
    ("+46 ( 0 ) 70 123 45 67", "tel:+46701234567"),
    ("031-345 67 89", "tel:0313456789"),
    ("(0)31-345 67 89", "tel:0313456789"),
])
def test_the_zero_in_brackets_is_not_dialled_after_a_country_code(written: str,
                                                                  dialled: str) -> None:
    """"+46 (0)31" is 031 at home and +46 31 from abroad, never +46 031."""
    assert tel_href(written) == dialled


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_other_digits_are_not_linked(text: str) -> None:
    assert not is_phone(text)
    assert "<a" not in str(phone_links(f"Se {text} här"))


def test_text_around_numbers_stays_escaped() -> None:
    html = str(phone_links("<b>Ring</b> 031-345 71 02 & 010-441 50 00"))
    assert html.startswith("&lt;b&gt;Ring&lt;/b&gt; <a ")
    assert html.count('class="hb-phone"') == 2
    assert "&amp;" in html


def test_numbers_in_checklist_steps_and_markdown_are_links() -> None:
    step = str(steps_html(["Ring IT-support på 010-441 00 00 <script>"], "x"))
    assert '<a class="hb-phone" href="tel:0104410000">010-441 00 00</a>' in step
    assert "<script>" not in step
    text = str(to_html("Ring **jouren** på 070-123 45 67, eller [växeln](tel:0313450000) "
                       "031-345 00 00 den 2026-11-27."))
    assert '<a class="hb-phone" href="tel:0701234567">070-123 45 67</a>' in text
    # A number that already is a link's text is not linked again.
    assert text.count("<a") == 3
    assert "2026-11-27" in text and 'tel:20261127' not in text


def test_site_pages_link_numbers_too() -> None:
    """The region chapters and guides are Markdown pages of their own (mkdocs.yml)."""
    import markdown

    html = markdown.markdown("Ring `010-441 50 00` eller 010-441 50 00 (se 2026-11-27).",
                             extensions=["handbook.render.tel_links"])
    assert html.count('href="tel:0104415000"') == 1
    assert "<code>010-441 50 00</code>" in html


# --- numbers as printed (issue #26): Swedish style, for display only -------------------------

@pytest.mark.parametrize(("written", "printed"), [
    ("0702845511", "070-284 55 11"),  # a mobile
    ("0313456789", "031-345 67 89"),  # a three-digit area code
    ("0812345678", "08-123 456 78"),  # Stockholm, eight digits
    ("081234567", "08-123 45 67"),
    ("0522123456", "0522-12 34 56"),  # a four-digit area code
    ("052212345", "0522-123 45"),
    ("0101234567", "010-123 45 67"),
    ("+46702845511", "+46 70 284 55 11"),
    # Written with spaces or hyphens: as written, whatever the grouping.
    ("070-284 55 11", "070-284 55 11"), ("031 345 67 89", "031 345 67 89"),
    ("0703-12 34 56", "0703-12 34 56"), ("+46 (0)31 345 67 89", "+46 (0)31 345 67 89"),
    # Not a Swedish number to group: as written.
    ("112", "112"), ("1177", "1177"), ("+4712345678", "+4712345678"), ("07012", "07012"),
])
def test_a_number_prints_in_the_swedish_way(written: str, printed: str) -> None:
    assert display_phone(written) == printed


def test_the_link_dials_the_number_as_written() -> None:
    from handbook.render.phones import printed_numbers

    with printed_numbers():  # on paper
        html = str(number_html("0702845511", "hb-card-number"))
    assert html == '<a class="hb-card-number" href="tel:0702845511">070-284 55 11</a>'


def test_an_address_breaks_after_its_slashes_and_dots() -> None:
    assert str(url_breaks("https://a.se/x-y?q=1&r=2")) == \
        "https://a.<wbr>se/<wbr>x-<wbr>y?<wbr>q=<wbr>1&amp;<wbr>r=<wbr>2"


def test_the_site_shows_a_number_as_written_and_paper_prints_it_grouped() -> None:
    # design.md: a value reaches the page exactly as written; the binder prints a bare
    # run of digits in the region's format so it can be read off the paper.
    from handbook.render.phones import printed_numbers
    from handbook.render.values import number_html

    assert ">0702845511</a>" in number_html("0702845511")
    with printed_numbers():
        assert ">070-284 55 11</a>" in number_html("0702845511")
        assert 'href="tel:0702845511"' in number_html("0702845511")
    assert ">0702845511</a>" in number_html("0702845511")
