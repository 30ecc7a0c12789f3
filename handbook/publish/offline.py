"""The offline copy as one zip file, named after the release it holds.

``python -m handbook offline SITE DIST`` zips the folder that
``mkdocs build -f mkdocs.offline.yml`` wrote (``SITE``) into
``DIST/kontinuitetshandbok-offline-<release>.zip``. Inside, every file lies
under one folder of the same name, so unpacking never spills files beside
others on a unit's computer.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from ..errors import HandbookError
from ..history.stamp import DRAFT
from ..labels import message

PREFIX = "kontinuitetshandbok-offline-"


def copy_name(release: str) -> str:
    """The folder and zip name for ``release``; characters a file system may
    refuse become ``-``."""
    return PREFIX + (re.sub(r"[^A-Za-z0-9._-]+", "-", release).strip("-.") or DRAFT)


def write_zip(site: Path, target: Path, folder: str) -> Path:
    """Zip every file under ``site`` into ``target`` below ``folder/``, in sorted
    order; written to a temporary file and renamed, so a failed run leaves no
    half zip."""
    if not (site / "index.html").is_file():
        raise HandbookError(message("editor.offline.not_built", site=site))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            archive.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
    os.replace(partial, target)
    return target
