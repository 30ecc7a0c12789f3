"""Print HTML for a unit's binder and for the front of the whole handbook."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import segno
from markupsafe import Markup

from ..data.dates import valid_until
from ..data.project import Unit
from ..history.log import History
from ..history.stamp import DRAFT, Stamp
from ..labels import labels
from ..plan.status import unit_status
from ..render.card import action_card
from ..render.phones import phone_links, printed_numbers
from ..render.safe_markdown import to_html
from ..render.sections import meta_html, unit_parts
from ..render.values import fields_html, number_html, tel_href
from ..routes import CHAPTERS_DIR, HANDBOOK, PDF_DIR, unit_url
from .changelog import paper_rows
from .chapters import fixes, paper_forms, print_chapters
from .forms import blank_forms
from .pdf import APPENDIX_PAGE

HERE = Path(__file__).parent
HISTORY_ROWS = 40  # on the binder's last chapter; the site shows every change
VERSION_CHANGES = 15  # changes listed under one version on paper; the rest are counted
BUILT, COMMIT = "@@HANDBOOK_BUILT@@", "@@HANDBOOK_COMMIT@@"
# The cover's QR code stands in the HTML as this placeholder: the code is a function
# of the unit's address, which the HTML holds beside it, and making one costs about
# 20 ms, too much to spend on every unit of a region only to compute the cache keys.
QR = "@@HANDBOOK_QR@@"


@dataclass(frozen=True)
class Chapter:
    """A region chapter as MkDocs rendered it."""

    id: str
    title: str
    html: str


@dataclass(frozen=True)
class PrintDocument:
    """Print HTML with the build date, commit and QR code left as placeholders.

    The HTML is the main input of the PDF's cache key (keys.py), so a PDF is
    rendered again only when what it shows (beyond the date and commit) changes.
    A released unit binder holds neither placeholder, nor the release's name: it
    names the plan's version and approval date (``page_stamp``), so the next
    release of an unchanged plan is the same document, and the same bytes.
    """

    name: str
    html: str
    title: str
    # An appendix, a print document of its own that pdf.py joins after ``html``. A unit
    # binder has none since issue #26 (it sums the region routine up on one page;
    # handbok.pdf prints the routine once): "".
    appendix: str = ""
    qr_url: str | None = None  # the address the cover's QR code holds
    # Double-sided: a page left empty, joined after an odd number of own pages
    # (pdf.py); "" single-sided.
    blank: str = ""

    def filled(self, stamp: Stamp) -> str:
        """The binder's print HTML with the build's date, commit and QR code filled in."""
        html = fill(self.html, stamp)
        return html.replace(QR, qr_data_uri(self.qr_url)) if self.qr_url else html

    def appendix_filled(self, stamp: Stamp) -> str:
        """The appendix's print HTML with the build's date and commit filled in."""
        return fill(self.appendix, stamp)


def fill(html: str, stamp: Stamp) -> str:
    """Put the stamp's date and commit in place of their placeholders in ``html``."""
    return html.replace(BUILT, stamp.built.isoformat()).replace(COMMIT, stamp.commit)


@dataclass(frozen=True)
class Inputs:
    """What every binder of one build shares, besides the units themselves."""

    chapters: list[Chapter]
    release: str
    site_url: str | None
    day: dt.date  # document-control status is computed for this day
    history: History | None = None  # None: built without git
    example: bool = False  # mark covers "Exempelhandbok" (mkdocs.yml extra.example_handbook)
    group_names: dict[str, str] = field(default_factory=dict)  # group id → its name
    region: str = ""  # the region's name, in the appendix's running header
    duplex: bool = True  # the region's binder.sides: double-sided (the default)

    @property
    def draft(self) -> bool:
        """Whether the binders are drafts (no release named): they say so on every page."""
        return self.release == DRAFT


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja2 environment of the print templates (binder and shared page templates)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([HERE / "templates",
                                                             HERE.parent / "render" / "templates"]),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             comment_start_string="{##", comment_end_string="##}")
    env.filters.update(markdown=to_html, tel=tel_href, number=number_html, css_string=css_string,
                       phones=phone_links)
    env.globals.update(L=labels(), fields=fields_html, appendix_page_rule=appendix_page_rule,
                       appendix_page=appendix_page)
    return env


