"""Which binders to render, rendering them, and the whole-handbook PDF.

Rendered PDFs live in a cache folder outside ``site/`` (MkDocs empties
``site/`` on every build) with a manifest of what each was rendered from (its
key and the listed inputs of keys.py); a PDF is rendered again only when one
of its inputs changed, never for the build date and commit alone, and a unit's
binder never for the release (a new release assembles the whole-handbook PDF
again, for its cover). The whole-handbook PDF is assembled from the unit PDFs,
so a change to one unit costs one unit's rendering.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..data.personal import INTERNAL, PUBLIC
from ..data.project import Handbook, Unit
from ..history.stamp import Stamp
from ..render.pages import units_by_name
from ..routes import HANDBOOK, WHOLE_HANDBOOK_FILE
from .combine import Source, combine_handbook
from .document import (
    Inputs,
    PrintDocument,
    handbook_appendix,
    handbook_front,
    unit_document,
)
from .keys import assembly_inputs, binder_inputs, handbook_inputs, key, renderer_inputs
from .pdf import Job, write_atomically
from .shard import Shard
from .weasy import check_subsetter
from .workers import Workers, run_apart, run_jobs, warm_helper

log = logging.getLogger("mkdocs.plugins.handbook")

MANIFEST = "manifest.json"
# Each binder's own pages made ready for the whole handbook, and its laid-out front
# (combine.py), named by what they are made from.
PARTS = "parts"


@dataclass
class BinderReport:
    """What a build did with the PDFs: the binders rendered and reused, and whether handbok.pdf was
    rendered."""

    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    handbook_rendered: bool = False


@dataclass(frozen=True)
class Plan:
    """Every PDF of a build and what each is rendered from (keys.py), before rendering."""

    units: list[Unit]
    documents: list[PrintDocument]
    inputs: dict[str, dict[str, str]]  # PDF name (unit id, "handbok") → its listed inputs
    renderer: dict[str, str]  # what turns print HTML into PDF (keys.renderer_inputs)

    @property
    def keys(self) -> dict[str, str]:
        """Each PDF's cache key, made from its listed inputs."""
        return {name: key(listed) for name, listed in self.inputs.items()}


def plan_pdfs(handbook: Handbook, inputs: Inputs) -> Plan:
    """Plan every binder and handbok.pdf of ``handbook``: their print documents and cache inputs."""
    units = units_by_name(handbook)
    inputs = replace(inputs, group_names=handbook.group_names(), region=_region_name(handbook),
                     duplex=handbook.duplex)
    # A unit binder has no appendix: the region routine is printed once, in handbok.pdf.
    documents = [unit_document(unit, inputs) for unit in units]
    renderer = renderer_inputs()
    audience = PUBLIC if handbook.public else INTERNAL
    listed = {d.name: binder_inputs(d.html, d.appendix, renderer, d.blank, inputs.duplex,
                                    audience) for d in documents}
    # The front as it would print with no page numbers: the numbers follow from the
    # binders' page counts, which the binders' keys cover.
    front = handbook_front([(unit, 0) for unit in units], inputs.chapters, inputs.release,
                           0, inputs.region, inputs.example, duplex=inputs.duplex)
    chapters = handbook_appendix(inputs.chapters, inputs.region, inputs.duplex)
    listed[HANDBOOK] = handbook_inputs(front.html + chapters.html,
                                       {name: key(value) for name, value in listed.items()},
                                       renderer, audience)
    return Plan(units, documents, listed, renderer)


def pdf_keys(handbook: Handbook, inputs: Inputs) -> dict[str, str]:
    """The cache key of every PDF, by name (unit id, "handbok"), without rendering any."""
    return plan_pdfs(handbook, inputs).keys


def build_binders(handbook: Handbook, inputs: Inputs, stamp: Stamp, cache: Path, out: Path,
                  workers: int | None = None, shard: Shard | None = None) -> BinderReport:
    """Bring every PDF in ``cache`` up to date, then copy them all into ``out``.

    ``inputs.release`` is what the PDFs print (the hooks take it from ``stamp``).
    With a ``shard``, only that shard's binders are brought up to date and copied;
    the whole handbook is left to the build that gathers every shard (shard.py)."""
    report, names = update_cache(handbook, inputs, stamp, cache, workers, shard)
    _publish(cache, out, names)
    return report


