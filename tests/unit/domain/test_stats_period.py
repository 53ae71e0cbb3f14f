"""Which days `/tomatic stats …` is about (read like every command's days and weeks)."""

from __future__ import annotations

import datetime as dt

import pytest

from tomatic.domain.errors import ValidationError
from tomatic.domain.stats_period import PeriodKind, parse_period

THURSDAY = dt.date(2026, 11, 26)
MONDAY = dt.date(2026, 11, 23)


def day(number: int) -> dt.date:
    return dt.date(2026, 11, number)


@pytest.mark.parametrize(
    ("words", "kind", "first", "last"),
    [
        ([], PeriodKind.DAY, THURSDAY, THURSDAY),
        (["day"], PeriodKind.DAY, THURSDAY, THURSDAY),
        (["avui"], PeriodKind.DAY, THURSDAY, THURSDAY),
        (["2026-11-20"], PeriodKind.DAY, day(20), day(20)),
        (["20/11"], PeriodKind.DAY, day(20), day(20)),
        (["dia", "anterior"], PeriodKind.DAY, day(25), day(25)),
        (["ayer"], PeriodKind.DAY, day(25), day(25)),
        (["dimarts"], PeriodKind.DAY, day(24), day(24)),  # this week's, already past
        (["dv"], PeriodKind.DAY, day(20), day(20)),  # this Friday is to come: last week's
        (["last", "wed"], PeriodKind.DAY, day(18), day(18)),
        (["week"], PeriodKind.WEEK, MONDAY, day(29)),
        (["Setmana", "passada"], PeriodKind.WEEK, day(16), day(22)),
        (["semana", "2026-11-04"], PeriodKind.WEEK, day(2), day(8)),
        (["week", "2026-W47"], PeriodKind.WEEK, day(16), day(22)),
    ],
)
def test_words_name_a_day_or_a_week(words, kind, first, last) -> None:
    period = parse_period(words, THURSDAY)

    assert (period.kind, period.first, period.last) == (kind, first, last)


def test_the_last_day_of_a_monday_is_the_friday_before() -> None:
    assert parse_period(["day", "last"], MONDAY).first == dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("words", "key"),
    [
        (["week", "next"], "stats.future"),
        (["demà"], "stats.future"),
        (["2026-11-27"], "stats.future"),
        (["next", "mon"], "stats.future"),
        (["2020-12-31"], "dates.out_of_range"),
        (["month"], "dates.bad_day"),
        (["week", "last", "please"], "stats.usage"),
        (["wed", "please"], "stats.usage"),
        (["２０２６-11-20"], "dates.bad_day"),
        (["2026-13-01"], "dates.no_such_date"),
        (["saturday"], "dates.weekend"),
    ],
)
def test_the_future_the_distant_past_and_nonsense_are_refused_with_the_reason(words, key) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_period(words, THURSDAY)

    assert raised.value.key == key
