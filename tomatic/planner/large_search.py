"""Search for large weeks: LP bound, a fix-and-solve first timetable, then reduced-cost fixing.

1. The linear relaxation (`relaxation.py`) gives a proven bound L and each pattern's reduced
   cost rc: any timetable following that pattern costs at least L + rc.
2. Fix and solve: the person-days whose LP pattern is integral keep it; CP-SAT completes the
   others among their cheapest patterns. The LP of these weeks is nearly integral, so this
   small model gives a good timetable in a fraction of a second.
3. Reduced-cost fixing: with incumbent cost U, patterns with rc > U − L cannot improve on it, so
   CP-SAT searches the model without them (capped at a size budget; when the cap cuts deeper,
   the week's bound is min(restricted bound, L + cut) instead of the restricted bound).
"""

from __future__ import annotations

import math
import time

import numpy as np

from tomatic.planner.columns import Columns, build_columns
from tomatic.planner.instance import Problem, Status
from tomatic.planner.model import Assignment, build_model, hint_assignment
from tomatic.planner.relaxation import TOLERANCE, Relaxation, solve_relaxation
from tomatic.planner.search import (
    Recorder,
    SearchOptions,
    SearchResult,
    finish_search,
    solve_stage,
    stop_asked,
)
from tomatic.planner.variables import Patterns, allowed_patterns

LARGE_MODEL = 50_000
"""Models with more pattern literals than this take the LP path."""
LP_SHARE = 0.8
"""Most of the time limit the LP may take before falling back to the full model."""
FIX_BUDGET = 5_000
"""Patterns offered to the person-days left free by the fix-and-solve stage."""
FIX_DETERMINISTIC = 10.0
"""CP-SAT deterministic-time units of the fix-and-solve stage (single worker: reproducible)."""
RESTRICTED_BUDGET = 40_000
"""Most patterns of the reduced-cost-fixed model."""


def run_large_search(
    problem: Problem, options: SearchOptions, previous: Assignment | None = None
) -> SearchResult | None:
    """Plan a large week through its linear relaxation.

    Args:
        problem: the validated week to plan.
        options: time limit, workers, seed, progress callback and stop predicate.
        previous: an earlier timetable's people per turn; its patterns stay in the last model.

    Returns:
        The result (bound: the best of the LP's and CP-SAT's valid for the whole week), or None
        when the LP could not be solved in time, so the caller searches the full model.
    """
    start = time.monotonic()
    columns = build_columns(problem)
    relaxation = solve_relaxation(
        problem, columns, options.time_limit * LP_SHARE, options.should_stop
    )
    if relaxation is None:
        return None
    recorder = Recorder(start, options.on_progress)
    lower = relaxation.proven_bound()
    recorder.bound_of = lambda bound: lower
    recorder.stop_at = lower
    best = _proven(_fix_and_solve(problem, columns, relaxation, options, recorder, start), lower)
    if best.status in ("optimal", "infeasible") or stop_asked(options):
        return finish_search(best, start, recorder)
    remaining = options.time_limit - (time.monotonic() - start)
    if remaining > 0:
        best = _restricted_search(
            problem, columns, relaxation, best, previous, options, recorder, remaining
        )
    return finish_search(best, start, recorder)


def _fix_and_solve(
    problem: Problem,
    columns: Columns,
    relaxation: Relaxation,
    options: SearchOptions,
    recorder: Recorder,
    start: float,
) -> SearchResult:
    integral = np.flatnonzero(relaxation.value > 1 - TOLERANCE)
    free = np.flatnonzero(~np.isin(columns.person_day, columns.person_day[integral]))
    cut = _cut_for(relaxation.reduced_cost[free], FIX_BUDGET)
    offered = free[relaxation.reduced_cost[free] <= cut + TOLERANCE]
    built = build_model(problem, columns.patterns(np.union1d(integral, offered)))
    for index in integral.tolist():
        key = (columns.persons[columns.person[index]], int(columns.day[index]))
        built.model.add(built.plan.choices[key][0].literal == 1)
    time_left = options.time_limit - (time.monotonic() - start)
    result = solve_stage(built, options, 1, time_left, recorder, FIX_DETERMINISTIC)
    return SearchResult("unknown", result.cost, None, result.assignment, result.wall_s)


def _restricted_search(
    problem: Problem,
    columns: Columns,
    relaxation: Relaxation,
    best: SearchResult,
    previous: Assignment | None,
    options: SearchOptions,
    recorder: Recorder,
    time_left: float,
) -> SearchResult:
    reduced = relaxation.reduced_cost
    slack = math.inf if best.cost is None else best.cost - relaxation.bound
    cut = min(slack, _cut_for(reduced, RESTRICTED_BUDGET))
    patterns = columns.patterns(np.flatnonzero(reduced <= cut + TOLERANCE))
    for assignment in (best.assignment, previous):
        _add_assignment(problem, patterns, assignment)
    built = build_model(problem, patterns)
    if best.assignment is not None:
        hint_assignment(built, best.assignment)
    lower = relaxation.proven_bound()
    beyond = math.ceil(relaxation.bound + cut - TOLERANCE) if math.isfinite(cut) else math.inf
    recorder.bound_of = lambda bound: int(max(lower, min(bound, beyond)))
    result = solve_stage(built, options, options.workers, time_left, recorder, None)
    return _combine(best, result, lower, beyond)


def _combine(best: SearchResult, result: SearchResult, lower: int, beyond: float) -> SearchResult:
    """The better timetable of both stages with the week's bound of the restricted search."""
    bound = lower
    if result.bound is not None:
        bound = max(lower, int(min(result.bound, beyond)))
    if result.cost is not None and (best.cost is None or result.cost < best.cost):
        best = result
    return _proven(SearchResult(best.status, best.cost, bound, best.assignment, 0.0), bound)


def _proven(result: SearchResult, bound: int) -> SearchResult:
    """Attach the week's bound; optimal when the timetable reaches it."""
    if result.cost is None:
        return SearchResult(result.status, None, bound, None, result.wall_s)
    status: Status = "optimal" if result.cost <= bound else "feasible"
    return SearchResult(status, result.cost, bound, result.assignment, result.wall_s)


def _cut_for(reduced: np.ndarray, budget: int) -> float:
    """The reduced cost below which about `budget` patterns lie (all of them if fewer)."""
    if len(reduced) == 0:
        return 0.0
    if len(reduced) <= budget:
        return float(reduced.max())
    return float(np.partition(reduced, budget - 1)[budget - 1])


def _add_assignment(problem: Problem, patterns: Patterns, assignment: Assignment | None) -> None:
    """Make sure the patterns of a timetable (the allowed ones) are in `patterns`."""
    if assignment is None:
        return
    days: dict[tuple[str, int], list[int]] = {}
    for (day, hour), people in assignment.items():
        for person in people:
            days.setdefault((person, day), []).append(hour)
    busy = problem.busy_set()
    for (person, day), hours in days.items():
        pattern = tuple(sorted(hours))
        mine = patterns.setdefault((person, day), [])
        if pattern not in mine and pattern in allowed_patterns(problem, person, day, busy):
            mine.append(pattern)
