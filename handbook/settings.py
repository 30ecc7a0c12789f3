"""Every setting a build reads from outside the unit files, in one place: the
``HANDBOOK_*`` environment variables, the ``extra:`` keys of ``mkdocs.yml`` and
the day a build computes for.

A module that needs a setting calls a reader here; no other module reads the
environment (tests/test_architecture.py checks it). The readers return the text
as written (stripped); the module that owns a setting's meaning parses it and
says what a wrong value should be.
"""

from __future__ import annotations

import datetime as dt
import os

# name → what it does (README, "Settings"; a test checks the README lists each).
PDF = "HANDBOOK_PDF"
PREVIEW = "HANDBOOK_PREVIEW"
AUDIENCE = "HANDBOOK_AUDIENCE"
PRIVATE = "HANDBOOK_PRIVATE"
SHARD = "HANDBOOK_SHARD"
RELEASE = "HANDBOOK_RELEASE"
TODAY = "HANDBOOK_TODAY"
COPY_DAYS = "HANDBOOK_COPY_DAYS"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"  # the build's date, as reproducible builds fix it
MIKE_VERSION = "MIKE_DOCS_VERSION"  # set by mike for the build of one version
ENVIRONMENT = {
    PDF: "1 renders the PDFs, 0 does not; unset: mkdocs build does, serve and preview not",
    PREVIEW: "a unit id: build that unit alone (make preview UNIT=<id>)",
    AUDIENCE: "internal (the default) or public (no personal data)",
    PRIVATE: "the private layer's folder (personal values for the internal build)",
    SHARD: "K/N: render only shard K of N's binders",
    RELEASE: "the release's name (mike deploy sets MIKE_DOCS_VERSION instead)",
    TODAY: "YYYY-MM-DD: the day statuses are computed for (and dates checked against)",
    COPY_DAYS: "days the browser's copy of a page may be served (internal: 30; 0: always)",
    SOURCE_DATE_EPOCH: "seconds since 1970 (UTC): the build date the stamp shows (else the clock)",
}

# The service worker (handbook/site/service-worker.js, written into sw.js as HB.wait):
# how long it waits for the server before a page comes from the browser's copy. A
# hanging server (it accepts and never answers) then costs a page this long, and the
# rest of the page's files (the search's too) come from the copy at once.
NETWORK_WAIT_MS = 1000
# HANDBOOK_COPY_DAYS when unset: an internal build's pages hold staff's own numbers,
# so the browser's copy of them (pages, data, PDFs) is not served, and is deleted,
# once older than this many days (a reader who opens the site meanwhile renews it).
# A public build's copy never expires.
INTERNAL_COPY_DAYS = 30

# What GitHub Actions sets, read by find-person for the releases' assets (the reminders
# read theirs themselves: handbook/cli/reminders.py).
GITHUB_TOKEN = "GITHUB_TOKEN"
GITHUB_REPOSITORY = "GITHUB_REPOSITORY"
GITHUB_API_URL = "GITHUB_API_URL"

# mkdocs.yml `extra:` keys the handbook reads.
EXTRA_EXAMPLE = "example_handbook"  # true: every page and cover says "Exempelhandbok"
EXTRA_LATEST_ALIAS = "latest_alias"  # the alias printed addresses lead to (routes.py)


def setting(name: str) -> str:
    """The environment variable ``name`` as written, stripped; "" when unset."""
    return os.environ.get(name, "").strip()


def pdf_setting() -> bool | None:
    """``HANDBOOK_PDF``: True for "1", False for "0", None to leave it to the command."""
    value = setting(PDF)
    return value == "1" if value in ("0", "1") else None


def preview_unit() -> str | None:
    """The unit ``HANDBOOK_PREVIEW`` names, or None for the whole handbook."""
    return setting(PREVIEW) or None


def release_name() -> str:
    """The release a build is named for (``HANDBOOK_RELEASE``, or mike's version); ""
    for a draft."""
    return setting(RELEASE) or setting(MIKE_VERSION)


def today() -> dt.date:
    """The day document-control statuses are computed for: ``HANDBOOK_TODAY``
    (YYYY-MM-DD) fixes it, as the tests and a reprint of an old day do."""
    fixed = setting(TODAY)
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def build_date() -> dt.date:
    """The day this copy is built, by the clock (the stamp; never ``HANDBOOK_TODAY``:
    the offline copy tells its reader how old it really is). ``SOURCE_DATE_EPOCH``
    (reproducible-builds.org: seconds since 1970, UTC) fixes it, as it fixes a build's
    date for any tool; one that is not a whole number is ignored."""
    epoch = setting(SOURCE_DATE_EPOCH)
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()
