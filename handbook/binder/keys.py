"""What each PDF is rendered from, listed, and the cache key made from that list.

A PDF in the cache is rendered again when its key changes, so the list must hold
everything its rendering reads (issue #11: a label changed on the whole
handbook's front left handbok.pdf stale). Per PDF, by name in the manifest:

- a unit's binder (``binder_inputs``):
  ``print-html``: its print HTML, apart from the build date and commit. The HTML
  carries the unit's merged data (unit file, region and group layers), the region
  chapters as MkDocs rendered them, every template, the print stylesheet (inlined),
  the labels it prints, site address, status and change history, and whether it
  is a draft. Not the release: a released binder names the plan's version and
  approval date, nothing of the build (document.py ``page_stamp``), so the next
  release renders only the binders whose plan or region chapters changed.
  ``appendix-html``: the print HTML of its appendix of region chapters (the same
  for every unit), which the renderer lays out apart and joins after its pages;
  released, it names the routines' edition (a digest of the chapters), not the
  release.
  ``sides``: the region's ``binder.sides`` (double- or single-sided: margins, where
  chapters start) and ``blank-html``, the page left empty after an odd number of
  own pages when double-sided. ``audience``: internal or public
  (``HANDBOOK_AUDIENCE``); a public build leaves out every personal value, and
  must never be given a binder rendered for the intranet, whatever else matches.
  WeasyPrint may fetch nothing else (pdf.py allows data: URLs only, and the
  QR image is one).
  plus the renderer (``renderer_inputs``): WeasyPrint and every library it and
  pikepdf depend on (versions), Pango and HarfBuzz (and whether HarfBuzz-Subset
  subsets the fonts), the PDF options and the post-processing code (pdf.py,
  tagging.py, weasy.py), and the fonts fontconfig offers (font and config files).
- the whole handbook (``handbook_inputs``): the renderer; the front's print HTML
  with its page numbers left out (they follow from the binders' page counts, so
  from their keys; its cover names the release, so a new release assembles it
  again, from the kept pieces: no binder is rendered for it); every binder's
  key; labels.yml, whose strings the assembly writes into the PDF's metadata;
  the assembly code (combine.py, pdfwrite.py, front.py, build.py); pikepdf,
  which assembles it, is among the renderer's libraries. A binder's own page
  count, which the assembly uses, comes from its rendering (pdf.py), so from
  its key.

Font and config files count by path, size and modification time, as fontconfig's
own cache does; hashing every font's content would cost seconds on a machine
with large font packages.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
from importlib import metadata
from pathlib import Path

from .. import labels as label_module
from .pdf import PDF_OPTIONS
from .tagging import LINK_LABELS
from .weasy import harfbuzz_subset, text_ffi

BINDER = Path(__file__).parent
RENDER_SOURCES = ("pdf.py", "tagging.py", "weasy.py")  # HTML to PDF, and after
# The whole handbook from the binders.
ASSEMBLY_SOURCES = ("combine.py", "pdfwrite.py", "front.py", "build.py")
RENDER_LIBRARIES = ("weasyprint", "pikepdf")  # with everything they require
ASSEMBLY_LIBRARIES: tuple[str, ...] = ()  # pikepdf is a RENDER_LIBRARY


def key(inputs: dict[str, str]) -> str:
    """The cache key of one PDF: a digest of its listed inputs."""
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def text_digest(text: str) -> str:
    """The SHA-256 hex digest of ``text`` as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 hex digest of the file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def binder_inputs(html: str, appendix: str, renderer: dict[str, str], blank: str = "",
                  duplex: bool = True, audience: str = "internal") -> dict[str, str]:
    """What a unit's binder is rendered from: its own pages' and its appendix's print
    HTML, with placeholders for date and commit; the region's ``binder.sides`` and,
    double-sided, the page left empty after an odd number of own pages; the build's
    audience (internal or public)."""
    return {"print-html": text_digest(html), "appendix-html": text_digest(appendix),
            "blank-html": text_digest(blank), "sides": "double" if duplex else "single",
            "audience": audience, **renderer}


