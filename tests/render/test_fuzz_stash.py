"""A generated page comes out of Markdown the same with its HTML blocks stashed away
(handbook/render/stash.py) as without: byte for byte, for every page of the example
handbook and for a unit with generated text in every field (Markdown fields with
real markup, blank lines and raw HTML in them).

The Markdown is the site's own: the extensions and settings of mkdocs.yml. MkDocs
adds tree processors of its own (links, anchors, the title); raw HTML never reaches
the tree, so they see the same either way.
"""

from __future__ import annotations

import shutil
from functools import lru_cache

import markdown
import pytest
from hostile import full_unit, unit_yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import REPO

from handbook import load_handbook
from handbook.plan.status import today, unit_status
from handbook.render.pages import generated_pages, unit_page
from handbook.render.stash import StashError, restore_blocks, stash_blocks
from handbook.schema.fields import PLACEHOLDER
from handbook.schema.textrules import INVISIBLE

pytestmark = pytest.mark.unit

SPECIAL = "<>&\"'`{}%#*_[]()!\\/;:=-+|~^$@?,.\t "
# Markdown an editor may write: lists, emphasis, links, tables, raw HTML and
# paragraphs (blank lines), so rendered fields hold blank lines inside a block.
PIECES = ("\n\n", "\n", "- ", "1. ", "**", "*", "`", "# ", "> ", "| a | b |\n|---|---|\n",
          "<div>", "</div>", "<p>", "</p>", "<!-- x -->", "    ", "[l](https://a.se)",
          "hbstash", "x")
one_line = st.text(st.one_of(st.sampled_from(SPECIAL.replace("\t", "")),
                             # the loader refuses an invisible character
                             st.characters(blacklist_categories=("Cs", "Cc"),
                                           blacklist_characters="".join(sorted(INVISIBLE)),
                                           max_codepoint=0x2000)),
                   min_size=1, max_size=20).filter(
    lambda t: bool(t.strip()) and not t.lstrip().startswith(PLACEHOLDER))
PROFILE = settings.default
assert PROFILE is not None
markdown_text = st.lists(st.one_of(st.sampled_from(PIECES), one_line), min_size=1,
                         max_size=12).map("".join).filter(
    lambda t: bool(t.strip()) and not t.lstrip().startswith(PLACEHOLDER))


@lru_cache(maxsize=1)
def site_markdown() -> markdown.Markdown:
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"],
                             extension_configs=config["mdx_configs"])


def convert(text: str) -> str:
    md = site_markdown()
    md.reset()
    return md.convert(text)


def convert_stashed(text: str) -> tuple[str, dict[str, str]]:
    stashed, blocks = stash_blocks(text)
    return restore_blocks(convert(stashed), blocks), blocks


def test_every_example_page_comes_out_the_same_and_unit_pages_skip_markdown() -> None:
    handbook = load_handbook(REPO / "units", base=REPO)
    pages = generated_pages(handbook)
    assert len(pages) == len(handbook.units) + 4
    for page in pages:
        html, blocks = convert_stashed(page.markdown)
        assert html == convert(page.markdown), page.src_uri
        if page.src_uri.startswith("enheter/") and page.src_uri != "enheter/index.md":
            # Most of a unit page is HTML Markdown no longer reads.
            stashed = sum(len(block) for block in blocks.values())
            assert stashed > 0.8 * len(page.markdown), page.src_uri


def test_blocks_inside_an_open_element_or_a_markdown_group_stay() -> None:
    text = ('<details markdown="1">\n\n<div class="a">x</div>\n\n</details>\n\n'
            '<div>\n\n<p>inne</p>\n\n</div>\n\n<section><p>ute</p></section>\n\n'
            '<span>inline</span>\n\n<div>a</div> text after\n\n'
            '<div markdown="1">*betonad*</div>\n')
    stashed, blocks = stash_blocks(text)
    assert list(blocks.values()) == ["<section><p>ute</p></section>"]
    assert restore_blocks(convert(stashed), blocks) == convert(text)


def test_a_placeholder_that_does_not_come_back_is_an_error() -> None:
    stashed, blocks = stash_blocks("# Rubrik\n\n<div>a</div>\n")
    [token] = blocks
    assert token in stashed
    with pytest.raises(StashError, match="did not come back"):
        restore_blocks(convert(stashed.replace(token, f"*{token}*")), blocks)


@settings(max_examples=max(5, PROFILE.max_examples // 4), deadline=None)
@given(texts=st.lists(one_line, min_size=1, max_size=8),
       notes=st.lists(markdown_text, min_size=1, max_size=8))
def test_a_unit_with_any_text_comes_out_the_same(tmp_path_factory: pytest.TempPathFactory,
                                                 texts: list[str], notes: list[str]) -> None:
    counter = iter(range(10_000))

    def value(where: str, kind: str) -> str:
        number = next(counter)
        return (notes if kind == "markdown" else texts)[number % len(
            notes if kind == "markdown" else texts)]

    units = tmp_path_factory.mktemp("stash") / "units"
    units.mkdir()
    shutil.copy(REPO / "units" / "_region.yml", units / "_region.yml")
    (units / "fuzz.yml").write_text(unit_yaml(full_unit(value)), encoding="utf-8")
    unit = load_handbook(units, base=units.parent).unit("fuzz")
    page = unit_page(unit, True, unit_status(unit, today()), None)
    assert convert_stashed(page.markdown)[0] == convert(page.markdown)

