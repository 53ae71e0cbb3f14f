"""Line numbers and turn starts as people type them: checked before anything is built."""

from __future__ import annotations

import pytest

from tomatic.domain.cell_input import read_line, read_turn
from tomatic.domain.errors import ValidationError

HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]


@pytest.mark.parametrize(("typed", "line"), [("1", 1), ("8", 8), (" 3 ", 3), ("007", 7)])
def test_a_line_within_the_configured_lines_is_its_number(typed, line):
    assert read_line(typed, 8) == line


@pytest.mark.parametrize("typed", ["²", "٣", "३", "1.5", "-1", "", "one", "1e3", "+2"])
def test_what_is_not_ascii_digits_is_not_a_line(typed):
    with pytest.raises(ValidationError) as refused:
        read_line(typed, 8)
    assert refused.value.key == "timetable.not_a_line"
    assert refused.value.params["lines"] == 8


@pytest.mark.parametrize("typed", ["0", "9", "20000000", str(2**64), "9" * 5000])
def test_numbers_outside_the_lines_are_refused_without_being_used(typed):
    with pytest.raises(ValidationError) as refused:
        read_line(typed, 8)
    assert refused.value.key in ("timetable.bad_line", "timetable.not_a_line")
    assert len(str(refused.value.params["value"])) <= 20


@pytest.mark.parametrize(("typed", "turn"), [("09:00", 0), ("9:00", 0), ("12:45", 3)])
def test_a_turn_is_named_by_its_start(typed, turn):
    assert read_turn(typed, HOURS) == turn


@pytest.mark.parametrize("typed", ["14:00", "09:30", "9", "0²:00", "٠٩:٠٠", "25:00", ""])
def test_anything_but_a_turn_start_is_refused_naming_the_starts(typed):
    with pytest.raises(ValidationError) as refused:
        read_turn(typed, HOURS)
    assert refused.value.key == "timetable.bad_hour"
    assert refused.value.params["hours"] == "09:00, 10:15, 11:30, 12:45"
