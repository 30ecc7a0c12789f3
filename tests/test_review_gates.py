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
import tarfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from sitebuild import REPO, require_tool

pytestmark = pytest.mark.unit

WORKFLOWS = REPO / ".github" / "workflows"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


ACTIONLINT = REPO / ".ci" / "actionlint"


def _script_value(name: str) -> str:
    found = re.search(rf"^{name}=(\S+)$", ACTIONLINT.read_text(encoding="utf-8"), re.M)
    assert found, f".ci/actionlint sets no {name}"
    return found.group(1)


def test_actionlint_is_rhysds_release_pinned_by_checksum_in_the_pull_request_only() -> None:
    assert _script_value("VERSION") == "1.7.7"
    # The archive's SHA-256, as rhysd's checksums file for v1.7.7 gives it (the same
    # value pinned in two unrelated public projects' build files).
    assert _script_value("SHA256") == (
        "023070a287cd8cccd71515fedc843f1985bf96c436b7effaecce67290e7e0757")
    assert 'URL="https://github.com/rhysd/actionlint/releases/download/' in \
        ACTIONLINT.read_text(encoding="utf-8")
    runs = {path.name: "bash .ci/actionlint" in path.read_text(encoding="utf-8")
            for path in WORKFLOWS.glob("*.y*ml")}
    assert runs == {name: name == "pull-request.yml" for name in runs}
    # No fork's wheel in the lock, and the release path's make test-fast has no linter.
    assert "actionlint" not in (REPO / "requirements.lock").read_text(encoding="utf-8")
    assert "actionlint" not in (REPO / "Makefile").read_text(encoding="utf-8")


def test_actionlint_refuses_an_archive_that_is_not_the_pinned_one(tmp_path: Path) -> None:
    """An archive with another checksum is refused before anything in it runs."""
    require_tool("shellcheck")  # the script refuses to run without it, first
    ran = tmp_path / "ran"
    binary = tmp_path / "actionlint"
    binary.write_text(f"#!/bin/sh\ntouch {ran}\n", encoding="utf-8")
    binary.chmod(0o755)
    archive = tmp_path / "actionlint.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(binary, arcname="actionlint")
    result = subprocess.run(["bash", str(ACTIONLINT)], capture_output=True, text=True,
                            env={**os.environ, "ACTIONLINT_ARCHIVE": str(archive)},
                            timeout=60)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "does not have the pinned SHA-256" in result.stderr
    assert not ran.exists()


def test_zizmor_reports_no_high_findings() -> None:
    binary = Path(sys.executable).parent / "zizmor"
    if not binary.exists():
        pytest.fail("zizmor is missing; it comes with requirements.lock")
    result = subprocess.run([str(binary), "--offline", "--format", "json", "--no-progress",
                             str(WORKFLOWS), str(REPO / ".github" / "dependabot.yml")],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    findings = json.loads(result.stdout)
    high = [f"{f['ident']}: {f['desc']}" for f in findings
            if f["determinations"]["severity"] == "High"]
    assert high == [], result.stdout
    assert findings == [], "zizmor's medium and low findings: " + result.stdout


def _workflow(name: str) -> dict[str, Any]:
    # BaseLoader: 'on' stays a key and every value a string, as actionlint reads them
    loaded: dict[str, Any] = yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"),
                                       Loader=yaml.BaseLoader)
    return loaded


PINNED = re.compile(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$")


def test_actions_are_pinned_by_commit_and_the_image_by_digest() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        uses = [line.split("uses: ", 1)[1] for line in lines if "uses: " in line]
        assert uses, path.name
        assert [u for u in uses if not PINNED.fullmatch(u)] == [], path.name
        for job in _workflow(path.name)["jobs"].values():
            image = job.get("container")
            if image is not None:
                assert re.fullmatch(r"python:3\.11-bookworm@sha256:[0-9a-f]{64}", image)
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] == "false", path.name
    dependabot = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in dependabot["updates"]} == \
        {"github-actions", "pip", "npm"}


def test_the_lock_has_hashes_and_the_install_requires_them() -> None:
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==\S+ \\\n((?:    --hash=sha256:[0-9a-f]{64}.*\n)+)",
                      lock, flags=re.M)
    assert len(pins) == len(re.findall(r"^[A-Za-z0-9_.-]+==", lock, flags=re.M)) > 50
    assert {"zizmor", "pip", "setuptools"} <= {name for name, _ in pins}
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements.lock" in makefile
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in makefile
    assert "--generate-hashes" in makefile
