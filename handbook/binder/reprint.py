"""Which sheets of a unit's printed binder to replace since an earlier release.

The two binders' pages are compared as pagetext.py reads them: a page's own text
and its place (its chapter and page: "Kontakter och ledning 1·2", the front
matter's "iii"), not the release stamp, dates or version. A sheet of paper holds
two pages double-sided (sheet k: pages 2k-1 and 2k, as each chapter starts on a
right-hand page and every binder fills whole sheets) and one single-sided. A
sheet of the new binder needs printing unless the old binder has a sheet with
the same pages: a page that moved (an earlier page of its chapter grew) is on
another sheet, or its footer now reads "1·3" where it read "1·2", so it counts
as changed. A chapter that grew never moves the next chapter's sheets, which
start on a sheet of their own, and the footer names no page count, so a page
added at a chapter's end leaves its earlier sheets as they were.

The old binder is read from the branch mike publishes the releases to
(``git show gh-pages:<release>/pdf/<unit>.pdf``); its ``versions.json`` lists
the releases, newest first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandbookError
from ..history.git import PUBLISHED_BRANCH, VERSIONS_FILE, output, published_versions
from ..labels import labels, message
from ..routes import PDF_DIR
from .pagetext import PageText, page_texts

COVER = "@cover"  # the label of the first page, which has no footer


class ReprintError(HandbookError):
    """A release or its binder could not be read; the message is Swedish."""


@dataclass(frozen=True)
class Sheet:
    """One sheet of paper of a binder: its page or pages."""

    number: int  # from 1, in the binder it belongs to
    pages: tuple[int, ...]  # page numbers in the PDF, from 1
    labels: tuple[str, ...]  # how a reader finds each page ("Kontakter och ledning 1·2")


@dataclass(frozen=True)
class Reprint:
    """The sheets of a unit's binder to print again since a release, and to take out."""

    since: str  # the release of the printed binder
    duplex: bool
    total: int  # sheets of the new binder
    changed: tuple[Sheet, ...]  # sheets of the new binder to print
    removed: tuple[Sheet, ...]  # sheets of the old binder to take out
    missing: bool = False  # the unit had no binder in ``since``

    @property
    def whole(self) -> bool:
        """Printing the whole binder is simpler: it is new, or more than half of its
        sheets changed."""
        return self.missing or 2 * len(self.changed) > self.total


