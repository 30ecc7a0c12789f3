"""Generated text in every field shows as text and never runs or applies (issue 11,
item 8, the rendering half).

The text is any Unicode a unit file may hold in a field (no control characters, line
or paragraph separators or bidi overrides; a Markdown field may have line breaks),
with the characters that mean something to HTML, Markdown, Jinja, CSS and YAML mixed
in often. Each example writes it into a unit file with a YAML emitter and loads it
with the project's loader, then:

- builds the site in this process with MkDocs and the real theme: the unit page's
  title and heading are the name, every one-line text value shows as written, and the
  page has exactly the elements and attributes of the same page with plain text;
- renders the unit's binder with the build's functions: every value that is not
  generated (numbers, dates, addresses, labels of choices) is still in the PDF text;
- renders Markdown fields alone: no raw HTML, no link to another scheme, words kept;
- and a CSS string of any text reads back as that text.

``make test`` runs few examples (a build is about a second, a binder a few); ``make
fuzz`` runs many.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tinycss2
import tinyhtml5
from hostile import (
    HTML,
    SITE_NAME,
    full_unit,
    risky,
    signatures,
    text_fields,
    text_of,
    unit_yaml,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import REPO, binder_texts, copy_project, html_text, require_tool, squash

from handbook import load_handbook
from handbook.binder.document import Inputs, css_string, unit_document
from handbook.binder.pdf import render_pdf
from handbook.data.project import Unit
from handbook.history.stamp import current_stamp
from handbook.render.safe_markdown import to_html
from handbook.schema.fields import PLACEHOLDER
from handbook.schema.textrules import INVISIBLE

pytestmark = [pytest.mark.build, pytest.mark.pdf]

UNIT_ID = "fuzz"
PAGE = f"enheter/{UNIT_ID}/index.html"
# What the loader refuses in a one-line field (another change checks that): control
# characters, line and paragraph separators, bidi embeddings, overrides and isolates,
# and invisible characters (a soft hyphen, a zero-width space: in any field).
REFUSED = "\u2028\u2029" + "".join(map(chr, range(0x202A, 0x202F))) + \
    "".join(map(chr, range(0x2066, 0x206A))) + "".join(sorted(INVISIBLE))
# Characters with a meaning to HTML, Markdown, Jinja, CSS or YAML, drawn often.
SPECIAL = "<>&\"'`{}%#*_[]()!\\/;:=-+|~^$@?,.\t "

# A fraction of the profile's examples: "test" (40) gives 8 site builds and 2 binders.
PROFILE = settings.default
assert PROFILE is not None
SITE_EXAMPLES = max(2, PROFILE.max_examples // 5)
PDF_EXAMPLES = max(1, PROFILE.max_examples // 20)

characters = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=REFUSED)
one_line = st.text(st.one_of(st.sampled_from(SPECIAL.replace("\t", "")), characters),
                   min_size=1, max_size=24).filter(
    lambda t: bool(t.strip()) and not t.lstrip().startswith(PLACEHOLDER))
markdown = st.text(st.one_of(st.sampled_from(SPECIAL + "\n"), characters),
                   min_size=1, max_size=60).filter(
    lambda t: bool(t.strip()) and not t.lstrip().startswith(PLACEHOLDER))


def generated_unit(texts: list[str], plain: bool = False) -> dict[str, Any]:
    """A unit with every field; the one-line text fields take ``texts`` in turn, the
    Markdown fields plain text (a Markdown value makes markup on purpose)."""
    counter = iter(range(10_000))

    def value(where: str, kind: str) -> str:
        if kind == "markdown":
            return "Vanlig text."
        number = next(counter)
        return f"Text {number}" if plain else texts[number % len(texts)]

    return full_unit(value)


class Site:
    """A copy of the project with one unit, built in this process (MkDocs' own build)."""

    def __init__(self, root: Path) -> None:
        self.project = copy_project(root)
        units = self.project / "units"
        for path in units.glob("*.yml"):
            if path.name != "_region.yml":
                path.unlink()
        shutil.rmtree(units / "_groups")
        (units / "_groups").mkdir()

    def build(self, data: dict[str, Any]) -> tuple[Unit, etree.Element]:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        (self.project / "units" / f"{UNIT_ID}.yml").write_text(unit_yaml(data),
                                                               encoding="utf-8")
        config = load_config(str(self.project / "mkdocs.yml"), strict=True)
        build(config)
        unit = load_handbook(self.project / "units", base=self.project).unit(UNIT_ID)
        html = (self.project / "site" / PAGE).read_text(encoding="utf-8")
        root: etree.Element = tinyhtml5.parse(html)
        return unit, root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, etree.Element]]:
    before = os.environ.get("HANDBOOK_PDF")
    os.environ["HANDBOOK_PDF"] = "0"
    try:
        built = Site(tmp_path_factory.mktemp("fuzz-site"))
        _unit, plain = built.build(generated_unit([], plain=True))
        yield built, plain
    finally:
        if before is None:
            os.environ.pop("HANDBOOK_PDF", None)
        else:
            os.environ["HANDBOOK_PDF"] = before


