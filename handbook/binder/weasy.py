"""WeasyPrint, imported in one place.

WeasyPrint 66-70 warns while it is imported when the system library
HarfBuzz-Subset (Debian: ``libharfbuzz-subset0``) is missing: a
``DeprecationWarning`` from ``weasyprint.text.ffi`` saying a future version will
require it. It then subsets fonts with fontTools, which works. The build turns
that one warning off here, by its message, category and module, and says once
in its log what is missing and how to install it; pytest's filter in
pyproject.toml names the same warning (tests/binder/test_weasyprint_warning.py checks
both against WeasyPrint's own source).

Without HarfBuzz-Subset, fontTools subsets the fonts, and it stamps each subset
font's ``head.modified`` with the current time unless ``SOURCE_DATE_EPOCH`` is set
(``fontTools.misc.timeTools.timestampNow``): two renders a second apart then embed
different font bytes. ``write_pdf`` here, the only way the package writes a PDF,
fixes that stamp, so a binder is the same bytes on every machine, whichever
subsetter runs (issue #24). HarfBuzz-Subset keeps the font's own ``head`` table.
"""

from __future__ import annotations

import ctypes.util
import logging
import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

HARFBUZZ_SUBSET_MESSAGE = "HarfBuzz-Subset will be required"
HARFBUZZ_SUBSET_MODULE = "weasyprint.text.ffi"
HARFBUZZ_SUBSET_PACKAGE = "libharfbuzz-subset0"  # .ci/install-system installs it

# The time fontTools writes into every subset font: fixed, whatever the machine's
# clock or its own SOURCE_DATE_EPOCH (a CI that sets it to the commit's time would
# otherwise give every unchanged binder new bytes in every release). 2026-01-01.
FONT_TIMESTAMP = "1767225600"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"

log = logging.getLogger("mkdocs.plugins.handbook")
_told = False
_environment = threading.Lock()


def weasyprint() -> Any:
    """The ``weasyprint`` module, imported without its HarfBuzz-Subset warning."""
    ffi = text_ffi()
    import weasyprint as module

    if ffi.harfbuzz_subset is None:
        tell_fonttools()
    return module


def tell_fonttools() -> None:
    """Say once in the build's log that fonts are subset by fontTools, and how to
    install HarfBuzz-Subset. The PDFs are rendered in other processes, whose log
    MkDocs does not show: the build calls ``check_subsetter`` in its own."""
    global _told
    if not _told:
        _told = True
        log.info("%s is not installed: WeasyPrint subsets fonts with fontTools instead "
                 "(slower, the same PDFs every time); install it with .ci/install-system",
                 HARFBUZZ_SUBSET_PACKAGE)


def check_subsetter() -> None:
    """Tell the log if the HarfBuzz-Subset library is not on the machine, without
    importing WeasyPrint (the system's library list, as WeasyPrint's loader finds it)."""
    if ctypes.util.find_library("harfbuzz-subset") is None:
        tell_fonttools()


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


def write_pdf(document: Any, **options: Any) -> bytes:
    """``document.write_pdf(**options)`` (a laid-out ``weasyprint.Document``), with the
    fonts' timestamp fixed: the same bytes from the same document, at any time."""
    with fixed_font_timestamp():
        pdf: bytes = document.write_pdf(**options)
    return pdf


@contextmanager
def fixed_font_timestamp() -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set to ``FONT_TIMESTAMP`` while the block runs, then put
    back as it was. PDFs are written in the render processes (workers.py); where one
    is written in the build's own process, no other thread writes one meanwhile."""
    with _environment:
        before = os.environ.get(SOURCE_DATE_EPOCH)
        os.environ[SOURCE_DATE_EPOCH] = FONT_TIMESTAMP
        try:
            yield
        finally:
            if before is None:
                del os.environ[SOURCE_DATE_EPOCH]
            else:
                os.environ[SOURCE_DATE_EPOCH] = before