def handbook_inputs(front_html: str, binder_keys: dict[str, str],
                    renderer: dict[str, str], audience: str = "internal") -> dict[str, str]:
    """What handbok.pdf is made from; ``front_html`` without page numbers."""
    inputs = {"front-html": text_digest(front_html), "audience": audience,
              "labels.yml": file_digest(label_module.LABELS_FILE), **renderer}
    inputs.update(assembly_inputs())
    inputs.update({f"binder:{name}": value for name, value in sorted(binder_keys.items())})
    return inputs


def assembly_inputs() -> dict[str, str]:
    """What makes the whole handbook from the binders, besides the binders."""
    inputs = {f"source:{name}": file_digest(BINDER / name) for name in ASSEMBLY_SOURCES}
    inputs.update(library_versions(ASSEMBLY_LIBRARIES))
    return inputs


def renderer_inputs() -> dict[str, str]:
    """What turns print HTML into a binder PDF, besides the HTML itself."""
    inputs = {"pdf-options": json.dumps(PDF_OPTIONS, sort_keys=True, default=str),
              "pango": pango_version(), "harfbuzz": harfbuzz_version(),
              "harfbuzz-subset": "yes" if harfbuzz_subset() else "no",
              "fonts": fonts_digest(),
              "link-labels": json.dumps([label_module.labels()["binder"][name]
                                         for name in LINK_LABELS], ensure_ascii=False)}
    inputs.update({f"source:{name}": file_digest(BINDER / name) for name in RENDER_SOURCES})
    inputs.update(library_versions(RENDER_LIBRARIES))
    return inputs


def installed_version(distribution: str) -> str:
    """The installed version of a Python distribution."""
    return metadata.version(distribution)


def library_versions(roots: tuple[str, ...]) -> dict[str, str]:
    """``version:<name>`` of each library and, recursively, of what it requires
    (requirements under a marker, such as an extra, are left out)."""
    found: dict[str, str] = {}
    todo = list(roots)
    while todo:
        name = _normal(todo.pop())
        if f"version:{name}" in found:
            continue
        try:
            found[f"version:{name}"] = installed_version(name)
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [m[0] for r in requires if ";" not in r
                 and (m := re.match(r"[A-Za-z0-9._-]+", r.strip()))]
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pango_version() -> str:
    """The version of the Pango library WeasyPrint loaded."""
    return str(text_ffi().pango.pango_version())


def harfbuzz_version() -> str:
    """HarfBuzz shapes the text (and may subset the fonts) for Pango and WeasyPrint."""
    name = ctypes.util.find_library("harfbuzz")
    try:
        version = ctypes.CDLL(name or "libharfbuzz.so.0").hb_version_string
    except (AttributeError, OSError):
        return "-"
    version.restype = ctypes.c_char_p
    return os.fsdecode(version())


def fonts_digest() -> str:
    """Every font file and config file fontconfig reads, as WeasyPrint's Pango
    sees them (``FONTCONFIG_FILE`` included), by path, size and modification time."""
    listed = []
    for path in sorted(set(fontconfig_paths())):
        try:
            status = os.stat(path)
        except OSError:
            listed.append(f"{path} -")
            continue
        listed.append(f"{path} {status.st_size} {status.st_mtime_ns}")
    return text_digest("\n".join(listed))


def fontconfig_paths() -> list[str]:
    """The font files fontconfig offers and the config files it read."""
    weasy_ffi = text_ffi()
    ffi, fontconfig = weasy_ffi.ffi, weasy_ffi.fontconfig
    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        found = []
        fonts = fontconfig.FcConfigGetFonts(config, fontconfig.FcSetSystem)
        value = ffi.new("FcChar8 **")
        for index in range(fonts.nfont if fonts != ffi.NULL else 0):
            if fontconfig.FcPatternGetString(fonts.fonts[index], b"file", 0, value) == 0:
                found.append(ffi.string(value[0]))
        files = fontconfig.FcConfigGetConfigFiles(config)
        while (name := fontconfig.FcStrListNext(files)) != ffi.NULL:
            found.append(ffi.string(name))
        return [os.fsdecode(path) for path in found]
    finally:
        fontconfig.FcConfigDestroy(config)
