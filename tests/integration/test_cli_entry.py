"""The `tomatic` console script itself: version, help, option order, pipes, error sentences."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

import tomatic
from bot.cli import main
from tests.conftest import REPO
from tomatic.adapters.sqlite.db import open_database

SCRIPT = Path(sys.executable).with_name("tomatic")
PROBLEM = REPO / "tests" / "data" / "problems" / "2days2lines.json"


def run_script(*argv: str, tmp_path: Path, shell: str | None = None) -> subprocess.CompletedProcess:
    """The installed console script in a clean environment, in `tmp_path`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOMATIC_", "SLACK_"))}
    env |= {"TOMATIC_DB": str(tmp_path / "t.db"), "TOMATIC_CONFIG": str(REPO / "data/config.yaml")}
    command: str | list[str] = shell if shell is not None else [str(SCRIPT), *argv]
    return subprocess.run(
        command,
        shell=shell is not None,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        executable="/bin/bash" if shell else None,
    )


def test_version_prints_the_version(tmp_path):
    done = run_script("--version", tmp_path=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"tomatic {tomatic.__version__}")


def test_solve_help_explains_the_options(tmp_path):
    done = run_script("solve", "--help", tmp_path=tmp_path)
    assert done.returncode == 0
    for option in ("--time-limit", "--workers", "--seed", "--hint", "--lang", "problem"):
        assert option in done.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["--time-limit", "5", str(PROBLEM)],
        [str(PROBLEM), "--time-limit", "5"],
        ["--seed", "3", str(PROBLEM), "--workers", "1"],
    ],
    ids=["options-first", "options-last", "mixed"],
)
def test_solve_takes_its_options_in_any_order(tmp_path, capsys, argv):
    assert main(["solve", *argv]) == 0
    solution = json.loads(capsys.readouterr().out)
    assert solution["status"] == "optimal" and solution["timetable"]


def test_a_malformed_problem_is_one_line_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert main(["solve", "--time-limit", "5", str(bad)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_hint_that_is_not_a_solution_says_which_field(tmp_path, capsys):
    hint = tmp_path / "hint.json"
    hint.write_text('{"status": "solved"}')
    assert main(["solve", str(PROBLEM), "--hint", str(hint)]) == 2
    said = capsys.readouterr().err
    assert said.startswith("tomatic solve: hint: not a solution JSON: status: Input should be")
    assert said.count("\n") == 1


def test_a_listing_piped_into_head_stops_quietly(tmp_path):
    db = sqlite_utils.Database(open_database(tmp_path / "t.db").conn)
    rows = [
        {"id": f"p{n:05d}", "name": f"Person number {n}", "email": f"p{n}@example.coop"}
        for n in range(3000)
    ]
    db["persons"].insert_all(rows)
    db.conn.close()
    done = run_script(tmp_path=tmp_path, shell=f"'{SCRIPT}' person list --json | head -1")
    assert (done.returncode, done.stdout, done.stderr) == (0, "[\n", "")
    piped = run_script(
        tmp_path=tmp_path, shell=f"set -o pipefail; '{SCRIPT}' person list | head -1 >/dev/null"
    )
    assert piped.stderr == "" and piped.returncode == 141


def test_a_domain_error_is_a_sentence_not_a_message_key(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_DB", str(tmp_path / "t.db"))
    assert main(["person", "add", "anna"]) == 0
    assert main(["person", "add", "anna"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("tomatic: ") and len(err.splitlines()) == 1
    assert "error." not in err and "person." not in err


def test_person_add_names_every_wrong_field_and_adds_nobody(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_DB", str(tmp_path / "t.db"))
    argv = ["person", "add", "anna", "--name", "<!channel> Anna", "--email", "nope"]
    assert main(argv) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("tomatic: name: A name may only have letters") and "“<”" in err[0]
    assert err[1].startswith("tomatic: email: ") and len(err) == 2
    assert main(["person", "add", "anna", "--name", "  Anna   d’Alòs (coord.) "]) == 0
    assert "Added Anna d'Alòs (coord.) (anna)." in capsys.readouterr().out


def test_plan_of_a_team_without_ideal_loads_prints_the_reason_not_a_key(tmp_path):
    added = run_script("person", "add", "anna", "--name", "Anna Puig", "--admin", tmp_path=tmp_path)
    assert added.returncode == 0, added.stderr
    today = dt.date.today()
    week = (today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=1)).isoformat()
    done = run_script("plan", week, tmp_path=tmp_path)
    assert done.returncode == 3
    said = [line for line in done.stderr.splitlines() if line.startswith("tomatic:")]
    assert said and said[0].startswith("tomatic: Nobody in the team has an ideal load")
    assert "plan." not in said[0]  # a sentence, not a message key (the log line keeps the key)


def test_a_planning_configuration_that_is_a_folder_is_named_not_blamed_on_the_database(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_DB", str(tmp_path / "t.db"))
    monkeypatch.setenv("TOMATIC_CONFIG", str(tmp_path))
    assert main(["person", "list"]) == 2
    assert (
        capsys.readouterr().err.strip() == f"tomatic: {tmp_path}: cannot be read (Is a directory)"
    )
    assert main(["doctor"]) == 1
    said = capsys.readouterr().out.splitlines()
    assert f"✘ Planning configuration: {tmp_path}: cannot be read (Is a directory)" in said


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--time-limit", "0", "0 seconds: give more than 0"),
        ("--time-limit", "-5", "-5 seconds: give more than 0"),
        ("--time-limit", "soon", "'soon' is not a number of seconds"),
        ("--workers", "0", "0 threads: give 1 or more"),
    ],
)
def test_solve_refuses_a_limit_that_would_stop_before_searching(capsys, option, value, said):
    with pytest.raises(SystemExit) as stopped:
        main(["solve", str(PROBLEM), option, value])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(f"argument {option}: {said}")
