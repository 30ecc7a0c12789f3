"""Building the binders in shards (issue #12, "Beyond one machine"): ``K/N`` written
wrongly is refused with a message, the partition does not depend on the process, and
a real shard of the example renders only its binders, which the assembling build then
takes from the gathered cache instead of rendering them again.

The partition's properties (every unit once, stable when a unit is added) are in
test_fuzz_shard.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from sitebuild import REPO, copy_project, mkdocs_build, squash

from handbook import Handbook
from handbook.binder.shard import Shard, ShardError, parse_shard, partition
from handbook.cli.main import main

pytestmark = [pytest.mark.build, pytest.mark.pdf]

SHARD_LOG = re.compile(r"PDF shard (\d+/\d+): rendered \d+ \(([^)]*)\), unchanged \d+")
BUILD_LOG = re.compile(r"PDF binders: rendered \d+ \(([^)]*)\), unchanged \d+; "
                       r"whole handbook (rendered|unchanged)")


@pytest.mark.parametrize(("text", "shard"), [
    ("1/1", Shard(1, 1)), ("3/3", Shard(3, 3)), (" 2/4 ", Shard(2, 4)), ("07/10", Shard(7, 10)),
])
def test_a_shard_is_written_k_of_n(text: str, shard: Shard) -> None:
    assert parse_shard(text) == shard
    assert str(shard) == f"{shard.index}/{shard.count}"


@pytest.mark.parametrize(("text", "message"), [
    ("0/3", "'0/3': delens nummer måste vara från 1 till 3; skriv K/N"),
    ("4/3", "'4/3': delens nummer måste vara från 1 till 3; skriv K/N"),
    ("1/0", "'1/0': antalet delar måste vara minst 1; skriv K/N"),
    ("1-3", "'1-3' är ingen del av bygget; skriv K/N"),
    ("a/b", "'a/b' är ingen del av bygget; skriv K/N"),
    ("-1/3", "'-1/3' är ingen del av bygget; skriv K/N"),
    ("1/3/5", "'1/3/5' är ingen del av bygget; skriv K/N"),
    ("", "'' är ingen del av bygget; skriv K/N"),
])
def test_a_wrongly_written_shard_says_how_to_write_it(text: str, message: str) -> None:
    with pytest.raises(ShardError) as caught:
        parse_shard(text)
    assert str(caught.value).startswith(message)
    assert str(caught.value).endswith("t.ex. 2/4")


@pytest.fixture(scope="module")
def unit_names(example_handbook: Handbook) -> dict[str, str]:
    """The example's units: id → name."""
    return {u.id: u.name for u in example_handbook.units}


def test_the_command_refuses_a_wrong_shard_as_a_usage_error(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["binders", "--shard", "4/3"])
    assert caught.value.code == 2
    error = capsys.readouterr().err
    assert "argument --shard: '4/3': delens nummer måste vara från 1 till 3" in error


def test_gathering_a_folder_that_is_no_shard_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    code = main(["binders", "--gather", str(tmp_path / "empty"),
                 "-f", str(tmp_path / "mkdocs.yml")])
    assert code == 1
    error = capsys.readouterr().err
    assert f"{tmp_path / 'empty' / 'manifest.json'}: filen saknas" in error
    assert not (tmp_path / ".cache").exists()


@pytest.mark.parametrize(("files", "message"), [
    ({"a/vc-x.pdf": b"%PDF", "a/manifest.json": "[]"},
     "a/manifest.json: är ingen manifestfil (ett JSON-objekt väntades)"),
    ({"a/manifest.json": '{"vc-x": {"fingerprint": "f", "inputs": {}, "pages": 2}}'},
     "a/manifest.json: 'vc-x' är ingen pärm i mappen"),
    ({"a/manifest.json": '{"../x": {"fingerprint": "f", "inputs": {}, "pages": 2}}',
      "x.pdf": b"%PDF"},
     "a/manifest.json: '../x' är ingen pärm i mappen"),
    ({"a/vc-x.pdf": b"%PDF", "a/manifest.json": '{"vc-x": {"fingerprint": "f", "pages": 2}}'},
     "a/manifest.json: uppgifterna om 'vc-x' är ofullständiga"),
    ({"a/vc-x.pdf": b"%PDF", "b/vc-x.pdf": b"%PDF",
      "a/manifest.json": '{"vc-x": {"fingerprint": "f", "inputs": {}, "pages": 2}}',
      "b/manifest.json": '{"vc-x": {"fingerprint": "f", "inputs": {}, "pages": 2}}'},
     "b/manifest.json: pärmen 'vc-x' finns också i"),
])
def test_gathering_refuses_what_no_shard_wrote_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str | bytes],
        message: str) -> None:
    for relative, content in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    folders = sorted({str(tmp_path / r.split("/")[0]) for r in files if "/" in r})
    code = main(["binders", "-f", str(tmp_path / "mkdocs.yml"), "--gather", *folders])
    assert code == 1
    assert f"{tmp_path}/{message}" in capsys.readouterr().err
    assert not (tmp_path / ".cache").exists()


