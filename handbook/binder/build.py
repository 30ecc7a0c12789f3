"""Which binders to render, rendering them, and the whole-handbook PDF.

Rendered PDFs live in a cache folder outside ``site/`` (MkDocs empties
``site/`` on every build) with a manifest of what each was rendered from (its
key and the listed inputs of keys.py); a PDF is rendered again only when one
of its inputs changed, never for the build date and commit alone. The
whole-handbook PDF is assembled from the unit PDFs, so a change to one unit
costs one unit's rendering.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..project import Handbook, Unit
from ..render.pages import units_by_name
from ..routes import HANDBOOK, HANDBOOK_PDF
from ..stamp import Stamp
from .combine import combine_handbook
from .document import (
    Inputs,
    PrintDocument,
    appendix_document,
    handbook_appendix,
    handbook_front,
    unit_document,
)
from .keys import binder_inputs, handbook_inputs, key, renderer_inputs
from .render import Job, run_apart, run_jobs, write_atomically
from .shard import Shard

MANIFEST = "manifest.json"


@dataclass
class BinderReport:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    handbook_rendered: bool = False


@dataclass(frozen=True)
class Plan:
    """Every PDF of a build and what each is rendered from (keys.py), before rendering."""

    units: list[Unit]
    documents: list[PrintDocument]
    inputs: dict[str, dict[str, str]]  # PDF name (unit id, "handbok") → its listed inputs

    @property
    def keys(self) -> dict[str, str]:
        return {name: key(listed) for name, listed in self.inputs.items()}


def plan_pdfs(handbook: Handbook, inputs: Inputs) -> Plan:
    units = units_by_name(handbook)
    inputs = replace(inputs, group_names=handbook.group_names(), region=_region_name(handbook),
                     duplex=handbook.duplex)
    appendix = appendix_document(inputs)
    documents = [unit_document(unit, inputs, appendix) for unit in units]
    renderer = renderer_inputs()
    listed = {d.name: binder_inputs(d.html, d.appendix, renderer, d.blank, inputs.duplex)
              for d in documents}
    # The front as it would print with no page numbers: the numbers follow from the
    # binders' page counts, which the binders' keys cover.
    front = handbook_front([(unit, 0) for unit in units], inputs.chapters, inputs.release,
                           0, inputs.region, inputs.example, duplex=inputs.duplex)
    chapters = handbook_appendix(inputs.chapters, inputs.region, inputs.duplex)
    listed[HANDBOOK] = handbook_inputs(front.html + chapters.html,
                                       {name: key(value) for name, value in listed.items()},
                                       renderer)
    return Plan(units, documents, listed)


def pdf_keys(handbook: Handbook, inputs: Inputs) -> dict[str, str]:
    """The cache key of every PDF, by name (unit id, "handbok"), without rendering any."""
    return plan_pdfs(handbook, inputs).keys


def build_binders(handbook: Handbook, inputs: Inputs, stamp: Stamp, cache: Path, out: Path,
                  workers: int | None = None, shard: Shard | None = None) -> BinderReport:
    """Bring every PDF in ``cache`` up to date, then copy them all into ``out``.

    ``inputs.release`` is what the PDFs print (the hooks take it from ``stamp``).
    With a ``shard``, only that shard's binders are brought up to date and copied;
    the whole handbook is left to the build that gathers every shard (shard.py)."""
    manifest = _read_manifest(cache)
    plan = plan_pdfs(handbook, inputs)
    keys = plan.keys
    stamp = replace(stamp, release=inputs.release)
    wanted = [d for d in plan.documents if shard is None or shard.holds(d.name)]
    stale = [d for d in wanted if not _fresh(manifest, cache, d.name, keys[d.name])]
    jobs = [Job(d.name, d.filled(stamp), cache / f"{d.name}.pdf", d.appendix_filled(stamp),
                d.blank) for d in stale]
    # The renderer counts each binder's own pages (before the appendix); the whole
    # handbook takes those pages of each binder.
    own_pages = {done.name: done.own_pages for done in run_jobs(jobs, workers)}
    report = BinderReport(rendered=sorted(own_pages),
                          reused=[d.name for d in wanted if d.name not in own_pages])
    for document in stale:
        manifest[document.name] = {"fingerprint": keys[document.name],
                                   "inputs": plan.inputs[document.name],
                                   "pages": own_pages[document.name]}
    if shard is not None:
        _save_manifest(manifest, cache, set(keys))
        _publish(cache, out, [f"{d.name}.pdf" for d in wanted])
        return report
    if not _fresh(manifest, cache, HANDBOOK, keys[HANDBOOK]):
        # In a process of its own: qpdf holds on to part of every binder it copied until
        # the file is saved, and that memory is then given back with the process, not
        # added to the MkDocs build's own (README, "The whole-handbook PDF").
        run_apart(combine_handbook,
                  [(u, cache / f"{u.id}.pdf", int(str(manifest[u.id]["pages"])))
                   for u in plan.units],
                  inputs.chapters, stamp, _region_name(handbook), cache / HANDBOOK_PDF,
                  inputs.example, handbook.duplex)
        manifest[HANDBOOK] = {"fingerprint": keys[HANDBOOK], "inputs": plan.inputs[HANDBOOK]}
        report.handbook_rendered = True
    _save_manifest(manifest, cache, set(keys))
    _publish(cache, out, [f"{name}.pdf" for name in keys])
    return report


def _fresh(manifest: dict[str, dict[str, object]], cache: Path, name: str,
           fingerprint: str) -> bool:
    return manifest.get(name, {}).get("fingerprint") == fingerprint and \
        (cache / f"{name}.pdf").exists()


def _region_name(handbook: Handbook) -> str:
    return str(handbook.region.get("region", ""))


def _read_manifest(cache: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_manifest(manifest: dict[str, dict[str, object]], cache: Path, keep: set[str]) -> None:
    _forget_removed(manifest, cache, keep)
    write_atomically(cache / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())


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
