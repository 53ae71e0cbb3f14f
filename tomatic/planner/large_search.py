"""Search for large weeks: LP bound, a rounded first timetable, diving, reduced-cost fixing.

1. The linear relaxation over whole schedules (`relaxation.py`) gives a proven bound L and each
   pattern's reduced cost rc: any timetable following that pattern costs at least L + rc.
   Table and group limits are rows of that LP, so its solution already respects them.
2. Rounding (`rounding.py`) turns the LP solution into a valid timetable in a fraction of a
   second: the first progress report.
3. Diving (`dive.py`): people are fixed to their LP schedules a share at a time, the LP
   re-solved in between; this usually ends at or within a fraction of a percent of the bound.
4. Reduced-cost fixing: with incumbent cost U, patterns with rc > U − L cannot improve on it, so
   CP-SAT searches the model without them (capped at a size budget; when the cap cuts deeper,
   the week's bound is min(restricted bound, L + cut) instead of the restricted bound).
"""

from __future__ import annotations

import math
import time

import numpy as np

from tomatic.planner.columns import Columns, build_columns
from tomatic.planner.dive import dive, fresh_lp
from tomatic.planner.instance import Problem, Status
from tomatic.planner.master import TOLERANCE
from tomatic.planner.model import Assignment, build_model, hint_assignment
from tomatic.planner.relaxation import Relaxation, generate, solve_relaxation
from tomatic.planner.rounding import round_values
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
DIVE_SHARES = (0.3, 0.1)
"""A quick dive, then (if it did not reach the bound) a slower, finer one."""
DIVE_TIME_SHARE = 0.7
"""The finer dive stops at this share of the time limit, leaving the rest to CP-SAT."""
RESTRICTED_BUDGET = 40_000
"""Most patterns of the reduced-cost-fixed model."""


def run_large_search(
    problem: Problem, options: SearchOptions, previous: Assignment | None = None
) -> SearchResult | None:
    """Plan a large week through its linear relaxation.

    Args:
        problem: the validated week to plan.
        options: time limit, workers, seed, progress callback and stop predicate.
        previous: an earlier timetable's people per turn; its schedules start the LP and its
            patterns stay in the last model.

    Returns:
        The result (bound: the best of the LP's and CP-SAT's valid for the whole week), or None
        when the LP could not be solved in time, so the caller searches the full model.
    """
    start = time.monotonic()
    columns = build_columns(problem)
    if columns.limits.hopeless():
        return SearchResult("infeasible", None, None, None, time.monotonic() - start)
    relaxation = solve_relaxation(
        problem,
        columns,
        options.time_limit * LP_SHARE,
        options.should_stop,
        schedules_of(columns, previous),
    )
    if relaxation is None:
        return None
    recorder = Recorder(start, options.on_progress)
    lower = relaxation.proven_bound()
    recorder.bound_of = lambda bound: lower
    recorder.stop_at = lower
    best = _first_timetables(problem, columns, relaxation, options, recorder, start)
    remaining = options.time_limit - (time.monotonic() - start)
    if best.status != "optimal" and not stop_asked(options) and remaining > 0:
        best = _restricted_search(
            problem, columns, relaxation, best, previous, options, recorder, remaining
        )
    return finish_search(best, start, recorder)


def _first_timetables(
    problem: Problem,
    columns: Columns,
    relaxation: Relaxation,
    options: SearchOptions,
    recorder: Recorder,
    start: float,
) -> SearchResult:
    """The LP solution rounded, then (until one reaches the bound) the dives' timetables."""
    lower = relaxation.proven_bound()
    holes = problem.weight("holes") or 0
    reduced = relaxation.reduced_cost
    found = round_values(columns, relaxation.value, reduced, problem.n_lines, holes)
    recorder.record(found.cost, lower, assignment_of(columns, found.chosen))
    roots = list(relaxation.lp.schedules)
    for attempt, share in enumerate(DIVE_SHARES):
        deadline = start + options.time_limit * (DIVE_TIME_SHARE if attempt else 1.0)
        if found.cost <= lower or stop_asked(options) or time.monotonic() > deadline:
            break
        lp = relaxation.lp if attempt == 0 else fresh_lp(problem, columns, roots)
        if attempt and generate(lp, deadline, options.should_stop) is None:
            break
        dived = dive(problem, lp, reduced, deadline, options.should_stop, share)
        if dived is not None and dived.cost < found.cost:
            recorder.record(dived.cost, lower, assignment_of(columns, dived.chosen))
            found = dived
    assignment = assignment_of(columns, found.chosen)
    return _proven(SearchResult("feasible", found.cost, None, assignment, 0.0), lower)


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
    excluded = reduced[reduced > cut + TOLERANCE]
    # A timetable following a pattern left out costs at least L + its reduced cost.
    beyond = math.ceil(relaxation.bound + excluded.min() - TOLERANCE) if len(excluded) else math.inf
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


def assignment_of(columns: Columns, chosen: np.ndarray) -> Assignment:
    """People on the phone in each turn when the chosen patterns are followed."""
    assignment: Assignment = {}
    for index in chosen.tolist():
        person, day = columns.persons[columns.person[index]], int(columns.day[index])
        for hour in columns.hours[index]:
            assignment.setdefault((day, hour), []).append(person)
    return assignment


def schedules_of(columns: Columns, assignment: Assignment | None) -> list[np.ndarray]:
    """The schedules (pattern indices per person) of an earlier timetable, where allowed."""
    if not assignment:
        return []
    days: dict[tuple[int, int], list[int]] = {}
    index = {person: p for p, person in enumerate(columns.persons)}
    for (day, hour), people in assignment.items():
        for person in people:
            if person in index and day < columns.n_days:
                days.setdefault((index[person], day), []).append(hour)
    found: dict[int, list[int]] = {}
    for (number, day), hours in sorted(days.items()):
        pattern = _find_pattern(columns, number * columns.n_days + day, tuple(sorted(hours)))
        if pattern is not None:
            found.setdefault(number, []).append(pattern)
    return [
        np.array(patterns, dtype=np.int64)
        for number, patterns in sorted(found.items())
        if columns.size[patterns].sum() <= columns.load[number]
    ]


def _find_pattern(columns: Columns, person_day: int, hours: tuple[int, ...]) -> int | None:
    begin, end = np.searchsorted(columns.person_day, [person_day, person_day + 1])
    for index in range(int(begin), int(end)):
        if columns.hours[index] == hours:
            return index
    return None


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
