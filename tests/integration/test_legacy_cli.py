"""The original's real inputs imported through the CLI reproduce its loads from the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main

CASES = Path(__file__).resolve().parents[1] / "data" / "legacy-cases"
RUNS = [
    ("load-2020-03-02", "2020-03-02", None, "load-2020-03-02", "-2020-03-02"),
    ("load-and-schedule-2-days", "2022-07-11", 2, "load-and-schedule-2-days-2-lines", ""),
    ("load-and-schedule-2-days", "2022-07-11", 4, "load-and-schedule-2-days-4-lines", ""),
]


@pytest.fixture
def db_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TOMATIC_DB", str(tmp_path / "t.db"))
    monkeypatch.setenv("TOMATIC_CONFIG", str(tmp_path / "absent.yaml"))
    return tmp_path


def _expected(case: str, run: str, name: str) -> dict:
    folder = CASES / case / "expected" / run
    (path,) = folder.glob(f"{name}*_expected.yaml")
    return yaml.safe_load(path.read_text()) or {}


@pytest.mark.parametrize(("case", "week", "lines", "run", "_suffix"), RUNS)
def test_imported_inputs_give_the_originals_loads(db_env, capsys, case, week, lines, run, _suffix):
    assert main(["import-legacy", str(CASES / case / "inputs"), "--week", week]) == 0
    capsys.readouterr()
    argv = ["load", week, "--json"] + (["--lines", str(lines)] if lines else [])
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    persons = result["persons"]
    final = {p: row["final"] for p, row in persons.items()}
    expected_final = {p: v for p, v in _expected(case, run, "carrega").items() if p != "ningu"}
    assert final == expected_final
    ponderated = _expected(case, run, "ponderatedideal")
    assert {p: pytest.approx(row["ponderated"]) for p, row in persons.items()} == ponderated
    overload = _expected(case, run, "overload")
    assert {p: row["overload"] for p, row in persons.items() if p in overload} == overload


def test_import_counts_people_and_is_idempotent(db_env, capsys):
    inputs = CASES / "load-2020-03-02" / "inputs"
    assert main(["import-legacy", str(inputs), "--week", "2020-03-02"]) == 0
    first = capsys.readouterr().out
    assert "45 persons" in first
    assert main(["import-legacy", str(inputs), "--week", "2020-03-02"]) == 0
    assert "nothing new" in capsys.readouterr().out
    assert main(["person", "list", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert len(people) == 45
    assert all(p["ideal_load"] is not None for p in people)


def test_bad_lines_are_named_and_the_rest_imported(db_env, capsys, tmp_path):
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "idealshifts.yaml").write_text("anna: 3\nbernat: 2\n")
    (folder / "indisponibilitats.conf").write_text(
        "+anna dm 0011 # Team meeting\nbernat dv 00x1 # bad bitmap\n+bernat ds # weekend\n"
        "anna dl 1000\n"
    )
    assert main(["import-legacy", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "indisponibilitats.conf:2:" in out
    assert "indisponibilitats.conf:3:" in out
    assert "indisponibilitats.conf:4:" in out
    assert "3 line(s) could not be imported" in out
    assert "1 busy entries" in out


def test_import_export_import_changes_nothing(db_env, capsys, tmp_path):
    inputs = CASES / "load-and-schedule-2-days" / "inputs"
    assert main(["import-legacy", str(inputs), "--week", "2022-07-11"]) == 0
    out_dir = tmp_path / "exported"
    assert main(["export-legacy", str(out_dir)]) == 0
    capsys.readouterr()
    assert main(["import-legacy", str(out_dir), "--week", "2022-07-11"]) == 0
    assert "nothing new" in capsys.readouterr().out


def test_a_name_breaking_the_name_rule_is_a_bad_line_and_the_rest_is_imported(
    db_env, capsys, tmp_path
):
    folder = tmp_path / "legacy"
    folder.mkdir()
    (folder / "persons.yaml").write_text(
        "names:\n  anna: Anna Puig\n  bernat: '<!channel> Bernat'\n  ningu: '-'\n"
        "extensions:\n  anna: 3001\n  bernat: 3002\n"
    )
    assert main(["import-legacy", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "persons.yaml:3: bad name for bernat:" in out and "“<”" in out
    assert "1 line(s) could not be imported" in out
    assert main(["person", "list", "--json"]) == 0
    people = {p["id"]: p for p in json.loads(capsys.readouterr().out)}
    assert set(people) == {"anna", "bernat"}  # `ningu` is the original's empty cell
    assert (people["anna"]["name"], people["bernat"]["name"]) == ("Anna Puig", "")
    assert people["bernat"]["extension"] == "3002"


def test_reimporting_a_refused_or_missing_line_changes_nothing_of_that_person(
    db_env, capsys, tmp_path
):
    folder = tmp_path / "legacy"
    folder.mkdir()
    persons = folder / "persons.yaml"
    persons.write_text(
        "names:\n  anna: Anna Puig\n  bernat: Bernat Roig\n"
        "extensions:\n  anna: 3001\n  bernat: 3002\ncolors:\n  bernat: 2a9d8f\n"
        "groups:\n  admin: [anna]\n"
    )
    assert main(["import-legacy", str(folder)]) == 0
    persons.write_text(  # Bernat's name breaks the rule, his colour and Anna's group are gone
        "names:\n  anna: Anna Puig i Font\n  bernat: '<!channel> Bernat'\n"
        "extensions:\n  anna: 3001\n  bernat: '30x2'\n"
    )
    assert main(["import-legacy", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "bad name for bernat" in out and "bad value '30x2' for bernat in extensions" in out
    assert main(["person", "list", "--json"]) == 0
    people = {p["id"]: p for p in json.loads(capsys.readouterr().out)}
    bernat, anna = people["bernat"], people["anna"]
    assert (bernat["name"], bernat["extension"], bernat["color"]) == (
        "Bernat Roig",
        "3002",
        "2a9d8f",
    )
    assert (anna["name"], anna["groups"]) == ("Anna Puig i Font", ["admin"])  # said: it wins


def test_a_folder_without_the_originals_files_is_refused_not_imported(db_env, capsys):
    case = CASES / "load-2020-03-02"  # the case, not its inputs/ folder
    assert main(["import-legacy", str(case), "--week", "2020-03-02"]) == 2
    err = capsys.readouterr().err
    assert f"{case} holds none of the original Tomàtic's files" in err
    assert "Every line imported" not in err and not (db_env / "t.db").exists()


def test_an_export_into_a_folder_that_cannot_be_made_is_one_line(db_env, capsys):
    blocked = db_env / "a-file"
    blocked.write_text("not a folder")
    assert main(["export-legacy", str(blocked / "out")]) == 1
    err = capsys.readouterr().err
    assert (
        err.startswith(f"tomatic: cannot write into {blocked / 'out'}: ")
        and len(err.splitlines()) == 1
    )
