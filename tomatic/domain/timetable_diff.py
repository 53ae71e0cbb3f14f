"""What changed between two versions of a week: whose turns, and which cells.

The change notices (DMs to the people whose turns changed, a note in the team channel for
today's and tomorrow's turns) are built from this, whatever made the change: a coordinator's
edit, a swap, a re-plan published over the old version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tomatic.domain.model import WEEKDAYS, date_of
from tomatic.domain.timetable import Timetable


@dataclass(frozen=True)
class CellDiff:
    """One cell whose holder changed: (day, turn, 0-based line), before and after."""

    date: dt.date
    day: str
    hour: int
    line: int
    old: str | None
    new: str | None


@dataclass(frozen=True)
class TurnDiff:
    """One turn of one person that was added, removed or moved to another line.

    `old_line`/`new_line` are 0-based, None when the person was not on that turn before/after;
    `other` is who held the cell before (for an added turn) or holds it now (a removed one).
    """

    person: str
    date: dt.date
    day: str
    hour: int
    old_line: int | None
    new_line: int | None
    other: str | None = None

    @property
    def kind(self) -> str:
        """`added`, `removed` or `moved`."""
        if self.old_line is None:
            return "added"
        return "removed" if self.new_line is None else "moved"


def cell_diffs(before: Timetable, after: Timetable) -> list[CellDiff]:
    """Every cell whose holder differs between the two versions, in time order (a day that
    became a holiday, or stopped being one, counts cell by cell)."""
    found = []
    for day in (d for d in WEEKDAYS if d in after.cells or d in before.cells):
        turns = max(len(after.cells.get(day, [])), len(before.cells.get(day, [])))
        for hour in range(turns):
            width = max(len(before.turn(day, hour)), len(after.turn(day, hour)))
            for line in range(width):
                old, new = _holder(before, day, hour, line), _holder(after, day, hour, line)
                if old != new:
                    found.append(CellDiff(date_of(after.week, day), day, hour, line, old, new))
    return found


def turn_diffs(before: Timetable, after: Timetable) -> dict[str, list[TurnDiff]]:
    """Each person's changed turns, in time order, from the changed cells."""
    cells = cell_diffs(before, after)
    people = {p for c in cells for p in (c.old, c.new) if p is not None}
    found: dict[str, list[TurnDiff]] = {}
    for person in sorted(people):
        turns = sorted({(c.date, c.day, c.hour) for c in cells if person in (c.old, c.new)})
        for date, day, hour in turns:
            old_line = _line_of(before, person, day, hour)
            new_line = _line_of(after, person, day, hour)
            if old_line == new_line:
                continue
            other = _counterpart(before, after, day, hour, old_line, new_line)
            found.setdefault(person, []).append(
                TurnDiff(person, date, day, hour, old_line, new_line, other)
            )
    return found


def _holder(table: Timetable, day: str, hour: int, line: int) -> str | None:
    people = table.turn(day, hour)
    return people[line] if line < len(people) else None


def _line_of(table: Timetable, person: str, day: str, hour: int) -> int | None:
    people = table.turn(day, hour)
    return people.index(person) if person in people else None


def _counterpart(
    before: Timetable, after: Timetable, day: str, hour: int, old: int | None, new: int | None
) -> str | None:
    if old is None and new is not None:
        return _holder(before, day, hour, new)
    if new is None and old is not None:
        return _holder(after, day, hour, old)
    return None
