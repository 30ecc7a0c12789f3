"""``python -m handbook find-person "<name or number>"``: where a person's data still is.

Before and after an erasure (CONTRIBUTING.md, "Ta bort en persons uppgifter"):
every place in the working tree (the unit files, the private layer, the built
site, the offline copy and its zip, the build caches: rendered PDFs and the
change history) and in the published releases (mike's branch, PDFs' text
included; the local branch, else the remote's, which a fresh clone has alone)
where the value appears, the commits of the git history that added or removed
it, and, given a token, the files attached to the repository's releases on GitHub
(binders, ``handbok.pdf``, the offline zip). A phone number matches however it is
written: 070-123 45 67, 0701234567 and +46 70 123 45 67 are one number; other
text matches without regard to case or line breaks.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..history.git import PUBLISHED_BRANCH, GitError, output
from ..routes import UNITS_DIR
from .github import GitHub

# .cache: the PDF cache (binders and their pieces) and the change history's cache.
TREE_FOLDERS = (UNITS_DIR, "site", "site-offline", "dist", ".cache")
# Files that hold no text a person's data could be in (images, fonts).
BINARY = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp", ".woff", ".woff2", ".ttf",
          ".otf", ".eot", ".gz", ".br"}
MIN_DIGITS = 6  # fewer digits are no phone number: search the text as written
EXCERPT = 60  # characters either side of a hit


@dataclass(frozen=True)
class Hit:
    """One place where the value appears: a file (with its line or PDF page) and what
    stands around it."""

    place: str
    where: str  # "rad 12" / "sida 3" / a commit's date
    excerpt: str

    def __str__(self) -> str:
        return f"{self.place}: {self.where}: {self.excerpt}"


class Needle:
    """What to look for: a phone number by its digits, or a text."""

    def __init__(self, text: str) -> None:
        self.text = " ".join(text.split())
        national = _national(self.text)
        self.phone = national if (re.fullmatch(r"[\d\s()+\-]+", self.text)
                                  and len(national) >= MIN_DIGITS) else None
        if self.phone:
            # A file may still hold the number as pasted: with Word's dashes ('–'), which
            # the loader makes plain (schema/scalars.py); \s has the hard spaces.
            separator = r"[\s\-()\u2010-\u2015\u2212]*"
            body = separator.join(self.phone[1:])
            self.pattern = re.compile(
                rf"(?<![\d])(?:\+{separator}46{separator}(?:\(0\){separator})?|0){body}"
                r"(?!\d)")
        else:
            self.pattern = re.compile(r"\s+".join(re.escape(w) for w in self.text.split()),
                                      re.IGNORECASE)

    def find(self, text: str) -> Iterator[tuple[int, str]]:
        """Each hit in ``text``: its line number and an excerpt."""
        text = html.unescape(_json_unescape(text))
        for match in self.pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            # The hit's own line (or lines, when the value wraps), cut around the hit.
            start = max(text.rfind("\n", 0, match.start()) + 1, match.start() - EXCERPT)
            end = text.find("\n", match.end())
            end = min(len(text) if end < 0 else end, match.end() + EXCERPT)
            yield line, " ".join(text[start:end].split())

    def git_regex(self) -> str:
        """The same search as a POSIX extended regex, for ``git log -G``."""
        if self.phone:
            separator = "[- ()]*"
            return "(\\+" + separator + "46" + separator + "|0)" + separator.join(self.phone[1:])
        return "[[:space:]]+".join(re.sub(r"([][.*+?^${}()|\\])", r"\\\1", w)
                                  for w in self.text.split())


def _national(text: str) -> str:
    digits = re.sub(r"\D", "", re.sub(r"\(0\)", "", text))
    return "0" + digits[2:] if text.strip().startswith("+46") else digits


def _json_unescape(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)


@dataclass(frozen=True)
class Found:
    """Where the value appears, and which published branch was read (None: none was)."""

    hits: list[Hit]
    published: str | None
    releases: int | None = None  # the GitHub releases read; None: none were asked


def find_person(root: Path, value: str, private: Path | None = None,
                branch: str = PUBLISHED_BRANCH, github: GitHub | None = None) -> Found:
    """Every place under ``root`` (a git checkout) where ``value`` still appears."""
    needle = Needle(value)
    hits: list[Hit] = []
    folders = [root / name for name in TREE_FOLDERS]
    for folder in folders + ([private] if private is not None else []):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()) \
                if folder.is_dir() else []:
            hits += _file_hits(_shown(path, root), path.suffix, path.read_bytes(), needle)
    published = published_ref(root, branch)
    if published is not None:
        hits += _published_hits(root, published, needle)
    hits += _history_hits(root, needle)
    releases = None
    if github is not None:
        found = github.releases()
        releases = len(found)
        for release in found:
            for asset in release.get("assets", []):
                name = str(asset.get("name", ""))
                if Path(name).suffix.lower() in BINARY:
                    continue
                hits += _file_hits(f"GitHub-utgåvan {release.get('tag_name')}: {name}",
                                   Path(name).suffix, github.asset(int(asset["id"])), needle)
    return Found(hits, published, releases)


def published_ref(root: Path, branch: str) -> str | None:
    """The branch to read the releases from: the local one, else the remote's (a fresh
    clone has only ``origin/gh-pages``), else None."""
    for ref, shown in ((f"refs/heads/{branch}", branch),
                       (f"refs/remotes/origin/{branch}", f"origin/{branch}"),
                       (branch, branch)):
        if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is not None:
            return shown
    return None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _file_hits(place: str, suffix: str, content: bytes, needle: Needle) -> list[Hit]:
    suffix = suffix.lower()
    if suffix in BINARY:
        return []
    if suffix == ".zip":
        return _zip_hits(place, content, needle)
    if suffix == ".pdf":
        return [Hit(place, f"sida {number}", excerpt)
                for number, page in enumerate(pdf_pages(content), start=1)
                for _, excerpt in needle.find(page)]
    if b"\0" in content[:4096]:
        return []
    text = content.decode("utf-8", errors="replace")
    return [Hit(place, f"rad {line}", excerpt) for line, excerpt in needle.find(text)]


def _zip_hits(place: str, content: bytes, needle: Needle) -> list[Hit]:
    hits: list[Hit] = []
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in sorted(archive.namelist()):
                if not name.endswith("/"):
                    hits += _file_hits(f"{place}!{name}", Path(name).suffix,
                                       archive.read(name), needle)
    except zipfile.BadZipFile:
        return []
    return hits


def pdf_pages(content: bytes) -> list[str]:
    """A PDF's text page by page: poppler's pdftotext when it is installed (fast),
    else pypdf."""
    tool = shutil.which("pdftotext")
    if tool:
        result = subprocess.run([tool, "-raw", "-", "-"], input=content, capture_output=True,
                                check=False, timeout=300)
        if result.returncode == 0:
            return result.stdout.decode("utf-8", errors="replace").split("\f")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]
    except PdfReadError:
        return []


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        return output(root, *args, data=data)
    except GitError:
        return None


def _published_hits(root: Path, branch: str, needle: Needle) -> list[Hit]:
    """The files of every release on mike's branch; a file the same in several
    releases is read once."""
    listing = _git(root, "ls-tree", "-r", "-z", branch)
    if listing is None:
        return []
    by_blob: dict[str, list[str]] = {}
    for entry in listing.decode("utf-8").split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and Path(path).suffix.lower() not in BINARY:
            by_blob.setdefault(parts[2], []).append(path)
    hits: list[Hit] = []
    for blob, paths in sorted(by_blob.items(), key=lambda item: item[1][0]):
        content = _git(root, "cat-file", "blob", blob)
        if content is None:
            continue
        for path in paths:
            hits += _file_hits(f"{branch}:{path}", Path(path).suffix, content, needle)
    return hits


def _history_hits(root: Path, needle: Needle) -> list[Hit]:
    """The commits on any branch that added or removed the value (git log -G)."""
    flags = [] if needle.phone else ["--regexp-ignore-case"]
    output = _git(root, "log", "--all", "--extended-regexp", *flags, "-G",
                  needle.git_regex(), "--format=%h%x1f%ad%x1f%s", "--date=short")
    if output is None:
        return []
    hits = []
    for line in output.decode("utf-8", errors="replace").splitlines():
        sha, date, subject = (line.split("\x1f") + ["", ""])[:3]
        hits.append(Hit(f"git-historiken: commit {sha}", date, subject[:EXCERPT * 2]))
    return hits
