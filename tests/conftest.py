"""Shared test set-up: Hypothesis profiles, the test kinds (markers), the example
handbook loaded once per process and built once per run, and a helper that writes a
tree of files into ``tmp_path`` from a dict."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sitebuild import EXAMPLE_DAY, REPO, SharedBuild, example_unit_ids, shared_build

from handbook import Handbook, Unit, load_handbook

# Property-based tests (tests/test_fuzz_*.py). `make test` runs the "test" profile:
# a fixed seed (derandomize) and few examples, so every run checks the same inputs.
# `make fuzz` runs the "fuzz" profile: random seeds and many more examples; a
# failure prints the seed and the `@reproduce_failure` line to replay it.
settings.register_profile("test", derandomize=True, max_examples=40, deadline=None,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", derandomize=False, max_examples=1000, deadline=None,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HANDBOOK_HYPOTHESIS_PROFILE", "test"))

Tree = dict[str, str | bytes]

# Every test module says what it needs, with ``pytestmark`` (pyproject.toml describes
# the markers): `make test-fast` runs the "unit" modules only. A module that says
# nothing would silently fall out of the fast loop or be mistaken for it, so it stops
# the collection.
KINDS = ("unit", "build", "pdf", "browser")


# `make test` runs the modules in two workers, one module at a time each (pytest-xdist,
# `--dist loadfile`), in the order of the collection (see pytest_configure): the modules
# that take longest start first, so that the run does not end with one worker busy on a
# long module while the other has nothing left to do, and the many short modules fill
# in at the end. Measured on 2 cores (Nov 2026), longest first. The first two run side
# by side while the run's shared example build (``example_site``) is made: the first
# makes it, the second does not wait for it.
LONG_FIRST = ("test_binder.py", "test_release.py", "test_binder_builds.py", "test_browser.py",
              "test_print_layout.py",
              "test_determinism.py", "test_personal_build.py", "test_shard.py",
              "test_hostile_text.py",
              "test_pdf_keys.py", "test_blank_forms.py", "test_history.py", "test_status.py",
              "test_every_field.py", "test_publish.py")
# After them, a module of another kind by what it does (a new module with a build goes
# before the unit tests), then in the order collected.
KIND_ORDER = ("browser", "pdf", "build", "unit")


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist hands out modules ordered by their number of tests unless told to keep
    # the collection's order, which pytest_collection_modifyitems below sets.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def _module_kinds(module: object) -> set[str]:
    marks = getattr(module, "pytestmark", [])
    return {m.name for m in (marks if isinstance(marks, list) else [marks])} & set(KINDS)


def _run_order(item: pytest.Item) -> tuple[int, int]:
    name = item.path.name
    if name in LONG_FIRST:
        return (0, LONG_FIRST.index(name))
    kinds = _module_kinds(getattr(item, "module", None))
    return (1, min((KIND_ORDER.index(k) for k in kinds), default=len(KIND_ORDER)))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(key=_run_order)  # stable: a module's tests stay together and in order
    for module in {m for item in items if (m := getattr(item, "module", None)) is not None}:
        kinds = _module_kinds(module)
        if not kinds:
            raise pytest.UsageError(f"{module.__file__}: no test kind; add e.g. "
                                    f"pytestmark = pytest.mark.unit (one of {', '.join(KINDS)})")
        if "unit" in kinds and len(kinds) > 1:
            raise pytest.UsageError(f"{module.__file__}: 'unit' means no build, PDF or "
                                    f"browser, but the module is also {sorted(kinds - {'unit'})}")


@pytest.fixture
def write_tree(tmp_path: Path) -> Callable[[Tree], Path]:
    """Return ``write(files)``: writes ``{relative path: text or bytes}`` exactly as
    given (text as UTF-8, bytes untouched) and returns ``tmp_path / "units"``."""

    def write(files: Tree) -> Path:
        for relative, content in files.items():
            path = tmp_path / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return tmp_path / "units"

    return write


# --- the example handbook ---------------------------------------------------------------------
# Test modules load and build the example through these fixtures, never at import time:
# with xdist every worker imports every module to collect it.

@pytest.fixture(scope="session")
def example_handbook() -> Handbook:
    """The example handbook (``units/``), loaded once per process. Parametrize over its
    units with ``example_unit_ids()`` (file names) and the ``unit`` fixture below."""
    book = load_handbook(REPO / "units", base=REPO)
    assert sorted(u.id for u in book.units) == example_unit_ids()
    return book


@pytest.fixture
def unit(request: pytest.FixtureRequest, example_handbook: Handbook) -> Unit:
    """The example unit named by an indirect parameter:
    ``@pytest.mark.parametrize("unit", example_unit_ids(), indirect=True)``."""
    return example_handbook.unit(request.param)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    """The example built once per test run with PDFs (``mkdocs build --strict``,
    ``HANDBOOK_TODAY`` = ``EXAMPLE_DAY``), shared by every module and xdist worker
    (``sitebuild.shared_build``). Read it; copy it before changing anything."""
    built = shared_build(tmp_path_factory, pdf=True, env={"HANDBOOK_TODAY": EXAMPLE_DAY})
    assert built.returncode == 0, built.output
    return built
