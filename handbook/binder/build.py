"""Which binders to render, rendering them, and the whole-handbook PDF.

Rendered PDFs live in a cache folder outside ``site/`` (MkDocs empties
``site/`` on every build) with a manifest of what each was rendered from; a
binder is rendered again only when its print HTML, apart from the build date
and commit, changed. The whole-handbook PDF is assembled from the unit PDFs,
so a change to one unit costs one unit's rendering.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from pypdf import PdfReader

from ..project import Handbook
from ..render.pages import units_by_name
from ..stamp import Stamp
from .combine import combine_handbook
from .document import Chapter, Inputs, PrintDocument, unit_document
from .render import Job, run_jobs, write_atomically

MANIFEST = "manifest.json"
HANDBOOK_PDF = "handbok.pdf"
END_ANCHOR = "--binder-end"  # binder.html.j2: the last element of the unit's own pages


@dataclass
class BinderReport:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    handbook_rendered: bool = False


def build_binders(handbook: Handbook, inputs: Inputs, stamp: Stamp, cache: Path, out: Path,
                  workers: int | None = None) -> BinderReport:
    """Bring every PDF in ``cache`` up to date, then copy them all into ``out``."""
    manifest = _read_manifest(cache)
    units = units_by_name(handbook)
    inputs = replace(inputs, group_names=handbook.group_names())
    chapters = inputs.chapters
    documents = [unit_document(unit, inputs) for unit in units]
    stale = [d for d in documents if not _fresh(manifest, cache, d.name, d.fingerprint)]
    run_jobs([Job(d.name, d.filled(stamp), cache / f"{d.name}.pdf") for d in stale], workers)
    rendered = {d.name for d in stale}
    report = BinderReport(rendered=sorted(rendered),
                          reused=[d.name for d in documents if d.name not in rendered])
    for document in stale:
        manifest[document.name] = {"fingerprint": document.fingerprint,
                                   "pages": own_pages(cache / f"{document.name}.pdf")}
    whole = _handbook_fingerprint(documents, chapters, stamp.release, inputs.example)
    if not _fresh(manifest, cache, "handbok", whole):
        combine_handbook([(u, cache / f"{u.id}.pdf", int(str(manifest[u.id]["pages"])))
                          for u in units],
                         chapters, stamp, _region_name(handbook), cache / HANDBOOK_PDF,
                         inputs.example)
        manifest["handbok"] = {"fingerprint": whole}
        report.handbook_rendered = True
    _forget_removed(manifest, cache, {d.name for d in documents} | {"handbok"})
    write_atomically(cache / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
    _publish(cache, out, [f"{d.name}.pdf" for d in documents] + [HANDBOOK_PDF])
    return report


def _fresh(manifest: dict[str, dict[str, object]], cache: Path, name: str,
           fingerprint: str) -> bool:
    return manifest.get(name, {}).get("fingerprint") == fingerprint and \
        (cache / f"{name}.pdf").exists()


def _handbook_fingerprint(documents: list[PrintDocument], chapters: list[Chapter],
                          release: str, example: bool) -> str:
    digest = hashlib.sha256(f"{release}\n{example}".encode())
    for document in documents:
        digest.update(document.name.encode() + document.fingerprint.encode())
    for chapter in chapters:
        digest.update(chapter.html.encode())
    templates = Path(__file__).parent / "templates"
    # The front: its own template and the appendix it shares with the binders.
    for source in sorted([*templates.glob("handbook*.j2"), templates / "_appendix.html.j2"]):
        digest.update(source.read_bytes())
    return digest.hexdigest()


def own_pages(pdf: Path) -> int:
    """Pages of the unit's own part: everything before the appendix of region chapters.

    The binder's last own page holds the anchor ``<unit>--binder-end``
    (binder.html.j2); found by that name, not by a heading's (translatable) text."""
    reader = PdfReader(pdf)
    for name, destination in reader.named_destinations.items():
        if str(name).endswith(END_ANCHOR):
            page = reader.get_destination_page_number(destination)
            if page is not None:
                return page + 1
    return len(reader.pages)


def _region_name(handbook: Handbook) -> str:
    return str(handbook.region.get("region", ""))


def _read_manifest(cache: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _forget_removed(manifest: dict[str, dict[str, object]], cache: Path, keep: set[str]) -> None:
    for name in sorted(set(manifest) - keep):
        del manifest[name]
        (cache / f"{name}.pdf").unlink(missing_ok=True)


def _publish(cache: Path, out: Path, names: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = out / name
        temporary = target.with_name(f".{name}.tmp")
        shutil.copyfile(cache / name, temporary)
        temporary.replace(target)