class Pending:
    """PDFs being brought up to date in ``cache`` by a thread of their own, while the
    build writes its pages: the work is in other processes (workers.py: the render
    pool, the helper), so the two use both cores. ``finish`` waits for it and
    copies the PDFs into the site."""

    def __init__(self, handbook: Handbook, inputs: Inputs, stamp: Stamp, cache: Path,
                 shard: Shard | None = None,
                 helper: Workers | None = None) -> None:
        self.cache = cache
        check_subsetter()  # in this process: the helper's log does not reach MkDocs'
        self.started = time.perf_counter()  # for the timings in the debug log (-v)
        self._result: tuple[BinderReport, list[str]] | None = None
        self._error: BaseException | None = None

        def work() -> None:
            try:
                # Started as early as the build could (the hooks' on_config), or now.
                with helper or warm_helper() as pool:
                    self._result = update_cache(handbook, inputs, stamp, cache, shard=shard,
                                                apart=True, helper=pool)
            except BaseException as error:  # noqa: BLE001 - raised again by finish()
                self._error = error

        # A daemon: a build that stops before finish() does not wait for the PDFs.
        self._thread = threading.Thread(target=work, name="handbook-pdfs", daemon=True)
        self._thread.start()

    def finish(self, out: Path) -> BinderReport:
        """Wait for the PDFs, copy them into ``out``; raise what the work raised."""
        log.debug("PDFs: pages written %.1f s after the PDFs started; waiting",
                  time.perf_counter() - self.started)
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        report, names = self._result
        _publish(self.cache, out, names)
        log.debug("PDFs: copied into the site, %.1f s after they started",
                  time.perf_counter() - self.started)
        return report


def update_cache(handbook: Handbook, inputs: Inputs, stamp: Stamp, cache: Path,
                 workers: int | None = None, shard: Shard | None = None,
                 apart: bool = False, helper: Workers | None = None
                 ) -> tuple[BinderReport, list[str]]:
    """Bring the PDFs in ``cache`` up to date: the report, and the file names a site
    gets (``apart`` renders even a single binder in a process of its own; ``helper``,
    a process already started, renders a single binder and writes the whole
    handbook)."""
    started = time.perf_counter()
    # Planning renders every unit's print HTML to know which binders changed: in the
    # helper, it runs beside the page build instead of taking turns with it (the GIL).
    planned = helper.call(_plan_work, handbook, inputs, stamp, cache, shard) \
        if helper is not None else _plan_work(handbook, inputs, stamp, cache, shard)
    keys, jobs = planned.keys, planned.jobs
    manifest = _read_manifest(cache)
    stamp = replace(stamp, release=inputs.release)
    units = units_by_name(handbook)
    # The renderer counts each binder's own pages (before the appendix); the whole
    # handbook takes those pages of each binder.
    log.debug("PDFs: %d documents planned, %d to render (%.1f s)", len(planned.wanted),
              len(jobs), time.perf_counter() - started)
    own_pages = {done.name: done.own_pages for done in run_jobs(jobs, workers, apart, helper)}
    log.debug("PDFs: rendered (%.1f s)", time.perf_counter() - started)
    report = BinderReport(rendered=sorted(own_pages),
                          reused=[name for name in planned.wanted if name not in own_pages])
    for job in jobs:
        manifest[job.name] = {"fingerprint": keys[job.name],
                              "inputs": planned.inputs[job.name],
                              "pages": own_pages[job.name]}
    if shard is not None:
        _save_manifest(manifest, cache, set(keys))
        return report, [f"{name}.pdf" for name in planned.wanted]
    if not _fresh(manifest, cache, HANDBOOK, keys[HANDBOOK]):
        pages = {unit.id: int(str(manifest[unit.id]["pages"])) for unit in units}
        region = _region_name(handbook)
        assembly = assembly_inputs()
        sources = [Source(unit, cache / f"{unit.id}.pdf", pages[unit.id],
                          cache / PARTS / f"{unit.id}-{_part_key(keys[unit.id], assembly)}.piece")
                   for unit in units]
        front_key = _front_key(units, planned.renderer, inputs, pages, region,
                               handbook.duplex)
        front = cache / PARTS / f"{HANDBOOK}-{front_key}.piece"
        # In another process (the helper, or a new one): laying out the front and reading a
        # changed binder take memory that is given back with the process, not added
        # to the MkDocs build's own, and the GIL stays with the page build.
        run_apart(combine_handbook, sources, inputs.chapters, stamp, region,
                  cache / WHOLE_HANDBOOK_FILE, inputs.example, front, handbook.duplex,
                  helper=helper)
        log.debug("PDFs: whole handbook written (%.1f s)", time.perf_counter() - started)
        _keep_parts(cache / PARTS, {source.part for source in sources} | {front})
        manifest[HANDBOOK] = {"fingerprint": keys[HANDBOOK],
                              "inputs": planned.inputs[HANDBOOK]}
        report.handbook_rendered = True
    _save_manifest(manifest, cache, set(keys))
    return report, [f"{name}.pdf" for name in keys]