def _steps(name: str) -> list[dict[str, object]]:
    # BaseLoader: 'on' stays a key (YAML 1.1 would make it True)
    workflow = yaml.load((WORKFLOWS / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _runs(name: str) -> list[str]:
    return [str(step["run"]) for step in _steps(name) if "run" in step]


def test_pull_request_workflow_validates_builds_tests_and_uploads() -> None:
    runs = _runs("pull-request.yml")
    # --base: a change of a unit's content without a new version and approval warns.
    assert ('.venv/bin/python -m handbook validate --format github '
            '--base "origin/$GITHUB_BASE_REF"') in runs
    assert ".venv/bin/python -m handbook codeowners --check" in runs
    assert runs.index("make site") < runs.index("make test")
    steps = _steps("pull-request.yml")
    uploads = [n for n, step in enumerate(steps)
               if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    # One artifact (site/ holds site/pdf/), after the tests, named per attempt: a re-run
    # of a failed job uploads again instead of failing with 409.
    assert len(uploads) == 1
    upload = steps[uploads[0]]["with"]
    assert upload["path"] == "site/"  # type: ignore[index]
    assert upload["name"].endswith("-${{ github.run_attempt }}")  # type: ignore[index]
    tests = [n for n, step in enumerate(steps) if step.get("run") == "make test"]
    assert tests and tests[0] < uploads[0]
    for job in _workflow("shards.yml")["jobs"].values():
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/upload-artifact@"):
                settings = step["with"]
                assert settings.get("overwrite") == "true" or \
                    settings["name"].endswith("${{ github.run_attempt }}")


def test_a_rerun_publish_finds_the_artifact_its_build_uploaded() -> None:
    """"Re-run failed jobs" re-runs only a failed publish, in a new attempt: it must
    download by the name the build's own attempt gave, passed as the build's output."""
    jobs = _workflow("release.yml")["jobs"]
    build, publish = jobs["build"], jobs["publish"]
    naming = [step for step in build["steps"] if step.get("id") == "artifact"]
    assert len(naming) == 1 and "$GITHUB_RUN_ATTEMPT" in naming[0]["run"]
    uploads = [step for step in build["steps"]
               if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert [step["with"]["name"] for step in uploads] == ["${{ steps.artifact.outputs.name }}"]
    assert build["outputs"]["artifact"] == "${{ steps.artifact.outputs.name }}"
    downloads = [step for step in publish["steps"]
                 if str(step.get("uses", "")).startswith("actions/download-artifact@")]
    assert [step["with"]["name"] for step in downloads] == \
        ["${{ needs.build.outputs.artifact }}"]
    # Nothing in publish names an artifact by its own attempt.
    assert "run_attempt" not in str(publish)


def test_release_is_a_manual_run_gated_and_only_publish_writes() -> None:
    workflow = _workflow("release.yml")
    # A manual run only: a pushed tag runs the tagged commit's own workflow.
    assert list(workflow["on"]) == ["workflow_dispatch"]
    assert workflow["permissions"] == {}
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    assert build["permissions"] == {"contents": "read"}
    assert "environment" not in build
    assert publish["permissions"] == {"contents": "write"}
    assert publish["environment"] == "release"
    assert publish["needs"] == "build"
    # The writing job runs nothing from the repository: no checkout, no container.
    assert "container" not in publish
    assert [str(s["uses"]).split("@")[0] for s in publish["steps"] if "uses" in s] == \
        ["actions/download-artifact"]
    runs = [str(step.get("run", "")) for step in build["steps"]]
    order = [next(n for n, run in enumerate(runs) if text in run) for text in (
        "make .venv/.installed", "-m handbook release-gate", "bash .ci/install-system",
        "make test-fast", 'make release VERSION="$VERSION" SQUASH=1', "git bundle create")]
    assert order == sorted(order)
    gate = build["steps"][order[1]]
    assert gate["env"]["REF"] == "${{ github.ref }}" and gate["env"]["SHA"] == "${{ github.sha }}"
    assert "--main-head \"$(git rev-parse refs/remotes/origin/main)\"" in gate["run"]
    push = "\n".join(str(step.get("run", "")) for step in publish["steps"])
    assert '--force-with-lease="refs/heads/gh-pages:$LEASE"' in push
    assert 'if [ "$head" != "$SHA" ]' in push  # main has not moved since the gate
    assert "gh release upload" in push
    # gh-pages is pushed with the environment's deploy key, over SSH to a pinned host
    # key, never with the workflow's token (the ruleset lets only the key update it).
    step = next(s for s in publish["steps"] if s.get("name") == "Push gh-pages")
    assert step["env"]["DEPLOY_KEY"] == "${{ secrets.GH_PAGES_DEPLOY_KEY }}"
    assert '"git@github.com:$REPO.git" gh-pages:gh-pages' in step["run"]
    assert "StrictHostKeyChecking=yes" in step["run"]
    assert ("github.com ssh-ed25519 "
            "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl") in step["run"]
    assert "http.extraheader=\"$auth\" push" not in step["run"]


RULESETS = REPO / ".github" / "rulesets"


def _ruleset(name: str) -> dict[str, Any]:
    return json.loads((RULESETS / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_rulesets_say_what_the_readme_says() -> None:
    """The locks a region imports once (README, "Set up once"): gh-pages takes updates
    from the deploy key alone, release tags never move, the environment deploys from
    main with no self-review."""
    pages = _ruleset("gh-pages.json")
    assert pages["target"] == "branch" and pages["enforcement"] == "active"
    assert pages["conditions"]["ref_name"] == {"include": ["refs/heads/gh-pages"],
                                                "exclude": []}
    assert sorted(rule["type"] for rule in pages["rules"]) == [
        "creation", "deletion", "non_fast_forward", "update"]
    assert pages["bypass_actors"] == [
        {"actor_id": None, "actor_type": "DeployKey", "bypass_mode": "always"}]
    tags = _ruleset("release-tags.json")
    assert tags["target"] == "tag" and tags["enforcement"] == "active"
    assert tags["conditions"]["ref_name"]["include"] == ["refs/tags/v*"]
    assert sorted(rule["type"] for rule in tags["rules"]) == [
        "deletion", "non_fast_forward", "update"]
    assert tags["bypass_actors"] == []
    environment = _ruleset("environment-release.json")
    assert environment["prevent_self_review"] is True
    assert environment["deployment_branch_policy"] == {"protected_branches": False,
                                                       "custom_branch_policies": True}
    assert _ruleset("environment-release-branches.json") == {"name": "main", "type": "branch"}
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    for said in ("`GH_PAGES_DEPLOY_KEY`", "the ruleset `gh-pages.json`",
                 "the ruleset `release-tags.json`", "deployments from `main` only",
                 "no self-review"):
        assert said in readme, said
    guide = (RULESETS / "README.md").read_text(encoding="utf-8")
    for name in ("gh-pages.json", "release-tags.json", "environment-release.json",
                 "environment-release-branches.json"):
        assert f"--input .github/rulesets/{name}" in guide, name


def test_every_build_is_strict_mikes_too() -> None:
    from handbook.site.export import read_config

    # mike runs `mkdocs build` (or ProperDocs') without --strict: only the config makes
    # a release strict.
    assert read_config(REPO / "mkdocs.yml")["strict"] is True
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "$(BIN)/python -m handbook ghpages finish $(VERSION)" in makefile
    assert "$(BIN)/python -m handbook ghpages prune $(KEEP)" in makefile


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
    assert "  approved: 2026-12-05\n" in text and "  approved: 5/12 2026\n" in guide
    unit.write_text(text.replace("  approved: 2026-12-05\n", "  approved: 5/12 2026\n"),
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "handbook", "validate"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines() == [shown]
    assert "  approved: 2026-12-05\n" in guide.split(shown, 1)[1]  # and the fix after it


def test_the_site_page_includes_the_guide_rather_than_copying_it() -> None:
    page = (REPO / "docs" / "bidra.md").read_text(encoding="utf-8")
    assert page.endswith('\n---\n--8<-- "CONTRIBUTING.md"\n')  # after its front matter
    assert "boost: 0.1" in page  # below the plans in a search
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - bidra.md\n" in config  # titled by the guide's own heading
    assert "check_paths: true" in config
    # Relative links would work on GitHub and break the site (or the reverse).
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", guide)
    assert links and all(link.startswith(("https://", "#")) for link in links)


# A step builds a site or binders when its command runs one of these.
BUILDS = ("make site", "make release", "make offline", "handbook binders --shard",
          "mkdocs build", "properdocs build", "mike deploy")
PUBLIC_UNLESS_PRIVATE = "${{ github.event.repository.private && 'internal' || 'public' }}"


def test_every_build_in_a_workflow_names_its_audience_public_where_output_is_public() -> None:
    """The default audience is internal (personal values shown): a workflow step that
    builds without naming it would put staff's private numbers in a public artifact,
    on gh-pages or in a release's assets (issue #29)."""
    found = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for job in _workflow(path.name)["jobs"].values():
            for step in job.get("steps", []):
                run = str(step.get("run", ""))
                if not any(build in run for build in BUILDS):
                    continue
                audience = (step.get("env") or {}).get("HANDBOOK_AUDIENCE")
                found.append((path.name, step.get("name"), audience))
    expected = {"pull-request.yml": PUBLIC_UNLESS_PRIVATE, "shards.yml": "public",
                "release.yml": "public"}
    assert {name for name, _, _ in found} == set(expected), found
    for name, step, audience in found:
        assert audience == expected[name], f"{name}: step {step!r} builds as {audience!r}"