def test_a_wrong_shard_in_the_environment_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = mkdocs_build(project, env={"HANDBOOK_SHARD": "2"})
    assert result.returncode == 1
    assert "HANDBOOK_SHARD: '2' är ingen del av bygget; skriv K/N" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_partition_does_not_depend_on_the_process(unit_names: dict[str, str]) -> None:
    """Python's own hash() of a string changes with each process; the shard must not."""
    script = ("import json, sys; from handbook.binder.shard import partition; "
              "print(json.dumps(partition(sys.argv[1:], 4)))")
    seen = set()
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", script, *unit_names], capture_output=True,
                                text=True, check=True, timeout=60,
                                env={**os.environ, "PYTHONHASHSEED": seed})
        seen.add(result.stdout)
    assert seen == {json.dumps({str(k): v for k, v in partition(unit_names, 4).items()}) + "\n"}


def test_one_shard_renders_its_binders_and_the_assembly_renders_none_of_them_again(
        tmp_path: Path, unit_names: dict[str, str]) -> None:
    """Three example units, to keep it fast: the larger shard of 3 renders
    only its own binders; in a clean cache the gathered shard makes the assembling
    build render only the units of the other shards, and the whole handbook once."""
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    kept = ["bvc-gardsten", "vc-angen", "vc-kortedala"]  # in more than one shard of 3
    for dropped in set(unit_names) - set(kept):
        (project / "units" / f"{dropped}.yml").unlink()
    number, members = max(partition(kept, 3).items(), key=lambda item: len(item[1]))
    assert 0 < len(members) < len(kept)  # the test needs units inside and outside the shard
    out = tmp_path / "shard"
    result = subprocess.run([sys.executable, "-m", "handbook", "binders", "--shard",
                             f"{number}/3", "--out", str(out)], cwd=project,
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-2000:]
    assert SHARD_LOG.findall(output) == [(f"{number}/3", ", ".join(members))]
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{m}.pdf" for m in members]
                                                           + ["manifest.json"])
    assert sorted(json.loads((out / "manifest.json").read_text(encoding="utf-8"))) == members
    for member in members:  # each file is that unit's binder
        first = PdfReader(out / f"{member}.pdf").pages[0].extract_text()
        assert unit_names[member] in squash(first)
    cache = project / ".cache" / "pdf"
    assert sorted(p.stem for p in cache.glob("*.pdf")) == members  # nothing else rendered
    assert not list(project.glob(".shard-site-*"))  # the shard's throwaway site is gone

    for path in cache.iterdir():  # the assembling job starts with an empty cache
        path.unlink()
    gather = subprocess.run([sys.executable, "-m", "handbook", "binders", "--gather", str(out)],
                            cwd=project, capture_output=True, text=True, timeout=120)
    assert gather.returncode == 0, gather.stderr
    built = mkdocs_build(project, pdf=True)
    assert built.returncode == 0, built.stderr[-2000:]
    [(rendered, whole)] = BUILD_LOG.findall(built.stdout + built.stderr)
    assert rendered.split(", ") == sorted(set(kept) - set(members))
    assert whole == "rendered"
    site_pdf = project / "site" / "pdf"
    assert sorted(p.stem for p in site_pdf.glob("*.pdf")) == sorted([*kept, "handbok"])
    for member in members:  # the shard's files themselves, not new renders
        assert (site_pdf / f"{member}.pdf").read_bytes() == (out / f"{member}.pdf").read_bytes()
    whole_text = squash(" ".join(p.extract_text() for p in
                                 PdfReader(site_pdf / "handbok.pdf").pages))
    assert all(unit_names[unit] in whole_text for unit in kept)


# --- the workflows: shards as a matrix, assembled from their artifacts; the PDF cache ---

WORKFLOWS = REPO / ".github" / "workflows"
CACHE_INPUTS = ("units/**", "docs/**", "handbook/**", "hooks/**", "mkdocs.yml",
                "requirements.lock")


def _workflow(name: str) -> dict[str, Any]:
    # BaseLoader: 'on' stays a key and every value a string, as actionlint reads them
    loaded: dict[str, Any] = yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"),
                                       Loader=yaml.BaseLoader)
    return loaded


def _step(job: dict[str, Any], *, uses: str = "", run: str = "") -> tuple[int, dict[str, Any]]:
    found = [(number, step) for number, step in enumerate(job["steps"])
             if (uses and str(step.get("uses", "")).startswith(uses))
             or (run and run in str(step.get("run", "")))]
    assert len(found) == 1, f"one step with {uses or run!r} expected, found {len(found)}"
    return found[0]


