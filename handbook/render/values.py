"""Generic HTML for any merged value, driven by the schema.

Every field of the schema has a label, so every value an editor writes has a
place on the page and in the binder without a template naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from ..data.personal import Withheld
from ..labels import field_label, labels
from ..schema.fields import HIDDEN as HIDDEN
from ..schema.fields import Field, ListOf, Record, Scalar, Type
from ..schema.scalars import scalar_text as scalar_text
from .phones import phone_links, shown_phone
from .phones import tel_href as tel_href
from .safe_markdown import to_html


def _phone_html(text: str) -> Markup:
    return Markup('<a class="hb-phone" href="{}">{}</a>').format(tel_href(text),
                                                               shown_phone(text))


def _url_html(text: str) -> Markup:
    return Markup('<a class="hb-url" href="{}">{}</a>').format(text, url_breaks(text))


def url_breaks(url: str) -> Markup:
    """An address escaped, with a place to break the line after each "/", "." and "-"
    of its path and after "?", "&" and "=", where a reader expects a long address to
    go on (none inside "https://")."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    parts = re.split(r"(?<=[/.?&=\-])", rest)
    return escape(scheme + sep) + Markup("<wbr>").join(escape(p) for p in parts)


# How a reader sees each scalar kind's text as HTML; escaped text where not named.
KIND_HTML: dict[str, Callable[[str], Markup]] = {
    "text": phone_links, "markdown": to_html, "phone": _phone_html, "url": _url_html,
}


def scalar_html(value: Any, kind: Scalar) -> Markup:
    """A scalar as HTML, the way its kind shows it (link, phone, Markdown, text)."""
    if isinstance(value, Withheld):
        return withheld_html(value)
    text = scalar_text(value, kind)
    html = KIND_HTML.get(kind.kind)
    return html(text) if html is not None else escape(text)


def withheld_html(value: Withheld) -> Markup:
    """The text in place of a personal value this build does not show; a shared number
    in it is a ``tel:`` link."""
    return Markup('<span class="hb-withheld">{}</span>').format(phone_links(str(value)))


def number_html(value: Any, css_class: str = "") -> Markup:
    """A phone number as a ``tel:`` link (the action card's numbers), or the text in
    place of a withheld one."""
    if isinstance(value, Withheld):
        return withheld_html(value)
    attribute = Markup(' class="{}"').format(css_class) if css_class else Markup("")
    return Markup('<a{} href="{}">{}</a>').format(attribute, tel_href(str(value)),
                                                   shown_phone(str(value)))


def value_html(value: Any, kind: Type) -> Markup:
    """Any value as HTML: a record, a list or a scalar."""
    if isinstance(kind, Record):
        return record_html(value, kind)
    if isinstance(kind, ListOf):
        return list_html(value, kind)
    return scalar_html(value, kind)


def shown(spec: Field) -> bool:
    """Whether a reader sees the field: not one written for the merge or for editors."""
    return not (spec.hidden or spec.editors_only)


def record_html(value: dict[str, Any], kind: Record) -> Markup:
    """A record as a label/value table, hidden and editors' keys left out. A record whose
    ``applies`` field says no says "ej tillämpligt" in that field's place."""
    rows: list[tuple[str, Markup | str]] = []
    for key, spec in kind.fields.items():
        if key not in value or key in HIDDEN or not shown(spec):
            continue
        if spec.applies:
            if value[key] is False:
                rows.insert(0, (labels()["unit"]["applies"], labels()["unit"]["not_applicable"]))
            continue
        rows.append((field_label(key), value_html(value[key], spec.type)))
    return fields_html(rows)


def fields_html(rows: list[tuple[str, Markup | str]], css_class: str = "hb-fields") -> Markup:
    """Labels and values as a two-column table: a row holds one label and its value,
    so a value can never stand beside another label, however either wraps. A value
    that renders empty is a row left out: nothing is known, and a bare label or a
    lone dash would say nothing either."""
    cells = Markup("").join(_field_row(escape(label), escape(value))
                            for label, value in rows if not _EMPTY.fullmatch(str(value)))
    return Markup('<table class="{}"><tbody>{}</tbody></table>').format(css_class, cells)


