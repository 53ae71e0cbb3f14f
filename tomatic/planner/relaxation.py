"""Linear relaxation of the pattern model, solved by column generation with GLOP.

Rows: at most one pattern per person-day, people plus holes fill each turn, weekly load. Table
and group limits are left out: dropping rows (and non-negative costs) only loosens a relaxation,
so its bound stays valid. The bound is recomputed from the duals over every pattern (a
Lagrangian bound), so it is valid whatever GLOP's tolerances, and each pattern's reduced cost
`rc` proves that any timetable following it costs at least `bound + rc`.
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

PRICED_PER_ROUND = 2
"""Most new patterns a person-day brings into the restricted LP at each round."""
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
) -> Relaxation | None:
    """Solve the LP by column generation: price every pattern, add the best, repeat.

    Args:
        problem: the week the columns come from.
        columns: its patterns (`build_columns`).
        time_limit: seconds for the whole loop.
        should_stop: polled between rounds; True gives up.

    Returns:
        The relaxation, or None when stopped or out of time before the LP was solved.
    """
    deadline = time.monotonic() + time_limit
    master = _Master(problem, columns)
    rounds = 0
    while True:
        rounds += 1
        if not master.solve(deadline - time.monotonic()):
            return None
        reduced = master.reduced_costs()
        entering = _entering(columns, reduced, master.included)
        if len(entering) == 0:
            return Relaxation(master.lagrangian_bound(reduced), reduced, master.values(), rounds)
        if time.monotonic() > deadline or (should_stop is not None and should_stop()):
            return None
        master.add(entering)


def _entering(columns: Columns, reduced: np.ndarray, included: np.ndarray) -> np.ndarray:
    """Up to PRICED_PER_ROUND patterns of negative reduced cost per person-day, best first."""
    candidates = np.flatnonzero((reduced < -TOLERANCE) & ~included)
    if len(candidates) == 0:
        return candidates
    order = candidates[np.lexsort((reduced[candidates], columns.person_day[candidates]))]
    groups = columns.person_day[order]
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    priced: np.ndarray = order[rank < PRICED_PER_ROUND]
    return priced


class _Master:
    """The restricted LP over the patterns brought in so far, plus every hole."""

    def __init__(self, problem: Problem, columns: Columns) -> None:
        self.columns = columns
        self._n_hours = problem.n_hours
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        infinity = self.solver.infinity()
        persons, days = len(problem.persons), problem.n_days
        self.pd_rows = [self.solver.Constraint(-infinity, 1) for _ in range(persons * days)]
        loads = [problem.max_load[person] for person in problem.persons]
        self.load_rows = [self.solver.Constraint(-infinity, load) for load in loads]
        fill = np.minimum(problem.n_lines, columns.turn_people)
        self.turn_rows = [self.solver.Constraint(int(n), int(n)) for n in fill]
        self.rhs = np.r_[np.ones(persons * days), loads, fill].astype(np.float64)
        self.hole_cost = self._add_holes(problem, fill)
        self.included = np.zeros(len(columns), dtype=bool)
        self.variables: dict[int, pywraplp.Variable] = {}
        self.solver.Objective().SetMinimization()

    def _add_holes(self, problem: Problem, fill: np.ndarray) -> list[np.ndarray]:
        weight = problem.weight("holes") or 0
        unavoidable = problem.n_lines - fill
        costs = []
        for row, least in zip(self.turn_rows, unavoidable, strict=True):
            cost = np.array([weight * (2 * k - 1) for k in range(least + 1, problem.n_lines + 1)])
            for unit in cost:
                hole = self.solver.NumVar(0, 1, "")
                self.solver.Objective().SetCoefficient(hole, float(unit))
                row.SetCoefficient(hole, 1)
            costs.append(cost.astype(np.float64))
        return costs

    def add(self, entering: np.ndarray) -> None:
        """Bring patterns into the LP."""
        columns, objective = self.columns, self.solver.Objective()
        for index in entering.tolist():
            variable = self.solver.NumVar(0, 1, "")
            objective.SetCoefficient(variable, float(columns.cost[index]))
            self.pd_rows[columns.person_day[index]].SetCoefficient(variable, 1)
            self.load_rows[columns.person[index]].SetCoefficient(
                variable, float(columns.size[index])
            )
            day = int(columns.day[index])
            for hour in columns.hours[index]:
                self.turn_rows[day * self._n_hours + hour].SetCoefficient(variable, 1)
            self.variables[index] = variable
        self.included[entering] = True

    def solve(self, time_left: float) -> bool:
        """Re-solve the restricted LP (GLOP starts from the last basis); False if not optimal."""
        if time_left <= 0:
            return False
        self.solver.SetTimeLimit(max(1, int(time_left * 1000)))
        return bool(self.solver.Solve() == pywraplp.Solver.OPTIMAL)

    def duals(self) -> np.ndarray:
        """Row duals, clamped to the signs that keep the Lagrangian bound valid."""
        rows = [*self.pd_rows, *self.load_rows]
        capped = np.minimum(0.0, np.array([row.dual_value() for row in rows]))
        duals: np.ndarray = np.r_[capped, [row.dual_value() for row in self.turn_rows]]
        return duals

    def reduced_costs(self) -> np.ndarray:
        """Reduced cost of every pattern, in the LP or not."""
        columns, duals = self.columns, self.duals()
        self._last_duals = duals
        persons_days = len(self.pd_rows)
        pd_dual = duals[:persons_days]
        load_dual = duals[persons_days : persons_days + len(self.load_rows)]
        turn_dual = duals[persons_days + len(self.load_rows) :]
        covered = np.bincount(
            columns.cover_column, weights=turn_dual[columns.cover_turn], minlength=len(columns)
        )
        reduced: np.ndarray = (
            columns.cost
            - pd_dual[columns.person_day]
            - load_dual[columns.person] * columns.size
            - covered
        )
        return reduced

    def lagrangian_bound(self, reduced: np.ndarray) -> float:
        """A lower bound valid for any duals of the right signs: b·y + Σ min(0, rc) + constant."""
        duals = self._last_duals
        turn_dual = duals[len(self.pd_rows) + len(self.load_rows) :]
        holes = sum(
            float(np.minimum(0.0, cost - dual).sum())
            for cost, dual in zip(self.hole_cost, turn_dual, strict=True)
        )
        return (
            float(self.rhs @ duals)
            + float(np.minimum(0.0, reduced).sum())
            + holes
            + self.columns.constant
        )

    def values(self) -> np.ndarray:
        """LP value of every pattern (0 for those never brought in)."""
        value = np.zeros(len(self.columns))
        for index, variable in self.variables.items():
            value[index] = variable.solution_value()
        return value
