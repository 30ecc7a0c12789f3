"""Git, in one place: how the package runs it, and where mike publishes.

Every module that asks git something calls ``run`` (or ``output``) here. mike
publishes every release to one branch (``PUBLISHED_BRANCH``) with a
``versions.json`` that lists them, newest first; ``published_versions`` is its
one reader, whether the file comes from the branch or from disk.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from ..errors import HandbookError
from ..labels import message

PUBLISHED_BRANCH = "gh-pages"  # mike's default; mkdocs.yml does not change it
VERSIONS_FILE = "versions.json"  # in the branch's root: mike's list of releases
TIMEOUT = 600  # seconds; a repository's whole history can take a while


class GitError(HandbookError):
    """Git could not be run, or could not give what was asked."""


def run(root: Path, *args: str, data: bytes | None = None, env: dict[str, str] | None = None,
        timeout: float = TIMEOUT) -> subprocess.CompletedProcess[bytes]:
    """``git -c core.quotePath=false ARGS`` in ``root`` (paths as UTF-8, not quoted);
    a ``GitError`` only when git cannot run at all or takes longer than ``timeout``."""
    try:
        return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=root,
                              input=data, capture_output=True, timeout=timeout, check=False,
                              env={**os.environ, **env} if env else None)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(message("editor.git.cannot_run", error=error)) from None


def output(root: Path, *args: str, data: bytes | None = None,
           timeout: float = TIMEOUT) -> bytes | None:
    """What git printed, or ``None`` when it answered with an error (no such branch,
    file or commit)."""
    result = run(root, *args, data=data, timeout=timeout)
    return result.stdout if result.returncode == 0 else None


def checked(root: Path, *args: str, data: bytes | None = None,
            env: dict[str, str] | None = None) -> str:
    """What git printed, as text; a ``GitError`` with git's own message when it fails."""
    result = run(root, *args, data=data, env=env)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode()


def toplevel(path: Path) -> Path | None:
    """The root of the git work tree that holds ``path`` (a folder), or ``None``
    outside one (or without git)."""
    try:
        found = output(path, "rev-parse", "--show-toplevel", timeout=30)
    except GitError:
        return None
    return Path(found.decode("utf-8").strip()) if found else None


def batch(root: Path) -> subprocess.Popen[bytes]:
    """A ``git cat-file --batch`` process in ``root``: one process answers every blob
    asked on its input (the caller ends it)."""
    return subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)


def published_versions(root: Path, branch: str = PUBLISHED_BRANCH) -> list[str] | None:
    """The releases mike published on ``branch``, newest first; ``None`` when the
    branch or its ``versions.json`` does not exist."""
    text = output(root, "show", f"{branch}:{VERSIONS_FILE}")
    return None if text is None else versions_in(text.decode("utf-8"), f"{branch}:")


def versions_in(text: str, where: str = "") -> list[str]:
    """The releases a ``versions.json`` text lists, in its order (newest first)."""
    try:
        return [str(entry["version"]) for entry in json.loads(text)]
    except (ValueError, TypeError, KeyError) as error:
        raise GitError(message("editor.git.bad_versions", where=where, file=VERSIONS_FILE,
                               error=error)) from None


def release_tag(root: Path, release: str) -> str | None:
    """The tag a release was published from: ``v<release>``, or its newest correction
    ``v<release>-N`` (release.yml publishes either under ``<release>``)."""
    listing = output(root, "tag", "--list", f"v{release}", f"v{release}-*")
    if listing is None:
        return None
    tags = [t for t in listing.decode().split() if t == f"v{release}"
            or (t.startswith(f"v{release}-") and t.rsplit("-", 1)[1].isdecimal())]
    return max(tags, key=lambda t: int(t.rsplit("-", 1)[1]) if "-" in t else 0, default=None)


def checkout_detached(root: Path, folder: Path, ref: str) -> None:
    """``ref`` checked out in ``folder``, a worktree of ``root`` with the whole history
    (the change log needs it); an earlier worktree there is replaced."""
    run(root, "worktree", "remove", "--force", str(folder))
    run(root, "worktree", "prune")
    checked(root, "worktree", "add", "--force", "--detach", str(folder), ref)


def remove_checkout(root: Path, folder: Path) -> None:
    """Take away a worktree made by ``checkout_detached``."""
    run(root, "worktree", "remove", "--force", str(folder))


def ref_exists(root: Path, ref: str) -> bool:
    """Whether ``ref`` names a commit in the repository around ``root``."""
    return output(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}",
                  timeout=30) is not None


def in_work_tree(root: Path) -> bool:
    """Whether ``root`` is inside a git work tree."""
    return (output(root, "rev-parse", "--is-inside-work-tree", timeout=30) or b"").strip() \
        == b"true"


def files_at(root: Path, ref: str) -> list[str] | None:
    """The names in the folder ``root`` at ``ref`` (not its subfolders' contents), or
    None when git cannot say."""
    listing = output(root, "ls-tree", "--name-only", "-z", ref, "--", ".", timeout=60)
    if listing is None:
        return None
    return [name.rsplit("/", 1)[-1] for name in listing.decode("utf-8").split("\0") if name]


def file_at(root: Path, ref: str, name: str) -> bytes | None:
    """The file ``name`` in the folder ``root`` as it was at ``ref``, or None."""
    return output(root, "show", f"{ref}:./{name}", timeout=60)


def published_ref(root: Path, branch: str = PUBLISHED_BRANCH) -> str | None:
    """The published branch as git here knows it: the local one, else the remote's
    (a fresh clone has only ``origin/gh-pages``), else None."""
    for ref in (branch, f"origin/{branch}"):
        if ref_exists(root, f"refs/heads/{ref}" if ref == branch else f"refs/remotes/{ref}"):
            return ref
    return None