def _field_row(label: Markup, value: Markup) -> Markup:
    # Both escaped already: an f-string, since Markup.format is the slowest part of a
    # page of hundreds of rows (issue #12's profile).
    return Markup(f'<tr><th scope="row">{label}</th><td data-label="{label}">{value}'
                  '<span class="hb-field-end"></span></td></tr>')


# Markup that shows nothing: an empty list or paragraph.
_EMPTY = re.compile(r"(\s|<(ul|ol|p|div)[^>]*>|</(ul|ol|p|div)>)*")


def list_html(items: list[Any], kind: ListOf) -> Markup:
    """A list as HTML: records as a table, scalars as a list."""
    item = kind.item
    if isinstance(item, Record):
        return table_html(items, item)
    if isinstance(item, Scalar):
        return Markup("<ul>{}</ul>").format(Markup("").join(
            Markup("<li>{}</li>").format(scalar_html(v, item)) for v in items))
    return Markup("").join(value_html(v, item) for v in items)


def columns(items: list[dict[str, Any]], kind: Record) -> list[str]:
    """The keys that get a column in a table of ``items``."""
    return [key for key, spec in kind.fields.items() if key not in HIDDEN and shown(spec)
            and any(key in i for i in items) and not _title_links(key, kind)]


def _title_links(key: str, kind: Record) -> bool:
    """Whether ``key`` is a url shown as the link of the row's title: a reader sees
    "Receptblankett", not an address (paper prints the address after the title)."""
    return key == "url" and "title" in kind.fields


def _cell_html(entry: dict[str, Any], key: str, kind: Record) -> Markup:
    if key == "title" and "url" in entry and _title_links("url", kind):
        return Markup('<a class="hb-title-link" href="{}">{}</a>').format(
            entry["url"], entry["title"])
    return value_html(entry[key], kind.fields[key].type)


def table_html(items: list[dict[str, Any]], kind: Record) -> Markup:
    """A list of records as a table with a column per field, or a note when empty."""
    if not items:
        # Not a table without columns: tagged PDF and screen readers want header cells.
        return Markup('<p class="hb-none">{}</p>').format(labels()["unit"]["list_none"])
    keys = columns(items, kind)
    head = Markup("").join(Markup("<th>{}</th>").format(field_label(k)) for k in keys)
    rows = []
    for entry in items:
        # A cell with nothing written stays empty: no lone dash that may mean "not
        # needed" or "not known"; a yes/no left out is no.
        cells = [Markup(f'<td data-label="{escape(field_label(k))}">'
                        f'{escape(_cell_html(entry, k, kind) if k in entry else _absent(k, kind))}'
                        '</td>')
                 for k in keys]  # escaped by hand: Markup.format is slow (fields_html)
        rows.append(Markup("<tr>{}</tr>").format(Markup("").join(cells)))
    return Markup('<table class="hb-table"><thead><tr>{}</tr></thead><tbody>{}</tbody>'
                  "</table>").format(head, Markup("").join(rows))


def _absent(key: str, kind: Record) -> Markup:
    """What a table cell shows for a field its row leaves out."""
    spec = kind.fields[key].type
    if isinstance(spec, Scalar) and spec.kind == "bool":
        return scalar_html(False, spec)
    return Markup("")


def steps_html(steps: list[str], anchor: str) -> Markup:
    """A checklist: empty boxes to tick, on screen and on paper. Each box is named
    by its step's text (ids from ``anchor``, unique on the page) for screen readers;
    the text stays outside the label, which the binder's print CSS hides."""
    items = Markup("").join(
        Markup('<li class="task-list-item"><label class="task-list-control">'
               '<input type="checkbox" aria-labelledby="{0}-{1}">'
               '<span class="task-list-indicator"></span></label> '
               '<span id="{0}-{1}">{2}</span></li>').format(anchor, number, phone_links(step))
        for number, step in enumerate(steps, 1))
    return Markup('<ul class="task-list hb-steps">{}</ul>').format(items)
