"""The sandbox's call history: simulated by the fake PBX, sampled like a real day."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.demo import seed_if_empty
from bot.demo_calls import seed_call_history
from tomatic.adapters.sqlite.db import open_database
from tomatic.adapters.sqlite.samples import SqliteQueueSamples
from tomatic.domain.stats import SampleReason, call_stats

ZONE = ZoneInfo("Europe/Madrid")
HOURS = ["09:00", "10:15", "11:30", "12:45", "14:00"]
THURSDAY = dt.date(2026, 11, 26)


def test_last_week_and_this_week_until_yesterday_get_plausible_calls(tmp_path: Path) -> None:
    db = open_database(tmp_path / "demo.db")
    seed_if_empty(db)
    started = time.monotonic()

    stored = seed_call_history(db, HOURS, 3, ZONE, THURSDAY)

    assert time.monotonic() - started < 5
    samples = SqliteQueueSamples(db).between(
        dt.datetime(2026, 11, 16, tzinfo=ZONE), dt.datetime(2026, 11, 27, tzinfo=ZONE)
    )
    days = sorted({s.at.astimezone(ZONE).date() for s in samples})
    assert days == [dt.date(2026, 11, d) for d in (16, 17, 18, 19, 20, 23, 24, 25)]
    assert stored == len(samples) == 8 * 9  # 5 turn starts (closing included) and 4 hours
    first_day = [s for s in samples if s.at.astimezone(ZONE).date() == days[0]]
    assert [s.reason for s in first_day][0] == SampleReason.TURN
    assert first_day[-1].reason == SampleReason.CLOSING
    week = call_stats(samples, dt.date(2026, 11, 16), dt.date(2026, 11, 22), ZONE)
    assert 5 * 150 < week.total.received < 5 * 300  # about 35 calls an hour, 5 hours a day
    assert 0.6 < (week.answer_rate or 0) <= 1
    assert len(week.by_member) >= 3 and set(week.by_hour) == {9, 10, 11, 12, 13}


def test_a_database_with_samples_is_left_alone(tmp_path: Path) -> None:
    db = open_database(tmp_path / "demo.db")
    seed_if_empty(db)
    seed_call_history(db, HOURS, 3, ZONE, THURSDAY)

    assert seed_call_history(db, HOURS, 3, ZONE, THURSDAY) == 0
