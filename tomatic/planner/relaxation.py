"""Linear relaxation of the week over whole schedules, solved by column generation with GLOP.

Columns are person schedules (a pattern per day within the weekly load, `schedules.py`). Rows:
at most one schedule per person, people plus holes fill each turn, and table and group limits
per turn (soft ones with a priced excess). Each round prices every person's best schedule
under the LP's duals, and adds those that would lower the LP.

The bound is recomputed from the duals over every schedule (a Lagrangian bound), so it is valid
whatever GLOP's tolerances and whenever the loop stops; each pattern's `reduced_cost` proves
that any timetable following it costs at least `bound + reduced_cost`.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from tomatic.planner.columns import Columns
from tomatic.planner.instance import Problem
from tomatic.planner.schedules import Pricing, price

TOLERANCE = 1e-6


@dataclass
class Relaxation:
    """The LP's proven bound, reduced costs and (fractional) values of every pattern."""

    bound: float
    reduced_cost: np.ndarray
    value: np.ndarray
    rounds: int

    def proven_bound(self) -> int:
        """The bound rounded up to the integer costs of timetables."""
        return math.ceil(self.bound - TOLERANCE)


def solve_relaxation(
    problem: Problem,
    columns: Columns,
    time_limit: float,
    should_stop: Callable[[], bool] | None = None,
    start_with: list[np.ndarray] | None = None,
) -> Relaxation | None:
    """Solve the LP by column generation: price every person's week, add the best, repeat.

    Args:
        problem: the week the columns come from.
        columns: its patterns (`build_columns`).
        time_limit: seconds for the whole loop.
        should_stop: polled between rounds; True gives up.
        start_with: schedules (arrays of pattern indices, one person each) to begin with, e.g.
            an earlier timetable's.

    Returns:
        The relaxation, or None when stopped or out of time before the LP was solved.
    """
    deadline = time.monotonic() + time_limit
    master = _Master(problem, columns)
    for schedule in start_with or []:
        master.add(schedule)
    rounds = 0
    best = -math.inf
    while True:
        rounds += 1
        if not master.solve(deadline - time.monotonic()):
            return None
        reduced = master.pattern_reduced_costs()
        pricing = price(columns, reduced)
        bound = master.lagrangian_bound(pricing)
        if bound > best:
            best, fixing = bound, pricing.extra
        entering = _entering(pricing, master.convexity_duals())
        if not entering or math.ceil(best - TOLERANCE) >= math.ceil(master.value() - TOLERANCE):
            return Relaxation(best, fixing, master.pattern_values(), rounds)
        if time.monotonic() > deadline or (should_stop is not None and should_stop()):
            return None
        for schedule in entering:
            master.add(schedule)


def _entering(pricing: Pricing, convexity: np.ndarray) -> list[np.ndarray]:
    """The best schedule of each person whose reduced cost is negative."""
    gaining = pricing.best - convexity < -TOLERANCE
    bounds = np.searchsorted(pricing.owner, np.arange(len(convexity) + 1))
    return [
        pricing.chosen[bounds[p] : bounds[p + 1]]
        for p in np.flatnonzero(gaining).tolist()
        if bounds[p + 1] > bounds[p]
    ]


