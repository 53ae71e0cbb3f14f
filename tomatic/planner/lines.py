"""Line assignment: lines of a turn are interchangeable, so they are given out after solving."""

from __future__ import annotations

from tomatic.domain.timetable import Grid
from tomatic.planner.instance import Problem
from tomatic.planner.model import Assignment


def assign_lines(problem: Problem, assignment: Assignment, previous: Grid | None = None) -> Grid:
    """Lay the people of each turn on its lines, deterministically.

    People keep the line they had in `previous` (e.g. the hint) when it is free; the others
    take the remaining lines in alphabetical order; holes (None) come last.

    Args:
        problem: the problem solved (grid size).
        assignment: people on the phone at each (day, hour).
        previous: an earlier timetable whose line positions should be kept, if any.

    Returns:
        `timetable[d][h]`, a list of `nLines` people or None.
    """
    return [
        [
            _turn_lines(
                problem.n_lines, assignment.get((day, hour), []), _previous(previous, day, hour)
            )
            for hour in range(problem.n_hours)
        ]
        for day in range(problem.n_days)
    ]


def _turn_lines(n_lines: int, people: list[str], previous: list[str | None]) -> list[str | None]:
    lines: list[str | None] = [None] * n_lines
    placed: set[str] = set()
    for line, person in enumerate(previous[:n_lines]):
        if person in people and person not in placed:
            lines[line] = person
            placed.add(person)
    free = (line for line in range(n_lines) if lines[line] is None)
    for person in sorted(set(people) - placed):
        lines[next(free)] = person
    return lines


def _previous(previous: Grid | None, day: int, hour: int) -> list[str | None]:
    if previous is None:
        return []
    try:
        return previous[day][hour]
    except IndexError:
        return []