def _pdf_cache(job: dict[str, Any], uses: str) -> tuple[int, dict[str, Any]]:
    """The one step of ``job`` that caches .cache/pdf with ``uses`` (pip has its own)."""
    found = [(number, step) for number, step in enumerate(job["steps"])
             if str(step.get("uses", "")).startswith(uses)
             and step.get("with", {}).get("path") == ".cache/pdf"]
    assert len(found) == 1, f"one PDF cache step with {uses!r} expected, found {len(found)}"
    return found[0]


def _assert_pdf_cache_on_inputs(step: dict[str, Any], prefix: str) -> None:
    settings = step["with"]
    assert settings["path"] == ".cache/pdf"
    assert settings["key"].startswith(prefix + "${{ hashFiles(")
    assert all(f"'{pattern}'" in settings["key"] for pattern in CACHE_INPUTS)
    # Python's byte code (written by the steps before) would make every run's key new
    assert "'!**/__pycache__/**'" in settings["key"]
    assert settings["restore-keys"].strip() == prefix


def test_the_shards_run_as_a_matrix_and_the_site_is_assembled_from_their_artifacts() -> None:
    workflow = _workflow("shards.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    binders, site = workflow["jobs"]["binders"], workflow["jobs"]["site"]
    shards = binders["strategy"]["matrix"]["shard"]
    assert shards == [str(n) for n in range(1, len(shards) + 1)] and len(shards) > 1
    _, render = _step(binders, run="-m handbook binders --shard")
    # Every building step names its audience (#29; tests/test_review_gates.py): the
    # shards' binders are published, so public.
    assert render["env"] == {"SHARD": "${{ matrix.shard }}",
                             "SHARDS": "${{ strategy.job-total }}",
                             "HANDBOOK_AUDIENCE": "public"}
    assert '--shard "$SHARD/$SHARDS" --out pdf-shard' in render["run"]
    _, upload = _step(binders, uses="actions/upload-artifact@")
    assert upload["with"]["name"] == "pdf-shard-${{ matrix.shard }}"
    assert upload["with"]["path"] == "pdf-shard/"
    restore_at, restore = _step(binders, uses="actions/cache/restore@")
    _assert_pdf_cache_on_inputs(restore, "pdf-draft-")
    assert restore_at < _step(binders, run="--shard")[0]

    assert site["needs"] == "binders"
    download_at, download = _step(site, uses="actions/download-artifact@")
    assert download["with"] == {"pattern": "pdf-shard-*", "path": "shards"}
    gather_at, gather = _step(site, run="-m handbook binders --gather")
    assert gather["run"].endswith("--gather shards/*")
    cache_at, cache = _pdf_cache(site, "actions/cache@")
    _assert_pdf_cache_on_inputs(cache, "pdf-draft-")
    assert cache_at < download_at < gather_at < _step(site, run="make site")[0]


def test_pull_requests_and_releases_keep_the_pdf_cache_between_runs() -> None:
    (check,) = _workflow("pull-request.yml")["jobs"].values()
    restore_at, restore = _step(check, uses="actions/cache/restore@")
    # the same key as main's shards.yml, so a pull request starts from main's binders
    _assert_pdf_cache_on_inputs(restore, "pdf-draft-")
    save_at, save = _step(check, uses="actions/cache/save@")
    assert save["with"] == {"path": ".cache/pdf",
                            "key": f"${{{{ steps.{restore['id']}.outputs.cache-primary-key }}}}"}
    build_at, test_at = _step(check, run="make site")[0], _step(check, run="make test")[0]
    assert restore_at < build_at < save_at < test_at  # a failing test keeps the binders
    # A release restores only what releases saved (pdf-release-), and saves after it
    # built; its publish job has no cache at all.
    release = _workflow("release.yml")["jobs"]["build"]
    restore_at, restore = _pdf_cache(release, "actions/cache/restore@")
    _assert_pdf_cache_on_inputs(restore, "pdf-release-${{ steps.gate.outputs.version }}-")
    save_at, save = _step(release, uses="actions/cache/save@")
    assert save["with"]["key"] == f"${{{{ steps.{restore['id']}.outputs.cache-primary-key }}}}"
    assert restore_at < _step(release, run="make release")[0] < save_at
    assert not [s for s in _workflow("release.yml")["jobs"]["publish"]["steps"]
                if "cache" in str(s.get("uses", ""))]


def test_pip_downloads_are_cached_on_the_lock() -> None:
    for name in ("pull-request.yml", "shards.yml", "release.yml", "reminders.yml"):
        for job in _workflow(name)["jobs"].values():
            if not any("make .venv/.installed" in str(s.get("run", "")) for s in job["steps"]):
                continue
            pip = [s for s in job["steps"] if s.get("with", {}).get("path") == "~/.cache/pip"]
            assert len(pip) == 1, name
            assert pip[0]["with"]["key"] == "pip-${{ hashFiles('requirements.lock') }}"
