"""Every allowed day pattern of a week as flat arrays: the columns of the linear relaxation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tomatic.planner.instance import Problem
from tomatic.planner.penalties import pattern_cost
from tomatic.planner.variables import Hours, Patterns, allowed_patterns


@dataclass
class Columns:
    """Every allowed non-empty pattern of every person-day, as flat arrays.

    `cost` is the pattern's cost above the empty day's; `constant` adds up the empty days' costs
    and the holes that no choice of patterns can avoid.
    """

    persons: list[str]
    day: np.ndarray
    person: np.ndarray
    person_day: np.ndarray
    size: np.ndarray
    cost: np.ndarray
    hours: list[Hours]
    cover_column: np.ndarray
    cover_turn: np.ndarray
    turn_people: np.ndarray
    constant: float

    def __len__(self) -> int:
        return len(self.hours)

    def patterns(self, selected: np.ndarray) -> Patterns:
        """The selected columns (indices, ascending) as patterns by (person, day)."""
        found: Patterns = {}
        for index in selected.tolist():
            key = (self.persons[self.person[index]], int(self.day[index]))
            found.setdefault(key, []).append(self.hours[index])
        return found


def build_columns(problem: Problem) -> Columns:
    """List the patterns of `problem` with their costs and the turns they cover.

    Args:
        problem: the validated week to plan.

    Returns:
        The columns, in the order of `persons`, days and `allowed_patterns`.
    """
    busy = problem.busy_set()
    undesired = _hours_by_person_day(problem.undesired_set())
    forced = _hours_by_person_day(problem.forced_set())
    rows: list[tuple[int, int, int, Hours, int]] = []
    constant = 0
    for p, person in enumerate(problem.persons):
        for day in range(problem.n_days):
            mine_u = undesired.get((person, day), set())
            mine_f = forced.get((person, day), set())
            empty = pattern_cost(problem, (), mine_u, mine_f)
            constant += empty
            for hours in allowed_patterns(problem, person, day, busy):
                extra = pattern_cost(problem, hours, mine_u, mine_f) - empty
                rows.append((day, p, p * problem.n_days + day, hours, extra))
    return _columns(problem, rows, constant)


def _columns(
    problem: Problem, rows: list[tuple[int, int, int, Hours, int]], constant: int
) -> Columns:
    hours = [row[3] for row in rows]
    cover_column = np.fromiter(
        (i for i, h in enumerate(hours) for _ in h), dtype=np.int64, count=sum(map(len, hours))
    )
    day = np.array([row[0] for row in rows], dtype=np.int64)
    cover_turn = day[cover_column] * problem.n_hours + np.fromiter(
        (hour for h in hours for hour in h), dtype=np.int64, count=len(cover_column)
    )
    turns = problem.n_days * problem.n_hours
    person = np.array([row[1] for row in rows], dtype=np.int64)
    covered = np.zeros((turns, len(problem.persons)), dtype=bool)
    covered[cover_turn, person[cover_column]] = True
    turn_people = covered.sum(axis=1)
    holes_weight = problem.weight("holes") or 0
    unavoidable = np.maximum(0, problem.n_lines - turn_people)
    return Columns(
        persons=list(problem.persons),
        day=day,
        person=person,
        person_day=np.array([row[2] for row in rows], dtype=np.int64),
        size=np.array([len(h) for h in hours], dtype=np.int64),
        cost=np.array([row[4] for row in rows], dtype=np.float64),
        hours=hours,
        cover_column=cover_column,
        cover_turn=cover_turn,
        turn_people=turn_people,
        constant=float(constant + holes_weight * int((unavoidable**2).sum())),
    )


def _hours_by_person_day(
    entries: frozenset[tuple[int, int, str]],
) -> dict[tuple[str, int], set[int]]:
    grouped: dict[tuple[str, int], set[int]] = {}
    for day, hour, person in entries:
        grouped.setdefault((person, day), set()).add(hour)
    return grouped
