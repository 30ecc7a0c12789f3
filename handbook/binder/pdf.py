"""HTML to PDF with WeasyPrint: one job per binder, written atomically (workers.py
runs the jobs in parallel).

A binder is two print documents: the unit's own pages and the appendix of region
chapters, which is the same for every unit of a build. Each worker lays the
appendix out once (cached by its HTML) and joins its pages after each unit's,
WeasyPrint's documented way of combining documents (``Document.copy``), so
one PDF, one structure tree and one outline hold both parts.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import HandbookError
from ..labels import message
from .tagging import finish_tagged_pdf, link_descriptions
from .weasy import weasyprint as load_weasyprint
from .weasy import write_pdf

if TYPE_CHECKING:
    import weasyprint


class RenderError(HandbookError):
    """A binder could not be rendered; ``name`` says which."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason

    def for_editor(self) -> str:
        """Which binder could not be made, and why."""
        return message("editor.binder.not_rendered", name=self.name, reason=self.reason)

    def __reduce__(self) -> tuple[type[RenderError], tuple[str, str]]:
        # Raised in a worker process, it travels back pickled: with both its arguments.
        return (RenderError, (self.name, self.reason))


@dataclass(frozen=True)
class Job:
    """One PDF to render: its name, print HTML, target file and appendix."""

    name: str
    html: str
    target: Path
    appendix: str = ""  # the appendix's print HTML, joined after ``html``; "" for none
    # Double-sided: the print HTML of a page left empty, joined after the unit's own
    # pages when they are odd in number; "" single-sided.
    blank: str = ""


@dataclass(frozen=True)
class Rendered:
    """A written binder and the number of its own pages (before the appendix; with the
    page left empty after them, if one was added)."""

    name: str
    own_pages: int


# Tagged PDF (PDF/UA-1 variant: structure tree, /Lang, DisplayDocTitle, XMP title):
# the binders are published on the intranet, which the accessibility law covers.
# WeasyPrint does not promise valid PDF/UA; tests/binder/test_pdf_tags.py checks what we rely on.
PDF_OPTIONS: dict[str, object] = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}
UNTAGGED_OPTIONS: dict[str, object] = {"pdf_tags": False, "uncompressed_pdf": False}
# Where a unit's contents prints an appendix page ("Bilaga 2"): the unit's pages are
# laid out apart from the appendix, so the number is filled in from the appendix's
# layout (document.py puts the placeholder in the HTML).
APPENDIX_PAGE = "@@APPENDIX_PAGE:{}@@"
APPENDIX_PLACEHOLDER = re.compile(re.escape(APPENDIX_PAGE).replace(r"\{\}", r"([\w-]+)"))
# Laid-out appendices (and empty pages) a worker keeps: one of each per build in practice.
APPENDICES_KEPT = 4
_appendices: dict[str, weasyprint.Document] = {}


def layout(html: str) -> weasyprint.Document:
    """Lay out print HTML; only data: URLs may be fetched (nothing outside the build)."""
    weasyprint = load_weasyprint()
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return weasyprint.HTML(string=html, url_fetcher=fetcher).render()


def render_pdf(html: str, *, tagged: bool = True) -> bytes:
    """Render one print document.

    ``tagged=False`` is the untagged render, for the benchmark's comparison.
    """
    return _write(layout(html), tagged)


def render_binder(html: str, appendix: str, *, blank: str = "",
                  tagged: bool = True) -> tuple[bytes, int]:
    """A unit's binder: its own pages, then the appendix (if any); and its own page count.

    With ``blank`` (double-sided), an odd number of own pages is followed by that
    page left empty, so the appendix starts on a right-hand page, as does the unit's
    part in the whole handbook (which takes the own pages, the empty one included)."""
    region = appendix_layout(appendix) if appendix else None
    if region is not None:
        html = fill_appendix_pages(html, appendix_pages(region))
    own = layout(html)
    pages = list(own.pages)
    if blank and len(pages) % 2:
        pages += appendix_layout(blank).pages
    joined = [*pages, *(region.pages if region is not None else [])]
    document = own if joined == own.pages else own.copy(joined)
    return _write(document, tagged), len(pages)


def appendix_layout(html: str) -> weasyprint.Document:
    """The appendix laid out, once per process for the same HTML."""
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    if digest not in _appendices:
        while len(_appendices) >= APPENDICES_KEPT:
            del _appendices[next(iter(_appendices))]
        _appendices[digest] = layout(html)
    return _appendices[digest]


def forget_appendices() -> None:
    """Drop the laid-out appendices (the benchmark's baseline lays out every time)."""
    _appendices.clear()


def appendix_pages(document: weasyprint.Document) -> dict[str, int]:
    """The appendix page ("Bilaga N", from 1) of each anchor in it."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def fill_appendix_pages(html: str, pages: dict[str, int]) -> str:
    """Fill each appendix page placeholder in ``html`` with the page its chapter starts on."""
    def number(match: re.Match[str]) -> str:
        if match[1] not in pages:
            raise ValueError(f"the appendix has no #{match[1]}")
        return str(pages[match[1]])
    return APPENDIX_PLACEHOLDER.sub(number, html)


def _write(document: weasyprint.Document, tagged: bool) -> bytes:
    result = write_pdf(document, **(PDF_OPTIONS if tagged else UNTAGGED_OPTIONS))
    return finish_tagged_pdf(result, link_descriptions(document)) if tagged else result


def write_atomically(target: Path, content: bytes | Callable[[BinaryIO], object]) -> None:
    """Write ``content`` (bytes, or a function that writes to a stream) next to
    ``target`` and rename, so a reader never sees half a file.

    The file gets the mode any new file gets (0644 under the usual umask), not the
    temporary file's 0600: a web server that runs as another user (nginx's
    www-data) must be able to read the binders it serves."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            if isinstance(content, bytes):
                stream.write(content)
            else:
                content(stream)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it; set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def run_job(job: Job) -> Rendered:
    """Render one job's binder and write it atomically; a failure names the unit."""
    try:
        pdf, own_pages = render_binder(job.html, job.appendix, blank=job.blank)
        write_atomically(job.target, pdf)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001 - WeasyPrint's refused fetch is a
        # BaseException (FatalURLFetchingError); every failure is named by its binder.
        raise RenderError(job.name, f"{type(error).__name__}: {error}") from None
    return Rendered(job.name, own_pages)