@dataclass(frozen=True)
class _Planned:
    """What planning decided, small enough to come back from the helper: every PDF's
    key and listed inputs, the renderer's inputs, the binders this build wants (a
    shard's, or all) and the jobs of those that are stale."""

    keys: dict[str, str]
    inputs: dict[str, dict[str, str]]
    renderer: dict[str, str]
    wanted: list[str]
    jobs: list[Job]


def _plan_work(handbook: Handbook, inputs: Inputs, stamp: Stamp, cache: Path,
               shard: Shard | None) -> _Planned:
    manifest = _read_manifest(cache)
    plan = plan_pdfs(handbook, inputs)
    keys = plan.keys
    stamp = replace(stamp, release=inputs.release)
    wanted = [d for d in plan.documents if shard is None or shard.holds(d.name)]
    planned = _Planned(keys, plan.inputs, plan.renderer, [d.name for d in wanted], [])
    del plan
    # Memory, for a cold build of a large region: each document's print HTML is let go
    # once its job has the filled copy, and every binder joins the same appendix, one
    # string for all the jobs, held and sent once (at 1,000 units, some 100 MB each).
    appendices: dict[str, str] = {}
    wanted.reverse()
    while wanted:
        d = wanted.pop()
        if not _fresh(manifest, cache, d.name, keys[d.name]):
            if d.appendix not in appendices:
                appendices[d.appendix] = d.appendix_filled(stamp)
            planned.jobs.append(Job(d.name, d.filled(stamp), cache / f"{d.name}.pdf",
                                    appendices[d.appendix], d.blank))
    return planned


def _part_key(binder_key: str, assembly: dict[str, str]) -> str:
    return key({"binder": binder_key, **assembly})[:16]


def _front_key(units: list[Unit], renderer: dict[str, str], inputs: Inputs,
               pages: dict[str, int], region: str, duplex: bool) -> str:
    """What the front prints: the cover, and the contents with every unit's page count,
    laid out single- or double-sided."""
    front = handbook_front([(unit, pages[unit.id]) for unit in units], inputs.chapters,
                           inputs.release, 0, region, inputs.example, duplex=duplex)
    chapters = handbook_appendix(inputs.chapters, region, duplex)
    return key({**handbook_inputs(front.html + chapters.html, {}, renderer),
                "duplex": str(duplex)})[:16]


def _keep_parts(folder: Path, keep: set[Path]) -> None:
    """Remove the parts and fronts no longer used (a binder or the front changed)."""
    for path in folder.glob("*"):
        if path not in keep:
            path.unlink(missing_ok=True)


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
    """Put each cached PDF in ``out``: a hard link where the file system allows one
    (the cache replaces a file by renaming a new one over it, never writes into it,
    so the published file cannot change under a reader), else a copy. A file that is
    already the cached one (``finish`` run again on the same site) is left as it is:
    renaming a link over another link to the same file does nothing, and would leave
    the new link behind."""
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = out / name
        if target.exists() and os.path.samefile(cache / name, target):
            continue
        temporary = target.with_name(f".{name}.tmp")
        temporary.unlink(missing_ok=True)
        try:
            os.link(cache / name, temporary)
        except OSError:
            shutil.copyfile(cache / name, temporary)
        temporary.replace(target)