def sheets(pages: Sequence[PageText], duplex: bool) -> list[tuple[Sheet, tuple[PageText, ...]]]:
    """The binder's sheets of paper, each with its pages."""
    size = 2 if duplex else 1
    found = []
    for start in range(0, len(pages), size):
        held = tuple(pages[start:start + size])
        numbers = tuple(range(start + 1, start + 1 + len(held)))
        shown = tuple(p.label or (COVER if n == 1 else "") for n, p in zip(numbers, held,
                                                                            strict=True))
        found.append((Sheet(start // size + 1, numbers, shown), held))
    return found


def compare(old: bytes | None, new: bytes, since: str, duplex: bool,
            release: str = "") -> Reprint:
    """The sheets of ``new`` (of ``release``) to print and of ``old`` to take out
    (``old`` None: the unit had no binder in ``since``)."""
    releases = (since, release)
    new_sheets = sheets(page_texts(new, releases), duplex)
    if old is None:
        return Reprint(since, duplex, len(new_sheets), tuple(s for s, _ in new_sheets), (),
                       missing=True)
    old_sheets = sheets(page_texts(old, releases), duplex)
    return Reprint(since, duplex, len(new_sheets), _unmatched(new_sheets, old_sheets),
                   _unmatched(old_sheets, new_sheets))


def _unmatched(these: list[tuple[Sheet, tuple[PageText, ...]]],
               others: list[tuple[Sheet, tuple[PageText, ...]]]) -> tuple[Sheet, ...]:
    """The sheets of ``these`` that no sheet of ``others`` matches page for page."""
    left = Counter(pages for _sheet, pages in others)
    found = []
    for sheet, pages in these:
        if left[pages]:
            left[pages] -= 1
        else:
            found.append(sheet)
    return tuple(found)


def describe(reprint: Reprint) -> list[str]:
    """The list in Swedish: a summary line, then one line per sheet to print and, if
    any, the old sheets to take out."""
    L = labels()["reprint"]
    count = {"since": reprint.since, "total": reprint.total, "changed": len(reprint.changed)}
    if reprint.missing:
        return [L["missing"].format(**count)]
    if not reprint.changed and not reprint.removed:
        return [L["none"].format(**count)]
    lines = [L["summary"].format(pages=page_list(reprint.changed), **count)]
    if reprint.whole:
        lines.append(L["whole"].format(**count))
    lines += [sheet_line(sheet, reprint.duplex) for sheet in reprint.changed]
    if reprint.removed:
        lines.append(L["remove"].format(sheets=and_list(
            [old_sheet(s, reprint.duplex) for s in reprint.removed])))
    return lines


def sheet_line(sheet: Sheet, duplex: bool) -> str:
    """One sheet as the list names it: its number, pages and chapters."""
    L = labels()["reprint"]
    shown = _shown(sheet)
    pages = _span(sheet.pages)
    word = L["pages"] if len(sheet.pages) > 1 else L["page"]
    if duplex:
        return str(L["sheet"]).format(number=sheet.number, word=word, pages=pages,
                                      labels=", ".join(shown))
    return str(L["single"]).format(pages=pages, labels=", ".join(shown))


def old_sheet(sheet: Sheet, duplex: bool) -> str:
    """A sheet of the printed binder, as its reader finds it: "ark 3 (Kontakter och
    ledning 1·1, Kontakter och ledning 1·2)"."""
    L = labels()["reprint"]
    found = ", ".join(_shown(sheet))
    return str(L["old_sheet" if duplex else "old_page"]).format(
        number=sheet.number, labels=found)


def _shown(sheet: Sheet) -> list[str]:
    L = labels()["reprint"]
    return [L["cover"] if label == COVER else label or L["empty_page"]
            for label in sheet.labels]


def page_list(changed: Sequence[Sheet]) -> str:
    """"sidorna 7–8, 23–24 och 30", or "sidan 3"."""
    L = labels()["reprint"]
    spans = [_span(sheet.pages) for sheet in changed]
    single = len(changed) == 1 and len(changed[0].pages) == 1
    return f"{L['page'] if single else L['pages']} {and_list(spans)}"


def _span(pages: tuple[int, ...]) -> str:
    return f"{pages[0]}–{pages[-1]}" if len(pages) > 1 else str(pages[0])


def and_list(items: Sequence[str]) -> str:
    """Items joined the Swedish way: "a, b och c"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {labels()['history']['and']} {items[-1]}"


def reprint_report(root: Path, unit_id: str, duplex: bool, since: str | None = None,
                   release: str | None = None, branch: str = PUBLISHED_BRANCH) -> list[str]:
    """The Swedish list for ``unit_id``: its binder in ``release`` (the newest published)
    against the one in ``since`` (the release before it)."""
    releases = published_releases(root, branch)
    if not releases:
        raise ReprintError(message("editor.reprint.nothing_published", branch=branch,
                                   file=VERSIONS_FILE))
    release = release or releases[0]
    for name in (release, since):
        if name is not None and name not in releases:
            raise ReprintError(message("editor.reprint.not_published", name=name,
                                       releases=", ".join(releases)))
    if since is None:
        older = releases[releases.index(release) + 1:]
        if not older:
            return [str(labels()["reprint"]["no_release"])]
        since = older[0]
    new = published_binder(root, unit_id, release, branch)
    if new is None:
        raise ReprintError(message("editor.reprint.no_binder", id=unit_id, release=release,
                                   branch=branch, folder=PDF_DIR))
    if not _has_pdfs(root, branch, since):
        # Its binders were taken off the branch (KEEP_PDFS in handbook/publish/ghpages.py): a
        # missing binder would otherwise read as a new unit, "byt ut hela pärmen".
        raise ReprintError(message("editor.reprint.pdfs_gone", since=since, branch=branch,
                                   release=release))
    return describe(compare(published_binder(root, unit_id, since, branch), new, since,
                            duplex, release))


def published_releases(root: Path, branch: str = PUBLISHED_BRANCH) -> list[str]:
    """The releases mike published, newest first; none when nothing is published."""
    return published_versions(root, branch) or []


def published_binder(root: Path, unit_id: str, release: str,
                     branch: str = PUBLISHED_BRANCH) -> bytes | None:
    """The unit's binder as ``release`` published it; None if that release had none."""
    try:
        return _git_show(root, branch, f"{release}/{PDF_DIR}/{unit_id}.pdf")
    except ReprintError:
        return None


def _has_pdfs(root: Path, branch: str, release: str) -> bool:
    """Whether ``release`` still has its pdf/ folder on ``branch``."""
    listing = output(root, "ls-tree", "--name-only", branch, "--", f"{release}/{PDF_DIR}/",
                     timeout=60)
    return bool(listing and listing.strip())


def _git_show(root: Path, branch: str, path: str) -> bytes:
    content = output(root, "show", f"{branch}:{path}", timeout=60)
    if content is None:
        raise ReprintError(message("editor.reprint.not_on_branch", branch=branch, path=path))
    return content
