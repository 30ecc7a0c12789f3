"""Builds of the example that change something and build again: only what changed is
rendered (the incremental tests continue from a copy of the run's shared build, its
cache included), and single builds with one setting off or one binder failing. Kept
apart from test_binder.py, which reads the shared build, so the two run on different
workers."""


from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitebuild import (
    EXAMPLE_DAY,
    SharedBuild,
    copy_project,
    mkdocs_build,
    squash,
)
from test_binder import (
    Build,
    L,
    Pdf,
    build,
    cover_png,
    log_report,
    qr_codes,
    shared_example,
    site_url,
)

from handbook import Handbook, load_handbook
from handbook.binder.build import PARTS
from handbook.routes import HANDBOOK

pytestmark = [pytest.mark.build, pytest.mark.pdf]


@pytest.fixture(scope="module")
def example(example_site: SharedBuild, example_handbook: Handbook) -> Build:
    """The run's shared example build (tests/conftest.py), rendered from a cold cache."""
    return shared_example(example_site, example_handbook)


def one_unit_project(folder: Path, example_handbook: Handbook) -> Path:
    """A copy of the example with its first unit alone (a short build)."""
    folder.mkdir(parents=True)
    project = copy_project(folder)
    for other in example_handbook.units[1:]:
        (project / other.path).unlink()
    return project


@pytest.fixture(scope="module")
def without_site_url(tmp_path_factory: pytest.TempPathFactory,
                     example_handbook: Handbook) -> Build:
    """The example's first unit built without ``site_url`` in mkdocs.yml. The failing
    build below starts from a copy of it (site_url plays no part in that test)."""
    project = one_unit_project(tmp_path_factory.mktemp("no-site-url") / "project",
                               example_handbook)
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^site_url:.*\n", "", config.read_text(encoding="utf-8"),
                             flags=re.M), encoding="utf-8")
    assert site_url(project) is None
    return build(project)


def test_without_site_url_the_cover_has_no_qr_code(without_site_url: Build, tmp_path: Path,
                                                   example_handbook: Handbook) -> None:
    unit = example_handbook.units[0]
    pdf = without_site_url.site_pdf / f"{unit.id}.pdf"
    cover = Pdf(pdf).page(0)
    assert squash(unit.name) in cover
    assert "enheter/" not in cover
    assert L["binder"]["qr_text"] not in cover
    assert qr_codes(cover_png(pdf, tmp_path / "png")) == []


def test_example_setting_off_leaves_the_covers_unmarked(tmp_path: Path,
                                                        example_handbook: Handbook) -> None:
    project = one_unit_project(tmp_path / "project", example_handbook)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  example_handbook: true\n" in text
    config.write_text(text.replace("  example_handbook: true\n", "  example_handbook: false\n"),
                      encoding="utf-8")
    unit = example_handbook.units[0]
    built = build(project)
    notice = squash(L["example"]["notice"])
    for name in (unit.id, "handbok"):
        pdf = Pdf(built.site_pdf / f"{name}.pdf")
        assert L["binder"]["title"].upper() in pdf.page(0).upper()
        assert notice not in pdf.text


# --- rendering again only what changed --------------------------------------------------------

@dataclass
class Step:
    build: Build
    mtimes: dict[str, int]
    parts: dict[str, int]  # the whole handbook's kept parts and front (combine.py)
    handbook: bytes  # handbok.pdf as this build left it


@dataclass
class Incremental:
    steps: list[Step]
    unit: str  # the unit whose phone number changed before build 3
    phone: str  # its new number
    group: str  # the group whose phone number changed before build 4
    group_phone: str
    extenders: list[str]  # the units that extend that group


def mtimes(cache: Path, pattern: str = "*.pdf") -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(cache.glob(pattern))}


def new_phone(old: str, taken: str) -> str:
    """A valid phone number like ``old`` that occurs nowhere in ``taken``."""
    return next(candidate for n in range(100)
                if (candidate := f"{old[:-2]}{n:02d}") != old and candidate not in taken)


