"""``python -m handbook diff`` on a real git repository: what a change does to each
unit's plan, compared with the merge base of the branch and main.

The repository has a region, one group (``nordost``) that three units extend, and a
fourth unit on its own. Each case edits the working tree of a branch and compares
the command's whole output, text and Markdown, with what a reviewer should read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]

REGION = """\
region: Testregionen
document:
  review_months: 12
contacts:
  - id: tib
    role: TIB
    name: Regionens beredskap
    phone: 010-441 00 00
    call_order: 30
routines:
  prescriptions:
    text: Skriv recept för hand.
    links:
      - title: Reservrutin när ordination i Pascal
        url: https://exempel.se/pascal
"""
GROUP = """\
group_name: Nordost
contacts:
  - id: labbjour
    role: Labbjour
    name: Jourhavande analytiker
    phone: 031-343 40 20
"""
UNIT = """\
name: {name}
{extends}document:
  version: "1.0"
  owner: Anna Andersson
  approved: 2026-09-01
  approved_by: Anna Andersson
maintainers:
  - anna-andersson
  - bo-berg
contacts:
  - id: chef
    role: Verksamhetschef
    name: Anna Andersson
    phone: 031-345 71 02
    call_order: 1
"""
UNITS = {"vc-a": ("VC Alfa", True), "vc-b": ("VC Beta", True),
         "vc-c": ("VC Gamma", True), "vc-d": ("VC Delta", False)}


def git(project: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Anna", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "Anna", "GIT_COMMITTER_EMAIL": "a@example.org",
           "GIT_AUTHOR_DATE": "2026-09-01T10:00:00+02:00",
           "GIT_COMMITTER_DATE": "2026-09-01T10:00:00+02:00"}
    return subprocess.run(["git", *args], cwd=project, env=env, check=True,
                          capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository whose main has the four units; HEAD is a branch off main, and main
    has moved on since (its later commit must not show in the comparison)."""
    units = tmp_path / "units"
    (units / "_groups").mkdir(parents=True)
    (units / "_region.yml").write_text(REGION, encoding="utf-8")
    (units / "_groups" / "nordost.yml").write_text(GROUP, encoding="utf-8")
    for unit_id, (name, extends) in UNITS.items():
        text = UNIT.format(name=name, extends="extends:\n  - nordost\n" if extends else "")
        (units / f"{unit_id}.yml").write_text(text, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Initial")
    git(tmp_path, "checkout", "-q", "-b", "change")
    git(tmp_path, "checkout", "-q", "main")
    edit(units / "vc-d.yml", "name: VC Delta", "name: VC Delta Centrum")
    git(tmp_path, "commit", "-q", "-am", "Main moves on")
    git(tmp_path, "checkout", "-q", "change")
    return tmp_path


def handbook_diff(project: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "handbook", "diff", *args], cwd=project,
                            env=env, capture_output=True, text=True, check=False)
    return result.returncode, result.stdout, result.stderr


def base_line(project: Path) -> str:
    commit = git(project, "merge-base", "HEAD", "main").strip()[:7]
    return f"Planändringar jämfört med main ({commit})"


def test_a_unit_edit_names_the_unit_and_the_change(project: Path) -> None:
    edit(project / "units" / "vc-a.yml", "phone: 031-345 71 02", "phone: 031-345 71 99")
    status, out, err = handbook_diff(project)
    assert (status, err) == (0, "")
    assert out == f"""\
{base_line(project)}
Ändrade filer: units/vc-a.yml

vc-a – VC Alfa
  - Kontakt 'Verksamhetschef': Telefon ändrad: '031-345 71 02' → '031-345 71 99' (enhetens fil)

1 enhet får en ändrad plan.
"""


def test_a_group_edit_reaches_the_three_units_that_extend_it(project: Path) -> None:
    edit(project / "units" / "_groups" / "nordost.yml", "031-343 40 20", "031-343 40 21")
    status, out, _ = handbook_diff(project)
    sentence = ("  - Kontakt 'Labbjour': Telefon ändrad: '031-343 40 20' → '031-343 40 21' "
                "(ärvd från gruppen 'Nordost')")
    assert status == 0
    assert out == f"""\
{base_line(project)}
Ändrade filer: units/_groups/nordost.yml

vc-a – VC Alfa
{sentence}

vc-b – VC Beta
{sentence}

vc-c – VC Gamma
{sentence}

3 enheter får en ändrad plan.
"""


