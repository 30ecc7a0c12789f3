"""Real builds of the example handbook and of small broken or hostile ones."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from examplegaps import without_power_checklist
from sitebuild import (
    REPO,
    copy_project,
    example_unit_ids,
    expected_texts,
    mkdocs_build,
    page_content,
)

from handbook import Handbook
from handbook.data.project import Unit
from handbook.labels import labels
from handbook.render.search_index import UNIT_SECTIONS
from handbook.render.sections import unit_parts
from handbook.site.service_worker import page_address

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("example"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.parametrize("unit", example_unit_ids(), indirect=True)
def test_every_value_of_a_unit_is_on_its_page(built: Path, unit: Unit,
                                              example_handbook: Handbook) -> None:
    """Every value, as a reader sees it: groups by name, an address as a link's target
    (its text is the title), and no maintainers: they are for editors (CODEOWNERS)."""
    page = built / "enheter" / unit.id / "index.html"
    html = page.read_text(encoding="utf-8")
    text = page_content(html)
    hrefs = {unescape(h) for h in re.findall(r'href="([^"]*)"', html)}
    names = example_handbook.group_names()
    expected = [(where, names[value] if where.startswith("extends[") else value)
                for where, value in expected_texts(unit.data)
                if not where.startswith("maintainers[")]
    missing = [(where, value) for where, value in expected
               if value not in text and not (where.endswith(".url") and value in hrefs)]
    assert not missing
    assert text.startswith(unit.name) or unit.name in text[:200]
    for maintainer in unit.data.get("maintainers", []):
        assert maintainer not in text
    for group in unit.data.get("extends", []):
        assert group != names[group] and group not in text


def test_values_are_shown_exactly_as_written(built: Path, example_handbook: Handbook) -> None:
    unit_files = {u.id: (REPO / u.path).read_text(encoding="utf-8") for u in example_handbook.units}
    phones = {uid: re.findall(r"phone: (0\d{9})$", text, re.M) for uid, text in unit_files.items()}
    unquoted = [(uid, p) for uid, found in phones.items() for p in found]
    assert unquoted, "the examples should have an unquoted phone number with a leading zero"
    for uid, phone in unquoted:
        html = (built / "enheter" / uid / "index.html").read_text(encoding="utf-8")
        assert f">{phone}<" in html
    times = [(uid, t) for uid, text in unit_files.items()
             for t in re.findall(r"print_time: (\d\d:\d\d)$", text, re.M)]
    assert times
    for uid, time in times:
        assert time in page_content((built / "enheter" / uid / "index.html").read_text())


def test_generated_pages_exist_and_link_every_unit(built: Path, example_handbook: Handbook) -> None:
    start = (built / "index.html").read_text(encoding="utf-8")
    index = (built / "enheter" / "index.html").read_text(encoding="utf-8")
    for unit in example_handbook.units:
        assert f'href="enheter/{unit.id}/#atgardskort"' in start
        assert f'href="{unit.id}/#atgardskort"' in index
    assert "Driftstörning – börja här" in page_content(start)
    assert 'href="https://serviceportal.vgregion.se"' in start


def test_forms_page_lists_every_form_with_its_link(built: Path, example_handbook: Handbook) -> None:
    html = (built / "blanketter" / "index.html").read_text(encoding="utf-8")
    text = page_content(html)
    for unit in example_handbook.units:
        for form in unit.data.get("forms", []):
            assert str(form["title"]) in text
            if "url" in form:
                assert f'href="{form["url"].replace("&", "&amp;")}"' in html
            if "paper_location" in form:
                assert str(form["paper_location"]) in text


def test_forms_page_writes_a_units_link_only_where_it_is_not_the_forms_own(
        built: Path, example_handbook: Handbook) -> None:
    """Each unit's row under a form: "Samma som ovan" when its link is the one the form's
    section gives above the table, the unit's own link where it differs."""
    html = (built / "blanketter" / "index.html").read_text(encoding="utf-8")
    same = str(labels()["forms"]["same_link"])
    seen = {"same": 0, "own": 0}
    units = example_handbook.units
    for form_id in sorted({f["id"] for u in units for f in u.data.get("forms", [])}):
        uses = [u for u in example_handbook.units
                if any(x["id"] == form_id for x in u.data.get("forms", []))]
        section = html.split(f'<h2 id="{form_id}"', 1)[1].split("<h2", 1)[0]
        shown = re.search(r'<div class="hb-section"><p><a href="([^"]+)"', section)
        for unit in uses:
            own = next(x for x in unit.data["forms"] if x["id"] == form_id).get("url")
            [row] = re.findall(rf'<tr>\s*<td><a href="[^"]*{unit.id}/#forms">.*?</tr>',
                               section, re.S)
            cell = re.findall(r"<td>(.*?)</td>", row, re.S)[-1].strip()
            if own and shown and shown[1] == own.replace("&", "&amp;"):
                assert cell == same, (form_id, unit.id)
                seen["same"] += 1
            elif own:
                assert f'href="{own.replace("&", "&amp;")}"' in cell, (form_id, unit.id)
                seen["own"] += 1
    assert seen["same"] > 0


