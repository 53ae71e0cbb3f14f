"""Building the planner's problem (problem-format.md) from the week's load and availability."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tomatic.domain.config import PlanningConfig
from tomatic.domain.load import LoadResult
from tomatic.domain.model import NOBODY, BusyEntry, Person


@dataclass
class ProblemContext:
    """What the problem was built from, to turn its solution back into people's terms."""

    problem: dict[str, Any]
    load: LoadResult
    names: dict[str, str]
    busy_reasons: list[tuple[tuple[int, int, str], str]] = field(default_factory=list)


def build_problem(
    week: dt.date,
    load: LoadResult,
    persons: list[Person],
    entries: list[BusyEntry],
    forced: list[tuple[str, int, int, str]],
    config: PlanningConfig,
) -> ProblemContext:
    """The week's problem: days without holidays, final loads, busy, undesired, forced, limits."""
    days = load.business_days
    planned = sorted(p for p, row in load.persons.items() if row.final > 0 and p != NOBODY)
    busy, undesired, reasons = _availability(week, days, set(planned), entries, config.turns)
    problem: dict[str, Any] = {
        "name": f"week-{week.isoformat()}",
        "days": days,
        "nHours": config.turns,
        "nLines": load.line_count,
        "maxPerDay": config.max_per_day,
        "persons": planned,
        "maxLoad": {p: load.persons[p].final for p in planned},
        "busy": busy,
        "undesired": undesired,
        "forced": _forced(days, set(planned), forced, config.turns),
    }
    _optional_rules(problem, planned, persons, config)
    names = {p.id: p.display_name for p in persons}
    return ProblemContext(problem=problem, load=load, names=names, busy_reasons=reasons)


def _availability(
    week: dt.date, days: list[str], planned: set[str], entries: list[BusyEntry], turns: int
) -> tuple[list[list[Any]], list[list[Any]], list[tuple[tuple[int, int, str], str]]]:
    busy: dict[tuple[int, int, str], str] = {}
    undesired: set[tuple[int, int, str]] = set()
    for entry in entries:
        if entry.person not in planned:
            continue
        for day in entry.days_in_week(week, days):
            for hour in entry.busy_turns():
                if hour >= turns:
                    continue
                key = (days.index(day), hour, entry.person)
                if entry.optional and entry.kind != "vacation":
                    undesired.add(key)
                else:
                    busy[key] = entry.reason
    undesired -= set(busy)
    return (
        [list(k) for k in sorted(busy)],
        [list(k) for k in sorted(undesired)],
        sorted(busy.items()),
    )


def _forced(
    days: list[str], planned: set[str], forced: list[tuple[str, int, int, str]], turns: int
) -> list[list[Any]]:
    cells = {
        (days.index(day), hour, person)
        for day, hour, _line, person in forced
        if day in days and person in planned and hour < turns
    }
    return [list(c) for c in sorted(cells)]


def _optional_rules(
    problem: dict[str, Any], planned: list[str], persons: list[Person], config: PlanningConfig
) -> None:
    by_id = {p.id: p for p in persons}
    per_person = {p: v for p, v in config.max_per_day_by_person.items() if p in planned}
    if per_person:
        problem["maxPerDayByPerson"] = per_person
    if config.max_per_table:
        tables = {p: by_id[p].table for p in planned if p in by_id and by_id[p].table >= 0}
        if tables:
            problem["tables"] = tables
            problem["maxPerTable"] = config.max_per_table
    limited = set(config.max_phoning_in_group) | set(config.min_idle_in_group)
    groups = {
        g: [p for p in planned if p in by_id and g in by_id[p].groups] for g in sorted(limited)
    }
    groups = {g: members for g, members in groups.items() if members}
    if groups:
        problem["groups"] = groups
        if config.max_phoning_in_group:
            problem["maxPhoningInGroup"] = {
                g: v for g, v in config.max_phoning_in_group.items() if g in groups
            }
        if config.min_idle_in_group:
            problem["minIdleInGroup"] = {
                g: v for g, v in config.min_idle_in_group.items() if g in groups
            }
    if config.weights:
        problem["weights"] = dict(config.weights)