class _Master:
    """The restricted LP over the schedules brought in so far, plus holes and excesses."""

    def __init__(self, problem: Problem, columns: Columns) -> None:
        self.columns = columns
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        # Without presolve GLOP restarts from the last basis after new columns: many times faster.
        self.solver.SetSolverSpecificParametersAsString("use_preprocessing:false")
        infinity = self.solver.infinity()
        self.person_rows = [self.solver.Constraint(-infinity, 1) for _ in columns.persons]
        self.fill = np.minimum(problem.n_lines, columns.turn_people).astype(np.float64)
        self.turn_rows = [self.solver.Constraint(n, n) for n in self.fill.tolist()]
        limits = columns.limits
        self.limit_rows = [self.solver.Constraint(-infinity, b) for b in limits.bound.tolist()]
        self.hole_cost = self._add_holes(problem)
        for row, weight in zip(self.limit_rows, limits.weight.tolist(), strict=True):
            if math.isfinite(weight):
                excess = self.solver.NumVar(0, infinity, "")
                self.solver.Objective().SetCoefficient(excess, weight)
                row.SetCoefficient(excess, -1)
        self.schedules: list[tuple[pywraplp.Variable, np.ndarray]] = []
        self.solver.Objective().SetMinimization()

    def _add_holes(self, problem: Problem) -> list[np.ndarray]:
        weight = problem.weight("holes") or 0
        unavoidable = problem.n_lines - self.fill
        costs = []
        for row, least in zip(self.turn_rows, unavoidable.astype(int).tolist(), strict=True):
            cost = np.array([weight * (2 * k - 1) for k in range(least + 1, problem.n_lines + 1)])
            for unit in cost.tolist():
                hole = self.solver.NumVar(0, 1, "")
                self.solver.Objective().SetCoefficient(hole, float(unit))
                row.SetCoefficient(hole, 1)
            costs.append(cost.astype(np.float64))
        return costs

    def add(self, schedule: np.ndarray) -> None:
        """Bring one person's schedule (its pattern indices) into the LP."""
        columns = self.columns
        variable = self.solver.NumVar(0, 1, "")
        self.solver.Objective().SetCoefficient(variable, float(columns.cost[schedule].sum()))
        self.person_rows[int(columns.person[schedule[0]])].SetCoefficient(variable, 1)
        for index in schedule.tolist():
            begin, end = columns.cover_start[index], columns.cover_start[index + 1]
            for turn in columns.cover_turn[begin:end].tolist():
                self.turn_rows[turn].SetCoefficient(variable, 1)
            begin, end = columns.limits.start[index], columns.limits.start[index + 1]
            for row in columns.limits.row[begin:end].tolist():
                self.limit_rows[row].SetCoefficient(variable, 1)
        self.schedules.append((variable, schedule))

    def solve(self, time_left: float) -> bool:
        """Re-solve the restricted LP; False if not optimal in time."""
        if time_left <= 0:
            return False
        self.solver.SetTimeLimit(max(1, int(time_left * 1000)))
        return self.solver.Solve() == pywraplp.Solver.OPTIMAL

    def value(self) -> float:
        """The restricted LP's optimum (an upper bound of the full LP's)."""
        return self.solver.Objective().Value() + self.columns.constant

    def convexity_duals(self) -> np.ndarray:
        """Duals of the one-schedule-per-person rows (never positive)."""
        return np.minimum(0.0, np.array([row.dual_value() for row in self.person_rows]))

    def _turn_duals(self) -> np.ndarray:
        return np.array([row.dual_value() for row in self.turn_rows])

    def _limit_duals(self) -> np.ndarray:
        """Limit duals clamped to [-weight, 0], the signs that keep the Lagrangian bound valid."""
        duals = np.array([row.dual_value() for row in self.limit_rows])
        return np.clip(duals, -self.columns.limits.weight, 0.0) if len(duals) else duals

    def pattern_reduced_costs(self) -> np.ndarray:
        """Each pattern's cost less the duals of the turns and limits it covers."""
        columns, limits = self.columns, self.columns.limits
        self._turn, self._limit = self._turn_duals(), self._limit_duals()
        covered = np.bincount(
            columns.cover_column, weights=self._turn[columns.cover_turn], minlength=len(columns)
        )
        if len(limits):
            cover_of_entry = np.repeat(np.arange(len(columns)), np.diff(limits.start))
            covered += np.bincount(
                cover_of_entry, weights=self._limit[limits.row], minlength=len(columns)
            )
        return columns.cost - covered

    def lagrangian_bound(self, pricing: Pricing) -> float:
        """A lower bound valid for any duals of the right signs: b·y + Σ best schedules + holes."""
        holes = sum(
            float(np.minimum(0.0, cost - dual).sum())
            for cost, dual in zip(self.hole_cost, self._turn, strict=True)
        )
        limits = float(self.columns.limits.bound @ self._limit) if len(self._limit) else 0.0
        return (
            float(self.fill @ self._turn)
            + limits
            + float(pricing.best.sum())
            + holes
            + self.columns.constant
        )

    def pattern_values(self) -> np.ndarray:
        """LP value of every pattern: the total value of the schedules following it."""
        value = np.zeros(len(self.columns))
        for variable, schedule in self.schedules:
            value[schedule] += variable.solution_value()
        return value
