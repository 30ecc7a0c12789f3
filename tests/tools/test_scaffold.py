"""``python -m handbook new``: a unit file that validates only once it is filled in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from sitebuild import REPO

from handbook.cli.main import main
from handbook.schema.fields import GROUP_ONLY, REGION_ONLY, UNIT, ListOf, Record, Type
from handbook.tools.scaffold import SCHEMA_LINE, suggest_id

pytestmark = pytest.mark.unit

NAME = "Vårdcentralen Ny: barn & familj #2"  # ': ' and ' #' must be quoted to survive
# Items are named by their id (the head of unit's contact, each form's).
PLACEHOLDER_FIELDS = [
    "maintainers[1]", "maintainers[2]", "document.version", "document.owner", "document.approved",
    "document.approved_by", "document.review_months", "contacts[verksamhetschef].name",
    "contacts[verksamhetschef].phone",
    # The forms the region marks must_be_printed: the unit says where each copy is.
    *(f"forms[{form['id']}].paper_location"
      for form in yaml.safe_load((REPO / "units" / "_region.yml").read_text(
          encoding="utf-8"))["forms"] if form.get("must_be_printed")),
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example units, as the working directory."""
    shutil.copytree(REPO / "units", tmp_path / "units")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def fill(text: str) -> str:
    """Replace every placeholder by the example it gives, as an editor would."""
    text = re.sub(r'"ÄNDRA: t\.ex\. ([^"]*)"', r"\1", text)
    text = re.sub(r'"ÄNDRA: ett av (\w+)[^"]*"', r"\1", text)
    return text.replace('"ÄNDRA: skriv texten här"', "Ifylld text.")


def uncomment(text: str) -> str:
    """Remove one '# ' before every commented-out key or list item."""
    return re.sub(r"^( *)# (?= *(?:- |[a-z_]+:))", r"\1", text, flags=re.M)


def problem_fields(out: str) -> list[str]:
    return [line.split(": ", 2)[1] for line in out.splitlines()]


def test_new_unit_validates_only_after_its_placeholders_are_filled(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "new", "vc-ny", "--name", NAME, "--extends", "narhalsan",
                         "fyrbodal")
    assert (code, err) == (0, "")
    assert out.startswith("skrev units/vc-ny.yml; fyll i varje värde som börjar med ÄNDRA:")
    path = project / "units" / "vc-ny.yml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE

    code, out, _ = run(capsys, "validate", "units/vc-ny.yml")
    assert code == 1
    assert problem_fields(out) == PLACEHOLDER_FIELDS
    assert all("är en platshållare från mallen" in line for line in out.splitlines())
    assert out.startswith("units/vc-ny.yml:42:5: maintainers[1]: 'ÄNDRA: t.ex. anna-andersson'")

    path.write_text(fill(text), encoding="utf-8")
    assert run(capsys, "validate", "units/vc-ny.yml")[:2] == (0, "")
    assert run(capsys, "validate")[:2] == (0, "")  # and the whole handbook with it

    from handbook import load_handbook
    unit = load_handbook(project / "units").unit("vc-ny")
    assert unit.name == NAME
    assert unit.groups == ["narhalsan", "fyrbodal"]
    assert unit.data["contacts"][-1]["role"] == "Verksamhetschef"
    printed = [f for f in unit.data["forms"] if f.get("must_be_printed")]
    assert {f["id"] for f in printed} >= {"avbrottsrutin-lab", "reservrutin-pascal"}
    assert all("paper_location" in f for f in printed)