def appendix_page_rule() -> Markup:
    """The appendix's footer, "Bilaga 2/13": the same in a binder and in the whole
    handbook's front, where the region chapters stand once for every unit."""
    prefix = css_string(f"{labels()['binder']['appendix_page']} ")
    return Markup("@page appendix { @bottom-right { content: %s counter(page) \"/\" "
                  "target-counter(\"#bilaga-end\", page); } }") % prefix


def appendix_page(anchor: str) -> str:
    """Where the contents prints the appendix page of ``anchor`` (pdf.py fills it in)."""
    return APPENDIX_PAGE.format(anchor)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The one print stylesheet, print.css."""
    return (HERE / "print.css").read_text(encoding="utf-8")


# Margins in mm, in one place: the binding margin on the punched edge (at least 25 mm:
# a punched hole and the binder's rings take about 20), the outer one on the other
# side, and top and bottom (forms.py's writing boxes share the height between them).
BINDING_MARGIN, OUTER_MARGIN, TOP_MARGIN, BOTTOM_MARGIN = 25, 12, 20, 20
# Elements that start a chapter on a right-hand page. Not the action card: it is the
# back of the cover (page 2), the first thing seen when the binder is opened, and a
# new approved version changes both; the contents then is page 3, a right-hand page.
CHAPTER_STARTS = ".chapter, .appendix, .appendix-chapter"


def print_css(duplex: bool) -> Markup:
    """The print stylesheet and the rules of the region's ``binder.sides``.

    Double-sided, a right-hand (odd) page has its binding margin on the left and a
    left-hand page on the right, and each chapter starts on a right-hand page, so
    one chapter's sheets never hold another's page. A page left empty for that says
    so and prints nothing else (no chapter's page number, stamp or validity)."""
    # Single-sided: the binding margin on the left of every page.
    css = (f"{stylesheet()}\n@page {{ margin: {TOP_MARGIN}mm {OUTER_MARGIN}mm "
           f"{BOTTOM_MARGIN}mm {BINDING_MARGIN}mm; }}\n"
           # A landscape form is punched along its top, on either side of the sheet
           # (turned a quarter clockwise, its top lies at the binding): its foot stays
           # far from the holes. A named page outranks :left and :right.
           f"@page blank-form-wide {{ margin: {BINDING_MARGIN}mm {OUTER_MARGIN}mm "
           f"{BOTTOM_MARGIN}mm {OUTER_MARGIN}mm; }}\n")
    if not duplex:
        return Markup(css)
    blank = css_string(labels()["binder"]["blank_page"])
    boxes = " ".join(f"@{box} {{ content: none; }}" for box in (
        "top-left", "top-right", "bottom-left", "bottom-center", "bottom-right"))
    empty = (f"{boxes} @top-center {{ content: {blank}; font: italic 9pt \"DejaVu Sans\", "
             "sans-serif; color: #444; }")
    return Markup(
        f"{css}@page :right {{ margin: {TOP_MARGIN}mm {OUTER_MARGIN}mm {BOTTOM_MARGIN}mm "
        f"{BINDING_MARGIN}mm; }}\n"
        f"@page :left {{ margin: {TOP_MARGIN}mm {BINDING_MARGIN}mm {BOTTOM_MARGIN}mm "
        f"{OUTER_MARGIN}mm; }}\n"
        f"{CHAPTER_STARTS} {{ break-before: right; }}\n"
        # The head of unit's sheet is the binder's last page, as the cover says: a
        # left-hand page, the back of the last sheet; the appendix or the next unit of
        # the whole handbook starts on the next right-hand page with no empty page.
        ".fix-sheet { break-before: left; }\n"
        # A named page outranks :blank, so the appendix's own blank pages are named too.
        f"@page :blank {{ {empty} }}\n@page appendix:blank {{ {empty} }}\n"
        f"@page contents:blank {{ {empty} }}\n@page fixes:blank {{ {empty} }}\n")


def blank_page_document(duplex: bool) -> str:
    """One page that says it is left empty: joined after a binder's own pages when they
    end on a right-hand page, so the appendix (and in the whole handbook, the next
    unit) starts on a right-hand page."""
    return environment().get_template("blank.html.j2").render(css=print_css(duplex))


def css_string(text: object) -> Markup:
    """A CSS string literal that reads back as exactly ``text`` (running headers are
    set from unit data).

    A character that could end the string or the ``<style>`` element, start an
    escape or an entity (quotes, backslash, ``<``, ``>``, ``&``), or that is not
    printable (a line break or carriage return ends a CSS string and let the rest
    of a name become print CSS) is written as a CSS escape: its code point in hex
    and a space, which the escape consumes. Nothing is dropped or replaced.
    """
    return Markup('"{}"'.format("".join(_css_character(c) for c in str(text))))


def _css_character(character: str) -> str:
    if character.isprintable() and character not in _CSS_ESCAPED:
        return character
    return f"\\{ord(character):x} "


_CSS_ESCAPED = frozenset("\\\"'<>&")


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI, for the cover."""
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=4, dark="#000"))


def unit_document(unit: Unit, inputs: Inputs, appendix: str | None = None) -> PrintDocument:
    """A unit's binder. It has no appendix: its last chapter sums up the region routine
    and says where the whole routine is (handbok.pdf, the site); README, "The region
    routine on paper". ``appendix`` is accepted and not printed."""
    url = unit_url(inputs.site_url, unit.id)
    with printed_numbers():  # a bare run of digits prints in the region's format
        html = _binder_html(unit, inputs, url)
    title = f"{labels()['binder']['title']} – {unit.name}"
    blank = blank_page_document(True) if inputs.duplex else ""
    return PrintDocument(unit.id, html, title, "", qr_url=url, blank=blank)


# The region's contact that takes the call when the service portal cannot be reached.
SERVICEDESK = "it-servicedesk"


def region_points(data: dict[str, Any]) -> list[Markup]:
    """The region routine in brief, the IT Servicedesk number beside the service portal
    (labels.yml, ``print.region_points``)."""
    desk = next((c for c in data.get("contacts", [])
                 if c.get("id") == SERVICEDESK and c.get("phone")), None)
    number = Markup(" ({})").format(number_html(desk["phone"])) if desk else Markup("")
    return [Markup.escape(point).format(servicedesk=number)
            for point in labels()["print"]["region_points"]]


def _binder_html(unit: Unit, inputs: Inputs, url: str | None) -> str:
    """The binder's own pages as print HTML."""
    data = unit.data
    document = data["document"]
    # The gaps go on the sheet for the head of unit (``fix_list``), not in the chapters.
    parts = unit_parts(data, gaps=False)
    status = unit_status(unit, inputs.day, inputs.history.changed_after_approval(unit)
                         if inputs.history else None)
    chapters = print_chapters(parts, data)
    root = inputs.site_url.rstrip("/") if inputs.site_url else None
    context: dict[str, Any] = {
        "unit": unit, "data": data, "doc": document, "valid_until": valid_until(document),
        "status": status, "release": inputs.release, "built": BUILT, "commit": COMMIT,
        "draft": inputs.draft, "stamp": page_stamp(document, inputs.draft),
        "url": url, "qr": QR if url else None,
        "meta": meta_html(data, inputs.group_names), "card": action_card(data, status),
        "parts": parts, "print_chapters": chapters, "sep": labels()["print"]["separator"],
        "region_number": len(chapters) + 1, "paper_forms": paper_forms(data),
        "region_points": region_points(data),
        "fix_list": fixes(data, inputs.day, status),
        "region_urls": {c.id: f"{root}/{CHAPTERS_DIR}{c.id}/" for c in inputs.chapters}
        if root else {},
        "handbook_url": f"{root}/{PDF_DIR}/{HANDBOOK}.pdf" if root else None,
        "chapters": inputs.chapters, "css": print_css(inputs.duplex), "forms": blank_forms(data),
        "duplex": inputs.duplex,
        "rows": paper_rows(inputs.history.for_unit(unit), VERSION_CHANGES,
                           document["approved"].isoformat()) if inputs.history else None,
        "history_limit": HISTORY_ROWS,
        "example": inputs.example,
        # Anchors of the unit's own pages carry its id: in handbok.pdf every unit's
        # contents must lead to its own chapters, not the first unit's.
        "here": f"{unit.id}--",
    }
    context["cover_facts"] = cover_facts(context)
    return environment().get_template("binder.html.j2").render(**context)


def appendix_document(inputs: Inputs) -> str:
    """The region chapters as a binder's appendix: nothing in it depends on the unit.
    No unit binder prints it since issue #26; bench/bench_subset.py still measures it."""
    if not inputs.chapters:
        return ""
    stamp = draft_stamp() if inputs.draft else \
        labels()["binder"]["routine_stamp"].format(edition=routine_edition(inputs.chapters))
    return environment().get_template("appendix.html.j2").render(
        chapters=inputs.chapters, stamp=stamp, region=inputs.region,
        css=print_css(inputs.duplex))


def page_stamp(document: dict[str, Any], draft: bool) -> str:
    """The stamp on every page of a unit's binder: a draft's says so, with the commit
    (a placeholder, filled when rendered); a released binder's names the plan's
    version and approval date, nothing of the build (design.md: a binder is a
    controlled document)."""
    if draft:
        return draft_stamp()
    return str(labels()["binder"]["plan_stamp"]).format(
        version=document["version"], approved=document["approved"].isoformat())


def draft_stamp() -> str:
    """The stamp on every page of a draft binder and its appendix, commit left a placeholder."""
    return str(labels()["binder"]["draft_stamp"]).format(commit=COMMIT)


def routine_edition(chapters: list[Chapter]) -> str:
    """The edition of the region routines the appendix prints: a short digest of the
    chapters' text as rendered, so it changes when, and only when, a chapter does
    (never with the release)."""
    digest = hashlib.sha256()
    for chapter in chapters:
        for part in (chapter.id, chapter.title, chapter.html):
            digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:8]


