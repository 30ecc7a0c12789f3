"""One way in (issue #25): ``python -m handbook COMMAND`` with a dispatch table, one
place where errors become a message and an exit status, and Swedish messages from the
labels file."""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.cli import main as cli
from handbook.cli.command import Command
from handbook.errors import HandbookError, UsageError
from handbook.labels import labels

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "handbook" / "cli"


def handbook(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handbook", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, check=False)


def help_commands(text: str) -> list[str]:
    """The subcommands ``--help`` lists: the choices in its usage's COMMAND list."""
    block = text.split("positional arguments:", 1)[1].split("options:", 1)[0]
    return re.findall(r"^    (\S+)", block, re.M)


def test_help_lists_every_command_of_the_dispatch_table_and_no_other() -> None:
    result = handbook("--help")
    assert result.returncode == 0
    assert help_commands(result.stdout) == list(cli.COMMANDS)
    for name in cli.COMMANDS:
        own = handbook(name, "--help")
        assert own.returncode == 0, (name, own.stderr)
        assert own.stdout.startswith(f"usage: python -m handbook {name}")


def test_the_former_entry_points_are_commands() -> None:
    assert {"publish", "offline", "ghpages", "release-gate"} <= set(cli.COMMANDS)


def test_unknown_command_is_a_usage_error() -> None:
    result = handbook("publiser")
    assert (result.returncode, result.stdout) == (2, "")
    assert "invalid choice: 'publiser'" in result.stderr


def test_no_command_is_a_usage_error() -> None:
    result = handbook()
    assert (result.returncode, result.stdout) == (2, "")


def test_one_line_adds_a_command(capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The table is the only list of commands: an entry is a parser and a runner."""
    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--fail", choices=("problem", "usage"))

    def run(args: argparse.Namespace) -> int:
        if args.fail == "usage":
            raise UsageError("skriv det annorlunda")
        if args.fail == "problem":
            raise HandbookError("något gick fel")
        print("klart")
        return 0

    monkeypatch.setitem(cli.COMMANDS, "prova", Command("try the table", arguments, run))
    assert cli.main(["prova"]) == 0
    assert capsys.readouterr().out == "klart\n"
    # The one place an error becomes a message and an exit status.
    assert cli.main(["prova", "--fail", "problem"]) == 1
    assert capsys.readouterr().err == "python -m handbook prova: något gick fel\n"
    assert cli.main(["prova", "--fail", "usage"]) == 2
    assert capsys.readouterr().err == "python -m handbook prova: skriv det annorlunda\n"


def test_publish_without_a_build_command_is_a_usage_error(tmp_path: Path) -> None:
    result = handbook("publish", "site", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("python -m handbook publish: ange byggkommandot efter --")
    assert not list(tmp_path.iterdir())


def test_publish_runs_the_build_into_a_new_folder(tmp_path: Path) -> None:
    build = [sys.executable, "-c", "import pathlib, sys; d = pathlib.Path(sys.argv[-1]); "
             "d.mkdir(); (d / 'index.html').write_text('ny')"]
    result = handbook("publish", "site", "--", *build, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "ny"


def test_offline_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    result = handbook("offline", "site-offline", "dist", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("python -m handbook offline: site-offline/index.html saknas: "
                             "bygg den lokala kopian först (make offline)\n")


def test_a_file_that_cannot_be_read_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = handbook("reminders", "--status", str(tmp_path / "saknas.json"), "--repo", "a/b",
                      "--dry-run", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("python -m handbook reminders: ")
    assert "Traceback" not in result.stderr


def test_the_command_line_prints_only_through_its_labels() -> None:
    """Every message key the commands use is in labels.yml, and every key there is used:
    the editors' messages live beside the readers' text."""
    used: set[str] = set()
    for path in CLI.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "say" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                used.add(str(node.args[0].value))
            if (isinstance(node, ast.keyword) and node.arg == "refused"
                    and isinstance(node.value, ast.Constant)):
                used.add(str(node.value.value))
    assert used == set(labels()["cli"])


def test_no_english_wrote_in_the_command_line() -> None:
    """"skrev", never "wrote": the output speaks Swedish (``--help`` English)."""
    for path in CLI.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'print\(f?"(wrote|gathered|shard)\b', text), path.name
