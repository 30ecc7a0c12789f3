"""Identical inputs give byte-identical output in separate processes (issue #12).

The project is copied into a git repository with one commit (history exists,
so the change-history sections are filled) and cloned, so both copies have the
same commit. Each copy is built with PDFs in its own process with a different
``PYTHONHASHSEED``; every file of the two ``site/`` trees must be byte for byte
the same, PDFs included. Then, reading the hooks' log line (no timings): a build
with nothing changed renders no PDF, and one changed and committed unit renders
exactly its binder and the whole handbook. A build with ``HANDBOOK_PDF=0``
renders no PDF and leaves the cache alone.
"""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitebuild import copy_project, mkdocs_build, only_units
from test_binder import CACHE_DIR, PDF_DIR, log_report
from test_binder_builds import mtimes, new_phone

from handbook import load_handbook

pytestmark = [pytest.mark.build, pytest.mark.pdf]

# Two units with different groups keep the two full PDF renders short; the history
# commit below changes several fields of each in one go, so a change's lines and the
# groups' order come from sets and dicts whose order the hash seed could decide.
KEPT = ("bvc-gardsten", "vc-vanersborg")
DAY = "2026-12-05"  # not before the example units' latest approval
GIT_ENV = {"GIT_AUTHOR_NAME": "Anna Redaktör", "GIT_AUTHOR_EMAIL": "anna@example.org",
           "GIT_COMMITTER_NAME": "Anna Redaktör", "GIT_COMMITTER_EMAIL": "anna@example.org",
           "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+01:00",
           "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+01:00"}
EDITS = {  # file → (old, new), each written once in the file
    "units/bvc-gardsten.yml": [('  version: "1.4"\n', '  version: "1.5"\n'),
                               ("    phone: 031-345 82 10\n", "    phone: 031-345 82 11\n")],
    "units/vc-vanersborg.yml": [('  version: "2.1"\n', '  version: "2.2"\n'),
                                ("address: Residensgatan 8, 462 32 Vänersborg\n",
                                 "address: Residensgatan 10, 462 32 Vänersborg\n"),
                                ("    phone: 0521-27 50 31\n", "    phone: 0521-27 50 32\n")],
    "units/_groups/fyrbodal.yml": [("    phone: 010-435 50 00\n", "    phone: 010-435 50 02\n")],
}


def git(project: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=project, env={**os.environ, **GIT_ENV},
                            capture_output=True, text=True, check=True)
    return result.stdout


def build(project: Path, seed: int, pdf: bool = True) -> str:
    """One ``mkdocs build --strict`` in its own process; its log."""
    result = mkdocs_build(project, pdf=pdf,
                          env={"PYTHONHASHSEED": str(seed), "HANDBOOK_TODAY": DAY})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def differing_files(left: Path, right: Path) -> list[str]:
    """Every file that is in one tree only or whose bytes differ, by relative path."""
    names_left, names_right = tree(left), tree(right)
    only = sorted(set(names_left) ^ set(names_right))
    both = sorted(set(names_left) & set(names_right))
    return only + [name for name in both
                   if not filecmp.cmp(left / name, right / name, shallow=False)]