def cover_facts(context: dict[str, Any]) -> list[tuple[str, Markup | str]]:
    """The cover's label/value rows; optional facts the unit lacks are left out."""
    L, data, doc = labels(), context["data"], context["doc"]
    until, status = context["valid_until"], context["status"].status.value
    rows: list[tuple[str, Markup | str]] = [
        (L["fields"][key], str(data[key])) for key in ("organisation", "region") if data.get(key)]
    rows += [
        (L["fields"]["version"], str(doc["version"])),
        (L["fields"]["approved"],
         f"{doc['approved'].isoformat()} {L['binder']['by']} {doc['approved_by']}"),
    ]
    changed = context["status"].changed_after_approval
    if changed:  # the approval above no longer covers the content
        rows.append((L["status"]["changed_after_approval_label"], Markup(
            '<strong class="cover-changed">{}</strong>').format(changed.text)))
    rows += [
        (L["fields"]["owner"], str(doc["owner"])),
        (L["unit"]["valid_until"], Markup('<strong class="cover-valid">{}</strong>').format(
            until.isoformat() if until else L["unit"]["no_value"])),
        (L["status"]["printed_label"], Markup(
            '<span class="cover-status cover-status--{}">{}</span>').format(
                status, L["status"]["names"][status])),
    ]
    if context["draft"]:  # a released binder names nothing of the build
        rows += [(L["binder"]["built"], context["built"]),
                 (L["binder"]["release"],
                  f"{context['release']} ({L['binder']['commit']} {context['commit']})")]
    return rows


