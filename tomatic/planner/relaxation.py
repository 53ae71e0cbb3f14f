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

from tomatic.planner.columns import Columns
from tomatic.planner.instance import Problem
from tomatic.planner.master import TOLERANCE, ScheduleLP
from tomatic.planner.schedules import Pricing, price


@dataclass
class Relaxation:
    """The LP's proven bound, reduced costs and (fractional) values of every pattern.

    `lp` is the master LP as the loop left it, for diving (`dive.py`).
    """

    bound: float
    reduced_cost: np.ndarray
    value: np.ndarray
    rounds: int
    lp: ScheduleLP

    def proven_bound(self) -> int:
        """The bound rounded up to the integer costs of timetables."""
        return math.ceil(self.bound - TOLERANCE)


@dataclass
class Generated:
    """The outcome of one column-generation loop: its best bound and that bound's fixing costs."""

    bound: float
    fixing: np.ndarray
    rounds: int


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
    lp = ScheduleLP(problem, columns)
    for schedule in start_with or []:
        lp.add(schedule)
    generated = generate(lp, time.monotonic() + time_limit, should_stop)
    if generated is None:
        return None
    return Relaxation(generated.bound, generated.fixing, lp.pattern_values(), generated.rounds, lp)


def generate(
    lp: ScheduleLP, deadline: float, should_stop: Callable[[], bool] | None = None
) -> Generated | None:
    """Add schedules to `lp` until none lowers it (or its integer bound cannot rise).

    Persons fixed in `lp` are not priced. The bound of a diving LP (`lp.partial`) is not
    computed: it would not be the week's. Returns None when stopped or out of time.
    """
    rounds = 0
    best, fixing = -math.inf, np.zeros(0)
    while True:
        rounds += 1
        if not lp.solve(deadline):
            return None
        pricing = price(lp.columns, lp.pattern_reduced_costs())
        if not lp.partial:
            bound = lp.lagrangian_bound(pricing)
            if bound > best:
                best, fixing = bound, pricing.extra
        entering = _entering(pricing, lp.convexity_duals(), lp.fixed)
        if not entering or _reached(best, lp.value()):
            return Generated(best, fixing, rounds)
        if time.monotonic() > deadline or (should_stop is not None and should_stop()):
            return None
        for schedule in entering:
            lp.add(schedule)


def _reached(bound: float, value: float) -> bool:
    """Whether the LP value rounds up to the bound: more rounds cannot raise the integer bound."""
    return math.isfinite(bound) and math.ceil(bound - TOLERANCE) >= math.ceil(value - TOLERANCE)


def _entering(pricing: Pricing, convexity: np.ndarray, fixed: np.ndarray) -> list[np.ndarray]:
    """The best schedule of each person not fixed whose reduced cost is negative."""
    gaining = (pricing.best - convexity < -TOLERANCE) & ~fixed
    bounds = np.searchsorted(pricing.owner, np.arange(len(convexity) + 1))
    return [
        pricing.chosen[bounds[p] : bounds[p + 1]]
        for p in np.flatnonzero(gaining).tolist()
        if bounds[p + 1] > bounds[p]
    ]