def test_every_commented_out_section_is_valid_once_filled(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", "vc-ny", "--name", "VC Ny")
    path = project / "units" / "vc-ny.yml"
    everything = uncomment(path.read_text(encoding="utf-8"))
    path.write_text(everything, encoding="utf-8")
    code, out, _ = run(capsys, "validate", "units/vc-ny.yml")
    assert code == 1
    problems = [line for line in out.splitlines() if ": varning: " not in line]
    assert len(problems) == everything.count('"ÄNDRA:') > 60
    path.write_text(fill(everything), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "units/vc-ny.yml")
    # Valid; the only warnings: the sections' example links replace the region's.
    warned = [line.split(": ", 2)[1] for line in out.splitlines()]
    assert (code, warned) == (0, ["routines.prescriptions.links", "routines.lab.links"])


def _keys(kind: Type) -> set[str]:
    if isinstance(kind, Record):
        found = set(kind.fields)
        for spec in kind.fields.values():
            found |= _keys(spec.type)
        return found
    return _keys(kind.item) if isinstance(kind, ListOf) else set()


def test_scaffold_has_every_field_of_the_schema_with_its_description(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", "vc-ny", "--name", "VC Ny")
    text = (project / "units" / "vc-ny.yml").read_text(encoding="utf-8")
    written = set(re.findall(r"^[ #]*(?:- )?([a-z_]+):", text, re.M))
    # A group's own name and the region's print setting are no fields of a unit file
    # (the loader refuses them there).
    assert written == _keys(UNIT) - {"drop", "sides", *GROUP_ONLY, *REGION_ONLY}
    squashed = " ".join(line.strip(" #") for line in text.splitlines())
    for key, spec in UNIT.fields.items():
        if key not in GROUP_ONLY and key not in REGION_ONLY:
            assert spec.description in squashed, key


def test_without_extends_the_groups_are_listed_commented_out(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "new", "vc-ny", "--name", "VC Ny")
    text = (project / "units" / "vc-ny.yml").read_text(encoding="utf-8")
    assert ("# Befintliga grupper: fyrbodal, goteborg-nordost, narhalsan.\n# extends:\n"
            "#   - \"ÄNDRA: t.ex. fyrbodal\"\n") in text


ID_RULE = ("är inget giltigt id; använd små bokstäver a–z, siffror och bindestreck (inte å, "
           "ä, ö, versaler eller blanksteg), t.ex. vc-angen")
GROUPS = "befintliga grupper: fyrbodal, goteborg-nordost, narhalsan"


@pytest.mark.parametrize(("args", "message"), [
    (["vc-angen", "--name", "X"],
     "enheten 'vc-angen' finns redan (units/vc-angen.yml); ändra den befintliga filen eller "
     "välj ett annat id"),
    (["VC-Ny", "--name", "X"], f"'VC-Ny' {ID_RULE}; menade du 'vc-ny'?"),
    (["vårdcentral ängen", "--name", "X"],
     f"'vårdcentral ängen' {ID_RULE}; menade du 'vardcentral-angen'?"),
    (["vc_ny", "--name", "X"], f"'vc_ny' {ID_RULE}; menade du 'vc-ny'?"),
    (["_region", "--name", "X"], f"'_region' {ID_RULE}; menade du 'region'?"),
    (["--name", "X", "--", "-vc"], f"'-vc' {ID_RULE}; menade du 'vc'?"),
    (["index", "--name", "X"],
     "'index' är reserverat: handboken använder det för sidan med alla enheter; välj ett "
     "annat id, t.ex. vc-index"),
    (["handbok", "--name", "X"],
     "'handbok' är reserverat: handboken använder det för hela handbokens PDF; välj ett "
     "annat id, t.ex. vc-handbok"),
    (["vc-ny", "--name", "X", "--extends", "narhalsn"],
     f"gruppen 'narhalsn' finns inte i units/_groups/; menade du 'narhalsan'? {GROUPS}"),
    (["vc-ny", "--name", "X", "--extends", "fyrbodal", "--extends", "uddevalla"],
     f"gruppen 'uddevalla' finns inte i units/_groups/; {GROUPS}"),
    (["vc-ny", "--name", "X", "--extends", "fyrbodal", "fyrbodal"],
     "gruppen 'fyrbodal' står två gånger efter --extends"),
    (["vc-ny", "--name", "  "],
     "skriv enhetens namn på en rad, t.ex. --name \"Vårdcentralen Exempel\""),
    (["vc-ny", "--name", "X", "--units", "enheter"],
     "mappen enheter finns inte; kör kommandot i handbokens rotmapp eller ange mappen med "
     "--units"),
])
def test_new_refuses_with_a_clear_message(project: Path, capsys: pytest.CaptureFixture[str],
                                          args: list[str], message: str) -> None:
    before = sorted(p.name for p in (project / "units").iterdir())
    assert run(capsys, "new", *args) == (2, "", f"python -m handbook new: {message}\n")
    assert sorted(p.name for p in (project / "units").iterdir()) == before


def test_new_leaves_an_existing_unit_untouched(project: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = (project / "units" / "vc-angen.yml").read_bytes()
    run(capsys, "new", "vc-angen", "--name", "X")
    assert (project / "units" / "vc-angen.yml").read_bytes() == before


@pytest.mark.parametrize(("text", "expected"), [
    ("Vårdcentralen Ängen", "vardcentralen-angen"),
    ("VC_Öckerö  2", "vc-ockero-2"),
    ("--bvc--", "bvc"),
])
def test_suggest_id(text: str, expected: str) -> None:
    assert suggest_id(text) == expected
