"""The commands that build without the hooks' MkDocs run: ``pages`` (the generated
pages as files), ``binders`` (one shard of the PDF binders, or the shards gathered)
and ``reprint`` (which printed sheets to replace)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import settings
from ..binder.shard import SHARD_ENV, Shard, ShardError, export_shard, gather_shards, parse_shard
from ..data.personal import PUBLIC, audience_from_environment, private_dir_from_environment
from ..data.project import read_handbook
from ..errors import HandbookError, UsageError
from ..routes import PDF_CACHE_DIR, PDF_DIR
from ..site.export import write_pages
from .command import (
    DEFAULT_UNITS,
    Command,
    add_branch,
    add_config_file,
    add_units,
    say,
    valid_handbook,
)
from .report import format_problems


def pages_arguments(parser: argparse.ArgumentParser) -> None:
    """The output folder and ``-f``."""
    parser.add_argument("out", type=Path, help="a new (or empty) folder")
    add_config_file(parser)


def pages(args: argparse.Namespace) -> int:
    """``pages``: write the generated pages as Markdown files for plain MkDocs."""
    config: Path = args.config_file
    if not config.is_file():
        raise UsageError(say("no_config", path=config))
    root = config.resolve().parent
    public = audience_from_environment() == PUBLIC
    handbook = read_handbook(root / DEFAULT_UNITS, base=root,
                             private=private_dir_from_environment(), public=public)
    if handbook.problems:
        sys.stdout.write(format_problems(handbook.problems, "text"))
        print(say("pages_refused"), file=sys.stderr)
        return 1
    # The pages link the binders unless HANDBOOK_PDF=0, as mkdocs build's (finish renders them).
    written = write_pages(handbook, config, args.out, pdf=settings.pdf_setting() is not False)
    print(say("pages_written", count=len(written.pages), config=written.config.as_posix()))
    return 0


def finish_arguments(parser: argparse.ArgumentParser) -> None:
    """The built site and ``-f``."""
    parser.add_argument("site_dir", type=Path, help="the built site, e.g. out/site")
    add_config_file(parser)


def finish(args: argparse.Namespace) -> int:
    """``finish``: what the hooks do after the pages, for a site built without them."""
    from ..site.finish import finish_built_site

    for path, exists in ((args.config_file, args.config_file.is_file()),
                         (args.site_dir, args.site_dir.is_dir())):
        if not exists:
            raise UsageError(say("no_config", path=path))
    done = finish_built_site(args.site_dir, args.config_file)
    kept, pdfs = done.kept, done.pdfs
    print(say("finished", site=args.site_dir.as_posix())
          + (say("finished_worker", count=len(kept.urls), build=kept.identity) if kept else ""))
    if pdfs is not None:
        report = pdfs.report
        print(say("finished_pdfs", count=len(report.rendered),
                  ids=", ".join(report.rendered) or say("none"), reused=len(report.reused),
                  handbook=say("handbook_rendered") if report.handbook_rendered
                  else say("handbook_unchanged")))
        if pdfs.since is not None:
            print(say("finished_reprint", since=pdfs.since))
    return 0


def binders_arguments(parser: argparse.ArgumentParser) -> None:
    """``--shard K/N`` or ``--gather FOLDER…``, ``--out`` and ``-f``."""
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--shard", type=_shard_argument, metavar="K/N",
                      help="render the binders of shard K of N (a hash of the unit id)")
    what.add_argument("--gather", type=Path, nargs="+", metavar="FOLDER",
                      help="put the binders of these shard folders into the PDF cache")
    parser.add_argument("--out", type=Path, default=Path("pdf-shard"),
                        help="with --shard: where the shard's PDFs and manifest go")
    add_config_file(parser, "the MkDocs configuration; the cache is beside it")


def _shard_argument(text: str) -> Shard:
    try:
        return parse_shard(text)
    except ShardError as error:
        # argparse's own usage error (exit 2), before any command runs.
        raise argparse.ArgumentTypeError(str(error)) from None


def binders(args: argparse.Namespace) -> int:
    """``binders``: render the PDF binders without the site (a shard of them), or gather
    the shards' binders into the PDF cache."""
    config: Path = args.config_file.resolve()
    cache = config.parent / PDF_CACHE_DIR
    if args.gather:
        gathered = gather_shards(args.gather, cache)
        print(say("gathered", count=len(gathered), cache=cache))
        return 0
    return _render_shard(args.shard, config, cache, args.out)


def _render_shard(shard: Shard, config: Path, cache: Path, out: Path) -> int:
    """``mkdocs build`` with only ``shard``'s binders; the site itself is thrown away
    (the binders print the region chapters as MkDocs renders them)."""
    with tempfile.TemporaryDirectory(prefix=".shard-site-", dir=config.parent) as site:
        env = {**os.environ, settings.PDF: "1", SHARD_ENV: str(shard)}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
                   str(config), "--site-dir", site]
        if subprocess.run(command, env=env, check=False).returncode != 0:
            raise HandbookError(say("shard_failed", shard=shard))
        ids = [path.stem for path in sorted((Path(site) / PDF_DIR).glob("*.pdf"))]
    exported = export_shard(cache, ids, out)
    print(say("shard_done", shard=shard, count=len(exported), out=out,
              ids=", ".join(exported) or say("none")))
    return 0


def reprint_arguments(parser: argparse.ArgumentParser) -> None:
    """The unit's id, ``--since``, ``--release``, ``--branch`` and ``--units``."""
    parser.add_argument("id", help="the unit's id, e.g. vc-angen")
    parser.add_argument("--since", metavar="RELEASE",
                        help="the release of the printed binder (default: the one before)")
    parser.add_argument("--release", metavar="RELEASE",
                        help="the release to print from (default: the newest published)")
    add_branch(parser)
    add_units(parser)


def reprint(args: argparse.Namespace) -> int:
    """``reprint``: the sheets to replace, in Swedish; a missing release or binder is a
    ``ReprintError`` (exit 1)."""
    from ..binder.reprint import reprint_report

    handbook = valid_handbook(args.units)
    if handbook is None:
        return 1
    lines = reprint_report(Path.cwd(), args.id, handbook.duplex, args.since, args.release,
                           args.branch)
    print("\n".join(lines))
    return 0


PAGES = Command("write the generated pages as Markdown files, with mkdocs.yml without "
                "hooks, so that plain MkDocs builds the same pages", pages_arguments, pages)
FINISH = Command("finish a site that MkDocs, ProperDocs or Zensical built from `pages` "
                 "output: search index, unit finder, data files, robots.txt, the PDF "
                 "binders and handbok.pdf (unless HANDBOOK_PDF=0; cached in .cache/pdf "
                 "beside the config), a release's reprint lists, service worker",
                 finish_arguments, finish)
BINDERS = Command("render one shard of the PDF binders into a folder, or gather the shards' "
                  "folders into the PDF cache for the build that assembles the site",
                  binders_arguments, binders)
REPRINT = Command("which sheets of a unit's printed binder to replace: its binder in a "
                  "published release against the one in an earlier release (mike's branch)",
                  reprint_arguments, reprint)
