"""One exception family (issue #25): every exception class the package defines derives
from ``HandbookError``, so the command line and the hooks each catch it in one place."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import handbook
from handbook.errors import HandbookError, UsageError

pytestmark = pytest.mark.unit


def package_modules() -> list[str]:
    """Every module of the package, ``__main__`` (which runs the command line) left out."""
    return sorted(info.name for info in pkgutil.walk_packages(handbook.__path__, "handbook.")
                  if not info.name.endswith("__main__"))


def exception_classes() -> dict[str, type[BaseException]]:
    """Every exception class defined in a module of the package, by its dotted name."""
    found: dict[str, type[BaseException]] = {}
    for name in package_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == name):
                found[f"{name}.{value.__qualname__}"] = value
    return found


def test_the_walk_finds_the_known_families() -> None:
    names = exception_classes()
    assert len(names) >= 14
    for known in ("handbook.errors.UnitFileError", "handbook.binder.pdf.RenderError",
                  "handbook.history.git.GitError", "handbook.schema.limits.LimitError"):
        assert known in names


def test_every_exception_class_derives_from_handbook_error() -> None:
    outside = sorted(name for name, cls in exception_classes().items()
                     if not issubclass(cls, HandbookError))
    assert outside == []


def test_exit_status_is_1_for_problems_and_2_for_usage() -> None:
    assert HandbookError.exit_status == 1
    assert UsageError.exit_status == 2
    from handbook.tools.scaffold import ScaffoldError

    assert issubclass(ScaffoldError, UsageError)  # `new` refuses a request: exit 2


def test_limit_error_is_still_a_yaml_error() -> None:
    """The loader catches it before PyYAML's own errors (load.py)."""
    import yaml

    from handbook.schema.limits import LimitError

    assert issubclass(LimitError, yaml.MarkedYAMLError)
