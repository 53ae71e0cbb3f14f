"""Timetable versions (drafts and published weeks) and the forced-turns template."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import sqlite_utils

from tomatic.adapters.sqlite.db import audit, now_iso, transaction
from tomatic.domain.timetable import ForcedTurn, Timetable, TimetableState

DRAFT: TimetableState = "draft"
PUBLISHED: TimetableState = "published"
SUPERSEDED: TimetableState = "superseded"
DISCARDED: TimetableState = "discarded"


class SqliteTimetables:
    """Every version of every week; at most one published per week."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def save(self, timetable: Timetable, state: TimetableState, actor: str) -> int:
        """Store a new version of the week; returns its version number."""
        with transaction(self.db):
            week = timetable.week.isoformat()
            row = self.db.execute(
                "SELECT COALESCE(MAX(version), 0) FROM timetables WHERE week = ?", [week]
            ).fetchone()
            version = row[0] + 1
            if state == PUBLISHED:
                self._supersede(week)
            self.db.table("timetables").insert(
                {
                    "week": week,
                    "version": version,
                    "state": state,
                    "data": timetable.model_dump_json(),
                    "created_at": now_iso(),
                    "created_by": actor,
                }
            )
            audit(self.db, actor, f"save-{state}", "timetable", f"{week}#{version}")
            return version

    def publish(self, week: dt.date, version: int, actor: str) -> None:
        """Make a stored version the published one (the previous one is kept, superseded)."""
        with transaction(self.db):
            self._supersede(week.isoformat())
            self.db.execute(
                "UPDATE timetables SET state = ? WHERE week = ? AND version = ?",
                [PUBLISHED, week.isoformat(), version],
            )
            audit(self.db, actor, "publish", "timetable", f"{week}#{version}")

    def discard(self, week: dt.date, version: int, actor: str) -> None:
        """Mark a draft as discarded."""
        with transaction(self.db):
            self.db.execute(
                "UPDATE timetables SET state = ? WHERE week = ? AND version = ? AND state = ?",
                [DISCARDED, week.isoformat(), version, DRAFT],
            )
            audit(self.db, actor, "discard", "timetable", f"{week}#{version}")

    def replace(
        self, timetable: Timetable, version: int, actor: str, change: dict[str, Any]
    ) -> None:
        """Overwrite one version in place (a cell edit), auditing the change."""
        with transaction(self.db):
            self.db.execute(
                "UPDATE timetables SET data = ? WHERE week = ? AND version = ?",
                [timetable.model_dump_json(), timetable.week.isoformat(), version],
            )
            audit(self.db, actor, "edit", "timetable", f"{timetable.week}#{version}", None, change)

    def published(self, week: dt.date) -> tuple[int, Timetable] | None:
        """The published version of a week."""
        return self._one("week = ? AND state = ?", [week.isoformat(), PUBLISHED])

    def version(self, week: dt.date, version: int) -> tuple[int, Timetable] | None:
        """One version of a week."""
        return self._one("week = ? AND version = ?", [week.isoformat(), version])

    def latest(self, week: dt.date) -> tuple[int, Timetable, TimetableState] | None:
        """The newest version of a week with its state."""
        row = self.db.execute(
            "SELECT version, data, state FROM timetables WHERE week = ? ORDER BY version DESC"
            " LIMIT 1",
            [week.isoformat()],
        ).fetchone()
        return (
            (row[0], Timetable.model_validate_json(row[1]), cast(TimetableState, row[2]))
            if row
            else None
        )

    def published_weeks(self) -> list[dt.date]:
        """Weeks with a published timetable, oldest first."""
        rows = self.db.execute(
            "SELECT week FROM timetables WHERE state = ? ORDER BY week", [PUBLISHED]
        )
        return [dt.date.fromisoformat(r[0]) for r in rows]

    def find_same(self, timetable: Timetable) -> bool:
        """True when an identical timetable is already stored for its week."""
        data = timetable.model_dump_json()
        row = self.db.execute(
            "SELECT 1 FROM timetables WHERE week = ? AND data = ?",
            [timetable.week.isoformat(), data],
        ).fetchone()
        return row is not None

    def _supersede(self, week: str) -> None:
        self.db.execute(
            "UPDATE timetables SET state = ? WHERE week = ? AND state = ?",
            [SUPERSEDED, week, PUBLISHED],
        )

    def _one(self, where: str, args: list[Any]) -> tuple[int, Timetable] | None:
        row = self.db.execute(
            f"SELECT version, data FROM timetables WHERE {where} ORDER BY version DESC LIMIT 1",
            args,
        ).fetchone()
        return (row[0], Timetable.model_validate_json(row[1])) if row else None

    def forced_turns(self) -> list[ForcedTurn]:
        """The fixed-turns template: (day, hour, line, person)."""
        rows = self.db.execute("SELECT day, hour, line, person FROM forced_turns ORDER BY 1, 2, 3")
        return [(day, hour, line, person) for day, hour, line, person in rows]

    def save_forced_turns(self, turns: list[ForcedTurn], actor: str) -> bool:
        """Replace the template; False when nothing changed."""
        before = self.forced_turns()
        if sorted(before) == sorted(turns):
            return False
        with transaction(self.db):
            self.db.execute("DELETE FROM forced_turns")
            for day, hour, line, person in turns:
                self.db.table("forced_turns").insert(
                    {"day": day, "hour": hour, "line": line, "person": person}
                )
            audit(self.db, actor, "replace", "forced_turns", "template", before, turns)
        return True
