"""The original Tomàtic's results on real weeks, reproduced exactly."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from tomatic.domain.load import compute_load
from tomatic.legacy.directory import read_legacy_dir
from tomatic.legacy.load_inputs import load_inputs_for_week

CASES = Path(__file__).parents[2] / "data" / "legacy-cases"


def _expected(folder: Path, prefix: str) -> dict:
    (file,) = folder.glob(f"{prefix}*_expected.yaml")
    return yaml.safe_load(file.read_text(encoding="utf-8"))


def _run(case: str, week: dt.date, **options):
    bundle, errors = read_legacy_dir(CASES / case / "inputs")
    assert errors == []
    return compute_load(load_inputs_for_week(bundle, week, **options))


@pytest.mark.parametrize(
    ("case", "expected", "week", "lines"),
    [
        ("load-2020-03-02", "load-2020-03-02", dt.date(2020, 3, 2), None),
        ("load-and-schedule-2-days", "load-and-schedule-2-days-2-lines", dt.date(2022, 7, 11), 2),
        ("load-and-schedule-2-days", "load-and-schedule-2-days-4-lines", dt.date(2022, 7, 11), 4),
    ],
)
def test_load_matches_the_original_results(case, expected, week, lines):
    result = _run(case, week, line_count=lines)
    folder = CASES / case / "expected" / expected
    assert result.ponderated() == _expected(folder, "ponderatedideal")
    assert result.final_loads() == _expected(folder, "carrega-")
    assert result.overloads() == _expected(folder, "overload")


def test_2020_case_increases_the_six_first_persons_with_room():
    result = _run("load-2020-03-02", dt.date(2020, 3, 2))
    raised = [p for p, row in result.persons.items() if row.complete > row.bounded]
    assert raised == ["adria", "albert", "albertg", "annab", "carles", "carme"]
    assert result.cells == 120 and not result.padded
    assert sum(row.rounded for row in result.persons.values()) == 114


def test_2020_case_gives_the_same_load_with_or_without_leaves():
    without = _run("load-2020-03-02", dt.date(2020, 3, 2))
    with_leaves = _run("load-2020-03-02", dt.date(2020, 3, 2), use_leaves=True)
    assert with_leaves.final_loads() == without.final_loads()
    assert with_leaves.persons["ana"].working_days == 0
    assert without.persons["ana"].working_days == 0


def test_four_lines_case_pads_six_cells_with_nobody():
    result = _run("load-and-schedule-2-days", dt.date(2022, 7, 11), line_count=4)
    assert result.padded and result.nobody == 6
    assert result.line_count == 4 and result.cells == 32
    assert sum(result.final_loads().values()) == 32
    assert any(note.key == "load.padded" for note in result.trace)


def test_two_lines_case_leaves_ten_persons_with_one_turn_of_debt():
    result = _run("load-and-schedule-2-days", dt.date(2022, 7, 11), line_count=2)
    debtors = sorted(p for p, credit in result.final_credit().items() if credit == -1)
    assert debtors == [
        "alice",
        "barbara",
        "diana",
        "felicity",
        "gemma",
        "hellen",
        "irma",
        "jolie",
        "kate",
        "liza",
    ]
