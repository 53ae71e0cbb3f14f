"""What changed between two versions of a week, by cell and by person."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.timetable import Timetable
from tomatic.domain.timetable_diff import CellDiff, TurnDiff, cell_diffs, turn_diffs

WEEK = dt.date(2026, 11, 30)
HOURS = ["09:00", "10:15", "11:30"]


def week() -> Timetable:
    table = Timetable.empty(WEEK, ["dl", "dm", "dx", "dj", "dv"], HOURS, 2)
    table.cells["dl"][0] = ["anna", "bernat"]
    table.cells["dm"][1] = ["carla", None]
    return table


def test_the_same_week_has_no_changes():
    assert cell_diffs(week(), week()) == [] and turn_diffs(week(), week()) == {}


def test_a_cell_given_to_someone_else_is_a_removal_and_an_addition():
    after, _ = week().with_change(("dl", 0, 1), "gemma", "anna", dt.datetime(2026, 11, 27))
    assert cell_diffs(week(), after) == [
        CellDiff(WEEK, "dl", 0, 1, "bernat", "gemma"),
    ]
    assert turn_diffs(week(), after) == {
        "bernat": [TurnDiff("bernat", WEEK, "dl", 0, 1, None, "gemma")],
        "gemma": [TurnDiff("gemma", WEEK, "dl", 0, None, 1, "bernat")],
    }
    assert [t.kind for t in turn_diffs(week(), after)["gemma"]] == ["added"]


def test_moving_lines_within_a_turn_is_a_move_not_a_change_of_turns():
    after = week()
    after.cells["dl"][0] = ["bernat", "anna"]
    changed = turn_diffs(week(), after)
    assert [(t.kind, t.old_line, t.new_line) for t in changed["anna"]] == [("moved", 0, 1)]
    assert [t.kind for t in changed["bernat"]] == ["moved"]


def test_a_new_holiday_removes_everyones_turns_that_day():
    after = week()
    del after.cells["dm"]
    after.days.remove("dm")
    after.holidays["dm"] = "Sant Andreu"
    assert turn_diffs(week(), after) == {
        "carla": [TurnDiff("carla", WEEK + dt.timedelta(days=1), "dm", 1, 0, None, None)]
    }


def test_changes_come_in_time_order():
    after = week()
    after.cells["dv"][0][0] = "anna"
    after.cells["dl"][0][0] = None
    dates = [t.date for t in turn_diffs(week(), after)["anna"]]
    assert dates == sorted(dates) and len(dates) == 2
