"""Every input a PDF is rendered from is in its cache key (issue #11, item 6).

Table-driven: in a copy of the project and of the package's print files, change
one input at a time and compute every PDF's key without rendering
(``plan_pdfs``): exactly the PDFs that input reaches get a new key, through the
listed input named in the table. The end-to-end case renders: a label on the
whole handbook's front changed in labels.yml rebuilds handbok.pdf, which then
shows it (the reported bug), and no unit binder.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from sitebuild import (
    EXAMPLE_DAY,
    REPO,
    SharedBuild,
    copy_project,
    example_unit_ids,
    mkdocs_build,
    require_file,
    squash,
)

import handbook.labels
from handbook import load_handbook
from handbook.binder import document, keys
from handbook.binder.build import Plan, plan_pdfs
from handbook.binder.document import Chapter, Inputs
from handbook.history.stamp import DRAFT
from handbook.labels import labels
from handbook.routes import HANDBOOK

pytestmark = [pytest.mark.build, pytest.mark.pdf]

UNITS = example_unit_ids()
EVERY = frozenset([*UNITS, HANDBOOK])
FRONT_ONLY = frozenset([HANDBOOK])
BINDER_KEYS = {f"binder:{u}" for u in UNITS}  # inputs of handbok.pdf
LOG_LINE = re.compile(r"PDF binders: rendered \d+ \(([^)]*)\), unchanged \d+; "
                      r"whole handbook (rendered|unchanged)")


@dataclass
class Sources:
    """A copied project and copies of the package's print files the build reads."""

    project: Path
    package: Path  # a copy of handbook/
    fonts: Path  # the only font folder fontconfig sees
    chapters: list[Chapter]
    release: str = "2026.11"

    def file(self, relative: str) -> Path:
        return self.project / relative if relative.startswith("units/") \
            else self.package / relative

    def replace(self, relative: str, old: str, new: str) -> None:
        path = self.file(relative)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not once in {relative}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def plan(self) -> Plan:
        _clear_caches()
        book = load_handbook(self.project / "units", base=self.project)
        inputs = Inputs(list(self.chapters), self.release, "https://kontinuitet.example/",
                        dt.date(2026, 11, 27), example=True)
        return plan_pdfs(book, inputs)


def _clear_caches() -> None:
    labels.cache_clear()
    document.environment.cache_clear()
    document.stylesheet.cache_clear()


FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