@settings(max_examples=SITE_EXAMPLES)
@given(texts=st.lists(one_line, min_size=1, max_size=12))
def test_generated_text_shows_on_the_unit_page_as_text(site: tuple[Site, etree.Element],
                                                       texts: list[str]) -> None:
    built, plain = site
    data = generated_unit(texts)
    unit, root = built.build(data)
    # The loader kept every value as generated (the region adds contacts and forms).
    assert Counter(v for _w, v in text_fields(data, ("text",))) - Counter(
        v for _w, v in text_fields(unit.data, ("text",))) == Counter()
    name = data["name"]
    [title] = root.iter(f"{HTML}title")
    assert squash(title.text or "") == squash(f"{name} - {SITE_NAME}")
    [heading] = root.iter(f"{HTML}h1")
    assert text_of(heading) == squash(name)
    [article] = root.iter(f"{HTML}article")
    shown = text_of(article)
    assert [(w, v) for w, v in text_fields(unit.data, ("text",)) if squash(v) not in shown] \
        == []
    assert risky(root) == risky(plain)
    assert signatures(root) == signatures(plain)
    ids = Counter(e.get("id") for e in root.iter() if e.get("id"))
    assert [i for i, n in ids.items() if n > 1] == []


@settings(max_examples=PDF_EXAMPLES)
@given(texts=st.lists(one_line, min_size=1, max_size=12), notes=st.lists(markdown,
                                                                          min_size=1,
                                                                          max_size=4))
def test_generated_text_leaves_every_other_value_in_the_binder(
        tmp_path_factory: pytest.TempPathFactory, texts: list[str], notes: list[str]) -> None:
    counter = iter(range(10_000))

    def value(where: str, kind: str) -> str:
        number = next(counter)
        return notes[number % len(notes)] if kind == "markdown" else texts[number % len(texts)]

    root = tmp_path_factory.mktemp("fuzz-binder")
    (root / "units").mkdir()
    shutil.copy(REPO / "units" / "_region.yml", root / "units")
    (root / "units" / f"{UNIT_ID}.yml").write_text(unit_yaml(full_unit(value)),
                                                   encoding="utf-8")
    unit = load_handbook(root / "units", base=root).unit(UNIT_ID)
    document = unit_document(unit, Inputs([], "utkast", None, dt.date(2026, 11, 27)))
    path = root / "binder.pdf"
    path.write_bytes(render_pdf(document.filled(current_stamp(REPO))))
    # pdftotext in content-stream order, not pypdf: once a fallback font for rare
    # characters is in the binder, WeasyPrint encodes fonts in two bytes, and pypdf then
    # reads NUL bytes between the letters and garbage for ligatures ("o0–entlig" for
    # "offentlig"). Whitespace is left out: a value may wrap.
    extracted = subprocess.run([require_tool("pdftotext"), "-raw", str(path), "-"],
                               check=True,
                               capture_output=True, text=True).stdout
    text = re.sub(r"\s+", "", extracted)
    generated = {where for where, _v in text_fields(unit.data)}
    others = [(where, value) for where, value in binder_texts(unit.data)
              if where not in generated]
    assert len(others) > 20
    assert [(w, v) for w, v in others if re.sub(r"\s+", "", v) not in text] == []


@given(text=markdown)
def test_markdown_fields_render_no_markup_of_their_own(text: str) -> None:
    """Markdown formats the text; it never makes a script, a style, an image, a handler
    or a link to another scheme, and every word of the text stays (Markdown syntax
    aside: a word is found with its punctuation stripped)."""
    html = str(to_html(text))
    root = tinyhtml5.parse(f"<div>{html}</div>")
    assert risky(root) == Counter()
    shown = re.sub(r"\s+", "", html_text(html))
    words = re.findall(r"[^\W_]+", text)  # "_" is emphasis, not part of a word
    assert [w for w in words if w not in shown and w not in html] == []


@given(text=st.text(st.one_of(st.sampled_from(SPECIAL + "\n\r\f\u2028"),
                              st.characters(blacklist_categories=["Cs"],
                                            blacklist_characters="\x00"))))
def test_a_css_string_reads_back_as_the_text(text: str) -> None:
    """What the running header's CSS string holds, parsed as WeasyPrint parses it."""
    tokens = tinycss2.parse_component_value_list(str(css_string(text)))
    assert [(t.type, t.value) for t in tokens] == [("string", text)]
