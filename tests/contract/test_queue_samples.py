"""QueueSampleStore contract, run against both stores: in memory and SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tomatic.adapters.memory.samples import InMemoryQueueSampleStore
from tomatic.adapters.sqlite.db import DatabaseThread, open_database
from tomatic.adapters.sqlite.samples import SqliteQueueSampleStore
from tomatic.domain.queue import QueueCounters
from tomatic.domain.stats import QueueSample, SampleReason
from tomatic.ports import QueueSampleStore

ZONE = ZoneInfo("Europe/Madrid")


def sample(day: int, hhmm: str, completed: int, **members: int) -> QueueSample:
    at = dt.datetime.combine(dt.date(2026, 3, day), dt.time.fromisoformat(hhmm), tzinfo=ZONE)
    counters = QueueCounters(
        completed=completed,
        abandoned=completed // 10,
        holdtime=12,
        talktime=200,
        waiting=1,
        members=members,
    )
    return QueueSample(at=at, reason=SampleReason.HOURLY, counters=counters)


@pytest.fixture(params=["memory", "sqlite"])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[QueueSampleStore]:
    if request.param == "memory":
        yield InMemoryQueueSampleStore()
        return
    thread = DatabaseThread(open_database(tmp_path / "samples.db"))
    yield SqliteQueueSampleStore(thread)
    thread.close()


async def test_samples_come_back_as_they_were_kept(store) -> None:
    kept = sample(2, "09:00", 5, **{"3001": 2, "3002": 3})

    await store.add(kept)

    [found] = await store.between(kept.at, kept.at + dt.timedelta(seconds=1))
    assert found == kept
    assert found.counters.members == {"3001": 2, "3002": 3}


async def test_between_includes_the_start_excludes_the_end_and_sorts_by_time(store) -> None:
    for day, hhmm, completed in (
        (3, "09:00", 3),
        (2, "14:00", 2),
        (2, "09:00", 1),
        (4, "09:00", 4),
    ):
        await store.add(sample(day, hhmm, completed))
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)

    found = await store.between(start, start + dt.timedelta(days=2))

    assert [s.counters.completed for s in found] == [1, 2, 3]


async def test_times_in_other_zones_are_the_same_instants(store) -> None:
    await store.add(sample(2, "09:00", 1))  # 08:00 UTC (winter time)
    utc = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)

    assert len(await store.between(utc, utc + dt.timedelta(minutes=1))) == 1
    assert await store.between(utc + dt.timedelta(minutes=1), utc + dt.timedelta(hours=1)) == []


async def test_latest_is_the_newest_sample(store) -> None:
    assert await store.latest() is None
    await store.add(sample(2, "11:00", 7))
    await store.add(sample(2, "10:00", 6))

    latest = await store.latest()

    assert latest is not None and latest.counters.completed == 7


async def test_naive_times_are_refused(store) -> None:
    naive = sample(2, "09:00", 1).model_copy(update={"at": dt.datetime(2026, 3, 2, 9, 0)})

    with pytest.raises(ValueError):
        await store.add(naive)
