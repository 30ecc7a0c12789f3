"""Personal data in the built handbook (issue #17).

One build of the example for ``HANDBOOK_AUDIENCE=public``, with the example's
private layer, so that every personal value is at hand: no personal value may
appear anywhere in its output tree (pages, scripts, the search index, data
files, the sitemap) nor in the text of its PDFs. The values are read from the
merged data, not written here. The shared internal build (``example_site``)
asks crawlers to stay away and shows the fallback of the unit whose personal
values are in the private layer it was built without.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from sitebuild import EXAMPLE_DAY, REPO, SharedBuild, require_tool, shared_build, squash

from handbook import read_handbook
from handbook.data.personal import personal_values
from handbook.history.flatten import flatten
from handbook.labels import labels
from handbook.render.phones import find_phones

pytestmark = [pytest.mark.build, pytest.mark.pdf]

PRIVATE = REPO / "examples" / "private"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    built = shared_build(tmp_path_factory, pdf=True, env={
        "HANDBOOK_TODAY": EXAMPLE_DAY, "HANDBOOK_AUDIENCE": "public",
        "HANDBOOK_PRIVATE": str(PRIVATE)})
    assert built.returncode == 0, built.output
    return built


def digits(number: str) -> str:
    """A phone number as the digits one dials at home: 070-123 45 67, +46 70 123 45 67
    and 0701234567 are all 0701234567."""
    plain = re.sub(r"\D", "", re.sub(r"\(0\)", "", number))
    return "0" + plain[2:] if number.strip().startswith("+46") else plain


def numbers_in(text: str) -> set[str]:
    return {digits(text[start:end]) for start, end in find_phones(text)}


def personal_needles() -> tuple[set[str], set[str]]:
    """Every personal value of the example (with its private layer) as text, and every
    phone number in one, as digits; less what the same data also holds in a field that
    is not personal (a deputy's number is often their own contact number too)."""
    book = read_handbook(REPO / "units", base=REPO, private=PRIVATE)
    assert book.problems == []
    texts: set[str] = set()
    numbers: set[str] = set()
    internal_texts: set[str] = set()
    internal_numbers: set[str] = set()
    for unit in book.units:
        personal = {path: text for path, text, _ in personal_values(unit.data)}
        for text in personal.values():
            texts.add(squash(text))
            numbers.update(numbers_in(text))
            if re.fullmatch(r"\+?[\d ()-]+", text):  # a phone field, however written
                numbers.add(digits(text))
        for path, entry in flatten(unit.data).items():
            if path not in personal:
                internal_texts.add(squash(entry["value"]))
                internal_numbers.update(numbers_in(entry["value"]))
    assert len(numbers) > 20 and len(texts) > 25  # the example's values were all found
    return texts - internal_texts, numbers - internal_numbers


def pdf_text(path: Path) -> str:
    return subprocess.run([require_tool("pdftotext"), "-raw", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def output_texts(site: Path) -> dict[str, str]:
    """Every file of the output tree as the text a reader or a crawler gets from it."""
    found: dict[str, str] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            text = pdf_text(path)
        else:
            raw = path.read_bytes().decode("utf-8", errors="replace")
            # JSON escapes (the search index, data files) and HTML entities, read back.
            text = html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})",
                                        lambda m: chr(int(m[1], 16)), raw))
        found[path.relative_to(site).as_posix()] = text
    return found


def test_a_public_build_holds_no_personal_value_anywhere(public_site: SharedBuild) -> None:
    texts, numbers = personal_needles()
    files = output_texts(public_site.site)
    kinds = {Path(name).suffix for name in files}
    assert {".html", ".json", ".js", ".pdf", ".xml", ".txt"} <= kinds
    assert any(name.startswith("search/") for name in files)
    assert any(name.startswith("data/") for name in files)
    leaks = []
    for name, text in files.items():
        flat = squash(text)
        joined = re.sub(r"(?<=\d)[\s\-()]+(?=\d)", "", re.sub(r"\+46\s*(\(0\))?\s*", "0", text))
        leaks += [(name, t) for t in texts if t in flat]
        leaks += [(name, n) for n in numbers
                  if re.search(rf"(?<!\d){n}(?!\d)", joined)]
    assert leaks == []


def test_a_public_build_shows_the_fallback_and_lets_crawlers_in(
        public_site: SharedBuild) -> None:
    site = public_site.site
    page = (site / "enheter/vc-angen/index.html").read_text(encoding="utf-8")
    shared = labels()["personal"]["fallback_shared"].format(number="070-345 71 99")
    assert shared in html.unescape(re.sub(r"<[^>]+>", "", page))
    assert 'name="robots"' not in page
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow:\n"
    assert shared in squash(pdf_text(site / "pdf/vc-angen.pdf"))


def test_an_internal_build_asks_crawlers_to_stay_away(example_site: SharedBuild) -> None:
    site = example_site.site
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert '<meta name="robots" content="noindex, nofollow">' in head, path


def test_without_the_private_layer_a_unit_shows_its_shared_number(
        example_site: SharedBuild) -> None:
    """vc-vanersborg keeps its personal values in examples/private/; the shared build
    is made without it, so its page, card and binder show the unit's spare mobile."""
    site = example_site.site
    page = html.unescape(re.sub(r"<[^>]+>", "", (
        site / "enheter/vc-vanersborg/index.html").read_text(encoding="utf-8")))
    shared = labels()["personal"]["fallback_shared"].format(number="070-527 50 50")
    assert squash(page).count(shared) >= 4  # two mobiles and two deputies' numbers
    binder = squash(pdf_text(site / "pdf/vc-vanersborg.pdf"))
    assert binder.count(shared) >= 4
    for private in ("070-455 28 16", "073-811 42 07", "0521-27 50 10"):
        assert private not in binder and private not in page
    # The unit's own contact number for Hannes Blom stays: it is internal, not personal.
    assert "0521-27 50 14" in page
