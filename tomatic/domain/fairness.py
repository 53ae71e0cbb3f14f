"""The fairness ledger: how much discomfort each person carried in each published week.

A week's entry is measured on its published timetable (the planner's `discomfort_of`: a
person's own penalty terms above the least their number of turns must cost). Like the shift
credit, the ledger adds weeks up; the planner receives each person's total over recent weeks
and spreads the unpleasant turns away from those who carried the most (docs/planning.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import statistics
from dataclasses import dataclass

from pydantic import BaseModel, Field

from tomatic.domain.timetable import Timetable

DEFAULT_WEEKS = 8
"""How many weeks back the planner and `/tomatic fairness` look by default."""
MAX_WEEKS = 52
"""The longest look back `/tomatic fairness` accepts."""


class LedgerWeek(BaseModel):
    """One published week's discomfort per person, and which timetable it was measured on."""

    week: dt.date
    version: int
    fingerprint: str
    points: dict[str, int] = Field(default_factory=dict)


def fingerprint(timetable: Timetable) -> str:
    """A short digest of who holds which cell: it changes whenever any cell changes."""
    cells = json.dumps([timetable.days, timetable.cells], sort_keys=True)
    return hashlib.sha256(cells.encode()).hexdigest()[:16]


def weeks_before(week: dt.date, count: int) -> list[dt.date]:
    """The `count` Mondays before `week`, oldest first."""
    return [week - dt.timedelta(days=7 * back) for back in range(count, 0, -1)]


def totals(entries: list[LedgerWeek]) -> dict[str, int]:
    """Each person's discomfort added up over `entries`."""
    found: dict[str, int] = {}
    for entry in entries:
        for person, points in entry.points.items():
            found[person] = found.get(person, 0) + points
    return found


@dataclass(frozen=True)
class LedgerRow:
    """A person's line of the ledger: total, and points per week (None: not planned then)."""

    person: str
    name: str
    total: int
    weekly: list[int | None]


@dataclass(frozen=True)
class FairnessReport:
    """The ledger over some weeks: rows with the most discomfort first, and the spread."""

    weeks: list[dt.date]
    recorded: int
    rows: list[LedgerRow]
    enabled: bool

    @property
    def mean(self) -> float:
        """The team's mean total."""
        return statistics.fmean(r.total for r in self.rows) if self.rows else 0.0

    @property
    def spread(self) -> float:
        """The standard deviation of the totals (what fairness keeps small)."""
        return statistics.pstdev(r.total for r in self.rows) if len(self.rows) > 1 else 0.0


def ledger_rows(
    weeks: list[dt.date], entries: list[LedgerWeek], names: dict[str, str]
) -> list[LedgerRow]:
    """One row per person in any entry, most discomfort first (then by name)."""
    by_week = {entry.week: entry.points for entry in entries}
    people = sorted({p for entry in entries for p in entry.points})
    rows = [
        LedgerRow(
            person,
            names.get(person, person),
            sum(by_week.get(week, {}).get(person, 0) for week in weeks),
            [by_week[week].get(person) if week in by_week else None for week in weeks],
        )
        for person in people
    ]
    return sorted(rows, key=lambda row: (-row.total, row.name.casefold(), row.person))
