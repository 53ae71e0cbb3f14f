"""Timetable versions and the forced-turns template, in memory (as the SQLite stores)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tomatic.domain.timetable import ForcedTurn, Timetable, TimetableState


@dataclass
class _Version:
    data: str
    state: TimetableState


class InMemoryTimetableStore:
    """`TimetableStore` and `ForcedTurnStore`: versions kept as JSON, like the table's rows."""

    def __init__(self) -> None:
        self._weeks: dict[dt.date, dict[int, _Version]] = {}
        self._forced: list[ForcedTurn] = []

    async def save(self, timetable: Timetable, state: TimetableState, actor: str) -> int:
        versions = self._weeks.setdefault(timetable.week, {})
        number = max(versions, default=0) + 1
        if state == "published":
            self._supersede(timetable.week)
        versions[number] = _Version(timetable.model_dump_json(), state)
        return number

    async def publish(self, week: dt.date, version: int, actor: str) -> None:
        self._supersede(week)
        found = self._weeks.get(week, {}).get(version)
        if found is not None:
            found.state = "published"

    async def discard(self, week: dt.date, version: int, actor: str) -> None:
        found = self._weeks.get(week, {}).get(version)
        if found is not None and found.state == "draft":
            found.state = "discarded"

    async def replace(
        self, timetable: Timetable, version: int, actor: str, change: dict[str, Any]
    ) -> None:
        found = self._weeks.get(timetable.week, {}).get(version)
        if found is not None:
            found.data = timetable.model_dump_json()

    async def published(self, week: dt.date) -> tuple[int, Timetable] | None:
        numbers = [n for n, v in self._weeks.get(week, {}).items() if v.state == "published"]
        return self._read(week, max(numbers)) if numbers else None

    async def version(self, week: dt.date, version: int) -> tuple[int, Timetable] | None:
        return self._read(week, version) if version in self._weeks.get(week, {}) else None

    async def latest(self, week: dt.date) -> tuple[int, Timetable, TimetableState] | None:
        versions = self._weeks.get(week, {})
        if not versions:
            return None
        number = max(versions)
        _, timetable = self._read(week, number)
        return number, timetable, versions[number].state

    async def published_weeks(self) -> list[dt.date]:
        return sorted(
            week
            for week, versions in self._weeks.items()
            if any(v.state == "published" for v in versions.values())
        )

    async def forced_turns(self) -> list[ForcedTurn]:
        return sorted(self._forced)

    async def save_forced_turns(self, turns: list[ForcedTurn], actor: str) -> bool:
        if sorted(self._forced) == sorted(turns):
            return False
        self._forced = list(turns)
        return True

    def _supersede(self, week: dt.date) -> None:
        for version in self._weeks.get(week, {}).values():
            if version.state == "published":
                version.state = "superseded"

    def _read(self, week: dt.date, number: int) -> tuple[int, Timetable]:
        return number, Timetable.model_validate_json(self._weeks[week][number].data)
