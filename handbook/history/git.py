"""The unit files as they were at a commit, loaded with the handbook's loader.

The files are read from git (``ls-tree`` for the listing, one ``cat-file
--batch`` process for every blob), written to a temporary folder and loaded
with ``read_handbook``, which reports problems instead of raising: a version
that today's schema rejects in part still loads what it can.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import OrderedDict
from functools import cached_property
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO

from ..data.load import Loaded, load_file
from ..data.project import REGION_FILE, Handbook, Unit, read_handbook
from ..errors import FILE_FIELD, HandbookError
from ..schema.fields import UNIT
from .changes import unit_fields

STATES_KEPT = 4  # a commit's "before" is often the next older commit's "after"
FIELDS_KEPT = 2000  # flattened units, by the blobs they are made from

Signature = tuple[tuple[str, str | None], ...]


class GitError(HandbookError):
    """Git could not give what was asked (the caller treats it as no history)."""


class State:
    """The loaded unit files of one commit (all, or the subset that was asked)."""

    def __init__(self, folder: str, listing: dict[str, str], loaded: set[str],
                 handbook: Handbook,
                 fields_memo: OrderedDict[Signature, dict[str, dict[str, str]]]) -> None:
        self.folder = folder
        self.listing = listing  # every file under the folder at the commit → its blob
        self.handbook = handbook
        self._fields_memo = fields_memo
        self.unit_files = sorted(PurePosixPath(p).stem for p in loaded
                                 if is_unit_file(folder, p))
        self.units: dict[str, Unit] = {u.id: u for u in handbook.units}

    @cached_property
    def broken_layers(self) -> set[str]:
        """Layer files that did not load at all (syntax, encoding, empty)."""
        return {p.path for p in self.handbook.problems
                if p.field == FILE_FIELD and is_layer(self.folder, p.path)}

    def comparable(self, unit_id: str) -> bool:
        """Whether the unit can be compared with this commit (present, layers readable)."""
        return unit_id in self.units and not self.broken_layers

    def relevant_files(self, unit_id: str) -> set[str]:
        """The files whose change can change the unit's plan."""
        if unit_id in self.units:
            return set(self.units[unit_id].layers) | self.broken_layers | {
                f"{self.folder}/{REGION_FILE}"}
        return {f"{self.folder}/{unit_id}.yml"} | {
            p for p in self.listing if is_layer(self.folder, p)}

    def signature(self, unit_id: str) -> Signature:
        """The files the unit is made from and their blobs: equal signatures,
        equal plans (and equal problems)."""
        return tuple((path, self.listing.get(path))
                     for path in sorted(self.relevant_files(unit_id)))

    def fields(self, unit_id: str) -> dict[str, dict[str, str]]:
        """The unit's flattened fields at this commit, memoised by its inputs."""
        key = self.signature(unit_id)
        if key not in self._fields_memo:
            self._fields_memo[key] = unit_fields(self.units[unit_id].data)
            if len(self._fields_memo) > FIELDS_KEPT:
                self._fields_memo.popitem(last=False)
        return self._fields_memo[key]

    def problems(self, unit_id: str) -> frozenset[tuple[str, str, str]]:
        """The unit's problems, without line numbers (which move with formatting)."""
        layers = set(self.units[unit_id].layers) if unit_id in self.units else set()
        return frozenset((p.path, p.field, p.message) for p in self.handbook.problems
                         if p.path in layers)


def is_layer(folder: str, path: str) -> bool:
    """Whether ``path`` is a region or group layer file in ``folder``."""
    return path.startswith(f"{folder}/_")


def is_unit_file(folder: str, path: str) -> bool:
    """Whether ``path`` is a unit file directly in ``folder``."""
    pure = PurePosixPath(path)
    return str(pure.parent) == folder and pure.suffix == ".yml" \
        and not pure.name.startswith("_")