def test_a_unit_list_that_replaces_the_regions_list_says_what_it_loses(
        project: Path) -> None:
    edit(project / "units" / "vc-d.yml", "    call_order: 1\n", "    call_order: 1\n"
         "routines:\n  prescriptions:\n    links:\n"
         "      - title: FASS\n        url: https://fass.se\n")
    status, out, _ = handbook_diff(project)
    assert status == 0
    assert out == f"""\
{base_line(project)}
Ändrade filer: units/vc-d.yml

vc-d – VC Delta
  - Länk 'FASS' tillagd (enhetens fil)
  - Länk 'Reservrutin när ordination i Pascal' borttagen (ärvd från regionen)
  ! units/vc-d.yml:19: varning: listan ersätter hela den ärvda listan från regionen, så \
'Reservrutin när ordination i Pascal' försvinner; en lista utan id ärvs inte i delar. Ska \
raderna läggas till, skriv också de ärvda raderna du vill behålla i listan här

1 enhet får en ändrad plan.
"""


def test_a_region_list_change_reaches_every_unit(project: Path) -> None:
    edit(project / "units" / "_region.yml", "        url: https://exempel.se/pascal\n",
         "        url: https://exempel.se/pascal\n"
         "      - title: Receptblanketter\n        url: https://exempel.se/recept\n")
    status, out, _ = handbook_diff(project)
    sentence = "  - Länk 'Receptblanketter' tillagd (ärvd från regionen)"
    assert status == 0
    assert out == f"""\
{base_line(project)}
Ändrade filer: units/_region.yml

vc-a – VC Alfa
{sentence}

vc-b – VC Beta
{sentence}

vc-c – VC Gamma
{sentence}

vc-d – VC Delta
{sentence}

4 enheter får en ändrad plan.
"""


def test_a_change_with_no_plan_effect_says_so(project: Path) -> None:
    # A comment, a value moved from the group into a unit with the same text, quotes.
    edit(project / "units" / "_groups" / "nordost.yml", "group_name: Nordost\n",
         "# Enheterna i nordost.\ngroup_name: Nordost\n")
    edit(project / "units" / "vc-b.yml", "    phone: 031-345 71 02\n",
         "    phone: \"031-345 71 02\"\n")
    status, out, _ = handbook_diff(project)
    assert status == 0
    assert out == f"""\
{base_line(project)}
Ändrade filer: units/_groups/nordost.yml, units/vc-b.yml

Ändringen påverkar ingen enhets plan.
"""


def test_the_markdown_summary_for_a_pull_request(project: Path) -> None:
    edit(project / "units" / "_region.yml", "    call_order: 30\n",
         "    call_order: 30\n    called_by: Kontinuitetsansvarig_1 <ingen annan>\n")
    edit(project / "units" / "vc-c.yml", "extends:\n  - nordost\n", "")
    status, out, _ = handbook_diff(project, "--format", "markdown", "--base", "main")
    commit = git(project, "merge-base", "HEAD", "main").strip()[:7]
    said = ("- Kontakt 'TIB': Ringas av tillagd: 'Kontinuitetsansvarig\\_1 \\<ingen "
            "annan\\>' (ärvd från regionen)")
    assert status == 0
    assert out == f"""\
### Planändringar jämfört med main ({commit})

Ändrade filer: units/\\_region.yml, units/vc-c.yml

#### vc-a – VC Alfa

{said}

#### vc-b – VC Beta

{said}

#### vc-c – VC Gamma

- Ärver inte längre från gruppen 'nordost'; allt som bara gruppen gav försvinner (se nedan)
{said}
- Kontakt 'Labbjour' borttagen (ärvd från gruppen 'Nordost')

#### vc-d – VC Delta

{said}

4 enheter får en ändrad plan.
"""


def test_a_file_that_cannot_be_read_is_not_compared(project: Path) -> None:
    """A syntax error in the group: its three units are not shown as losing its values."""
    edit(project / "units" / "_groups" / "nordost.yml", "  - id: labbjour\n",
         "  - id: labbjour\n   role: [Labbjour\n")
    status, out, _ = handbook_diff(project)
    sentence = ("  - Planen kunde inte jämföras: units/_groups/nordost.yml kunde inte läsas "
                "(se python -m handbook validate)")
    assert status == 0
    assert out == f"""\
{base_line(project)}
Ändrade filer: units/_groups/nordost.yml
Enhetsfilerna har 4 fel (se python -m handbook validate); jämförelsen visar det som gick att \
läsa.

vc-a – VC Alfa
{sentence}

vc-b – VC Beta
{sentence}

vc-c – VC Gamma
{sentence}

3 enheter kunde inte jämföras.
"""


def test_a_base_that_does_not_exist_is_a_usage_error(project: Path) -> None:
    status, out, err = handbook_diff(project, "--base", "origin/nope")
    assert (status, out) == (2, "")
    assert err == ("python -m handbook diff: hittar ingen gren att jämföra med "
                   "(origin/nope); ange en med --base, t.ex. --base origin/main\n")
