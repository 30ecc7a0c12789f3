"""Swedish letters in search: "gardsten" finds Gårdsten.

Material's search (lunr) matches words as they are written, and a reader on a
phone or a foreign keyboard often types a for å and ä, o for ö. After Material
has written ``search/search_index.json``, each entry whose title or text has
such letters gets the same words folded (å, ä → a, ö → o, é → e …) in fields
of its own (``folded_title``, ``folded_text``, weighted like the title and the
text), which lunr indexes but the result list never shows.

A unit's page is indexed as one entry (its name, groups, organisation and
address), not section by section: at 1,000 units the sections made a 28 MB index
that took Chromium seconds to load before it answered anything, and the same
region text stood in it a thousand times. Staff find a unit with the unit finder
(``finder.py``) or by its name here; the text of a unit's page is searched on
that page (handbook.js), where it belongs to the unit the reader is looking at.

What a nurse searches for from any page is kept, compactly: each unit page gets
a few small section entries (``unit_section_entries``), one per section that
holds names, phone numbers, labs or routines (the action card's call list,
Kontakter, Labb och provtagning, Manuella rutiner …), whose text is only those
terms, each number with whose it is ("Verksamhetschef: Katarina Lindqvist,
031-345 71 02"), and whose location is the section's anchor, so a hit leads there
and Material shows the unit's name above it. A phone number is indexed as written
("031-343 55 00", whose parts lunr splits at spaces and hyphens) and, in a field
the result list never shows (``numbers``), as digits only and without its area
code ("0313435500", "3435500"): Material makes every query word a prefix, so
"031-343", "031 343", "031343" and "0313435500" all find it.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..labels import field_label

FOLDED = {"title": "folded_title", "text": "folded_text"}
NUMBERS = "numbers"  # a section entry's phone numbers as digits: indexed, never shown
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without diacritics: "Gårdsten Öster" → "gardsten oster"."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded_words(text: str) -> str:
    text = _TAG.sub(" ", text)
    # An ASCII word folds to itself: only the others are worth folding.
    words = sorted({w for w in set(_WORD.findall(text))
                    if not w.isascii() and fold(w) != w.lower()})
    return " ".join(fold(w) for w in words)


def add_folded_words(index: dict[str, Any]) -> dict[str, Any]:
    """The index with the folded fields added and indexed."""
    fields = index.setdefault("config", {}).setdefault("fields", {})
    for source, folded in FOLDED.items():
        fields[folded] = {"boost": fields.get(source, {}).get("boost", 1.0)}
    for doc in index.get("docs", []):
        for source, folded in FOLDED.items():
            words = _folded_words(str(doc.get(source, "")))
            if words:
                doc[folded] = words
    return index


def page_head(html: str) -> str:
    """A unit page's HTML up to its first section (``<h2``): all of the page that its one
    entry in the index holds. Material's search reads only this much of a unit page,
    not the whole (parsing every unit page whole was a fifth of the site build at 300
    units, for sections ``drop_unit_sections`` then threw away).

    Its fields read "HSA-id: SE… · Organisation: Närhälsan" in a result, not
    "HSA-idSE…OrganisationNärhälsan": the search joins the text of cells that have no
    space between them."""
    end = html.find("<h2")
    head = html if end < 0 else html[:end]
    head = _ROW_LABEL.sub(r"\1:</th> ", head)
    head = _CELL_LIST.sub(_flat_list, head)  # the groups: a list the result would drop
    return head.replace("</tr><tr>", "</tr> · <tr>")


def _flat_list(cell: re.Match[str]) -> str:
    items = [_plain(i) for i in re.findall(r"<li>(.*?)</li>", cell.group(2), re.S)]
    return f"{cell.group(1)}{', '.join(items)}"


_CELL_LIST = re.compile(r"(<td[^>]*>)(<ul>(?:(?!</td>).)*</ul>)[^<]*(?=<span|</td>)", re.S)
_ROW_LABEL = re.compile(r'(<th scope="row">(?:(?!</th>).)*)</th>', re.S)


_UNIT_PAGE = re.compile(r"enheter/(?!index\.html$)[^/#]+(/|\.html)")


def is_unit_section(location: str) -> bool:
    """Whether an index entry is a section of a unit's page (not its top)."""
    page, _, anchor = location.partition("#")
    return bool(anchor) and _UNIT_PAGE.fullmatch(page) is not None


def drop_unit_sections(index: dict[str, Any]) -> dict[str, Any]:
    """The index with one entry per unit page: its sections are left out."""
    index["docs"] = [doc for doc in index.get("docs", [])
                     if not is_unit_section(str(doc.get("location", "")))]
    return index


# The sections of a unit page whose names, numbers, labs and routines are indexed, by
# anchor; the action card (its call list) first, so a number it shows is found there.
UNIT_SECTIONS = ("atgardskort", "contacts", "outage_lead", "unit_phones", "prioritisation",
                 "labs", "routines", "partners")
_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_SUBHEADING = re.compile(r"<h4[^>]*>(.*?)</h4>", re.S)
_PHONE = re.compile(r'<a [^>]*href="tel:[^"]*"[^>]*>(.*?)</a>', re.S)
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.S)


