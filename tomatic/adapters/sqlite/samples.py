"""Samples of the PBX's queue counters in SQLite (times kept in UTC, so that they sort)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlite_utils

from tomatic.adapters.sqlite.db import DatabaseThread
from tomatic.domain.queue import QueueCounters
from tomatic.domain.stats import QueueSample, SampleReason

_COLUMNS = "at, reason, completed, abandoned, holdtime, talktime, waiting, members"


class SqliteQueueSamples:
    """The `queue_samples` table, used on the database thread."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, sample: QueueSample) -> None:
        """Insert one sample."""
        counters = sample.counters
        self.db.execute(
            f"INSERT INTO queue_samples ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                _utc(sample.at),
                sample.reason.value,
                counters.completed,
                counters.abandoned,
                counters.holdtime,
                counters.talktime,
                counters.waiting,
                json.dumps(counters.members, sort_keys=True),
            ],
        )

    def between(self, start: dt.datetime, end: dt.datetime) -> list[QueueSample]:
        """Samples with `start` <= at < `end`, oldest first."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM queue_samples WHERE at >= ? AND at < ? ORDER BY at, id",
            [_utc(start), _utc(end)],
        ).fetchall()
        return [_sample(row) for row in rows]

    def latest(self) -> QueueSample | None:
        """The newest sample."""
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM queue_samples ORDER BY at DESC, id DESC LIMIT 1"
        ).fetchone()
        return _sample(row) if row else None


class SqliteQueueSampleStore:
    """`QueueSampleStore` over SQLite, every call on the database thread."""

    def __init__(self, thread: DatabaseThread) -> None:
        self._thread = thread
        self._sync = SqliteQueueSamples(thread.db)

    async def add(self, sample: QueueSample) -> None:
        await self._thread.run(self._sync.add, sample)

    async def between(self, start: dt.datetime, end: dt.datetime) -> list[QueueSample]:
        return await self._thread.run(self._sync.between, start, end)

    async def latest(self) -> QueueSample | None:
        return await self._thread.run(self._sync.latest)


def _utc(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("sample times must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _sample(row: Any) -> QueueSample:
    at, reason, completed, abandoned, holdtime, talktime, waiting, members = row
    counters = QueueCounters(
        completed=completed,
        abandoned=abandoned,
        holdtime=holdtime,
        talktime=talktime,
        waiting=waiting,
        members=json.loads(members),
    )
    return QueueSample(
        at=dt.datetime.fromisoformat(at), reason=SampleReason(reason), counters=counters
    )