class GitReader:
    """Reads states of ``folder`` at commits of the repository in ``project``."""

    def __init__(self, project: Path, folder: str) -> None:
        self.project = project
        self.folder = folder
        self._blobs: dict[str, bytes] = {}
        self._loaded: dict[tuple[str, str], Loaded] = {}  # (path, blob) → loaded file
        self._fields: OrderedDict[Signature, dict[str, dict[str, str]]] = OrderedDict()
        self._states: OrderedDict[tuple[str, frozenset[str] | None], State] = OrderedDict()
        self._batch: subprocess.Popen[bytes] | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="handbook-history-")

    def __enter__(self) -> GitReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self._batch is not None:
            self._batch.communicate(timeout=30)  # closes stdin, so git ends
        self._tmp.cleanup()

    def is_layer(self, path: str) -> bool:
        """Whether ``path`` is a layer file of this repository's units folder."""
        return is_layer(self.folder, path)

    def is_unit_file(self, path: str) -> bool:
        """Whether ``path`` is a unit file of this repository's units folder."""
        return is_unit_file(self.folder, path)

    @cached_property
    def shallow(self) -> frozenset[str]:
        """Commits whose parents this clone does not have."""
        path = self._git("rev-parse", "--git-path", "shallow").decode().strip()
        file = (self.project / path)
        return frozenset(file.read_text().split()) if file.is_file() else frozenset()

    def state(self, sha: str, subset: set[str] | None) -> State:
        """The folder at ``sha``: every file, or the layers and ``subset``."""
        key = (sha, frozenset(subset) if subset is not None else None)
        if key in self._states:
            self._states.move_to_end(key)
            return self._states[key]
        listing = self._listing(sha)
        chosen = {p: blob for p, blob in listing.items()
                  if subset is None or p in subset or self.is_layer(p)}
        root = Path(tempfile.mkdtemp(dir=self._tmp.name))
        try:
            (root / self.folder).mkdir(parents=True)
            for path, blob in sorted(chosen.items()):
                target = root / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(self._blob(blob))
            handbook = read_handbook(root / self.folder, base=root,
                                     load=lambda path, display: self._load(path, display,
                                                                           chosen))
        finally:
            shutil.rmtree(root)
        state = State(self.folder, listing, set(chosen), handbook, self._fields)
        self._states[key] = state
        if len(self._states) > STATES_KEPT:
            self._states.popitem(last=False)
        return state

    def _load(self, path: Path, display: str, blobs: dict[str, str]) -> Loaded:
        """Each version of a file is loaded once (loading does not change it,
        and merging builds new values)."""
        if display not in blobs:
            return load_file(path, display, UNIT)
        key = (display, blobs[display])
        if key not in self._loaded:
            self._loaded[key] = load_file(path, display, UNIT)
        return self._loaded[key]

    def _listing(self, sha: str) -> dict[str, str]:
        output = self._git("ls-tree", "-r", "-z", "--full-tree", sha, "--", self.folder)
        listing = {}
        for entry in output.decode("utf-8").split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            _mode, kind, blob = meta.split()
            if kind == "blob" and PurePosixPath(path).is_relative_to(self.folder):
                listing[path] = blob
        return listing

    def _blob(self, blob: str) -> bytes:
        if blob not in self._blobs:
            batch = self._batch_process()
            assert batch.stdin is not None and batch.stdout is not None
            batch.stdin.write(blob.encode() + b"\n")
            batch.stdin.flush()
            self._blobs[blob] = _read_object(batch.stdout, blob)
        return self._blobs[blob]

    def _batch_process(self) -> subprocess.Popen[bytes]:
        if self._batch is None:
            self._batch = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.project,
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self._batch

    def _git(self, *args: str) -> bytes:
        result = subprocess.run(["git", *args], cwd=self.project, capture_output=True,
                                timeout=120, check=False)
        if result.returncode != 0:
            raise GitError(result.stderr.decode(errors="replace").strip())
        return result.stdout


def _read_object(stream: IO[bytes], blob: str) -> bytes:
    header = stream.readline().decode().split()
    if len(header) != 3 or header[1] != "blob":
        raise GitError(f"git cat-file: {blob}: {' '.join(header) or 'no answer'}")
    size = int(header[2])
    content = stream.read(size)
    stream.read(1)  # the newline after each object
    return content