@dataclass
class Builds:
    first: Path  # the repository, built with seed 1 and then again
    second: Path  # its clone, built with seed 2
    logs: list[str]  # first, second, nothing changed, one unit changed, no PDFs
    site_after_first: Path  # a copy of the first build's site/
    site_after_second: Path  # a copy of the second build's site/
    cache_before_site_only: dict[str, int]
    cache_after_site_only: dict[str, int]
    unit: str  # the unit changed before the fourth build
    phone: str


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    base = tmp_path_factory.mktemp("determinism")
    (base / "first").mkdir()
    first = only_units(copy_project(base / "first"), KEPT)
    git(first, "init", "-q", "-b", "main")
    git(first, "add", ".")
    git(first, "commit", "-q", "-m", "Exempelhandboken")
    for relative, edits in EDITS.items():
        path = first / relative
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, (relative, old)
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    git(first, "commit", "-q", "-am", "Nya uppgifter")
    second = base / "second"
    git(base, "clone", "-q", str(first), str(second))
    logs = [build(first, seed=1)]
    saved = base / "site-after-first"
    subprocess.run(["cp", "-a", str(first / "site"), str(saved)], check=True)
    logs.append(build(second, seed=2))
    saved_second = base / "site-after-second"
    subprocess.run(["cp", "-a", str(second / "site"), str(saved_second)], check=True)
    logs.append(build(first, seed=3))  # nothing changed

    # One contact's phone number, written once in one unit's own file, committed.
    everything = "\n".join(p.read_text(encoding="utf-8") for p in (first / "units").rglob("*.yml"))
    book = load_handbook(first / "units", base=first)
    unit, old = next((u, str(c["phone"])) for u in book.units for c in u.data["contacts"]
                     if (first / u.path).read_text(encoding="utf-8")
                     .count(f"    phone: {c['phone']}\n") == 1)
    path = first / unit.path
    phone = new_phone(old, everything)
    path.write_text(path.read_text(encoding="utf-8")
                    .replace(f"    phone: {old}\n", f"    phone: {phone}\n"), encoding="utf-8")
    git(first, "commit", "-q", "-am", f"Nytt telefonnummer för {unit.id}")
    logs.append(build(first, seed=4))

    before = mtimes(second / CACHE_DIR)
    logs.append(build(second, seed=5, pdf=False))
    return Builds(first, second, logs, saved, saved_second, before,
                  mtimes(second / CACHE_DIR), unit.id, phone)


def test_two_processes_with_different_hash_seeds_give_identical_sites(builds: Builds) -> None:
    site = builds.site_after_first
    assert (site / PDF_DIR / "handbok.pdf").is_file()
    assert len(tree(site)) > 50
    assert git(builds.first, "log", "--format=%H", "-1", "HEAD~1") == \
        git(builds.second, "log", "--format=%H", "-1")  # the same commit on both sides
    # The premise: a change of several fields (from a set of keys) is in the history.
    page = (site / "enheter" / KEPT[1] / "index.html").read_text(encoding="utf-8")
    changes = re.search(r'<ul class="hb-history-changes">(.*?)</ul>', page)
    assert changes is not None and changes[1].count("<li>") == 4
    assert differing_files(site, builds.site_after_second) == []


def test_the_comparison_sees_a_changed_byte(builds: Builds, tmp_path: Path) -> None:
    """The check above can fail: one byte changed in one PDF is reported by name."""
    copy = tmp_path / "site"
    subprocess.run(["cp", "-a", str(builds.site_after_second), str(copy)], check=True)
    pdf = copy / PDF_DIR / f"{KEPT[0]}.pdf"
    content = bytearray(pdf.read_bytes())
    content[len(content) // 2] ^= 1
    pdf.write_bytes(bytes(content))
    (copy / "extra.html").write_text("x", encoding="utf-8")
    assert differing_files(builds.site_after_first, copy) == \
        ["extra.html", f"{PDF_DIR}/{KEPT[0]}.pdf"]


def test_every_build_renders_every_binder_from_an_empty_cache(builds: Builds) -> None:
    for log in builds.logs[:2]:
        rendered, unchanged, whole = log_report(log)
        assert sorted(rendered) == sorted(KEPT)
        assert (unchanged, whole) == (0, True)


def test_nothing_changed_renders_nothing_in_a_new_process(builds: Builds) -> None:
    rendered, unchanged, whole = log_report(builds.logs[2])
    assert (rendered, unchanged, whole) == ([], len(KEPT), False)


def test_one_committed_unit_renders_one_binder(builds: Builds) -> None:
    rendered, unchanged, whole = log_report(builds.logs[3])
    assert (rendered, unchanged, whole) == ([builds.unit], len(KEPT) - 1, True)
    changed = differing_files(builds.site_after_first / PDF_DIR, builds.first / "site" / PDF_DIR)
    assert changed == sorted([f"{builds.unit}.pdf", "handbok.pdf"])


def test_site_only_build_renders_no_pdf(builds: Builds) -> None:
    log = builds.logs[4]
    assert "PDF binders:" not in log
    assert not (builds.second / "site" / PDF_DIR).exists()
    assert builds.cache_after_site_only == builds.cache_before_site_only
    assert len(builds.cache_before_site_only) == len(KEPT) + 1
