"""The weekly timetable: who is on which line of each turn."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from tomatic.domain.model import HOLIDAY_CELL, NOBODY, WEEKDAYS, date_of, monday_of, weekday_code


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
    other weekdays of the week to their holiday name.
    """

    week: dt.date
    days: list[str]
    hours: list[str]
    lines: int
    cells: dict[str, list[list[str | None]]]
    holidays: dict[str, str] = Field(default_factory=dict)
    overload: dict[str, float] = Field(default_factory=dict)
    cost: float | None = None
    penalties: list[dict] = Field(default_factory=list)
    log: list[CellChange] = Field(default_factory=list)

    @classmethod
    def empty(cls, week: dt.date, days: list[str], hours: list[str], lines: int) -> Timetable:
        """A timetable with every cell empty."""
        cells = {d: [[None] * lines for _ in range(len(hours) - 1)] for d in days}
        return cls(week=week, days=days, hours=hours, lines=lines, cells=cells)

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

    def turns_of(self, person: str) -> list[tuple[str, int, int]]:
        """(day, hour, line) of every cell a person holds, in time order."""
        found = []
        for day in self.days:
            for hour, people in enumerate(self.cells.get(day, [])):
                found += [(day, hour, line) for line, p in enumerate(people) if p == person]
        return found

    def holes(self) -> int:
        """How many cells are empty."""
        return sum(p is None for rows in self.cells.values() for row in rows for p in row)

    def load_of(self, person: str) -> int:
        """How many turns a person holds."""
        return len(self.turns_of(person))

    def start_of(self, day: str, hour: int, zone: dt.tzinfo) -> dt.datetime:
        """When a turn starts, in the team's zone."""
        return _at(date_of(self.week, day), self.hours[hour], zone)

    def end_of(self, day: str, hour: int, zone: dt.tzinfo) -> dt.datetime:
        """When a turn ends."""
        return _at(date_of(self.week, day), self.hours[hour + 1], zone)


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


def queue_at(timetable: Timetable | None, moment: dt.datetime) -> list[str]:
    """Who should be on the phones at `moment`, in line order (holes and nobody skipped)."""
    if timetable is None or monday_of(moment.date()) != timetable.week:
        return []
    day = weekday_code(moment.date())
    hour = turn_at(timetable.hours, moment)
    if day is None or day not in timetable.cells or hour is None:
        return []
    return [p for p in timetable.turn(day, hour) if p and p not in (NOBODY, HOLIDAY_CELL)]


def next_turn(hours: list[str], moment: dt.datetime) -> tuple[dt.date, int] | None:
    """The next turn start strictly after `moment` on a weekday (holidays not considered)."""
    date = moment.date()
    hhmm = moment.strftime("%H:%M")
    for offset in range(8):
        day = date + dt.timedelta(days=offset)
        if day.weekday() >= len(WEEKDAYS):
            continue
        for index, start in enumerate(hours[:-1]):
            if offset > 0 or start > hhmm:
                return day, index
    return None