@pytest.fixture
def sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sources]:
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    package = tmp_path / "handbook"
    shutil.copytree(REPO / "handbook", package, ignore=shutil.ignore_patterns("__pycache__"))
    # The package reads its templates, stylesheet, labels and sources from these places.
    monkeypatch.setattr(document, "HERE", package / "binder")
    monkeypatch.setattr(handbook.labels, "LABELS_FILE", package / "labels.yml")
    monkeypatch.setattr(keys, "BINDER", package / "binder")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        shutil.copy2(require_file(SYSTEM_DEJAVU / name, "fonts-dejavu-core"), fonts / name)
    conf = tmp_path / "fonts.conf"
    conf.write_text(FONTS_CONF.format(fonts=fonts, cache=tmp_path / "fontcache"),
                    encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    chapters = [Chapter("roller-och-ansvar", "Roller och ansvar",
                        "<h1>Roller och ansvar</h1><p>TIB leder arbetet.</p>"),
                Chapter("manuella-rutiner", "Manuella rutiner",
                        "<h1>Manuella rutiner</h1><p>Dokumentera på papper.</p>")]
    yield Sources(project, package, fonts, chapters)
    _clear_caches()


SYSTEM_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def fyrbodal_units() -> frozenset[str]:
    book = load_handbook(REPO / "units", base=REPO)
    return frozenset(u.id for u in book.units if "fyrbodal" in u.groups)


def with_version(monkeypatch: pytest.MonkeyPatch, distribution: str) -> None:
    real = keys.installed_version
    monkeypatch.setattr(keys, "installed_version",
                        lambda name: "999.0" if name == distribution else real(name))


def chapter_text(s: Sources, _m: pytest.MonkeyPatch) -> None:
    first = s.chapters[0]
    s.chapters[0] = Chapter(first.id, first.title, first.html + "<p>TIB nås via växeln.</p>")


def new_font(s: Sources, _m: pytest.MonkeyPatch) -> None:
    # A font package update: the file has new content (here another face's).
    (s.fonts / "DejaVuSans.ttf").write_bytes((s.fonts / "DejaVuSans-Bold.ttf").read_bytes())


def release(s: Sources, _m: pytest.MonkeyPatch) -> None:
    s.release = "2026.12"


def draft(s: Sources, _m: pytest.MonkeyPatch) -> None:
    s.release = DRAFT


Change = Callable[[Sources, pytest.MonkeyPatch], None]


def edit(relative: str, old: str, new: str) -> Change:
    return lambda s, _m: s.replace(relative, old, new)


def append(relative: str, text: str) -> Change:
    def change(s: Sources, _m: pytest.MonkeyPatch) -> None:
        with s.file(relative).open("a", encoding="utf-8") as stream:
            stream.write(text)
    return change


# (what changes, how, the PDFs whose key must change, the listed inputs that change)
CASES: list[tuple[str, Change, frozenset[str], set[str]]] = [
    ("nothing", lambda s, m: None, frozenset(), set()),
    ("a unit file", edit("units/vc-angen.yml", "    phone: 031-345 71 02\n",
                         "    phone: 031-345 71 92\n"),
     frozenset({"vc-angen", HANDBOOK}), {"print-html", "binder:vc-angen"}),
    ("the region layer", edit("units/_region.yml", "phone: 010-441 00 00\n",
                              "phone: 010-441 00 90\n"),
     EVERY, {"print-html"} | BINDER_KEYS),
    ("a group layer", edit("units/_groups/fyrbodal.yml", "phone: 010-435 50 00\n",
                           "phone: 010-435 50 09\n"),
     fyrbodal_units() | FRONT_ONLY, {"print-html"} | {f"binder:{u}" for u in fyrbodal_units()}),
    # A unit binder has no appendix since issue #26: its page on the region routine
    # names the chapters and where they are, not their text; handbok.pdf prints them.
    ("a region chapter's text", chapter_text, FRONT_ONLY, {"front-html"}),
    ("the binder template", edit("binder/templates/binder.html.j2", "</body>",
                                 "<p>Ny rad i pärmen</p>\n</body>"),
     EVERY, {"print-html"} | BINDER_KEYS),
    ("the front's template", edit("binder/templates/handbook.html.j2", "</body>",
                                  "<p>Ny rad på framsidan</p>\n</body>"),
     FRONT_ONLY, {"front-html"}),
    ("print.css", append("binder/print.css", "\nh2 { letter-spacing: .1pt; }\n"),
     EVERY, {"print-html", "blank-html", "front-html"} | BINDER_KEYS),
    # Single- or double-sided: margins and chapter starts in every binder and the front,
    # and no page left empty to join after a unit's pages.
    ("the region's binder.sides", edit("units/_region.yml", "  sides: dubbelsidig\n",
                                       "  sides: enkelsidig\n"),
     EVERY, {"print-html", "blank-html", "sides", "front-html"} | BINDER_KEYS),
    ("labels.yml, a label in every binder",
     edit("labels.yml", "Förvara pärmen där", "Förvara alltid pärmen där"),
     EVERY, {"print-html", "front-html", "labels.yml"} | BINDER_KEYS),
    ("labels.yml, a label on the front only",
     edit("labels.yml", "units_part: Enheternas planer", "units_part: Enheternas egna planer"),
     FRONT_ONLY, {"front-html", "labels.yml"}),
    # In no print HTML: the post-processing writes it into each link's description.
    ("labels.yml, a link description's label",
     edit("labels.yml", "link_call: Ring {number}", "link_call: Ring upp {number}"),
     EVERY, {"link-labels", "labels.yml"} | BINDER_KEYS),
    ("a font file", new_font, EVERY, {"fonts"} | BINDER_KEYS),
    ("the WeasyPrint version", lambda s, m: with_version(m, "weasyprint"),
     EVERY, {"version:weasyprint"} | BINDER_KEYS),
    ("a library WeasyPrint requires", lambda s, m: with_version(m, "pydyf"),
     EVERY, {"version:pydyf"} | BINDER_KEYS),
    ("the pikepdf version (it finishes every binder and assembles the handbook)",
     lambda s, m: with_version(m, "pikepdf"), EVERY, {"version:pikepdf"} | BINDER_KEYS),
    ("the front's assembly code", append("binder/front.py", "\n# changed\n"),
     FRONT_ONLY, {"source:front.py"}),
    ("the post-processing code", append("binder/tagging.py", "\n# changed\n"),
     EVERY, {"source:tagging.py"} | BINDER_KEYS),
    ("the assembly code", append("binder/combine.py", "\n# changed\n"),
     FRONT_ONLY, {"source:combine.py"}),
    ("the PDF writer", append("binder/pdfwrite.py", "\n# changed\n"),
     FRONT_ONLY, {"source:pdfwrite.py"}),
    ("how the work is shared out", append("binder/workers.py", "\n# changed\n"),
     frozenset(), set()),
    # A binder is a controlled document (issue #26): a released binder names its plan's
    # version, never the release; only the whole handbook's cover names it.
    ("the release", release, FRONT_ONLY, {"front-html"}),
    ("a draft instead of a release", draft, EVERY,
     {"print-html", "front-html"} | BINDER_KEYS),
]


@pytest.mark.parametrize(("change", "expected", "changed_inputs"),
                         [pytest.param(c, e, i, id=name) for name, c, e, i in CASES])
def test_each_input_changes_exactly_the_keys_of_the_pdfs_it_reaches(
        sources: Sources, monkeypatch: pytest.MonkeyPatch, change: Change,
        expected: frozenset[str], changed_inputs: set[str]) -> None:
    before = sources.plan()
    assert set(before.inputs) == EVERY
    change(sources, monkeypatch)
    after = sources.plan()
    changed = {name for name in EVERY if before.keys[name] != after.keys[name]}
    assert changed == expected
    differing = {field for name in EVERY for field in before.inputs[name] | after.inputs[name]
                 if before.inputs[name].get(field) != after.inputs[name].get(field)}
    assert differing == changed_inputs


def test_build_date_and_commit_are_not_inputs(sources: Sources) -> None:
    """A draft's covers print them, but they alone must not render every PDF again; a
    released binder prints neither, nor the release."""
    plan = sources.plan()
    assert not any(document.BUILT in d.html or document.COMMIT in d.html
                   or sources.release in d.html + d.appendix for d in plan.documents)
    sources.release = DRAFT
    plan = sources.plan()
    for listed in plan.inputs.values():
        assert not any(document.BUILT in value or document.COMMIT in value
                       for value in listed.values())
    assert all(document.BUILT in d.html and document.COMMIT in d.html for d in plan.documents)


# --- end to end: the reported bug ---------------------------------------------------------

def test_changed_front_label_rebuilds_the_whole_handbook_with_it(
        tmp_path: Path, example_site: SharedBuild) -> None:
    """labels.yml is read by the package: the build runs with a copy of the package
    beside the project (``python -m mkdocs`` imports from the working folder). The
    project is a copy of the run's shared example build (tests/conftest.py), which
    rendered every binder and the whole handbook; its cache comes along."""
    project = tmp_path / "project"
    shutil.copytree(example_site.project, project, symlinks=True)
    shutil.copytree(REPO / "handbook", project / "handbook",
                    ignore=shutil.ignore_patterns("__pycache__"))
    assert _log(example_site.output) == (UNITS, True)
    labels_file = project / "handbook" / "labels.yml"
    old = str(labels()["binder"]["units_part"])
    new = f"{old} i regionen"
    text = labels_file.read_text(encoding="utf-8")
    assert text.count(f"units_part: {old}\n") == 1
    labels_file.write_text(text.replace(f"units_part: {old}\n", f"units_part: {new}\n"),
                           encoding="utf-8")
    assert yaml.safe_load(labels_file.read_text(encoding="utf-8"))["binder"]["units_part"] == new
    # On the shared build's day, so that nothing but the label differs from it.
    second = _build(project, env={"HANDBOOK_TODAY": EXAMPLE_DAY})
    assert _log(second) == ([], True)
    front = squash(" ".join(p.extract_text() for p in
                            PdfReader(project / "site" / "pdf" / "handbok.pdf").pages[:3]))
    assert new in front
    unit_pdf = squash(" ".join(p.extract_text() for p in
                               PdfReader(project / "site" / "pdf" / f"{UNITS[0]}.pdf").pages))
    assert new not in unit_pdf


def _build(project: Path, env: dict[str, str] | None = None) -> str:
    result = mkdocs_build(project, pdf=True, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-2000:]
    return output


def _log(output: str) -> tuple[list[str], bool]:
    [(rendered, whole)] = LOG_LINE.findall(output)
    return ([] if rendered == "none" else rendered.split(", ")), whole == "rendered"
