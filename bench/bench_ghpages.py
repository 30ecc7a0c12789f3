"""How big mike's branch grows over monthly releases (issue #16, item 2).

Builds a synthetic region (bench/region.py) in a scratch git repository and
publishes N monthly releases the way `make release SQUASH=1` does: `mike deploy`
(moving `latest`), the offline zip (unless --no-offline), then `python -m
handbook ghpages finish --squash`: PDFs under latest/pdf/, pdf/ kept for the
newest --keep-pdfs releases, the branch one commit. One unit changes between
releases. After each release it reports the live tree of gh-pages (what a web
host serves: GitHub Pages' 1 GB limit), the repository packed after `git gc`
(what a clone fetches), and the live tree had every release kept its PDFs.

    python bench/bench_ghpages.py --units 30 --releases 12
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_region import GIT_ENV, change_one_unit, git  # noqa: E402
from region import ROOT, write_region  # noqa: E402

from handbook.publish.ghpages import KEEP_PDFS  # noqa: E402

BIN = Path(sys.executable).parent
MB = 1e6


# --pages-only: every release without PDFs (HANDBOOK_PDF=0), to measure the pages'
# share at a size where rendering every binder twelve times would take hours.
PAGES_ONLY: dict[str, str] = {}


def run(project: Path, *command: str, **env: str) -> None:
    full = {**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1", **env,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    full.pop("HANDBOOK_PDF", None)
    full.update(PAGES_ONLY)
    result = subprocess.run(command, cwd=project, env=full, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-4000:]}")


def tree_bytes(project: Path, prefix: str = "") -> int:
    listing = subprocess.run(["git", "ls-tree", "-r", "-l", "gh-pages", "--", prefix or "."],
                             cwd=project, check=True, capture_output=True, text=True).stdout
    return sum(int(line.split()[3]) for line in listing.splitlines())


def packed_bytes(project: Path) -> int:
    """The repository's objects after gc, with no reflog keeping old commits."""
    git(project, "reflog", "expire", "--expire=now", "--all")
    git(project, "gc", "-q", "--prune=now")
    counts = subprocess.run(["git", "count-objects", "-v"], cwd=project, check=True,
                            capture_output=True, text=True).stdout
    sizes = dict(line.split(": ") for line in counts.splitlines())
    return (int(sizes["size-pack"]) + int(sizes["size"])) * 1024


def release(project: Path, version: str, keep_pdfs: int, offline: bool) -> None:
    run(project, str(BIN / "mike"), "deploy", "--update-aliases", "--alias-type=redirect",
        version, "latest", HANDBOOK_RELEASE=version)
    run(project, str(BIN / "mike"), "set-default", "latest")
    extra: list[str] = []
    if offline:
        run(project, sys.executable, "-m", "handbook", "publish", "site-offline", "--",
            sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.offline.yml",
            HANDBOOK_RELEASE=version)
        run(project, sys.executable, "-m", "handbook", "offline", "site-offline", "dist",
            HANDBOOK_RELEASE=version)
        extra = ["--add", f"dist/kontinuitetshandbok-offline-{version}.zip"]
    run(project, sys.executable, "-m", "handbook", "ghpages", "finish", version,
        "--keep-pdfs", str(keep_pdfs), "--squash", *extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--releases", type=int, default=12)
    parser.add_argument("--keep-pdfs", type=int, default=KEEP_PDFS)
    parser.add_argument("--no-offline", action="store_true")
    parser.add_argument("--pages-only", action="store_true",
                        help="build every release without PDFs (the pages' share alone)")
    parser.add_argument("--project", type=Path, help="work here (default: a temporary folder)")
    args = parser.parse_args()
    if args.pages_only:
        PAGES_ONLY["HANDBOOK_PDF"] = "0"
    with tempfile.TemporaryDirectory(prefix="bench-ghpages-") as scratch:
        project = args.project or Path(scratch) / "region"
        write_region(args.units, project)
        shutil.copy2(ROOT / "mkdocs.offline.yml", project / "mkdocs.offline.yml")
        (project / ".gitignore").write_text("site/\nsite-offline/\ndist/\n.cache/\n",
                                            encoding="utf-8")
        git(project, "init", "-q", "-b", "main")
        git(project, "add", ".")
        git(project, "commit", "-q", "-m", "Regionen")
        print(f"{args.units} units, {args.releases} releases, PDFs kept for "
              f"{args.keep_pdfs}, offline zip {'no' if args.no_offline else 'yes'}"
              f"{', pages only (no PDFs)' if args.pages_only else ''}")
        print("| release | build s | live tree MB | of it pdf/ MB | packed repo MB | growth MB "
              "| live tree if every release kept its PDFs, MB |")
        print("|---|---|---|---|---|---|---|")
        previous = 0
        all_pdfs = 0
        for number in range(args.releases):
            version = f"2027.{number + 1:02d}"
            if number:
                change_one_unit(project)
            start = time.perf_counter()
            release(project, version, args.keep_pdfs, not args.no_offline)
            seconds = time.perf_counter() - start
            tree = tree_bytes(project)
            pdfs = sum(tree_bytes(project, f"{v}/pdf/") for v in
                       [f"2027.{n + 1:02d}" for n in range(number + 1)])
            all_pdfs += tree_bytes(project, f"{version}/pdf/")
            packed = packed_bytes(project)
            print(f"| {version} | {seconds:.0f} | {tree / MB:.1f} | {pdfs / MB:.1f} | "
                  f"{packed / MB:.1f} | {(packed - previous) / MB:+.1f} | "
                  f"{(tree - pdfs + all_pdfs) / MB:.1f} |", flush=True)
            previous = packed


if __name__ == "__main__":
    main()