def test_dropped_form_is_not_on_the_unit_page(built: Path, example_handbook: Handbook) -> None:
    region_forms = {f["id"]: f for f in example_handbook.region["forms"]}
    dropping = [u for u in example_handbook.units
                if set(region_forms) - {f["id"] for f in u.data.get("forms", [])}]
    assert dropping
    for unit in dropping:
        kept = {f["id"] for f in unit.data["forms"]}
        for form_id in set(region_forms) - kept:
            text = page_content((built / "enheter" / unit.id / "index.html").read_text())
            assert str(region_forms[form_id]["title"]) not in text


def test_edit_link_opens_the_unit_file(built: Path, example_handbook: Handbook) -> None:
    for unit in example_handbook.units:
        html = (built / "enheter" / unit.id / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'href="https://[^"]+/edit/main/units/{unit.id}\.yml"', html)


def test_site_is_swedish_and_makes_no_outside_requests(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="sv"' in html
        sources = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
        own = "https://kontinuitet.intranat.example/"  # site_url: the canonical link
        outside = [s for s in sources if re.match(r"(https?:)?//", s) and not s.startswith(own)]
        assert not outside, (page, outside)
    config = json.loads((built / "search" / "search_index.json").read_text())["config"]
    assert config["lang"] == ["sv"]


def test_service_worker_keeps_every_page_search_and_asset_of_the_build(built: Path) -> None:
    """sw.js lists every page, the search index and the assets the pages load, each a
    file of this build; every page names the manifest, by a relative address."""
    first_line = (built / "sw.js").read_text(encoding="utf-8").split("\n", 1)[0]
    facts = json.loads(first_line.removeprefix("const HB = ").removesuffix(";"))
    kept = set(facts["precache"])
    pages = sorted(built.rglob("*.html"))
    assert {page_address(p.relative_to(built).as_posix()) for p in pages} <= kept
    assert {"search/search_index.json", "search/units.js", "manifest.webmanifest",
            "assets/javascripts/lunr/min/lunr.sv.min.js"} <= kept
    for page in pages:
        html = page.read_text(encoding="utf-8")
        loaded = re.findall(r'<script[^>]+src="([^"]+)"', html) + re.findall(
            r'<link rel="(?:stylesheet|icon|manifest)"[^>]* href="([^"]+)"', html)
        for address in loaded:
            if address.startswith("https://kontinuitet.intranat.example/") or (
                    page.name == "404.html" and address.startswith("/")):
                continue  # the canonical link, never loaded; 404.html loads from site_url
            target = (page.parent / address.split("#")[0].split("?")[0]).resolve()
            relative = target.relative_to(built.resolve()).as_posix()
            assert page_address(relative) in kept or relative.endswith(".map"), (page, address)
        manifest = re.findall(r'<link rel="manifest" href="([^"]+)">', html)
        outside = r"[a-z]+:|//" if page.name == "404.html" else r"[a-z]+:|/"
        assert len(manifest) == 1 and not re.match(outside, manifest[0]), page
    for url in kept:
        assert (built / (url + "index.html" if url.endswith("/") else url)).is_file(), url
    assert not any(url.startswith(("pdf/", "data/")) for url in kept)


def test_search_index_holds_a_unit_page_once_and_the_finder_every_unit(
        built: Path, example_handbook: Handbook) -> None:
    """Material's index: one entry per unit page (its name and facts), and since #28
    only the small section entries of names, numbers, labs and routines
    (tests/render/test_search_entries.py), each section once, none of the page's
    other sections; the region's chapters section by section. The finder's index:
    every unit."""
    docs = json.loads((built / "search" / "search_index.json").read_text())["docs"]
    locations = [d["location"] for d in docs]
    for unit in example_handbook.units:
        page = f"enheter/{unit.id}/"
        own = [loc for loc in locations if loc.startswith(page)]
        assert own.count(page) == 1
        sections = [loc.removeprefix(page) for loc in own if loc != page]
        assert len(sections) == len(set(sections))
        assert "#atgardskort" in sections  # the card's call list: names and numbers
        assert {s.removeprefix("#") for s in sections} <= set(UNIT_SECTIONS), sections
        entry = next(d for d in docs if d["location"] == page)
        assert entry["title"] == unit.name and str(unit.data["address"]) in entry["text"]
    assert sum(loc.startswith("kapitel/manuella-rutiner/#") for loc in locations) >= 3
    # The list pages' lists of every unit are not in it: the finder has the units.
    start = next(d for d in docs if d["location"] == "")
    assert not any(u.name in start["text"] for u in example_handbook.units)
    finder = (built / "search" / "units.js").read_text(encoding="utf-8")
    for unit in example_handbook.units:
        assert f'"id":"{unit.id}"' in finder


def test_no_generated_page_is_written_into_docs(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    before = sorted(p.relative_to(project) for p in (project / "docs").rglob("*"))
    assert mkdocs_build(project).returncode == 0
    assert sorted(p.relative_to(project) for p in (project / "docs").rglob("*")) == before


def test_bad_unit_stops_the_build_with_the_problem_lines(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    unit = project / "units" / "vc-angen.yml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("approved:", "aproved:", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "approved:" in row)
    col = text.splitlines()[line - 1].index("approved:") + 1
    result = mkdocs_build(project)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert f"units/vc-angen.yml:{line}:{col}: document.aproved: okänd nyckel 'aproved'; " \
           "menade du 'approved'?" in output
    assert "Traceback" not in output


def test_hostile_unit_text_is_shown_as_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    for path in (project / "units").glob("*.yml"):
        if path.name not in ("vc-angen.yml", "_region.yml"):
            path.unlink()
    shutil.rmtree(project / "units" / "_groups")
    (project / "units" / "_groups").mkdir()
    (project / "units" / "vc-angen.yml").write_text(
        'name: "<script>alert(1)</script> {: onclick=\\"x()\\" }"\n'
        "document: {version: '1', owner: A, approved: 2026-01-01, approved_by: A}\n"
        "contacts:\n"
        "  - id: boss\n"
        "    role: '<img src=x onerror=alert(2)>'\n"
        "    name: '[klick](javascript:alert(3))'\n"
        "    phone: 031-10 00 00\n"
        "    note: |\n"
        "      <iframe src=\"https://evil.example\"></iframe> [länk](javascript:alert(4))\n"
        "      ![spår](https://evil.example/pixel.png)\n",
        encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "enheter" / "vc-angen" / "index.html").read_text()
    article = html[html.index("<article"):html.index("</article>")]
    tags = re.findall(r"<[a-z][^>]*>", article)
    assert not [t for t in tags if re.match(r"<(script|iframe|img)\b", t)]
    assert not [t for t in tags if re.search(r"\son\w+=", t)]
    assert not [t for t in tags if "javascript:" in t or re.search(r"\ssrc=", t)]
    # A bare address in the text is a link (plan texts, issue 27), nothing loads it; it
    # ends where a character that cannot be in an address begins ("> of the iframe).
    assert [t for t in tags if "evil.example" in t] == [
        '<a class="hb-url" href="https://evil.example">',
        '<a class="hb-url" href="https://evil.example/pixel.png">']
    text = page_content(html)
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text


def test_status_is_shown_on_unit_pages_the_index_and_the_status_page(
        tmp_path: Path, example_handbook: Handbook) -> None:
    from handbook.plan.status import Status, unit_status

    project = copy_project(tmp_path)
    day = "2026-12-06"  # the day after the example's latest approval
    result = mkdocs_build(project, env={"HANDBOOK_TODAY": day})
    assert result.returncode == 0, result.stderr
    site = project / "site"
    import datetime as dt

    statuses = [unit_status(u, dt.date.fromisoformat(day)) for u in example_handbook.units]
    names = {"aktuell": "Aktuell", "dags-for-oversyn": "Dags för översyn",
             "forfallen": "Förfallen"}
    status_page = page_content((site / "status" / "index.html").read_text())
    for status in statuses:
        unit_html = (site / "enheter" / status.unit.id / "index.html").read_text()
        title_area = page_content(unit_html)[:300]
        assert names[status.status.value] in title_area
        assert status.valid_until.isoformat() in title_area
        assert f"hb-status--{status.status.value}" in unit_html
        row = f"{status.unit.name} {status.unit.data['document']['version']}"
        assert row in status_page
    for value, name in names.items():
        count = sum(1 for s in statuses if s.status.value == value)
        assert f"{count} {name.lower()}" in status_page
    assert {s.status for s in statuses} >= {Status.OVERDUE, Status.CURRENT}
    index = page_content((site / "enheter" / "index.html").read_text())
    assert "Status" in index


def test_contributor_guide_is_a_page_of_the_site(built: Path) -> None:
    text = page_content((built / "bidra" / "index.html").read_text(encoding="utf-8"))
    assert text.startswith("Så ändrar du en plan")
    assert "units/vc-angen.yml:15:13: document.approved: '5/12 2026' är inget datum" in text
    assert "Efter sammanslagningen" in text


def test_missing_printed_copy_is_a_gap_on_the_status_unit_and_forms_pages(
        built: Path, example_handbook: Handbook) -> None:
    from html.parser import HTMLParser

    from handbook.labels import labels

    text = labels()
    gap_unit = example_handbook.unit("vc-vanersborg")
    title = "Reservrutin när ordination i Pascal inte är möjlig"

    class Rows(HTMLParser):
        """Table rows as lists of cell texts."""

        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    status = Rows()
    status.feed((built / "status" / "index.html").read_text(encoding="utf-8"))
    header = status.rows[0]
    rows = [row for row in status.rows if row != header]  # a table per group, each headed
    assert len(rows) == len(example_handbook.units)
    column = header.index(text["status"]["missing_paper"])
    assert column == header.index(text["status"]["label"]) + 1
    cells = {row[0]: row[column] for row in rows}
    assert cells.pop(gap_unit.name) == title
    assert set(cells.values()) == {text["status"]["none"]}
    status_text = page_content((built / "status" / "index.html").read_text(encoding="utf-8"))
    assert f"1 {text['status']['missing_paper_count']}" in status_text

    html = (built / "enheter" / gap_unit.id / "index.html").read_text(encoding="utf-8")
    page = page_content(html)
    notice = text["status"]["missing_paper_text"].format(titles=title)
    assert notice in page[:400], "the gap stands with the status under the title"
    card = html[html.index('class="hb-card-paper"'):]
    card = card[:card.index("</section>")]
    assert f'<li class="hb-gap"><strong>{title}:</strong> {text["unit"]["paper_missing"]}' \
        in card
    lab_form = next(f for f in gap_unit.data["forms"] if f["id"] == "avbrottsrutin-lab")
    assert f"<strong>{lab_form['title']}:</strong> {lab_form['paper_location']}" in card
    for unit in example_handbook.units:
        if unit is not gap_unit:
            other = page_content((built / "enheter" / unit.id / "index.html").read_text())
            assert text["unit"]["paper_missing"] not in other

    forms = Rows()
    forms_html = (built / "blanketter" / "index.html").read_text(encoding="utf-8")
    forms.feed(forms_html[forms_html.index('id="reservrutin-pascal"'):])
    pascal_rows = {row[0]: row[1] for row in forms.rows[1:len(example_handbook.units) + 1]}
    assert pascal_rows[gap_unit.name] == text["unit"]["paper_missing"]
    assert all(v != text["unit"]["paper_missing"] for k, v in pascal_rows.items()
               if k != gap_unit.name)


def test_example_units_keep_paper_originals_as_the_region_chapter_says(
        example_handbook: Handbook) -> None:
    """The region chapter: keep the originals until it is decided how long; never destroy."""
    chapter = (REPO / "docs" / "kapitel" / "atergang-till-normala-rutiner.md").read_text()
    assert "Släng eller makulera inget innan det är bestämt" in chapter
    destroying = re.compile(r"makuler|sekretesskärl|förstör|kassera|\bsläng", re.I)
    for unit in example_handbook.units:
        back = unit.data.get("return_to_normal", {})
        texts = [str(back.get("text", "")), *map(str, back.get("steps", []))]
        found = [t for t in texts if destroying.search(t) and "Inget slängs" not in t]
        assert not found, (unit.id, found)


def test_example_handbook_is_marked_on_every_page(built: Path) -> None:
    from handbook.labels import labels

    notice = labels()["example"]["notice"]
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "<article" not in html:
            continue  # a redirect or the 404 page's fragments
        banner = html.index('<aside class="md-banner">')
        assert banner < html.index("<article"), page
        end = html.index("</aside>", banner)
        assert notice in html[banner:end], page


def test_example_setting_off_shows_no_marking_and_a_bad_value_stops(tmp_path: Path) -> None:
    from handbook.labels import labels

    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  example_handbook: true\n" in text
    config.write_text(text.replace("  example_handbook: true\n",
                                   "  example_handbook: false\n"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    notice = labels()["example"]["notice"]
    pages = list((project / "site").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert notice not in html and 'class="md-banner"' not in html, page
    config.write_text(text.replace("  example_handbook: true\n",
                                   "  example_handbook: ja\n"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "extra.example_handbook must be true or false, found 'ja'" in result.stderr


@pytest.mark.parametrize("unit", example_unit_ids(), indirect=True)
def test_unit_page_shows_the_two_parts_in_order(built: Path, unit: Unit,
                                                example_handbook: Handbook) -> None:
    """The action card, then "Vid avbrott" with what staff use during the outage, then
    "Förberedelser och uppföljning"; each section under its own part's heading."""
    html = (built / "enheter" / unit.id / "index.html").read_text(encoding="utf-8")
    heads = [(int(level), anchor) for level, anchor in
             re.findall(r'<h([23]) id="([^"]+)"', html)]
    parts = unit_parts(unit.data)
    assert [a for level, a in heads if level == 2][:3] == ["atgardskort", *[p.id for p in parts]]
    position = {anchor: index for index, (_level, anchor) in enumerate(heads)}
    starts = [position[p.id] for p in parts] + [len(heads)]
    for part, start, end in zip(parts, starts, starts[1:], strict=False):
        chapters = [s.anchor for s in part.sections if s.level == 2]
        assert chapters
        assert [a for _level, a in heads[start + 1:end] if a in chapters] == chapters
        assert all(start < position[a] < end for a in chapters)
        assert squash(part.title) in squash(re.sub(r"<[^>]+>", " ", html))
    # The change history closes the second part.
    assert starts[1] < position["andringshistorik"]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def gap_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with bvc-gardsten's power checklist taken out (tests/examplegaps.py):
    the example's own current plans lack none."""
    project = copy_project(tmp_path_factory.mktemp("gap"))
    without_power_checklist(project / "units")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_missing_checklist_is_a_gap_on_the_status_page_and_the_unit_page(
        gap_built: Path, example_handbook: Handbook) -> None:
    """The region requires checklist kinds; the copy's bvc-gardsten lacks the power one."""
    from sitebuild import html_text

    from handbook.labels import labels

    built = gap_built
    text = labels()
    status_html = (built / "status" / "index.html").read_text(encoding="utf-8")
    header = [html_text(c) for c in re.findall(r"<th[^>]*>(.*?)</th>", status_html)]
    column = header.index(text["status"]["missing_checklists"])
    assert column == header.index(text["status"]["missing_paper"]) + 1
    cells: dict[str, str] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", status_html, re.S):
        values = [html_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if values:  # not a group table's heading row
            cells[values[0]] = values[column]
    assert len(cells) == len(example_handbook.units)
    gap_unit = example_handbook.unit("bvc-gardsten")
    assert cells.pop(gap_unit.name) == text["checklist_kinds"]["strom"]
    assert set(cells.values()) == {text["status"]["none"]}
    assert f"1 {text['status']['missing_checklists_count']}" in page_content(status_html)
    notice = text["unit"]["checklists_missing"].format(kinds=text["checklist_kinds"]["strom"])
    for unit in example_handbook.units:
        page = page_content((built / "enheter" / unit.id / "index.html").read_text())
        assert (notice in page[:600]) is (unit is gap_unit), unit.id
