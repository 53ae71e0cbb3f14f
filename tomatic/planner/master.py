"""The restricted master LP over person schedules (GLOP), its duals and its Lagrangian bound."""

from __future__ import annotations

import math
import time

import numpy as np
from ortools.linear_solver import pywraplp

from tomatic.planner.columns import Columns
from tomatic.planner.instance import Problem
from tomatic.planner.schedules import Pricing

Taken = tuple[np.ndarray, np.ndarray, np.ndarray]
"""People already placed per turn, per limit row, and who is fixed (for a diving LP)."""

TOLERANCE = 1e-6


class ScheduleLP:
    """The LP over the schedules brought in so far, plus holes and soft-limit excesses.

    Rows: at most one schedule per person (≤ 1), people plus holes fill each turn (= fill),
    at most `bound` of a limited set in a turn (≤ bound, minus a priced excess when soft).
    A person can be fixed to one of their schedules, or to no schedule, for diving; a diving
    LP can also leave out people already placed (`taken`), whose turns and limits it discounts.
    """

    def __init__(self, problem: Problem, columns: Columns, taken: Taken | None = None) -> None:
        self.columns = columns
        self.partial = taken is not None
        people, limited, fixed = taken or (
            np.zeros(columns.n_turns),
            np.zeros(len(columns.limits)),
            np.zeros(len(columns.persons), dtype=bool),
        )
        self.fixed = fixed.copy()
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        # Without presolve GLOP restarts from the last basis after new columns: many times faster.
        self.solver.SetSolverSpecificParametersAsString("use_preprocessing:false")
        infinity = self.solver.infinity()
        self.person_rows = [self.solver.Constraint(-infinity, 1) for _ in columns.persons]
        self.fill = np.minimum(problem.n_lines, columns.turn_people).astype(np.float64)
        self.turn_rows = [self.solver.Constraint(n, n) for n in (self.fill - people).tolist()]
        self.hole_cost = self._add_holes(problem)
        self.limit_rows = [
            self._limit_row(row, bound)
            for row, bound in enumerate((columns.limits.bound - limited).tolist())
        ]
        self.variables: list[pywraplp.Variable] = []
        self.schedules: list[np.ndarray] = []
        self.owner: list[int] = []
        self._value = 0.0
        self._schedule_values = np.zeros(0)
        self._convexity = np.zeros(len(columns.persons))
        self._turn = np.zeros(len(self.turn_rows))
        self._limit = np.zeros(len(columns.limits))
        self.solver.Objective().SetMinimization()

    def _limit_row(self, row: int, bound: float) -> pywraplp.Constraint:
        weight = float(self.columns.limits.weight[row])
        infinity = self.solver.infinity()
        constraint = self.solver.Constraint(-infinity, bound)
        if math.isfinite(weight):
            excess = self.solver.NumVar(0, infinity, "")
            self.solver.Objective().SetCoefficient(excess, weight)
            constraint.SetCoefficient(excess, -1)
        return constraint

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

    def add(self, schedule: np.ndarray) -> int:
        """Bring one person's schedule (its pattern indices) into the LP; returns its number."""
        columns, limits = self.columns, self.columns.limits
        variable = self.solver.NumVar(0, 1, "")
        self.solver.Objective().SetCoefficient(variable, float(columns.cost[schedule].sum()))
        person = int(columns.person[schedule[0]])
        self.person_rows[person].SetCoefficient(variable, 1)
        for index in schedule.tolist():
            begin, end = columns.cover_start[index], columns.cover_start[index + 1]
            for turn in columns.cover_turn[begin:end].tolist():
                self.turn_rows[turn].SetCoefficient(variable, 1)
            begin, end = limits.start[index], limits.start[index + 1]
            for row in limits.row[begin:end].tolist():
                self.limit_rows[row].SetCoefficient(variable, 1)
        self.variables.append(variable)
        self.schedules.append(schedule)
        self.owner.append(person)
        return len(self.variables) - 1

    def fix(self, person: int, schedule: int | None) -> None:
        """Fix `person` to one of their schedules (by number), or to none (a week off)."""
        self.fixed[person] = True
        if schedule is not None:
            self.variables[schedule].SetLb(1)
        else:
            self.person_rows[person].SetUb(0)

    def solve(self, deadline: float) -> bool:
        """Re-solve the restricted LP and read its solution; False if not optimal in time."""
        time_left = deadline - time.monotonic()
        if time_left <= 0:
            return False
        self.solver.SetTimeLimit(max(1, int(time_left * 1000)))
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return False
        self._read_solution()
        return True

    def _read_solution(self) -> None:
        """Keep the solution and duals: changing the model makes the solver forget them."""
        limits = self.columns.limits
        self._value = self.solver.Objective().Value() + self.columns.constant
        self._schedule_values = np.array([v.solution_value() for v in self.variables])
        self._convexity = np.minimum(0.0, np.array([r.dual_value() for r in self.person_rows]))
        self._turn = np.array([row.dual_value() for row in self.turn_rows])
        self._limit = np.zeros(len(limits))
        limit = np.array([row.dual_value() for row in self.limit_rows])
        # Clamped to [-weight, 0], the signs that keep the Lagrangian bound valid.
        self._limit = np.clip(limit, -limits.weight, 0.0) if len(limit) else limit

    def value(self) -> float:
        """The restricted LP's optimum (an upper bound of the full LP's)."""
        return self._value

    def convexity_duals(self) -> np.ndarray:
        """Duals of the one-schedule-per-person rows (never positive)."""
        return self._convexity

    def pattern_reduced_costs(self) -> np.ndarray:
        """Each pattern's cost less the duals of the turns and limits it covers."""
        columns, limits = self.columns, self.columns.limits
        covered = np.bincount(
            columns.cover_column, weights=self._turn[columns.cover_turn], minlength=len(columns)
        )
        if len(limits.row):
            covered += np.bincount(
                limits.column, weights=self._limit[limits.row], minlength=len(columns)
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

    def schedule_values(self) -> np.ndarray:
        """LP value of every schedule at the last solve, by number."""
        return self._schedule_values

    def pattern_values(self) -> np.ndarray:
        """LP value of every pattern: the total value of the schedules following it."""
        value = np.zeros(len(self.columns))
        for schedule, amount in zip(self.schedules, self._schedule_values.tolist(), strict=True):
            value[schedule] += amount
        return value
