import datetime as dt

import pytest

from tomatic.domain.load_capacity import (
    business_days,
    busy_strings,
    day_capacity,
    days_off,
    week_capacity,
)
from tomatic.domain.model import BusyEntry

MONDAY = dt.date(2022, 7, 11)


@pytest.mark.parametrize(
    ("bitmap", "daily_max", "expected"),
    [
        ("0000", 2, 2),
        ("0011", 2, 2),
        ("1100", 2, 2),
        ("0110", 2, 1),
        ("0111", 2, 1),
        ("1001", 2, 1),
        ("1111", 2, 0),
        ("0000", 3, 3),
        ("1001", 3, 2),
        ("1011", 3, 1),
        ("0000", 4, 4),
        ("0011", 4, 2),
        ("0001", 4, 3),
        ("0100", 4, 2),
        ("0000", 1, 1),
        ("1110", 1, 1),
    ],
)
def test_day_capacity_follows_the_original_shape_rules(bitmap, daily_max, expected):
    assert day_capacity(bitmap, daily_max) == expected


def test_day_capacity_honours_a_daily_maximum_of_zero():
    assert day_capacity("0000", 0) == 0


def test_day_capacity_does_not_cut_large_daily_maxima_to_three():
    assert day_capacity("0000", 10) == 4
    assert day_capacity("0001", 10) == 3


def test_business_days_drop_holidays_and_keep_week_order():
    holidays = [dt.date(2022, 7, 11), dt.date(2022, 7, 13), dt.date(2022, 12, 25)]
    assert business_days(MONDAY, holidays) == ["dm", "dj", "dv"]


def test_days_off_count_each_weekday_once_and_skip_holidays():
    entries = [
        BusyEntry(person="ana", weekday="dm", reason="vacances", kind="vacation"),
        BusyEntry(person="ana", weekday="dm", reason="baixa", kind="vacation"),
        BusyEntry(person="ana", weekday="dl", reason="vacances", kind="vacation"),
        BusyEntry(person="ana", weekday="dx", reason="not a day off"),
        BusyEntry(person="bob", weekday="dj", reason="vacances", kind="vacation"),
    ]
    assert days_off(entries, "ana", MONDAY, ["dm", "dx", "dj"]) == {"dm"}


def test_dated_and_every_day_vacations_count_as_days_off():
    dated = BusyEntry(person="ana", date=dt.date(2022, 7, 14), reason="x", kind="vacation")
    every_day = BusyEntry(person="bob", reason="x", kind="vacation")
    days = ["dl", "dm", "dx", "dj", "dv"]
    assert days_off([dated, every_day], "ana", MONDAY, days) == {"dj"}
    assert days_off([dated, every_day], "bob", MONDAY, days) == set(days)


def test_busy_strings_use_only_unavoidable_entries_of_the_week():
    entries = [
        BusyEntry(person="ana", turns="1000", reason="every day"),
        BusyEntry(person="ana", weekday="dm", turns="0011", reason="meeting"),
        BusyEntry(person="ana", weekday="dx", turns="1111", optional=True, reason="pref"),
        BusyEntry(person="ana", date=dt.date(2022, 7, 21), reason="next week"),
        BusyEntry(person="ana", date=dt.date(2022, 7, 14), turns="0100", reason="this week"),
    ]
    bitmaps = busy_strings(entries, "ana", MONDAY, ["dm", "dx", "dj"], 4)
    assert bitmaps == {"dm": "1011", "dx": "1000", "dj": "1100"}
    assert week_capacity(bitmaps, 2) == 1 + 2 + 2
