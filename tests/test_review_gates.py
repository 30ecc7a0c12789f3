"""The review gates are files in the repository: workflows, pre-commit, PR template,
editor settings and the contributor guide. Each is checked here."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitebuild import REPO

pytestmark = pytest.mark.unit

WORKFLOWS = REPO / ".github" / "workflows"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.exists() else shutil.which("actionlint")


def test_actionlint_passes_on_every_workflow() -> None:
    binary = _actionlint()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint is missing; it comes with requirements.lock")
        pytest.skip("actionlint is not installed (pip install -r requirements.lock)")
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {f.name for f in files} >= {"pull-request.yml", "release.yml", "shards.yml",
                                       "reminders.yml"}
    result = subprocess.run([binary, "-no-color", *map(str, files)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def _steps(name: str) -> list[dict[str, object]]:
    # BaseLoader: 'on' stays a key (YAML 1.1 would make it True)
    workflow = yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _runs(name: str) -> list[str]:
    return [str(step["run"]) for step in _steps(name) if "run" in step]


def test_pull_request_workflow_validates_builds_tests_and_uploads() -> None:
    runs = _runs("pull-request.yml")
    assert ".venv/bin/python -m handbook validate --format github" in runs
    assert ".venv/bin/python -m handbook codeowners --check" in runs
    assert runs.index("make site") < runs.index("make test")
    uploads = [step["with"] for step in _steps("pull-request.yml")
               if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert sorted(str(u["path"]) for u in uploads) == ["site/", "site/pdf/"]  # type: ignore[index]


def test_release_workflow_releases_with_make_release_and_pushes() -> None:
    runs = _runs("release.yml")
    assert 'make release VERSION="$VERSION"' in runs
    assert runs.index('make release VERSION="$VERSION"') < runs.index("git push origin gh-pages")
    workflow = yaml.load((WORKFLOWS / "release.yml").read_text(encoding="utf-8"),
                         Loader=yaml.BaseLoader)
    assert workflow["on"]["push"]["branches"] == ["main"]


def test_pre_commit_runs_the_validator_on_changed_unit_files(tmp_path: Path) -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert (hook["language"], hook["pass_filenames"]) == ("system", True)
    assert hook["entry"].endswith("-m handbook validate")
    matches = re.compile(hook["files"]).search
    assert all(matches(p) for p in ("units/vc-angen.yml", "units/_region.yml",
                                    "units/_groups/narhalsan.yml"))
    assert not any(matches(p) for p in ("docs/index.md", "mkdocs.yml", "units/x.yaml"))
    # Run it as pre-commit would: the entry, then the changed files.
    shutil.copytree(REPO / "units", tmp_path / "units")
    command = [sys.executable, *shlex.split(hook["entry"])[1:]]
    changed = ["units/_groups/narhalsan.yml", "units/vc-angen.yml"]
    assert subprocess.run(command + changed, cwd=tmp_path, timeout=120).returncode == 0
    unit = tmp_path / "units/vc-angen.yml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("phone:", "phon:", 1),
                    encoding="utf-8")
    # Changing only the group still shows the unit that inherits it.
    result = subprocess.run(command + ["units/_groups/goteborg-nordost.yml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "units/vc-angen.yml:" in result.stdout


def test_pull_request_template_is_a_short_swedish_checklist() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert 4 <= len(boxes) <= 8
    assert any("ÄNDRA:" in box for box in boxes)
    assert "## Checklista" in text


def test_every_unit_file_names_the_schema_for_the_editor() -> None:
    files = sorted((REPO / "units").rglob("*.yml"))
    assert len(files) > 5
    for path in files:
        match = SCHEMA_LINE.match(path.read_text(encoding="utf-8").splitlines()[0])
        assert match, f"{path}: the first line should be '# yaml-language-server: $schema=…'"
        assert (path.parent / match.group(1)).resolve() == REPO / "schema/unit.schema.json"


def test_vscode_maps_unit_files_to_the_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {"./schema/unit.schema.json": ["units/**/*.yml"]}
    assert (REPO / "schema" / "unit.schema.json").exists()
    recommended = json.loads((REPO / ".vscode" / "extensions.json").read_text())
    assert "redhat.vscode-yaml" in recommended["recommendations"]


def test_the_guides_example_error_is_what_the_validator_says(tmp_path: Path) -> None:
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    (shown,) = re.findall(r"^units/vc-angen\.yml:\d+:\d+: .+$", guide, re.M)
    shutil.copytree(REPO / "units", tmp_path / "units")
    unit = tmp_path / "units/vc-angen.yml"
    text = unit.read_text(encoding="utf-8")
    assert "  approved: 2025-11-17\n" in text and "  approved: 17/11 2025\n" in guide
    unit.write_text(text.replace("  approved: 2025-11-17\n", "  approved: 17/11 2025\n"),
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "handbook", "validate"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines() == [shown]
    assert "  approved: 2025-11-17\n" in guide.split(shown, 1)[1]  # and the fix after it


def test_the_site_page_includes_the_guide_rather_than_copying_it() -> None:
    assert (REPO / "docs" / "bidra.md").read_text(encoding="utf-8") == \
        '--8<-- "CONTRIBUTING.md"\n'
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - bidra.md\n" in config  # titled by the guide's own heading
    assert "check_paths: true" in config
    # Relative links would work on GitHub and break the site (or the reverse).
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", guide)
    assert links and all(link.startswith(("https://", "#")) for link in links)
