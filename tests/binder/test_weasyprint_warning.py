"""WeasyPrint's HarfBuzz-Subset warning, on a machine without the library (issue #13).

WeasyPrint warns while it is imported when ``libharfbuzz-subset0`` is missing. Under
pytest's ``filterwarnings = error`` that warning once stopped ``make test`` on a bare
Debian machine. These tests read the warning's message and category from WeasyPrint's
own source, check that pyproject.toml and handbook/binder/weasy.py turn off exactly
that warning (message, category and module, no blanket ignore), and import WeasyPrint
in a fresh process that cannot load the library, as on such a machine; and render a
binder twice in such processes, seconds apart, for the same bytes (issue #24).
"""

from __future__ import annotations

import ast
import ctypes.util
import datetime as dt
import importlib.util
import logging
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from handbook.binder import weasy
from handbook.binder.document import Inputs, unit_document
from handbook.data.project import Handbook
from handbook.history.stamp import DRAFT, Stamp

pytestmark = pytest.mark.pdf

REPO = Path(__file__).resolve().parents[2]

# A process that cannot load HarfBuzz-Subset: cffi's dlopen refuses its names, so
# WeasyPrint's loader goes the way it goes where the library is not installed.
WITHOUT_SUBSET = """
import cffi
_dlopen = cffi.FFI.dlopen
def dlopen(self, name, *args, **kwargs):
    if "harfbuzz-subset" in str(name):
        raise OSError(f"{name}: not on this machine (test)")
    return _dlopen(self, name, *args, **kwargs)
cffi.FFI.dlopen = dlopen
import warnings
"""


def warning_in_source() -> tuple[str, str]:
    """The message's first words and the category of the warning WeasyPrint gives
    when HarfBuzz-Subset is missing, read from ``weasyprint/text/ffi.py``."""
    spec = importlib.util.find_spec(weasy.HARFBUZZ_SUBSET_MODULE)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "warnings.warn":
            message = ast.literal_eval(node.args[0])
            if "HarfBuzz-Subset" in message:
                category = next(k.value for k in node.keywords if k.arg == "category")
                return message, ast.unparse(category)
    raise AssertionError(f"no HarfBuzz-Subset warning in {spec.origin}: WeasyPrint changed; "
                         "check pyproject.toml's filterwarnings and handbook/binder/weasy.py")


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT_SUBSET + code], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_the_filters_name_weasyprints_own_warning() -> None:
    message, category = warning_in_source()
    assert message.startswith(weasy.HARFBUZZ_SUBSET_MESSAGE)
    assert category == "DeprecationWarning"
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    filters = pyproject["tool"]["pytest"]["ini_options"]["filterwarnings"]
    assert filters[0] == "error", filters
    ignored = [f.split(":") for f in filters if f.startswith("ignore")]
    assert ["ignore", weasy.HARFBUZZ_SUBSET_MESSAGE, category,
            weasy.HARFBUZZ_SUBSET_MODULE.replace(".", r"\.")] in ignored, filters
    # No blanket ignore: every ignored warning names its message, category and module.
    assert all(len(f) >= 4 and all(f[1:4]) for f in ignored), ignored


def test_without_the_library_weasyprint_warns_and_our_import_is_quiet() -> None:
    # Plain import with warnings as errors: the warning WeasyPrint gives on such a machine.
    plain = run("warnings.simplefilter('error')\nimport weasyprint\n")
    assert plain.returncode != 0
    assert f"DeprecationWarning: {weasy.HARFBUZZ_SUBSET_MESSAGE}" in plain.stderr, plain.stderr
    # The build's import: no warning, the library named once in the log, and PDFs render.
    ours = run("warnings.simplefilter('error')\n"
               "import logging; logging.basicConfig(level=logging.INFO)\n"
               "from handbook.binder import weasy\n"
               "module = weasy.weasyprint(); weasy.weasyprint()\n"
               "assert not weasy.harfbuzz_subset()\n"
               "pdf = module.HTML(string='<p>Åäö</p>').write_pdf()\n"
               "print(pdf[:5].decode())\n")
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.strip() == "%PDF-"
    assert ours.stderr.count(weasy.HARFBUZZ_SUBSET_PACKAGE) == 1, ours.stderr
    assert "Traceback" not in ours.stderr and "Warning:" not in ours.stderr, ours.stderr