@pytest.fixture(scope="module")
def incremental(tmp_path_factory: pytest.TempPathFactory, example: Build,
                example_handbook: Handbook) -> Incremental:
    # Build 1 is the run's shared example build (tests/conftest.py): a first build into an
    # empty cache, which the `example` fixture checks rendered every binder. Its project,
    # site and cache are copied (with their mtimes) and every later build runs in the copy,
    # on the same day (HANDBOOK_TODAY) as the shared build.
    project = tmp_path_factory.mktemp("incremental") / "project"
    shutil.copytree(example.project, project, symlinks=True)
    steps = []

    def record(built: Build) -> None:
        steps.append(Step(built, mtimes(built.cache), mtimes(built.cache / PARTS, "*.piece"),
                          (built.cache / "handbok.pdf").read_bytes()))

    def step() -> None:
        record(build(project, env={"HANDBOOK_TODAY": EXAMPLE_DAY}))

    record(Build(project, example.output, example.before, example.after))  # 1: everything
    step()  # 2: nothing changed
    everything = "\n".join(p.read_text(encoding="utf-8")
                           for p in (project / "units").rglob("*.yml"))

    # 3: one contact's phone number, written once in one unit's own file
    unit, old = next((u, str(c["phone"])) for u in example_handbook.units
                     for c in u.data["contacts"] if (project / u.path).read_text(encoding="utf-8")
                     .count(f"    phone: {c['phone']}\n") == 1)
    path = project / unit.path
    text = path.read_text(encoding="utf-8")
    phone = new_phone(old, everything)
    path.write_text(text.replace(f"    phone: {old}\n", f"    phone: {phone}\n"),
                    encoding="utf-8")
    step()

    # 4: a phone number in the group file with the fewest units, as every one of them shows it
    book = load_handbook(project / "units", base=project)
    group = min((g for g in book.groups if any(g in u.groups for u in book.units)),
                key=lambda g: (sum(g in u.groups for u in book.units), g))
    extenders = sorted(u.id for u in book.units if group in u.groups)
    inherited = [c for c in book.groups[group].get("contacts", [])
                 if all(any((x["id"], x["phone"]) == (c["id"], c["phone"])
                            for x in book.unit(u).data["contacts"]) for u in extenders)]
    assert inherited, f"the test needs a contact in group {group} that its units show"
    group_path = project / "units" / "_groups" / f"{group}.yml"
    group_text = group_path.read_text(encoding="utf-8")
    group_old = str(inherited[0]["phone"])
    assert group_text.count(f"phone: {group_old}\n") == 1
    group_phone = new_phone(group_old, everything + phone)
    group_path.write_text(group_text.replace(f"phone: {group_old}\n", f"phone: {group_phone}\n"),
                          encoding="utf-8")
    step()

    # 5: nothing kept for the whole handbook: every part made again, the front laid out
    shutil.rmtree(steps[-1].build.cache / PARTS)
    manifest = steps[-1].build.cache / "manifest.json"
    listed = json.loads(manifest.read_text(encoding="utf-8"))
    del listed[HANDBOOK]
    manifest.write_text(json.dumps(listed), encoding="utf-8")
    step()
    return Incremental(steps, unit.id, phone, group, group_phone, extenders)


def part_owners(parts: dict[str, int]) -> list[str]:
    """The unit id (or "handbok", the front) of each kept part: ``<name>-<key>.piece``."""
    return sorted(name.rsplit("-", 1)[0] for name in parts)


def test_first_build_renders_every_binder(incremental: Incremental,
                                          example_handbook: Handbook) -> None:
    first = incremental.steps[0]
    rendered, unchanged, whole = log_report(first.build.output)
    assert sorted(rendered) == sorted(u.id for u in example_handbook.units)
    assert (unchanged, whole) == (0, True)
    units = example_handbook.units
    assert set(first.mtimes) == {f"{u.id}.pdf" for u in units} | {"handbok.pdf"}
    # The whole handbook kept each binder's own pages, ready, and its front.
    assert part_owners(first.parts) == sorted([u.id for u in units] + [HANDBOOK])


def test_unchanged_build_renders_nothing(incremental: Incremental,
                                         example_handbook: Handbook) -> None:
    first, second = incremental.steps[:2]
    rendered, unchanged, whole = log_report(second.build.output)
    assert (rendered, unchanged, whole) == ([], len(example_handbook.units), False)
    assert second.mtimes == first.mtimes
    assert second.parts == first.parts
    # The site still gets every PDF, identical to the cached one.
    for name in first.mtimes:
        assert (second.build.site_pdf / name).read_bytes() == \
            (second.build.cache / name).read_bytes()