def handbook_front(units: list[tuple[Unit, int]], chapters: list[Chapter], release: str,
                   first_unit_page: int, region: str, example: bool = False,
                   appendix_pages: dict[str, int] | None = None,
                   duplex: bool = True) -> PrintDocument:
    """Cover and contents of the whole handbook (its region chapters: handbook_appendix).

    ``units`` pairs each unit with its binder's page count, so the contents can
    give the page where each binder starts once they are appended after the
    front, whose unit pages start at ``first_unit_page``. ``appendix_pages`` gives
    each region chapter's page in the appendix ("Bilaga 2"), by chapter id.
    """
    starts, page = [], first_unit_page
    for unit, pages in units:
        starts.append((unit, page))
        page += pages
    html = environment().get_template("handbook.html.j2").render(
        part="front", units=starts, chapters=chapters, release=release, built=BUILT,
        commit=COMMIT, css=print_css(duplex), region=region, example=example,
        appendix_pages=appendix_pages or {})
    return PrintDocument(HANDBOOK, html, labels()["binder"]["handbook_title"])


def handbook_appendix(chapters: list[Chapter], region: str,
                      duplex: bool = True) -> PrintDocument:
    """The region chapters of the whole handbook, once, numbered as every binder's
    appendix ("Bilaga 2")."""
    html = environment().get_template("handbook.html.j2").render(
        part="appendix", chapters=chapters, css=print_css(duplex), region=region,
        here="")
    return PrintDocument("handbok-bilaga", html, labels()["binder"]["handbook_title"])