def test_the_pytest_filter_lets_a_test_module_import_weasyprint() -> None:
    # The same process as above, with pytest's filters from pyproject.toml applied the
    # way pytest applies them: the import that stopped the collection of test_binder.py.
    result = run("import tomllib, pathlib\n"
                 "from _pytest.warnings import parse_warning_filter\n"
                 "data = tomllib.loads(pathlib.Path('pyproject.toml').read_text())\n"
                 "for entry in data['tool']['pytest']['ini_options']['filterwarnings']:\n"
                 "    warnings.filterwarnings(*parse_warning_filter(entry, escape=False))\n"
                 "import weasyprint\n"
                 "from weasyprint.text import ffi\n"
                 "print(ffi.harfbuzz_subset is None)\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_install_system_names_the_library() -> None:
    script = (REPO / ".ci" / "install-system").read_text(encoding="utf-8")
    assert weasy.HARFBUZZ_SUBSET_PACKAGE in script.split()



# A render process as on a machine without HarfBuzz-Subset: the binder renderer
# (tagged, as the build writes binders) on a real unit's print HTML. WeasyPrint says
# in its log which subsetter it used.
RENDER = """
import logging
from pathlib import Path
logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
from handbook.binder.pdf import render_pdf
html = Path({html!r}).read_text(encoding="utf-8")
Path({target!r}).write_bytes(render_pdf(html))
"""
FONTTOOLS_USED = "Using fontTools instead of HarfBuzz-Subset"


def test_without_the_library_two_renders_seconds_apart_are_the_same_bytes(
        tmp_path: Path, example_handbook: Handbook) -> None:
    # Issue #24: fontTools stamped each subset font with the time of the render, so two
    # builds of one commit gave different binders on a machine without the library.
    unit = example_handbook.unit("bvc-gardsten")
    stamp = Stamp(release=DRAFT, built=dt.date(2026, 11, 27), commit="0" * 40)
    html = tmp_path / "binder.html"
    html.write_text(unit_document(unit, Inputs([], DRAFT, None, dt.date(2026, 11, 27)))
                    .filled(stamp), encoding="utf-8")
    pdfs = []
    for turn in range(2):
        if turn:
            time.sleep(2.1)  # fontTools' stamp counts whole seconds
        target = tmp_path / f"render-{turn}.pdf"
        result = run(RENDER.format(html=str(html), target=str(target)))
        assert result.returncode == 0, result.stderr
        assert FONTTOOLS_USED in result.stderr, result.stderr  # the path under test ran
        pdfs.append(target.read_bytes())
    assert len(pdfs[0]) > 10_000
    assert pdfs[0] == pdfs[1], first_difference(*pdfs)


def first_difference(first: bytes, second: bytes) -> str:
    """Where two PDFs part, for the failure message."""
    at = next((i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b),
              min(len(first), len(second)))
    return f"{len(first)} and {len(second)} bytes; they differ from byte {at}"


def test_the_build_tells_its_own_log_which_subsetter_runs(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # The PDFs render in other processes, whose log MkDocs does not show: the build's
    # process says it (binder/build.py calls check_subsetter), once.
    found = {"harfbuzz-subset": None}
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: found.get(name, name))
    monkeypatch.setattr(weasy, "_told", False)
    with caplog.at_level(logging.INFO, logger=weasy.log.name):
        weasy.check_subsetter()
        weasy.check_subsetter()
    assert caplog.text.count(weasy.HARFBUZZ_SUBSET_PACKAGE) == 1, caplog.text
    caplog.clear()
    found["harfbuzz-subset"] = "libharfbuzz-subset.so.0"  # type: ignore[assignment]
    monkeypatch.setattr(weasy, "_told", False)
    with caplog.at_level(logging.INFO, logger=weasy.log.name):
        weasy.check_subsetter()
    assert weasy.HARFBUZZ_SUBSET_PACKAGE not in caplog.text
