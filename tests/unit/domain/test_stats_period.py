"""Which days `/tomatic stats …` is about."""

from __future__ import annotations

import datetime as dt

import pytest

from tomatic.domain.errors import ValidationError
from tomatic.domain.stats_period import PeriodKind, parse_period

THURSDAY = dt.date(2026, 11, 26)
MONDAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("words", "kind", "first", "last"),
    [
        ([], PeriodKind.DAY, THURSDAY, THURSDAY),
        (["day"], PeriodKind.DAY, THURSDAY, THURSDAY),
        (["avui"], PeriodKind.DAY, THURSDAY, THURSDAY),
        (["2026-11-20"], PeriodKind.DAY, dt.date(2026, 11, 20), dt.date(2026, 11, 20)),
        (["dia", "anterior"], PeriodKind.DAY, dt.date(2026, 11, 25), dt.date(2026, 11, 25)),
        (["ayer"], PeriodKind.DAY, dt.date(2026, 11, 25), dt.date(2026, 11, 25)),
        (["week"], PeriodKind.WEEK, MONDAY, dt.date(2026, 11, 29)),
        (["Setmana", "passada"], PeriodKind.WEEK, dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
        (["semana", "2026-11-04"], PeriodKind.WEEK, dt.date(2026, 11, 2), dt.date(2026, 11, 8)),
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
        (["1999-12-31"], "stats.too_old"),
        (["month"], "stats.usage"),
        (["week", "last", "please"], "stats.usage"),
        (["２０２６-11-20"], "stats.usage"),
        (["2026-13-01"], "stats.usage"),
    ],
)
def test_the_future_the_distant_past_and_nonsense_are_refused_with_the_reason(words, key) -> None:
    with pytest.raises(ValidationError) as raised:
        parse_period(words, THURSDAY)

    assert raised.value.key == key
