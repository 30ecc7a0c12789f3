"""``robots.txt`` at the site's root: an internal build (the default) names staff and
their numbers, so it tells every crawler to stay away, as each page's ``noindex``
does; a public build (``HANDBOOK_AUDIENCE=public``) lets them in."""

from __future__ import annotations

from pathlib import Path

ROBOTS_FILE = "robots.txt"
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"
ALLOW_ALL = "User-agent: *\nDisallow:\n"


def write_robots(site: Path, public: bool) -> Path:
    """Write ``robots.txt`` into ``site``: everything disallowed unless ``public``."""
    path = site / ROBOTS_FILE
    path.write_text(ALLOW_ALL if public else DISALLOW_ALL, encoding="utf-8")
    return path
