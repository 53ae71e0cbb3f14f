"""Importing and exporting the original Tomàtic's files, all or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import LEGACY_PERSON_ID_RE, NOBODY, WEEKDAYS, BusyEntry, date_of
from tomatic.domain.timetable import Timetable
from tomatic.legacy.directory import LegacyBundle
from tomatic.legacy.formats import ForcedTurn, ForcedTurns, LegacyConfig, LegacyTimetable, LineError

ACTOR = "import-legacy"


@dataclass
class ImportReport:
    """What an import changed, counted per kind, and what it refused."""

    changed: dict[str, int] = field(default_factory=dict)
    rejected: list[LineError] = field(default_factory=list)

    def count(self, kind: str, n: int) -> None:
        """Add `n` changes of `kind`."""
        self.changed[kind] = self.changed.get(kind, 0) + n


def config_overrides(config: LegacyConfig) -> dict[str, Any]:
    """The planning keys of a legacy config.yaml in our configuration's terms."""
    values = {
        "hours": config.hours,
        "lines": config.line_count,
        "max_per_day": config.daily_max_general,
        "max_per_day_by_person": {k: v for k, v in config.daily_max.items() if k != NOBODY},
        "max_overload": int(config.max_overload),
        "adjust_lines": config.adjust_lines,
        "max_phoning_in_group": config.max_phoning_in_group,
        "min_idle_in_group": config.min_idle_in_group,
        "max_nobody_per_turn_in_edition": config.max_nobody_per_turn_in_edition,
    }
    PlanningConfig.model_validate(values)  # refuse values our planner cannot use
    return values


def dated_vacations(entries: list[BusyEntry], week: dt.date) -> list[BusyEntry]:
    """Weekday-relative days off of a vacations file, attached to `week`."""
    dated = []
    for entry in entries:
        if entry.date is not None:
            dated.append(entry)
            continue
        days = [entry.weekday] if entry.weekday else list(WEEKDAYS)
        for day in days:
            dated.append(entry.model_copy(update={"weekday": None, "date": date_of(week, day)}))
    return dated


def timetable_from_legacy(legacy: LegacyTimetable) -> Timetable:
    """A stored graella as our Timetable: `ningu` and `?` become holes, `festiu` days holidays."""
    days = [d for d in legacy.days if not _all_holiday(legacy.cells.get(d, []))]
    cells = {day: [[_cell(p) for p in row] for row in legacy.cells.get(day, [])] for day in days}
    holidays = {d: "" for d in legacy.days if d not in days}
    return Timetable(
        week=legacy.week,
        days=days,
        hours=legacy.hours,
        lines=len(legacy.lines),
        cells=cells,
        holidays=holidays,
        overload=legacy.overload,
        cost=legacy.cost,
        penalties=[{"cost": c, "text": t} for c, t in legacy.penalties],
    )


def timetable_to_legacy(timetable: Timetable, names: dict[str, str]) -> LegacyTimetable:
    """Our Timetable in the original's shape (holes as `ningu`, holidays as `festiu`)."""
    days = [d for d in WEEKDAYS if d in timetable.cells or d in timetable.holidays]
    cells = {}
    for day in days:
        if day in timetable.cells:
            cells[day] = [[p or NOBODY for p in row] for row in timetable.cells[day]]
        else:
            cells[day] = [["festiu"] * timetable.lines for _ in range(timetable.turns)]
    return LegacyTimetable(
        week=timetable.week,
        days=days,
        hours=timetable.hours,
        lines=[f"L{i + 1}" for i in range(timetable.lines)],
        cells=cells,
        names=names,
        overload=timetable.overload,
        cost=timetable.cost,
        penalties=[(p.get("cost", 0), p.get("text", "")) for p in timetable.penalties],
    )


def forced_from_legacy(forced: ForcedTurns) -> list[tuple[str, int, int, str]]:
    """The forced-turns template as rows."""
    return [(t.day, t.hour, t.line, t.person) for t in forced.turns]


def forced_to_legacy(
    rows: list[tuple[str, int, int, str]], hours: list[str], lines: int
) -> ForcedTurns:
    """Rows back into the original's template shape."""
    turns = [ForcedTurn(day=d, hour=h, line=ln, person=p) for d, h, ln, p in rows]
    return ForcedTurns(hours=hours, hour_count=len(hours) - 1, line_count=lines, turns=turns)


def invalid_person_ids(bundle: LegacyBundle) -> list[LineError]:
    """Persons whose id we cannot store."""
    return [
        LineError("persons", 0, f"person id {p.id!r} is not a valid id (lowercase letters)")
        for p in bundle.persons
        if not LEGACY_PERSON_ID_RE.match(p.id)
    ]


def _all_holiday(rows: list[list[str]]) -> bool:
    return bool(rows) and all(p == "festiu" for row in rows for p in row)


def _cell(person: str | None) -> str | None:
    return None if person in (None, NOBODY, "?", "festiu") else person