def _plain(html: str) -> str:
    text = _TAG.sub(" ", _PERMALINK.sub("", html))
    text = text.replace("&para;", "").replace("&amp;", "&").replace("&nbsp;", " ")
    return " ".join(text.split())


def phone_forms(written: str) -> list[str]:
    """A phone number as digits, and without its area code when it is written with
    one ("031-343 55 00" → "0313435500", "3435500"): the forms a query may take."""
    digits = re.sub(r"\D", "", written)
    if len(digits) < 5:
        return []
    forms = [digits]
    area, dash, local = written.partition("-")
    local_digits = re.sub(r"\D", "", local)
    if dash and area.strip().isdigit() and len(local_digits) >= 5:
        forms.append(local_digits)
    return forms


# anchor, title, terms, phone numbers, and the terms of numbers in running text (a
# table row, a list item, a paragraph), which another section may show again.
Section = tuple[str, str, list[str], list[str], list[str]]


def unit_sections(html: str) -> list[Section]:
    """A unit page's sections in ``UNIT_SECTIONS``, each with its title, its terms and the
    phone numbers it shows, as written.

    A term is one part of the section with its name and numbers together, so a result
    never sets a number beside another part's name: a row of the call list
    ("Verksamhetschef Katarina Lindqvist: 031-345 71 02, 070-123 45 67"), or a part
    under its own heading, a contact, lab or routine, with the name it gives and its
    numbers ("Ansvarig för provtagningen: Elin Sandberg, biomedicinsk analytiker,
    031-345 71 40"). A number outside any part is a term of its own."""
    heads = list(_HEADING.finditer(html))
    sections = []
    for at, head in enumerate(heads):
        anchor = head.group(2)
        if anchor not in UNIT_SECTIONS:
            continue
        end = heads[at + 1].start() if at + 1 < len(heads) else len(html)
        body = html[head.end():end]
        terms = [_call_term(row) for row in _CALL_ROW.findall(body)]
        parts = _SUBHEADING.split(_CALL_ROW.sub("", body))  # text, heading, its part …
        for title, part in zip(parts[1::2], parts[2::2], strict=True):
            terms.append(_part_term(_plain(title), part))
        rest, blocks = parts[0], []
        for block in _BLOCKS:  # a number in a table row, a list item or a paragraph
            blocks += [_block_term(b.group(0)) for b in block.finditer(rest)
                       if "tel:" in b.group(0)]
            rest = block.sub(lambda b: "" if "tel:" in b.group(0) else b.group(0), rest)
        terms += blocks + [_plain(t) for t in _PHONE.findall(rest)]
        phones = [_plain(t) for t in _PHONE.findall(body)]
        sections.append((anchor, _plain(head.group(3)), terms, phones, blocks))
    return sections


_CALL_ROW = re.compile(r"<tr(?: [^>]*)?>(?:(?!</tr>).)*hb-call-(?:name|deputy|role)"
                       r"(?:(?!</tr>).)*</tr>", re.S)
_CALL_ROLE = re.compile(r'<span class="hb-call-role">(.*?)</span>', re.S)
_CALL_WHO = re.compile(r'<span class="hb-call-(?:name|deputy)">(.*?)</span>', re.S)


_BLOCKS = tuple(re.compile(rf"<{tag}(?: [^>]*)?>(?:(?!</?{tag}[ >]).)*</{tag}>", re.S)
                for tag in ("tr", "li", "p"))
LEAD_CHARS = 50  # of the words before a number (an escalation's "when" and "what")


def _block_term(block: str) -> str:
    """A number with the words around it in its table row, list item or paragraph, those
    cut short, then its numbers: "Akuta prover: Klinisk kemi, Sahlgrenska
    Universitetssjukhuset/Östra: 031-343 40 20"."""
    cells = re.sub(r"</t[hd]>", ", ", block)
    lead = _plain(_PHONE.sub(" ", cells)).strip(" ,:.")
    lead = re.sub(r"\s+([,.:)])", r"\1", lead)
    lead = re.sub(r"(?:,\s*)+", ", ", lead).replace(":,", ":").replace(".:", ":")
    if len(lead) > LEAD_CHARS:  # at a word's end: a search matches whole word starts
        lead = lead[:LEAD_CHARS].rsplit(" ", 1)[0].rstrip(" ,(") + " …"
    phones = ", ".join(dict.fromkeys(_plain(t) for t in _PHONE.findall(block)))
    return f"{lead}: {phones}" if lead else phones


def _call_term(row: str) -> str:
    """A row of the action card's call list as one term, "Verksamhetschef: Katarina
    Lindqvist, 031-345 71 02" or "Ersättare: Omar Haddad, 031-345 71 03"."""
    role, who = _CALL_ROLE.search(row), _CALL_WHO.search(row)
    name = _plain(who.group(1)) if who else ""
    head = f"{_plain(role.group(1))}: {name}" if role and name else name or (
        _plain(role.group(1)) if role else "")
    return ", ".join(dict.fromkeys([head] + [_plain(t) for t in _PHONE.findall(row)]))


