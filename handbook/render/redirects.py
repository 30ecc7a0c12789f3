"""A renamed unit's former addresses lead to its new ones (``former_ids:``).

For each former id the site gets, as mkdocs-redirects writes them, a page at the
old address (``enheter/<old>/``, printed in QR codes and bookmarked) that sends the
browser on at once (``<meta http-equiv="refresh">``) and names the new page as
canonical; and copies of the unit's data file and PDF under the old name
(``data/<old>.json``, ``pdf/<old>.pdf``): a static server cannot redirect a file
with a page, and a copy needs no server setting. Written after the pages, data
files and PDFs, so the copies are the build's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from markupsafe import escape

from ..data.former import former_ids
from ..data.project import Handbook
from ..labels import message
from ..routes import DATA_DIR, PDF_DIR, unit_page_output, unit_pdf


def redirect_html(name: str, target: str) -> str:
    """The page at a former address: on at once to ``target`` (a relative URL)."""
    title = escape(message("editor.renamed.page_title", name=name))
    href = escape(target)
    return ("<!doctype html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n"
            f"<link rel=\"canonical\" href=\"{href}\">\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n"
            f"<p>{escape(message('editor.renamed.page_text'))} "
            f"<a href=\"{href}\">{escape(name)}</a>.</p>\n</body>\n</html>\n")


def write_redirects(site: Path, handbook: Handbook, directory_urls: bool) -> list[Path]:
    """Write every former id's page, data file and PDF into ``site``; return them."""
    written: list[Path] = []
    for unit in handbook.units:
        new_page = unit_page_output(unit.id, directory_urls)
        for old in former_ids(unit):
            old_page = site / unit_page_output(old, directory_urls)
            old_page.parent.mkdir(parents=True, exist_ok=True)
            target = f"../{unit.id}/" if directory_urls else Path(new_page).name
            old_page.write_text(redirect_html(unit.name, target), encoding="utf-8")
            written.append(old_page)
            for folder, new, was in ((DATA_DIR, f"{unit.id}.json", f"{old}.json"),
                                     (PDF_DIR, unit_pdf(unit.id), unit_pdf(old))):
                if (site / folder / new).is_file():
                    shutil.copyfile(site / folder / new, site / folder / was)
                    written.append(site / folder / was)
    return written
