"""WeasyPrint, imported in one place.

WeasyPrint 66-70 warns while it is imported when the system library
HarfBuzz-Subset (Debian: ``libharfbuzz-subset0``) is missing: a
``DeprecationWarning`` from ``weasyprint.text.ffi`` saying a future version will
require it. It then subsets fonts with fontTools, which works. The build turns
that one warning off here, by its message, category and module, and says once
in its log what is missing and how to install it; pytest's filter in
pyproject.toml names the same warning (tests/test_weasyprint_warning.py checks
both against WeasyPrint's own source).
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

HARFBUZZ_SUBSET_MESSAGE = "HarfBuzz-Subset will be required"
HARFBUZZ_SUBSET_MODULE = "weasyprint.text.ffi"
HARFBUZZ_SUBSET_PACKAGE = "libharfbuzz-subset0"  # .ci/install-system installs it

log = logging.getLogger("mkdocs.plugins.handbook")
_told = False


def weasyprint() -> Any:
    """The ``weasyprint`` module, imported without its HarfBuzz-Subset warning."""
    global _told
    ffi = text_ffi()
    import weasyprint as module

    if ffi.harfbuzz_subset is None and not _told:
        _told = True
        log.info("%s is not installed: WeasyPrint subsets fonts with fontTools instead "
                 "(slower); install it with .ci/install-system", HARFBUZZ_SUBSET_PACKAGE)
    return module


def text_ffi() -> Any:
    """``weasyprint.text.ffi`` (Pango, HarfBuzz, fontconfig), imported without the
    HarfBuzz-Subset warning; it is the module that warns."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=HARFBUZZ_SUBSET_MESSAGE,
                                category=DeprecationWarning, module=HARFBUZZ_SUBSET_MODULE)
        from weasyprint.text import ffi
    return ffi


def harfbuzz_subset() -> bool:
    """Whether WeasyPrint found the HarfBuzz-Subset library; the PDFs' font subsets
    differ with and without it, so the PDF cache key lists it (keys.py)."""
    return text_ffi().harfbuzz_subset is not None
