"""The package's layers: imports point down or sideways, never up (issue #25).

``handbook/`` is split into subpackages by concern, each a layer. A module may
import from its own subpackage and from any layer below its own; an import of a
layer above fails here, naming the module, its line and the import. The layers
that read and check unit files import without Markdown, WeasyPrint or MkDocs, so
the data can be checked, and the site finished by another engine, without them.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "handbook"
# Bottom first. The root modules are the foundation every layer may use.
LAYERS = ("", "schema", "data", "plan", "history", "render", "binder", "site", "publish",
          "tools", "cli")
# The package's front door re-exports the data layer's API; `python -m handbook` runs
# the command line. Both sit at the root but stand above every layer.
ABOVE_ALL = {"handbook/__init__.py", "handbook/__main__.py"}
# What the data side may not need (import name → what it is).
HEAVY = {"markdown": "Python-Markdown", "pymdownx": "PyMdown", "weasyprint": "WeasyPrint",
         "mkdocs": "MkDocs", "material": "Material for MkDocs", "pikepdf": "pikepdf"}
DATA_SIDE = ("", "schema", "data", "plan", "history")


def layer_of(module: str) -> str:
    """The layer of a dotted module name under ``handbook`` ("" for the root)."""
    parts = module.split(".")
    assert parts[0] == "handbook", module
    if len(parts) > 2 or (PACKAGE / parts[1]).is_dir() if len(parts) > 1 else False:
        return parts[1]
    return ""


def module_of(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[int, str]]:
    """Every ``handbook`` module ``path`` imports, with its line."""
    module = module_of(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            names = [f"{target}.{alias.name}" for alias in node.names]
            found += [(node.lineno, name if _is_module(name) else target) for name in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "handbook"]


def _is_module(name: str) -> bool:
    path = REPO / Path(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").exists()


def upward_imports(root: Path = PACKAGE) -> list[str]:
    """Each import of a higher layer, as ``path:line: module imports target``."""
    wrong = []
    for path in sorted(root.rglob("*.py")):
        if str(path.relative_to(root.parent)) in ABOVE_ALL:
            continue
        own = LAYERS.index(layer_of(module_of(path)))
        name = layer_of(module_of(path)) or "root"
        for line, target in sorted(set(imports(path))):
            if LAYERS.index(layer_of(target)) > own:
                wrong.append(f"{path.relative_to(REPO)}:{line}: {name} imports {target} "
                             f"({layer_of(target)})")
    return wrong


def test_every_subpackage_is_a_layer_with_a_purpose() -> None:
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert packages == sorted(name for name in LAYERS if name)
    for name in packages:
        docstring = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text()))
        assert docstring, f"handbook/{name}/__init__.py: say in one line what the layer is for"


def test_imports_point_down_or_sideways() -> None:
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    # The same check on a copy of the package with one upward import added.
    copy = tmp_path / "handbook"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (copy / "schema" / "fields.py").write_text(
        (PACKAGE / "schema" / "fields.py").read_text(encoding="utf-8")
        + "\nfrom ..render.values import scalar_html  # noqa\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    wrong = upward_imports(copy)
    assert len(wrong) == 1 and wrong[0].startswith("handbook/schema/fields.py:"), wrong
    assert "imports handbook.render.values (render)" in wrong[0]


# A process in which the heavy libraries cannot be imported.
WITHOUT_HEAVY = """
import importlib.abc, sys
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {heavy!r}:
            raise ImportError(f"{{name}} is not installed (test)")
sys.meta_path.insert(0, Refuse())
import importlib
for module in {modules!r}:
    importlib.import_module(module)
print("imported", len({modules!r}))
"""


def test_the_data_side_imports_without_markdown_weasyprint_or_mkdocs() -> None:
    modules = sorted(module_of(path) for path in PACKAGE.rglob("*.py")
                     if str(path.relative_to(REPO)) not in ABOVE_ALL
                     and layer_of(module_of(path)) in DATA_SIDE)
    assert "handbook.schema.fields" in modules and "handbook.data.load" in modules
    code = WITHOUT_HEAVY.format(heavy=set(HEAVY), modules=modules)
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == f"imported {len(modules)}"


# Who else may touch the environment, and why: WeasyPrint's fontTools reads
# SOURCE_DATE_EPOCH, which weasy.py sets while it writes; the reminders read the
# variables GitHub Actions sets.
ENVIRONMENT_ELSEWHERE = {"handbook/binder/weasy.py": {"SOURCE_DATE_EPOCH"},
                         "handbook/cli/reminders.py": {"GITHUB_REPOSITORY", "GITHUB_API_URL",
                                                      "GITHUB_TOKEN"}}


def environment_reads(path: Path) -> list[tuple[int, str]]:
    """Each place ``path`` reads the environment or names a ``HANDBOOK_`` variable."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.startswith("HANDBOOK_"):
            found.append((node.lineno, node.value))
        if isinstance(node, ast.Call) and ast.unparse(node.func) in (
                "os.environ.get", "os.getenv"):
            name = node.args[0]
            found.append((node.lineno, ast.unparse(name) if not isinstance(name, ast.Constant)
                           else str(name.value)))
    return found


def test_only_the_settings_module_reads_the_environment() -> None:
    wrong = []
    for path in sorted([*PACKAGE.rglob("*.py"), *(REPO / "hooks").glob("*.py")]):
        where = str(path.relative_to(REPO))
        if where == "handbook/settings.py":
            continue
        allowed = ENVIRONMENT_ELSEWHERE.get(where, set())
        wrong += [f"{where}:{line}: {name}" for line, name in environment_reads(path)
                  if name not in allowed]
    assert wrong == [], "read settings through handbook/settings.py"


def test_the_readme_lists_every_setting() -> None:
    from handbook import settings

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [name for name in settings.ENVIRONMENT if f"`{name}" not in readme] == []


def test_only_the_git_module_runs_git_or_names_mikes_branch() -> None:
    # One git module (handbook/history/git.py): its runner, mike's branch and versions.json.
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = str(path.relative_to(REPO))
        if where == "handbook/history/git.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.List) and node.elts and isinstance(node.elts[0], ast.Constant) \
                    and node.elts[0].value == "git":
                wrong.append(f"{where}:{node.lineno}: runs git")
            if isinstance(node, ast.Constant) and node.value in ("gh-pages", "versions.json"):
                wrong.append(f"{where}:{node.lineno}: names {node.value}")
    assert wrong == []


def test_the_tests_mirror_the_layers() -> None:
    # tests/<layer>/ for a layer's tests; tests/ itself for the package as a whole.
    folders = sorted(p.name for p in (REPO / "tests").iterdir()
                     if p.is_dir() and not p.name.startswith((".", "__")))
    assert folders == sorted(name for name in LAYERS if name)
