"""A first timetable from the linear relaxation, without a solver: round, then fill holes.

Person-days take their LP patterns, most certain first, whenever the pattern still fits (lines
of its turns, the person's weekly load, table and group limits). Then the cheapest remaining
patterns (by reduced cost) fill the turns left with holes while that lowers the cost. The
result keeps every hard rule, so CP-SAT starts from a complete valid hint.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tomatic.planner.columns import Columns
from tomatic.planner.master import TOLERANCE

FILL_CANDIDATES = 20_000
"""Cheapest patterns (by reduced cost) tried when filling holes."""


@dataclass
class Rounded:
    """The chosen pattern indices and the timetable's cost."""

    chosen: np.ndarray
    cost: int


class Occupancy:
    """What is taken so far: people per turn, per limit row, turns per person, days used."""

    def __init__(self, columns: Columns, n_lines: int, hole_weight: int) -> None:
        self.columns = columns
        self.n_lines = n_lines
        self.hole_weight = hole_weight
        self.people = np.zeros(columns.n_turns, dtype=np.int64)
        self.limited = np.zeros(len(columns.limits), dtype=np.int64)
        self.taken = np.zeros(len(columns.persons), dtype=np.int64)
        self.day_used = np.zeros(len(columns.persons) * columns.n_days, dtype=bool)
        self.chosen: list[int] = []

    def turns(self, index: int) -> np.ndarray:
        """The turns pattern `index` covers."""
        begin, end = self.columns.cover_start[index], self.columns.cover_start[index + 1]
        return self.columns.cover_turn[begin:end]

    def rows(self, index: int) -> np.ndarray:
        """The limit rows pattern `index` enters."""
        limits = self.columns.limits
        return limits.row[limits.start[index] : limits.start[index + 1]]

    def fits(self, index: int) -> bool:
        """Whether pattern `index` can be added without breaking a hard rule."""
        columns = self.columns
        person = columns.person[index]
        if self.day_used[columns.person_day[index]]:
            return False
        if self.taken[person] + columns.size[index] > columns.load[person]:
            return False
        if np.any(self.people[self.turns(index)] >= self.n_lines):
            return False
        rows = self.rows(index)
        return not np.any(self.limited[rows] >= self.columns.limits.bound[rows])

    def gain(self, index: int) -> float:
        """How much taking the pattern lowers the cost (holes filled less its own cost)."""
        holes = self.n_lines - self.people[self.turns(index)]
        return float(self.hole_weight * (2 * holes - 1).sum() - self.columns.cost[index])

    def take(self, index: int) -> None:
        """Add pattern `index` to the timetable."""
        columns = self.columns
        self.people[self.turns(index)] += 1
        self.limited[self.rows(index)] += 1
        self.taken[columns.person[index]] += columns.size[index]
        self.day_used[columns.person_day[index]] = True
        self.chosen.append(index)

    def cost(self) -> int:
        """Cost of the timetable: the columns' constant, patterns, avoidable holes and excesses.

        Soft limits are never exceeded here, but one below zero costs even with nobody on.
        """
        holes = self.n_lines - self.people
        unavoidable = np.maximum(0, self.n_lines - self.columns.turn_people)
        extra = self.hole_weight * int((holes**2 - unavoidable**2).sum())
        chosen = np.array(self.chosen, dtype=np.int64)
        limits = self.columns.limits
        soft = np.isfinite(limits.weight)
        over = np.maximum(0.0, self.limited - limits.bound)[soft]
        excess = float(limits.weight[soft] @ over) if len(over) else 0.0
        return round(
            self.columns.constant + float(self.columns.cost[chosen].sum()) + extra + excess
        ) + self.week_cost(chosen)

    def week_cost(self, chosen: np.ndarray) -> int:
        """The fairness term's part of the week: step × n(n−1)/2 per person with n uneasy days."""
        columns = self.columns
        if not columns.week_step or not len(chosen):
            return 0
        uneasy = chosen[columns.uneasy[chosen]]
        days = np.bincount(columns.person[uneasy], minlength=len(columns.persons))
        return columns.week_step * int((days * (days - 1) // 2).sum())

    def rounded(self) -> Rounded:
        """The patterns taken so far and their timetable's cost."""
        return Rounded(np.sort(np.array(self.chosen, dtype=np.int64)), self.cost())


def round_values(
    columns: Columns, value: np.ndarray, reduced: np.ndarray, n_lines: int, hole_weight: int
) -> Rounded:
    """Build a valid timetable close to an LP solution.

    Args:
        columns: the week's patterns.
        value: LP value of each pattern.
        reduced: reduced cost of each pattern.
        n_lines: lines per turn.
        hole_weight: the weight of the holes rule.

    Returns:
        The patterns taken (indices into `columns`) and the cost of that timetable.
    """
    state = Occupancy(columns, n_lines, hole_weight)
    used = np.flatnonzero(value > TOLERANCE)
    order = used[np.lexsort((reduced[used], -value[used]))]
    for index in order.tolist():
        if state.fits(index):
            state.take(index)
    fill_holes(state, reduced)
    return state.rounded()


def fill_holes(state: Occupancy, reduced: np.ndarray) -> None:
    """Take the cheapest patterns that fit and lower the cost, while turns have holes."""
    if not np.any(state.people < state.n_lines):
        return
    count = min(FILL_CANDIDATES, len(reduced))
    cheapest = np.argpartition(reduced, count - 1)[:count] if count else np.zeros(0, np.int64)
    for index in cheapest[np.argsort(reduced[cheapest], kind="stable")].tolist():
        if state.fits(index) and state.gain(index) > 0:
            state.take(index)
