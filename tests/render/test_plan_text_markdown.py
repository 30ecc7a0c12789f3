"""Plan texts render as their editor wrote them (issue 27, part 4).

A table of what editors type in a ``|`` text (a line starting ``#``, a list right
after a line of text, ``1)`` numbers, backslashes and underscores in paths, ``*``,
``<`` and ``>``, addresses, ``---``, tabs, indentation) with the HTML each must give.
Each case is checked three ways: ``to_html`` itself, the unit page of a real site
build (one unit per case, the text in ``prioritisation.text``), and the binder's
print HTML of the same unit; one binder is printed and its PDF text read back.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuild import REPO, copy_project, html_text, mkdocs_build, require_tool, squash

from handbook import load_handbook
from handbook.binder.document import Inputs, unit_document
from handbook.binder.pdf import Job
from handbook.binder.workers import run_jobs
from handbook.data.project import Handbook
from handbook.history.stamp import current_stamp
from handbook.render.safe_markdown import to_html
from handbook.routes import unit_page_output

pytestmark = [pytest.mark.build, pytest.mark.pdf]

# case → (the text as typed, the HTML it must give). What an editor means is the
# reason for each: a "#" or ">" at the start of a line is a character, not a heading
# or a quote; a list is a list even without a blank line before it; a backslash or an
# underscore is part of a path; *OBS* is emphasis but 5 * 2 is arithmetic.
CASES: dict[str, tuple[str, str]] = {
    "hash-todo": ("# TODO ring IT om skrivaren",
                  "<p># TODO ring IT om skrivaren</p>"),
    "hash-number": ("#4 i expeditionen har nyckeln",
                    "<p>#4 i expeditionen har nyckeln</p>"),
    "hash-after-text": ("Nyckeln finns i\n## skåpet i rum 12",
                        "<p>Nyckeln finns i\n## skåpet i rum 12</p>"),
    "underline-equals": ("Viktigt\n=======",
                         "<p>Viktigt\n=======</p>"),
    "dashes-after-text": ("Före avbrottet\n---\nEfter avbrottet",
                          "<p>Före avbrottet</p>\n<hr>\n<p>Efter avbrottet</p>"),
    "dashes-alone": ("---", "<hr>"),
    "list-after-text": ("Ta med:\n- papperslistor\n- pennor",
                        "<p>Ta med:</p>\n<ul>\n<li>papperslistor</li>\n<li>pennor</li>\n</ul>"),
    "star-list-after-text": ("Ta med:\n* papperslistor\n* pennor",
                             "<p>Ta med:</p>\n<ul>\n<li>papperslistor</li>\n"
                             "<li>pennor</li>\n</ul>"),
    "numbered-paren-after-text": (
        "Gör så här:\n1) Ring TIB\n2) Skriv i loggen",
        "<p>Gör så här:</p>\n<ol>\n<li>Ring TIB</li>\n<li>Skriv i loggen</li>\n</ol>"),
    "numbered-dot": ("1. Ring TIB\n2. Skriv i loggen",
                     "<ol>\n<li>Ring TIB</li>\n<li>Skriv i loggen</li>\n</ol>"),
    "numbered-dot-after-text": (
        "Gör så här:\n1. Ring TIB\n2. Skriv i loggen",
        "<p>Gör så här:</p>\n<ol>\n<li>Ring TIB</li>\n<li>Skriv i loggen</li>\n</ol>"),
    "numbered-from-three": ("3. Tredje steget", '<ol start="3">\n<li>Tredje steget</li>\n</ol>'),
    "nested-list": ("- Ring\n    1) TIB\n    2) IT\n- Skriv",
                    "<ul>\n<li>Ring<ol>\n<li>TIB</li>\n<li>IT</li>\n</ol>\n</li>\n"
                    "<li>Skriv</li>\n</ul>"),
    "backslash-unc": ("Spara i \\\\server\\share\\reserv",
                      "<p>Spara i \\\\server\\share\\reserv</p>"),
    "backslash-before-mark": ("Mappen G:\\*arkiv\\_gamla och \\# 3",
                              "<p>Mappen G:\\*arkiv\\_gamla och \\# 3</p>"),
    "underscore-path": ("Rutinen ligger i G:\\Mottagning\\reserv_rutiner\\_mallar_",
                        "<p>Rutinen ligger i G:\\Mottagning\\reserv_rutiner\\_mallar_</p>"),
    "underscores-around-word": ("Filen _LÄS_MIG_.docx och __init__",
                                "<p>Filen _LÄS_MIG_.docx och __init__</p>"),
    "asterisk-emphasis": ("*OBS* ring först, **alltid** TIB",
                          "<p><em>OBS</em> ring först, <strong>alltid</strong> TIB</p>"),
    "asterisk-arithmetic": ("Räkna 5 * 2 timmar", "<p>Räkna 5 * 2 timmar</p>"),
    "angle-brackets": ("Väntetid < 30 min eller > 2 tim",
                       "<p>Väntetid &lt; 30 min eller &gt; 2 tim</p>"),
    "greater-than-first": ("> 2 timmar: ring TIB", "<p>&gt; 2 timmar: ring TIB</p>"),
    "raw-html": ("<b>fet</b> <script>x()</script>",
                 "<p>&lt;b&gt;fet&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;</p>"),
    "url-bare": ("Se https://www.1177.se/sok_vard/.",
                 '<p>Se <a class="hb-url" href="https://www.1177.se/sok_vard/">'
                 'https://www.1177.se/sok_vard/</a>.</p>'),
    # An address ends where a character that cannot be in one begins.
    "url-ends-at-quote": ('<iframe src="https://evil.example">',
                          '<p>&lt;iframe src="<a class="hb-url" href="https://evil.example">'
                          'https://evil.example</a>"&gt;</p>'),
    "url-ends-at-brace": ("https://a.se/{x}",
                          '<p><a class="hb-url" href="https://a.se/">https://a.se/</a>{x}</p>'),
    "url-angle": ("<https://vgregion.se/a_b>",
                  '<p><a class="hb-url" href="https://vgregion.se/a_b">'
                  'https://vgregion.se/a_b</a></p>'),
    "url-markdown": ("[Rutinen](https://vgregion.se/rutin_lab)",
                     '<p><a href="https://vgregion.se/rutin_lab">Rutinen</a></p>'),
    "link-other-scheme": ("[klicka](javascript:alert(1))", "<p><span>klicka</span></p>"),
    "reference-line": ("[1]: se pärmen", "<p>[1]: se pärmen</p>"),
    "tab-inside": ("Namn:\tAnna", "<p>Namn:   Anna</p>"),
    "tab-first": ("\tRing TIB\n\t- sedan IT",
                  "<p>Ring TIB</p>\n<ul>\n<li>sedan IT</li>\n</ul>"),
    "indented-lines": ("    Indragen rad\n    fortsätter här",
                       "<p>Indragen rad\nfortsätter här</p>"),
    "indented-after-blank": ("Text\n\n        mer text",
                             "<p>Text</p>\n<p>mer text</p>"),
    "text-after-list": ("Ta med:\n- papperslistor\n- pennor\nLägg dem i pärmen.",
                        "<p>Ta med:</p>\n<ul>\n<li>papperslistor</li>\n<li>pennor</li>\n</ul>\n"
                        "<p>Lägg dem i pärmen.</p>"),
    "steps-then-bullets": (
        "Gör så här:\n1) Ring TIB\n2) Skriv i loggen\nTa med:\n- papperslistor",
        "<p>Gör så här:</p>\n<ol>\n<li>Ring TIB</li>\n<li>Skriv i loggen</li>\n</ol>\n"
        "<p>Ta med:</p>\n<ul>\n<li>papperslistor</li>\n</ul>"),
    "list-item-continues": ("- Ring TIB och\n  berätta vad som hänt\n\nSedan IT.",
                            "<ul>\n<li>Ring TIB och\n  berätta vad som hänt</li>\n</ul>\n"
                            "<p>Sedan IT.</p>"),
}
IDS = list(CASES)


def unit_id(case: str) -> str:
    return f"md-{case}"


def unit_file(case: str) -> str:
    body = "".join(f"    {line}\n" if line else "\n" for line in CASES[case][0].split("\n"))
    return (f"name: Markdown {case}\n"
            "document:\n  version: \"1.0\"\n  owner: Anna Andersson\n"
            "  approved: 2026-09-01\n  approved_by: Anna Andersson\n"
            f"prioritisation:\n  text: |\n{body}")


def write_units(project: Path) -> Path:
    units = project / "units"
    for path in units.glob("*.yml"):
        if path.name != "_region.yml":
            path.unlink()
    shutil.rmtree(units / "_groups", ignore_errors=True)
    for case in CASES:
        (units / f"{unit_id(case)}.yml").write_text(unit_file(case), encoding="utf-8")
    return units


@pytest.mark.parametrize("case", IDS)
def test_to_html_gives_what_the_editor_means(case: str) -> None:
    text, expected = CASES[case]
    assert str(to_html(text)) == expected


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("plan-text"))
    write_units(project)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.mark.parametrize("case", IDS)
def test_the_unit_page_shows_it(site: Path, case: str) -> None:
    html = (site / "site" / unit_page_output(unit_id(case))).read_text(encoding="utf-8")
    assert CASES[case][1] in html


@pytest.fixture(scope="module")
def book(site: Path) -> Handbook:
    return load_handbook(site / "units", base=site)


INPUTS = Inputs([], "utkast", None, dt.date(2026, 11, 27))


@pytest.mark.parametrize("case", IDS)
def test_the_binder_prints_it(book: Handbook, case: str) -> None:
    unit = next(u for u in book.units if u.id == unit_id(case))
    html = unit_document(unit, INPUTS).filled(current_stamp(REPO))
    assert CASES[case][1] in html


PRINTED = ("hash-todo", "backslash-unc", "list-after-text", "greater-than-first",
           "underscore-path", "steps-then-bullets")


def test_the_printed_binder_reads_as_written(book: Handbook, tmp_path: Path) -> None:
    pdftotext = require_tool("pdftotext")
    units = {u.id: u for u in book.units}
    jobs = [Job(unit_id(case), unit_document(units[unit_id(case)], INPUTS)
                .filled(current_stamp(REPO)), tmp_path / f"{case}.pdf") for case in PRINTED]
    run_jobs(jobs)
    for case in PRINTED:
        text = subprocess.run([pdftotext, "-layout", str(tmp_path / f"{case}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        wanted = squash(html_text(CASES[case][1]))
        # The list markers print; the HTML's text has none.
        printed = re.sub(r"(?<!\S)(?:•|\d+\.)(?=\s)", " ", text)
        assert wanted in squash(printed), (case, wanted)
