"""The weekly timetable: who is on which line of each turn, and how a cell changes hands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from tomatic.domain.cell_input import read_line, read_turn
from tomatic.domain.errors import ValidationError
from tomatic.domain.model import HOLIDAY_CELL, NOBODY, WEEKDAYS, date_of

Grid = list[list[list[str | None]]]
"""A week's cells by day index, turn and line: a person id, or None for a hole. The planner's
shape of a timetable; `Timetable.grid` and `Timetable.from_grid` convert, nothing else does."""

Cell = tuple[str, int, int]
"""(day code, turn index, line index) of one cell."""

ForcedTurn = tuple[str, int, int, str]
"""(day code, turn index, line index, person id or `ningu`) of the fixed-turns template."""

TimetableState = Literal["draft", "published", "superseded", "discarded"]

TURN_SEARCH_DAYS = 15
"""How far ahead `next_turns` looks for turn starts."""


class CellChange(BaseModel):
    """One edit of a cell, for the change log."""

    at: dt.datetime
    actor: str
    day: str
    hour: int
    line: int
    old: str | None
    new: str | None


class Timetable(BaseModel):
    """One week. `cells[day][hour][line]` is a person id or None (a hole).

    `days` are the planned weekdays (holidays left out); `holidays` maps the
    other weekdays of the week to their holiday name. `overload` is each person's turns
    over their fair load this week: it becomes their shift credit.
    """

    week: dt.date
    days: list[str]
    hours: list[str]
    lines: int
    cells: dict[str, list[list[str | None]]]
    holidays: dict[str, str] = Field(default_factory=dict)
    overload: dict[str, float] = Field(default_factory=dict)
    cost: float | None = None
    penalties: list[dict[str, Any]] = Field(default_factory=list)
    log: list[CellChange] = Field(default_factory=list)

    @field_validator("cells")
    @classmethod
    def _holes_are_none(
        cls, cells: dict[str, list[list[str | None]]]
    ) -> dict[str, list[list[str | None]]]:
        """The original's `ningu` and `festiu` markers are holes here."""
        return {
            day: [[None if p in (NOBODY, HOLIDAY_CELL) else p for p in turn] for turn in rows]
            for day, rows in cells.items()
        }

    @classmethod
    def empty(cls, week: dt.date, days: list[str], hours: list[str], lines: int) -> Timetable:
        """A timetable with every cell empty."""
        cells: dict[str, list[list[str | None]]] = {
            d: [[None] * lines for _ in range(len(hours) - 1)] for d in days
        }
        return cls(week=week, days=days, hours=hours, lines=lines, cells=cells)

    @classmethod
    def from_grid(
        cls, week: dt.date, days: list[str], hours: list[str], grid: Grid, **fields: Any
    ) -> Timetable:
        """The timetable of a planner grid whose day `i` is `days[i]`; the weekdays left out
        are holidays."""
        cells = {day: [list(turn) for turn in grid[i]] for i, day in enumerate(days)}
        lines = len(grid[0][0]) if grid and grid[0] else 0
        holidays = {d: "" for d in WEEKDAYS if d not in days}
        return cls(
            week=week, days=days, hours=hours, lines=lines, cells=cells, holidays=holidays, **fields
        )

    def grid(self, days: list[str] | None = None) -> Grid:
        """The cells of `days` (default: every planned day) as a planner grid."""
        chosen = self.planned_days() if days is None else days
        return [[list(turn) for turn in self.cells[day]] for day in chosen]

    def planned_days(self) -> list[str]:
        """The days with cells, in week order."""
        return [day for day in self.days if day in self.cells]

    @property
    def turns(self) -> int:
        """Turns per day."""
        return len(self.hours) - 1

    def turn_label(self, hour: int) -> str:
        """`09:00–10:15`."""
        return f"{self.hours[hour]}–{self.hours[hour + 1]}"

    def cell(self, day: str, hour: int, line: int) -> str | None:
        """The person on a cell, or None."""
        return self.cells[day][hour][line]

    def turn(self, day: str, hour: int) -> list[str | None]:
        """The people of a turn in line order (None for holes)."""
        if day not in self.cells or not 0 <= hour < self.turns:
            return []
        return list(self.cells[day][hour])

    def people(self, day: str, hour: int) -> list[str]:
        """The people of a turn in line order, holes left out."""
        return [person for person in self.turn(day, hour) if person is not None]

    def turns_of(self, person: str) -> list[Cell]:
        """(day, hour, line) of every cell a person holds, in time order."""
        found = []
        for day in self.days:
            for hour, people in enumerate(self.cells.get(day, [])):
                found += [(day, hour, line) for line, p in enumerate(people) if p == person]
        return found

    def holes(self) -> int:
        """How many cells are empty."""
        return sum(p is None for rows in self.cells.values() for row in rows for p in row)

    def start_of(self, day: str, hour: int, zone: dt.tzinfo) -> dt.datetime:
        """When a turn starts, in the team's zone."""
        return _at(date_of(self.week, day), self.hours[hour], zone)

    def end_of(self, day: str, hour: int, zone: dt.tzinfo) -> dt.datetime:
        """When a turn ends."""
        return _at(date_of(self.week, day), self.hours[hour + 1], zone)

    def locate(self, day: str, hour_hhmm: str, line: str = "1") -> Cell:
        """The cell of a weekday code, a typed turn start time and a typed 1-based line.

        Raises:
            ValidationError: timetable.bad_day, .holiday, .bad_hour, .not_a_line or .bad_line.
        """
        code = day.lower()
        if code not in WEEKDAYS:
            raise ValidationError("timetable.bad_day", value=code)
        if code not in self.cells:
            raise ValidationError("timetable.holiday", day=date_of(self.week, code))
        hour = read_turn(hour_hhmm, self.hours)
        return code, hour, read_line(line, self.lines) - 1

    def with_change(
        self, cell: Cell, new: str | None, actor: str, at: dt.datetime
    ) -> tuple[Timetable, CellChange]:
        """A copy with one cell given to `new` (None: a hole), the credit moved, the change
        logged (timetable.md §6.3): whoever leaves a turn owes it, whoever takes it is owed."""
        changed = self.model_copy(deep=True)
        return changed, changed._change(cell, new, actor, at)

    def with_grid(
        self, days: list[str], grid: Grid, actor: str, at: dt.datetime
    ) -> tuple[Timetable, list[CellChange]]:
        """A copy with the cells of `days` taken from a planner grid, each change made as by
        `with_change`."""
        changed = self.model_copy(deep=True)
        changes = [
            changed._change((day, hour, line), new, actor, at)
            for d, day in enumerate(days)
            for hour, turn in enumerate(grid[d])
            for line, new in enumerate(turn)
            if changed.cells[day][hour][line] != new
        ]
        return changed, changes

    def _change(self, cell: Cell, new: str | None, actor: str, at: dt.datetime) -> CellChange:
        day, hour, line = cell
        old = self.cells[day][hour][line]
        self.cells[day][hour][line] = new
        for person, step in ((old, -1), (new, 1)):
            if person is not None:
                self.overload[person] = round(self.overload.get(person, 0.0) + step, 6)
        change = CellChange(at=at, actor=actor, day=day, hour=hour, line=line, old=old, new=new)
        self.log.append(change)
        return change


def _at(date: dt.date, hhmm: str, zone: dt.tzinfo) -> dt.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=zone)


def turn_at(hours: list[str], moment: dt.datetime) -> int | None:
    """The turn running at `moment` (by its HH:MM), None before opening or from closing."""
    hhmm = moment.strftime("%H:%M")
    for index in range(len(hours) - 1):
        if hours[index] <= hhmm < hours[index + 1]:
            return index
    return None


def next_turns(
    hours: list[str], moment: dt.datetime, inclusive: bool = False
) -> Iterator[tuple[dt.date, int]]:
    """Turn starts on weekdays after `moment` (or at it, when `inclusive`), in time order,
    for the next fortnight (holidays are the caller's to skip)."""
    hhmm = moment.strftime("%H:%M")
    for offset in range(TURN_SEARCH_DAYS):
        day = moment.date() + dt.timedelta(days=offset)
        if day.weekday() >= len(WEEKDAYS):
            continue
        for index, start in enumerate(hours[:-1]):
            if offset > 0 or start > hhmm or (inclusive and start == hhmm):
                yield day, index
