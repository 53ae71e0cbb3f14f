"""Building the planner's `Problem` (problem-format.md): for a week to plan, for a stored
timetable (candidates, swaps, re-planning) and for checking a hand-made change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tomatic.domain.availability import LEAVE_REASON
from tomatic.domain.config import PlanningConfig
from tomatic.domain.load import LoadResult
from tomatic.domain.model import NOBODY, BusyEntry, Person
from tomatic.domain.timetable import ForcedTurn, Grid, Timetable
from tomatic.planner.instance import Entry, Problem, Solution

BusyReasons = list[tuple[Entry, str]]


@dataclass
class ProblemContext:
    """What the problem was built from, to turn its solution back into people's terms."""

    problem: Problem
    load: LoadResult
    names: dict[str, str]
    busy_reasons: BusyReasons = field(default_factory=list)


def revised(problem: Problem, **changes: Any) -> Problem:
    """A copy of `problem` with some fields changed (snake_case names), validated again."""
    return Problem.model_validate(problem.model_dump() | changes)


def build_problem(
    week: dt.date,
    load: LoadResult,
    persons: list[Person],
    entries: list[BusyEntry],
    forced: list[ForcedTurn],
    config: PlanningConfig,
) -> ProblemContext:
    """The week's problem: days without holidays, final loads, busy, undesired, forced, limits."""
    days = load.business_days
    planned = sorted(p for p, row in load.persons.items() if row.final > 0 and p != NOBODY)
    busy, undesired = availability(week, days, set(planned), entries, config.turns)
    problem = Problem(
        name=f"week-{week.isoformat()}",
        days=days,
        n_hours=config.turns,
        n_lines=load.line_count,
        max_per_day=config.max_per_day,
        persons=planned,
        max_load={p: load.persons[p].final for p in planned},
        busy=sorted(busy),
        undesired=sorted(undesired),
        forced=_forced(days, set(planned), forced, config.turns),
        **optional_rules(planned, persons, config),
    )
    names = {p.id: p.display_name for p in persons}
    return ProblemContext(problem, load, names, sorted(busy.items()))


def availability(
    week: dt.date, days: list[str], people: set[str], entries: list[BusyEntry], turns: int
) -> tuple[dict[Entry, str], set[Entry]]:
    """The busy turns of `people` with their reasons, and the undesired ones (optional
    entries, where they are not also busy)."""
    busy: dict[Entry, str] = {}
    undesired: set[Entry] = set()
    for entry in entries:
        if entry.person not in people:
            continue
        for day in entry.days_in_week(week, days):
            for hour in entry.busy_turns():
                if hour >= turns:
                    continue
                key = (days.index(day), hour, entry.person)
                if entry.unavoidable:
                    busy[key] = entry.reason
                else:
                    undesired.add(key)
    return busy, undesired - set(busy)


def _forced(
    days: list[str], planned: set[str], forced: list[ForcedTurn], turns: int
) -> list[Entry]:
    cells = {
        (days.index(day), hour, person)
        for day, hour, _line, person in forced
        if day in days and person in planned and hour < turns
    }
    return sorted(cells)


def optional_rules(
    planned: list[str], persons: list[Person], config: PlanningConfig
) -> dict[str, Any]:
    """The problem's optional fields: per-person daily maxima, tables, groups, weights."""
    by_id = {p.id: p for p in persons}
    rules: dict[str, Any] = {}
    per_person = {p: v for p, v in config.max_per_day_by_person.items() if p in planned}
    if per_person:
        rules["max_per_day_by_person"] = per_person
    if config.max_per_table:
        tables = {p: by_id[p].table for p in planned if p in by_id and by_id[p].table >= 0}
        if tables:
            rules |= {"tables": tables, "max_per_table": config.max_per_table}
    limited = set(config.max_phoning_in_group) | set(config.min_idle_in_group)
    groups = {
        g: [p for p in planned if p in by_id and g in by_id[p].groups] for g in sorted(limited)
    }
    groups = {g: members for g, members in groups.items() if members}
    if groups:
        rules["groups"] = groups
        for name, limits in (
            ("max_phoning_in_group", config.max_phoning_in_group),
            ("min_idle_in_group", config.min_idle_in_group),
        ):
            if limits:
                rules[name] = {g: v for g, v in limits.items() if g in groups}
    if config.weights:
        rules["weights"] = dict(config.weights)
    return rules


def restrict_days(problem: Problem, days: list[str]) -> Problem:
    """The problem cut down to `days` (those of them it has), its entries re-indexed."""
    kept = [d for d in days if d in problem.days]
    index = {problem.days.index(d): i for i, d in enumerate(kept)}
    return revised(
        problem,
        days=kept,
        **{
            name: [(index[d], h, p) for d, h, p in getattr(problem, name) if d in index]
            for name in ("busy", "undesired", "forced")
        },
    )


def for_timetable(problem: Problem, timetable: Timetable, extra_load: int = 0) -> Problem:
    """The week's problem over a stored timetable: its planned days and line count, every
    person on its grid known, with at least the turns they hold (`extra_load` more each:
    room for one more turn when someone takes a swapped one)."""
    restricted = restrict_days(problem, timetable.planned_days())
    held = _held(timetable.grid(restricted.days))
    persons = list(restricted.persons) + sorted(set(held) - set(restricted.persons))
    loads = {p: max(restricted.max_load.get(p, 0), held.get(p, 0)) + extra_load for p in persons}
    return revised(restricted, n_lines=timetable.lines, persons=persons, max_load=loads)


def edit_problem(
    timetable: Timetable,
    persons: list[Person],
    entries: list[BusyEntry],
    on_leave: list[str],
    config: PlanningConfig,
) -> tuple[Problem, dict[Entry, str]]:
    """The hard rules a hand-made change of `timetable` must keep, as a problem over its
    planned days: everybody's unavoidable busy turns (leaves included), daily maxima, tables
    and groups; weekly loads are left open (changes move the shift credit instead)."""
    days = timetable.planned_days()
    people = sorted({p.id for p in persons} | set(_held(timetable.grid(days))))
    busy, _ = availability(timetable.week, days, set(people), entries, timetable.turns)
    for person in set(on_leave) & set(people):
        for day in range(len(days)):
            busy |= {(day, hour, person): LEAVE_REASON for hour in range(timetable.turns)}
    problem = Problem(
        name=f"edit-{timetable.week.isoformat()}",
        days=days,
        n_hours=timetable.turns,
        n_lines=timetable.lines,
        max_per_day=config.max_per_day,
        persons=people,
        max_load=dict.fromkeys(people, len(days) * timetable.turns),
        busy=sorted(busy),
        **optional_rules(people, persons, config),
    )
    return problem, busy


def _held(grid: Grid) -> dict[str, int]:
    held: dict[str, int] = {}
    for row in grid:
        for turn in row:
            for person in turn:
                if person is not None:
                    held[person] = held.get(person, 0) + 1
    return held


def timetable_from_solution(
    week: dt.date, context: ProblemContext, solution: Solution, config: PlanningConfig
) -> Timetable:
    """A solution's grid as a draft timetable, with the week's overloads."""
    overload = {
        p: row.overload for p, row in context.load.persons.items() if row.final or row.overload
    }
    penalties = [penalty.model_dump() for penalty in solution.penalties]
    grid = solution.timetable or []
    return Timetable.from_grid(
        week,
        context.problem.days,
        config.hours,
        grid,
        overload=overload,
        cost=solution.cost,
        penalties=penalties,
    )
