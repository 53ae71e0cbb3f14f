"""The planner's problem seen from a stored timetable: its days, its lines, its people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tomatic.domain.model import NOBODY
from tomatic.domain.timetable import Timetable

Grid = list[list[list[str | None]]]
CandidateFinder = Callable[[dict[str, Any], Grid, int, int], list[dict[str, Any]]]
"""The planner's candidate finder: (problem JSON dict, grid, day index, hour) → candidates.
Injected by `bot.container` so that the core does not import the planner."""


def restrict_days(problem: dict[str, Any], days: list[str]) -> dict[str, Any]:
    """The problem cut down to `days` (a subset of its days), entries re-indexed."""
    index = {day: problem["days"].index(day) for day in days if day in problem["days"]}
    kept = [d for d in days if d in index]
    new_index = {index[d]: i for i, d in enumerate(kept)}
    restricted = dict(problem, days=kept)
    for field in ("busy", "undesired", "forced"):
        restricted[field] = [
            [new_index[d], h, p] for d, h, p in problem.get(field, []) if d in new_index
        ]
    return restricted


def grid_of(timetable: Timetable, days: list[str]) -> Grid:
    """The cells of `days` as the planner's nested lists, `nobody` as None."""
    return [
        [[None if p == NOBODY else p for p in row] for row in timetable.cells[day]] for day in days
    ]


def fit_people(problem: dict[str, Any], grid: Grid, extra_load: int = 0) -> dict[str, Any]:
    """Make every person on the grid known to the problem, with at least their current load.

    Edits may have placed people the load left out, or above their load; `extra_load` lets
    everybody take that many turns more (a colleague taking a swapped turn).
    """
    held: dict[str, int] = {}
    for row in grid:
        for turn in row:
            for person in turn:
                if person is not None:
                    held[person] = held.get(person, 0) + 1
    persons = list(problem["persons"]) + sorted(set(held) - set(problem["persons"]))
    loads = {p: max(problem["maxLoad"].get(p, 0), held.get(p, 0)) + extra_load for p in persons}
    return dict(problem, persons=persons, maxLoad=loads)


async def problem_for(
    planning: Any, timetable: Timetable, extra_load: int = 0
) -> tuple[dict[str, Any], list[str]]:
    """The week's problem for a stored timetable (its line count, its days) and those days."""
    context = await planning.problem(timetable.week, timetable.lines)
    days = [d for d in timetable.days if d in context.problem["days"] and d in timetable.cells]
    problem = restrict_days(context.problem, days)
    problem["nLines"] = timetable.lines
    return fit_people(problem, grid_of(timetable, days), extra_load), days


def candidate_list(
    finder: CandidateFinder, problem: dict[str, Any], timetable: Timetable, days: list[str],
    turn: tuple[str, int], names: dict[str, str],
) -> list[dict[str, Any]]:  # fmt: skip
    """The planner's candidates for a turn, in people's terms (day codes, 1-based lines)."""
    day, hour = turn
    if day not in days:
        return []
    found = finder(problem, grid_of(timetable, days), days.index(day), hour)
    for entry in found:
        entry["line"] += 1
        entry["name"] = names.get(entry["person"], entry["person"])
        if entry["swap"] is not None:
            swap = entry["swap"]
            entry["swap"] = {"day": days[swap["day"]], "hour": timetable.hours[swap["hour"]],
                             "line": swap["line"] + 1}  # fmt: skip
    return found
