"""The fairness ledger in SQLite: one row per published week measured, one per person in it."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from tomatic.adapters.sqlite.db import DatabaseThread, audit, now_iso, transaction
from tomatic.domain.fairness import LedgerWeek


class SqliteLedger:
    """The `discomfort_weeks` and `discomfort` tables, used on the database thread."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def weeks(self, first: dt.date, last: dt.date) -> list[LedgerWeek]:
        """Recorded weeks between two Mondays (both in), oldest first."""
        found = {
            week: LedgerWeek(week=week, version=version, fingerprint=digest)
            for week, version, digest in (
                (dt.date.fromisoformat(w), v, d)
                for w, v, d in self.db.execute(
                    "SELECT week, version, fingerprint FROM discomfort_weeks"
                    " WHERE week >= ? AND week <= ? ORDER BY week",
                    [first.isoformat(), last.isoformat()],
                )
            )
        }
        rows = self.db.execute(
            "SELECT week, person, points FROM discomfort WHERE week >= ? AND week <= ?"
            " ORDER BY week, person",
            [first.isoformat(), last.isoformat()],
        )
        for week, person, points in rows:
            found[dt.date.fromisoformat(week)].points[person] = points
        return list(found.values())

    def record(self, entry: LedgerWeek, actor: str) -> None:
        """Replace a week's entry."""
        week = entry.week.isoformat()
        with transaction(self.db):
            self.db.execute("DELETE FROM discomfort WHERE week = ?", [week])
            self.db.execute(
                "INSERT OR REPLACE INTO discomfort_weeks (week, version, fingerprint, recorded_at)"
                " VALUES (?, ?, ?, ?)",
                [week, entry.version, entry.fingerprint, now_iso()],
            )
            self.db.conn.executemany(
                "INSERT INTO discomfort (week, person, points) VALUES (?, ?, ?)",
                [(week, person, points) for person, points in sorted(entry.points.items())],
            )
            after = {"version": entry.version, "total": sum(entry.points.values())}
            audit(self.db, actor, "record", "discomfort", week, None, after)


class SqliteDiscomfortStore:
    """`DiscomfortStore` over SQLite, every call on the database thread."""

    def __init__(self, thread: DatabaseThread) -> None:
        self._thread = thread
        self._sync = SqliteLedger(thread.db)

    async def weeks(self, first: dt.date, last: dt.date) -> list[LedgerWeek]:
        return await self._thread.run(self._sync.weeks, first, last)

    async def record(self, entry: LedgerWeek, actor: str) -> None:
        await self._thread.run(self._sync.record, entry, actor)
