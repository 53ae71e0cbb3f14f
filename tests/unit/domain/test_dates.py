"""One reading of days, dates and weeks for every command, in ca, es and en."""

from __future__ import annotations

import datetime as dt

import pytest

from tomatic.domain.dates import is_every_day, read_day, read_week
from tomatic.domain.errors import ValidationError

TODAY = dt.date(2026, 12, 2)  # a Wednesday
NEXT_WED = dt.date(2026, 12, 9)


@pytest.mark.parametrize(
    "typed", ["dx", "dc", "dimecres", "miércoles", "miercoles", "mi", "wed", "Wednesday", "WED"]
)
def test_every_way_of_naming_wednesday_is_wednesday(typed: str) -> None:
    day, used = read_day([typed, "10:15"], TODAY)
    assert (day.weekday, used) == ("dx", 1)
    assert day.next_from(TODAY) == TODAY
    assert day.in_week(dt.date(2026, 12, 7)) == NEXT_WED


@pytest.mark.parametrize("typed", ["dt", "dm", "dimarts", "martes", "tue"])
def test_tuesday_in_catalan_and_the_original_codes(typed: str) -> None:
    assert read_day([typed], TODAY)[0].weekday == "dm"


def test_a_bare_weekday_is_its_next_occurrence() -> None:
    assert read_day(["tue"], TODAY)[0].next_from(TODAY) == dt.date(2026, 12, 8)
    assert read_day(["fri"], TODAY)[0].next_from(TODAY) == dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("words", "date"),
    [
        (["next", "wed"], NEXT_WED),
        (["següent", "dimecres"], NEXT_WED),
        (["last", "mon"], dt.date(2026, 11, 23)),
        (["this", "fri"], dt.date(2026, 12, 4)),
    ],
)
def test_next_and_last_before_a_weekday_take_two_words(words: list[str], date: dt.date) -> None:
    day, used = read_day([*words, "10:15"], TODAY)
    assert (day.next_from(TODAY), used) == (date, 2)


@pytest.mark.parametrize("typed", ["2026-12-09", "9/12", "09/12/2026", "2026-12-9"])
def test_dates_in_iso_and_day_month_forms(typed: str) -> None:
    day, used = read_day([typed], TODAY)
    assert (day.date, day.next_from(TODAY), used) == (NEXT_WED, NEXT_WED, 1)


def test_today_and_tomorrow() -> None:
    assert read_day(["avui"], TODAY)[0].date == TODAY
    assert read_day(["mañana"], TODAY)[0].date == dt.date(2026, 12, 3)


def test_day_month_near_new_year_means_the_nearest_date() -> None:
    assert read_day(["4/1"], dt.date(2026, 12, 28))[0].date == dt.date(2027, 1, 4)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("xyz", "dates.bad_day"),
        ("²", "dates.bad_day"),
        ("2026-1²-09", "dates.bad_day"),
        ("sat", "dates.weekend"),
        ("dissabte", "dates.weekend"),
        ("2026-12-05", "dates.weekend"),
        ("2026-02-30", "dates.no_such_date"),
        ("31/2", "dates.no_such_date"),
        ("9999-12-01", "dates.out_of_range"),
        ("1900-01-01", "dates.out_of_range"),
    ],
)
def test_what_is_not_a_day_is_refused_naming_it(typed: str, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_day([typed], TODAY)
    assert caught.value.key == key
    assert caught.value.params["value"] == typed


def test_next_followed_by_something_else_is_not_a_day() -> None:
    with pytest.raises(ValidationError):
        read_day(["next", "10:15"], TODAY)


@pytest.mark.parametrize(
    ("typed", "monday"),
    [
        (None, dt.date(2026, 11, 30)),
        ("next", dt.date(2026, 12, 7)),
        ("següent", dt.date(2026, 12, 7)),
        ("last", dt.date(2026, 11, 23)),
        ("2026-12-09", dt.date(2026, 12, 7)),
        ("2026-W50", dt.date(2026, 12, 7)),
        ("9/12/2026", dt.date(2026, 12, 7)),
    ],
)
def test_weeks(typed: str | None, monday: dt.date) -> None:
    assert read_week(typed, TODAY) == monday


def test_bad_weeks_are_refused() -> None:
    for typed in ("soon", "2026-W60", "3000-01-01"):
        with pytest.raises(ValidationError):
            read_week(typed, TODAY)


def test_every_day_words() -> None:
    assert is_every_day("tots") and is_every_day("ALL") and not is_every_day("dl")
