"""The offline copy as one zip file, named after the release it holds.

``python -m handbook.publish.offline SITE DIST`` zips the folder that
``mkdocs build -f mkdocs.offline.yml`` wrote (``SITE``) into
``DIST/kontinuitetshandbok-offline-<release>.zip``. Inside, every file lies
under one folder of the same name, so unpacking never spills files beside
others on a unit's computer.
"""

from __future__ import annotations

import os
import re
import sys
import zipfile
from pathlib import Path

from ..history.stamp import DRAFT, current_stamp

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
        raise FileNotFoundError(f"{site}/index.html is missing: build the offline copy first")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            archive.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
    os.replace(partial, target)
    return target


def main(argv: list[str]) -> int:
    """Zip the offline copy SITE_DIR into DIST_DIR, named after the release."""
    if len(argv) != 2:
        print("usage: python -m handbook.publish.offline SITE_DIR DIST_DIR", file=sys.stderr)
        return 2
    name = copy_name(current_stamp(Path.cwd()).release)
    try:
        target = write_zip(Path(argv[0]), Path(argv[1]) / f"{name}.zip", name)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
