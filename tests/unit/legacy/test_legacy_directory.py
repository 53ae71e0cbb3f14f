import datetime as dt
import shutil
from pathlib import Path

import pytest

from tomatic.domain.model import BusyEntry, Holiday
from tomatic.legacy.directory import LegacyBundle, read_legacy_dir, write_legacy_dir
from tomatic.legacy.formats import ForcedTurn, LineError

CASES = Path(__file__).parents[2] / "data" / "legacy-cases"
CASE_2020 = CASES / "load-2020-03-02" / "inputs"
CASE_2022 = CASES / "load-and-schedule-2-days" / "inputs"


def test_2020_case_imports_every_line():
    bundle, errors = read_legacy_dir(CASE_2020)
    assert errors == []
    assert len(bundle.persons) == 45
    assert bundle.ideal_loads()["adria"] == 5 and bundle.ideal_loads()["marc"] == 1
    assert (len(bundle.weekly_busy), len(bundle.oneshot_busy), len(bundle.vacations)) == (
        78,
        267,
        53,
    )
    assert sum(not e.optional for e in bundle.weekly_busy) == 56
    assert all(e.kind == "vacation" and e.weekday for e in bundle.vacations)
    assert bundle.holidays[0] == Holiday(date=dt.date(2020, 1, 1), name="Cap d’any")
    assert bundle.leaves == ["ana", "eduard", "eloi", "judit", "maite", "victor"]
    assert len(bundle.shift_credit) == 78 and bundle.config.line_count == 6
    assert bundle.forced_turns is None and bundle.timetables == []


def test_2022_case_imports_forced_turns_and_an_empty_credit():
    bundle, errors = read_legacy_dir(CASE_2022)
    assert errors == []
    assert [p.id for p in bundle.persons][:3] == ["alice", "barbara", "carol"]
    assert bundle.shift_credit == {} and bundle.weekly_busy == []
    assert bundle.forced_turns.turns == [
        ForcedTurn(day="dm", hour=0, line=0, person="jolie"),
        ForcedTurn(day="dm", hour=0, line=1, person="liza"),
    ]


@pytest.mark.parametrize("case", [CASE_2020, CASE_2022])
def test_read_write_read_gives_an_equal_bundle(case, tmp_path):
    bundle, _ = read_legacy_dir(case)
    write_legacy_dir(bundle, tmp_path / "out")
    again, errors = read_legacy_dir(tmp_path / "out")
    assert errors == []
    assert again == bundle


def test_timetables_are_read_from_graelles(tmp_path):
    expected = CASES / "load-and-schedule-2-days" / "expected" / "load-and-schedule-2-days-2-lines"
    (tmp_path / "graelles").mkdir()
    shutil.copy(
        expected / "graella-telefons-2022-07-11_expected.yaml",
        tmp_path / "graelles" / "graella-2022-07-11.yaml",
    )
    shutil.copy(
        expected / "graella-telefons-2022-07-11_expected.yaml",
        tmp_path / "graelles" / "graella-2022-07-18.yaml",
    )
    bundle, errors = read_legacy_dir(tmp_path)
    assert [t.week for t in bundle.timetables] == [dt.date(2022, 7, 11)]
    assert errors == [
        LineError("graelles/graella-2022-07-18.yaml", 0, "file name does not match week 2022-07-11")
    ]
    timetable = bundle.timetables[0]
    assert timetable.cells["dm"][0] == ["irma", "jolie"] and timetable.cost == 0
    assert timetable.overload["mary"] == 0.4
    write_legacy_dir(bundle, tmp_path / "out")
    assert read_legacy_dir(tmp_path / "out")[0] == bundle


def test_persons_come_from_persons_yaml_with_ideal_loads_from_idealshifts(tmp_path):
    (tmp_path / "persons.yaml").write_text(
        "names: {ana: Anna, bob: Bob}\nidealloads: {ana: 3, bob: 2}\n", encoding="utf-8"
    )
    (tmp_path / "idealshifts.yaml").write_text("ana: 4\ncai: 1\n", encoding="utf-8")
    bundle, errors = read_legacy_dir(tmp_path)
    assert errors == []
    assert [(p.id, p.name, p.ideal_load) for p in bundle.persons] == [
        ("ana", "Anna", 4),
        ("bob", "Bob", None),
        ("cai", "", 1),
    ]
    assert bundle.ideal_loads() == {"ana": 4, "cai": 1}


def test_bad_lines_are_reported_with_file_and_line(tmp_path):
    (tmp_path / "oneshot.conf").write_text(
        "+ana 2020-03-03 1111 # ok\n+bob 2020-03-04 # \nana ds 1111 # sat\n", encoding="utf-8"
    )
    (tmp_path / "holidays.conf").write_text("2020-01-01 Cap d'any\n", encoding="utf-8")
    (tmp_path / "indisponibilitats.conf").write_bytes(b"+ana dl 1111 # caf\xe9\n")
    bundle, errors = read_legacy_dir(tmp_path)
    assert bundle.oneshot_busy == [BusyEntry(person="ana", date=dt.date(2020, 3, 3), reason="ok")]
    assert [str(e).split(": ")[0] for e in errors] == [
        "holidays.conf:1",
        "indisponibilitats.conf:0",
        "oneshot.conf:2",
        "oneshot.conf:3",
    ]


def test_an_empty_directory_gives_an_empty_bundle(tmp_path):
    assert read_legacy_dir(tmp_path) == (LegacyBundle(), [])
