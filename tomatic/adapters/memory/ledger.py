"""`DiscomfortStore` in a dict (as the SQLite store)."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.fairness import LedgerWeek


class InMemoryDiscomfortStore:
    """Each week's entry kept as JSON, like the tables' rows."""

    def __init__(self) -> None:
        self._weeks: dict[dt.date, str] = {}

    async def weeks(self, first: dt.date, last: dt.date) -> list[LedgerWeek]:
        return [
            LedgerWeek.model_validate_json(self._weeks[week])
            for week in sorted(self._weeks)
            if first <= week <= last
        ]

    async def record(self, entry: LedgerWeek, actor: str) -> None:
        self._weeks[entry.week] = entry.model_dump_json()