@lru_cache(maxsize=1)
def _name_row() -> re.Pattern[str]:
    """A part's row of its name field ("Namn"), as the page labels it."""
    label = re.escape(html.escape(field_label("name")))
    return re.compile(rf'<th scope="row">{label}</th>\s*<td[^>]*>(.*?)</td>', re.S)


def _part_term(title: str, part: str) -> str:
    """A part under its own heading: its title, the name it gives and its numbers,
    "Ansvarig för provtagningen: Elin Sandberg, biomedicinsk analytiker, 031-345 71 40"."""
    name = _name_row().search(part)
    values = [_plain(name.group(1))] if name else []
    values = [v for v in dict.fromkeys(values + [_plain(t) for t in _PHONE.findall(part)])
              if v and v != title]
    return f"{title}: {', '.join(values)}" if values else title


def unit_section_entries(location: str, sections: list[Section],
                         common: frozenset[str] = frozenset()) -> list[dict[str, str]]:
    """The small index entries of one unit page (``location``, without anchor): one per
    section with names, numbers, labs or routines, its text only those terms. A term
    shown in an earlier section is not repeated; a name or number in ``common`` (one
    that most units show, such as the region's IT Servicedesk) is left out."""
    seen: set[str] = set(common)
    entries = []
    for anchor, title, terms, phones, blocks in sections:
        # Not a term shown before, nor one whose numbers an earlier section showed (the
        # spare mobile on the card and again under its own heading).
        text = [t for t in dict.fromkeys(terms) if t and t not in seen
                and not (t in blocks and _shown(t, phones, seen))]
        if not text:
            continue
        seen.update(text)
        # A number's digits, where its term is shown (a region-wide number in no unit's).
        own = [p for p in dict.fromkeys(phones)
               if p not in seen and any(p in t for t in text)]
        seen.update(own)
        numbers = dict.fromkeys(f for p in own for f in phone_forms(p))
        entry = {"location": f"{location}#{anchor}", "title": title, "text": " · ".join(text)}
        if numbers:
            entry[NUMBERS] = " ".join(numbers)
        entries.append(entry)
    return entries


def _shown(term: str, phones: list[str], seen: set[str]) -> bool:
    """Whether every number in ``term`` is one an earlier section showed."""
    numbers = [p for p in phones if p in term]
    return bool(numbers) and all(p in seen for p in numbers)


def _page_file(site_dir: Path, location: str) -> Path:
    return site_dir / (location + "index.html" if location.endswith("/") else location)


def common_terms(pages: list[list[Section]]) -> frozenset[str]:
    """The names and numbers more than a quarter of the units show (at least three):
    the region's and the organisation's, which would find every unit."""
    counts: Counter[str] = Counter()
    for sections in pages:
        counts.update({t for _, _, terms, phones, _ in sections for t in terms + phones}
                      - {t for anchor, _, terms, _, _ in sections
                         if anchor in ("labs", "routines") for t in terms})
    return frozenset(t for t, n in counts.items() if n >= 3 and n > len(pages) / 4)


def add_unit_sections(index: dict[str, Any], site_dir: Path) -> dict[str, Any]:
    """The index with each unit page's section entries after its own entry."""
    fields = index.setdefault("config", {}).setdefault("fields", {})
    fields[NUMBERS] = {"boost": fields.get("text", {}).get("boost", 1.0)}
    pages: dict[str, list[Section]] = {}
    for doc in index.get("docs", []):
        location = str(doc.get("location", ""))
        page = _page_file(site_dir, location)
        if "#" not in location and _UNIT_PAGE.fullmatch(location) and page.is_file():
            pages[location] = unit_sections(page.read_text(encoding="utf-8"))
    common = common_terms(list(pages.values()))
    docs = []
    for doc in index.get("docs", []):
        docs.append(doc)
        location = str(doc.get("location", ""))
        if location in pages:
            docs += unit_section_entries(location, pages[location], common)
    index["docs"] = docs
    return index


def fold_search_index(site_dir: Path) -> None:
    """Material's index with unit pages as one entry each and folded words added; the
    offline plugin's script copy of it (``search_index.js``) too, when the engine's build
    has already written it (the finishing step runs after a whole build, finish.py)."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():  # search turned off
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index = add_folded_words(add_unit_sections(drop_unit_sections(index), site_dir))
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    script = path.with_suffix(".js")
    if script.exists():  # as Material's offline plugin writes it
        script.write_text(f"var __index = {text}", encoding="utf-8")


ZENSICAL_INDEX = "search.json"  # Zensical's own search writes this, with "items"


def trim_zensical_index(site_dir: Path) -> None:
    """Zensical's index (``search.json``) with unit pages as one entry each. Its search
    is not lunr, so the folded fields would not be read: Swedish letters are left as
    Zensical's search treats them."""
    path = site_dir / ZENSICAL_INDEX
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(index, dict) or not isinstance(index.get("items"), list):
        return  # not Zensical's index
    index["items"] = [item for item in index["items"]
                      if not is_unit_section(str(item.get("location", "")))]
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
