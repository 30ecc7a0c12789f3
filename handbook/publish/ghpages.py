"""What a release does to mike's branch (``gh-pages``) after ``mike deploy`` (issue #16):
keep it small at region scale, and keep printed addresses working.

``python -m handbook ghpages finish VERSION [--keep-pdfs N] [--add FILE ...] [--squash]``

- copies ``VERSION/pdf/`` to ``latest/pdf/``: mike's redirect alias writes redirect
  pages for HTML files only, so ``latest/pdf/<id>.pdf`` would not exist. The copies
  are the same git blobs: they cost a tree entry, not a second copy of the bytes;
- puts each ``--add`` file (the offline zip) into ``latest/pdf/`` only: it holds
  every PDF again, so an older release's zip stays in its GitHub release only;
- removes ``pdf/`` from every release but the newest ``N`` (by ``versions.json``),
  keeping their pages: every release's PDFs stay in its GitHub release's assets;
- with ``--squash``, makes the branch one commit with no parent, so old PDFs leave
  the repository once the publish job force-pushes it.

``python -m handbook ghpages prune KEEP``: ``mike delete`` of every release but the
newest ``KEEP`` (``make prune KEEP=N``).

The branch is changed with git's plumbing in a temporary index: the work tree and
the checked-out branch are never touched.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import HandbookError
from ..history.git import PUBLISHED_BRANCH, VERSIONS_FILE, checked, published_versions
from ..labels import message
from ..routes import LATEST_ALIAS, PDF_DIR

BRANCH = PUBLISHED_BRANCH
# Releases whose pdf/ stays on the branch, the newest first. One keeps a 300-unit region
# under GitHub Pages' 1 GB after twelve monthly releases (README, "Storage"); every
# release's PDFs stay in its GitHub release's assets. A release's own reprint list is
# made before this runs, while the release before it still has its binders here.
KEEP_PDFS = 1
ZERO = "0" * 40


def git(repo: Path, *args: str, env: dict[str, str] | None = None,
        data: bytes | None = None) -> str:
    """Run git in ``repo``; its output, or a HandbookError with git's message."""
    return checked(repo, *args, env=env, data=data)


def versions(repo: Path, branch: str = BRANCH) -> list[str]:
    """The published releases, newest first, as mike's ``versions.json`` lists them."""
    published = published_versions(repo, branch)
    if published is None:
        raise HandbookError(message("editor.ghpages.no_versions",
                                    file=f"{branch}:{VERSIONS_FILE}"))
    return published


def finish(repo: Path, version: str, keep_pdfs: int = KEEP_PDFS, extra: Sequence[Path] = (),
           squash: bool = False, branch: str = BRANCH) -> str:
    """Copy the release's PDFs under the latest alias, add ``extra`` beside them, drop
    older releases' PDFs, and commit (squashed if asked); the new commit's id."""
    if keep_pdfs < 1:
        raise HandbookError(message("editor.ghpages.keep_pdfs"))
    published = versions(repo, branch)
    if version not in published:
        raise HandbookError(message("editor.ghpages.not_published", version=version,
                                    file=f"{branch}:{VERSIONS_FILE}",
                                    published=", ".join(published)))
    entries = _tree(repo, branch)
    latest_pdf = f"{LATEST_ALIAS}/{PDF_DIR}/"
    own_pdf = f"{version}/{PDF_DIR}/"
    for path in [p for p in entries if p.startswith(latest_pdf)]:
        del entries[path]
    for path, entry in list(entries.items()):
        if path.startswith(own_pdf):
            entries[latest_pdf + path.removeprefix(own_pdf)] = entry
    # The offline zip holds every PDF again: only the newest release's is on the
    # branch; every release's stays in its GitHub release's assets.
    for added in extra:
        blob = git(repo, "hash-object", "-w", "--", str(added.resolve())).strip()
        entries[latest_pdf + added.name] = ("100644", blob)
    for old in published[keep_pdfs:]:
        for path in [p for p in entries if p.startswith(f"{old}/{PDF_DIR}/")]:
            del entries[path]
    head = git(repo, "rev-parse", f"refs/heads/{branch}").strip()
    tree = _write_tree(repo, entries)
    parents = [] if squash else ["-p", head]
    subject = (f"Utgåva {version}: PDF under {latest_pdf}, PDF kvar för de {keep_pdfs} "
               f"senaste utgåvorna{', historiken hopslagen' if squash else ''}")
    commit = git(repo, "commit-tree", tree, *parents, "-m", subject).strip()
    git(repo, "update-ref", f"refs/heads/{branch}", commit, head)
    return commit


def _tree(repo: Path, branch: str) -> dict[str, tuple[str, str]]:
    """Every file of the branch: path → (mode, blob)."""
    listing = git(repo, "ls-tree", "-r", "-z", f"refs/heads/{branch}")
    entries: dict[str, tuple[str, str]] = {}
    for line in filter(None, listing.split("\0")):
        meta, path = line.split("\t", 1)
        mode, _kind, blob = meta.split()
        entries[path] = (mode, blob)
    return entries


def _write_tree(repo: Path, entries: dict[str, tuple[str, str]]) -> str:
    """A tree object holding exactly ``entries``, written through a temporary index."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        lines = "".join(f"{mode} {blob}\t{path}\0"
                        for path, (mode, blob) in sorted(entries.items()))
        git(repo, "update-index", "-z", "--index-info", env=env, data=lines.encode())
        return git(repo, "write-tree", env=env).strip()


def prune(repo: Path, keep: int, mike: str = "mike", branch: str = BRANCH) -> list[str]:
    """``mike delete`` every release but the newest ``keep``; the releases deleted."""
    if keep < 1:
        raise HandbookError(message("editor.ghpages.keep"))
    old = versions(repo, branch)[keep:]
    if old:
        # --remote and --branch: mike needs no mkdocs.yml then (it reads them from there).
        done = subprocess.run([mike, "delete", "--remote", "origin", "--branch", branch, *old],
                              cwd=repo, check=False)
        if done.returncode != 0:
            raise HandbookError(message("editor.ghpages.delete_failed", releases=" ".join(old),
                                        status=done.returncode))
    return old