def test_changed_unit_renders_only_that_unit(incremental: Incremental,
                                             example_handbook: Handbook) -> None:
    second, third = incremental.steps[1:3]
    unit = incremental.unit
    rendered, unchanged, whole = log_report(third.build.output)
    assert (rendered, unchanged, whole) == ([unit], len(example_handbook.units) - 1, True)
    changed = {n for n in second.mtimes if third.mtimes[n] != second.mtimes[n]}
    assert changed == {f"{unit}.pdf", "handbok.pdf"}
    # One part made again, the changed unit's (under a new name); the others reused. The
    # front too, unless the unit's page count changed.
    kept = {n for n in second.parts if third.parts.get(n) == second.parts[n]}
    assert part_owners({n: 0 for n in second.parts.keys() - kept}) in ([unit],
                                                                      sorted([unit, HANDBOOK]))
    assert part_owners({n: 0 for n in third.parts.keys() - kept}) == \
        part_owners({n: 0 for n in second.parts.keys() - kept})
    assert squash(incremental.phone) in Pdf(third.build.site_pdf / f"{unit}.pdf").text
    assert squash(incremental.phone) in Pdf(third.build.site_pdf / "handbok.pdf").text


def test_changed_group_renders_the_units_that_extend_it(incremental: Incremental,
                                                        example_handbook: Handbook) -> None:
    third, fourth = incremental.steps[2:4]
    extenders = incremental.extenders
    assert 0 < len(extenders) < len(example_handbook.units)
    rendered, unchanged, whole = log_report(fourth.build.output)
    assert (rendered, unchanged, whole) == (extenders,
                                            len(example_handbook.units) - len(extenders), True)
    changed = {n for n in third.mtimes if fourth.mtimes[n] != third.mtimes[n]}
    assert changed == {f"{u}.pdf" for u in extenders} | {"handbok.pdf"}
    for unit in extenders:  # a contact without call_order: in the chapter Kontakter
        pdf = Pdf(fourth.build.site_pdf / f"{unit}.pdf")
        assert any(squash(incremental.group_phone) in pdf.page(n)
                   for n in range(len(pdf.reader.pages))), unit


def test_whole_handbook_from_kept_parts_is_the_same_as_made_from_scratch(
        incremental: Incremental) -> None:
    """Build 4 assembled the whole handbook from parts kept since builds 1-3; build 5 made
    every part and the front again from the binders. The two files are the same."""
    fourth, fifth = incremental.steps[3:5]
    rendered, unchanged, whole = log_report(fifth.build.output)
    assert (rendered, whole) == ([], True)
    assert part_owners(fifth.parts) == part_owners(fourth.parts)
    assert set(fifth.parts) == set(fourth.parts)
    assert all(fifth.parts[n] != fourth.parts[n] for n in fifth.parts)  # made again
    assert fifth.handbook == fourth.handbook


def test_failed_binder_fails_the_build_with_its_name(without_site_url: Build, tmp_path: Path,
                                                     example_handbook: Handbook) -> None:
    # A copy (mtimes kept) of a finished one-unit build, its cache holding the binder.
    project = tmp_path / "project"
    shutil.copytree(without_site_url.project, project, symlinks=True)
    first = Build(project, without_site_url.output, without_site_url.before,
                  without_site_url.after)
    unit = example_handbook.units[0]
    assert log_report(first.output)[0] == [unit.id]
    cached = {p.name: p.read_bytes() for p in first.cache.rglob("*") if p.is_file()}
    assert f"{unit.id}.pdf" in cached
    # Region chapters go, as MkDocs rendered them, into the whole handbook (once; a unit
    # binder only names them since issue #26): an outside image cannot be fetched, so
    # handbok.pdf cannot be rendered, and the build says so by its name, not the unit's.
    chapter = next(iter(sorted((project / "docs" / "kapitel").glob("*.md"))))
    chapter.write_text(chapter.read_text(encoding="utf-8")
                       + "\n![Karta](https://example.invalid/karta.png)\n", encoding="utf-8")
    result = mkdocs_build(project, pdf=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    named = re.search(rf"PDF för {HANDBOOK} kunde inte skapas", output)
    assert named, f"the build failed without naming {HANDBOOK}: {output[-300:]!r}"
    assert f"PDF för {unit.id} kunde inte skapas" not in output
    assert "Traceback" not in output
    assert {p.name: p.read_bytes() for p in first.cache.rglob("*") if p.is_file()} == cached
