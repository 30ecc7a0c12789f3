"""The generated pages: start page, units index, one page per unit, forms page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..labels import labels
from ..project import REGION_FILE, Handbook, Unit
from ..schema import UNIT
from .card import action_card
from .safe_markdown import to_html
from .sections import meta_html, unit_sections
from .text import md_escape, swedish_key
from .values import scalar_html, tel_href, value_html

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where it pretends to live in docs/
    markdown: str
    edit_path: str | None  # the file an editor changes, relative to the project


def unit_uri(unit_id: str) -> str:
    return f"enheter/{unit_id}.md"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True,
                             # Markdown headings take "{#anchor}", so comments use {## ##}.
                             comment_start_string="{##", comment_end_string="##}")
    env.filters.update(md=md_escape, markdown=to_html, tel=tel_href, cell_link=cell_link)
    env.globals.update(L=labels(), T=UNIT.fields, value_html=value_html,
                       scalar_html=scalar_html, unit_uri=unit_uri)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def units_by_name(handbook: Handbook) -> list[Unit]:
    return sorted(handbook.units, key=lambda u: (swedish_key(u.name), u.id))


def generated_pages(handbook: Handbook, units_dir: str = "units",
                    pdf: bool = True) -> list[GeneratedPage]:
    """Every generated page; ``pdf`` says whether the PDF binders exist to link to."""
    region_path = f"{units_dir}/{REGION_FILE}"
    units = units_by_name(handbook)
    pages = [
        GeneratedPage("index.md", render("start.md.j2", region=handbook.region, units=units,
                                         calls=handbook.region.get("contacts", [])),
                      region_path),
        GeneratedPage("enheter/index.md", render("units.md.j2", units=units, pdf=pdf), None),
        GeneratedPage("blanketter.md", render("forms.md.j2", forms=forms_catalogue(units)),
                      region_path),
    ]
    pages += [unit_page(unit, pdf) for unit in units]
    return pages


def unit_page(unit: Unit, pdf: bool) -> GeneratedPage:
    markdown = render("unit.md.j2", unit=unit, pdf=pdf, meta=meta_html(unit.data),
                      card=action_card(unit.data), sections=unit_sections(unit.data))
    return GeneratedPage(unit_uri(unit.id), markdown, unit.path)


@dataclass
class FormUse:
    unit: Unit
    form: dict[str, Any]


def forms_catalogue(units: list[Unit]) -> list[tuple[dict[str, Any], list[FormUse]]]:
    """Every form by id, with each unit that has it; sorted by title."""
    by_id: dict[str, tuple[dict[str, Any], list[FormUse]]] = {}
    for unit in units:
        for form in unit.data.get("forms", []):
            entry = by_id.setdefault(form["id"], (form, []))
            entry[1].append(FormUse(unit, form))
    return sorted(by_id.values(), key=lambda e: (swedish_key(str(e[0]["title"])),
                                                 e[0]["id"]))


def cell_link(url: str) -> Markup:
    """A link inside a Markdown table cell, where a '|' would end the cell."""
    return Markup('<a href="{0}">{0}</a>').format(url.replace("|", "%7C"))
