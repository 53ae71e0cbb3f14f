"""`swap` reads days as every command does and can offer any future published turn."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import NOW, ZONE
from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store
from tomatic.domain.dates import DayRef, read_day
from tomatic.domain.errors import ConflictError, NotFoundError, ValidationError

WEEK_AFTER = NEXT_WEEK + dt.timedelta(days=7)


def day(*words: str) -> DayRef:
    """A day as the commands read it, seen from the tests' Thursday 26/11/2026 10:00."""
    return read_day(list(words), NOW.date())[0]


@pytest.fixture
async def team(services, stores):
    people = await make_team(services)
    for week in (THIS_WEEK, NEXT_WEEK, WEEK_AFTER):
        await store(stores, grid(week))
    return people


def holder(week: dt.date, weekday: str, hour: int) -> str:
    """Who holds line 1 of a turn in the team's hand-made grid."""
    return grid(week).cell(weekday, hour, 0) or ""


@pytest.mark.parametrize("words", [["dimecres"], ["wed"], ["dc"], ["miércoles"], ["2026-12-02"]])
async def test_every_way_of_naming_next_wednesday_offers_the_same_turn(services, team, words):
    person = team[holder(NEXT_WEEK, "dx", 1)]
    request = await services.swaps.request(person, day(*words), "10:15")
    assert (request.week, request.day, request.hour) == (NEXT_WEEK, "dx", 1)
    assert request.starts_at == dt.datetime(2026, 12, 2, 10, 15, tzinfo=ZONE)


async def test_next_weeks_turn_and_the_week_after_can_be_offered(services, team):
    person = team[holder(WEEK_AFTER, "dx", 1)]
    request = await services.swaps.request(person, day("2026-12-09"), "10:15")
    assert (request.week, request.day) == (WEEK_AFTER, "dx")
    other = team[holder(NEXT_WEEK, "dl", 0)]
    request = await services.swaps.request(other, day("next", "dl"), "09:00")
    assert (request.week, request.day) == (NEXT_WEEK, "dl")


async def test_todays_turn_that_has_started_means_next_weeks(services, team):
    person = team[holder(NEXT_WEEK, "dj", 0)]  # Thursday 09:00 started an hour ago
    request = await services.swaps.request(person, day("dj"), "09:00")
    assert (request.week, request.day, request.hour) == (NEXT_WEEK, "dj", 0)


async def test_todays_turn_still_to_come_is_todays(services, team):
    person = team[holder(THIS_WEEK, "dj", 2)]
    request = await services.swaps.request(person, day("today"), "11:30")
    assert (request.week, request.day) == (THIS_WEEK, "dj")


async def test_a_turn_that_has_started_on_a_named_date_is_too_late(services, team):
    with pytest.raises(ConflictError) as refused:
        await services.swaps.request(team["anna"], day("2026-11-26"), "09:00")
    assert refused.value.key == "swap.too_late"
    assert refused.value.params == {"day": dt.date(2026, 11, 26), "hour": "09:00"}


async def test_not_found_says_what_was_understood(services, team):
    someone_else = holder(NEXT_WEEK, "dx", 1)
    person = next(p for name, p in team.items() if name not in grid(NEXT_WEEK).turn("dx", 1))
    with pytest.raises(NotFoundError) as refused:
        await services.swaps.request(person, day("wed"), "10:15")
    assert refused.value.key == "swap.not_yours" and someone_else != person.id
    assert refused.value.params == {"day": dt.date(2026, 12, 2), "hour": "10:15"}
    with pytest.raises(NotFoundError) as unpublished:
        await services.swaps.request(person, day("2026-12-16"), "10:15")
    assert unpublished.value.key == "swap.no_timetable"
    assert unpublished.value.params == {"day": dt.date(2026, 12, 16)}


async def test_a_hour_that_starts_no_turn_names_the_starts(services, team):
    with pytest.raises(ValidationError) as refused:
        await services.swaps.request(team["anna"], day("wed"), "10:00")
    assert refused.value.key == "timetable.bad_hour"


async def test_a_request_cannot_be_taken_once_its_turn_has_started(services, stores, team):
    person = team[holder(THIS_WEEK, "dj", 2)]
    request = await services.swaps.request(person, day("today"), "11:30")
    services.swaps.now = lambda: dt.datetime(2026, 11, 26, 11, 31, tzinfo=ZONE)
    with pytest.raises(ConflictError) as refused:
        await services.swaps.take(team[request.candidates[0]], request.id)
    assert refused.value.key == "swap.state.expired"
    assert (await services.swaps.get(request.id)).state == "expired"
    _, table = await stores.timetables.published(THIS_WEEK)
    assert table.cell("dj", 2, 0) == person.id
