"""DiscomfortStore contract (the fairness ledger), in memory and SQLite."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.fairness import LedgerWeek
from tomatic.ports.stores import Stores

WEEK = dt.date(2026, 11, 30)


def entry(week: dt.date, version: int = 1, **points: int) -> LedgerWeek:
    return LedgerWeek(week=week, version=version, fingerprint=f"f{version}", points=points)


async def test_recorded_weeks_come_back_between_two_mondays_oldest_first(stores: Stores):
    for back in (0, 1, 3):
        await stores.discomfort.record(entry(WEEK - dt.timedelta(weeks=back), anna=back), "x")
    found = await stores.discomfort.weeks(WEEK - dt.timedelta(weeks=2), WEEK)
    assert [(e.week, e.points) for e in found] == [
        (WEEK - dt.timedelta(weeks=1), {"anna": 1}),
        (WEEK, {"anna": 0}),
    ]
    assert await stores.discomfort.weeks(WEEK + dt.timedelta(weeks=1), WEEK) == []


async def test_recording_a_week_again_replaces_its_whole_entry(stores: Stores):
    await stores.discomfort.record(entry(WEEK, 1, anna=5, bernat=2), "x")
    await stores.discomfort.record(entry(WEEK, 3, bernat=7, carla=0), "x")
    [again] = await stores.discomfort.weeks(WEEK, WEEK)
    assert again == entry(WEEK, 3, bernat=7, carla=0)


async def test_a_week_measured_with_nobody_is_still_recorded(stores: Stores):
    await stores.discomfort.record(entry(WEEK, 2), "x")
    assert await stores.discomfort.weeks(WEEK, WEEK) == [entry(WEEK, 2)]
