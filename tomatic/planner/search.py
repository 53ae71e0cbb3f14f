"""Running CP-SAT: limits, seed, progress reports and cooperative cancellation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from tomatic.planner.model import Assignment, BuiltModel, hint_assignment, read_assignment

STOP_POLL_S = 0.1
SMALL_MODEL = 50_000
"""Models with at most this many pattern literals get a deterministic single-worker first stage."""
DETERMINISTIC_BUDGET = 20.0
"""CP-SAT deterministic-time units for that stage (the 480-cell weeks prove in well under 5)."""
STATUS_NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
}


@dataclass
class SearchOptions:
    """How long and how to search."""

    time_limit: float = 10.0
    workers: int = 2
    seed: int = 0
    on_progress: Callable[[dict], None] | None = None
    should_stop: Callable[[], bool] | None = None


@dataclass
class SearchResult:
    """Outcome of one search: status, objective, bound and the best assignment found."""

    status: str
    cost: int | None
    bound: int | None
    assignment: Assignment | None
    wall_s: float
    progress: list[dict] = field(default_factory=list)


class _Recorder(cp_model.CpSolverSolutionCallback):
    """Records and reports each improving solution."""

    def __init__(self, start: float, report: Callable[[dict], None] | None) -> None:
        super().__init__()
        self._start, self._report = start, report
        self.points: list[dict] = []

    def on_solution_callback(self) -> None:
        cost = round(self.objective_value)
        if self.points and cost >= self.points[-1]["cost"]:
            return
        point = {
            "t": round(time.monotonic() - self._start, 3),
            "cost": cost,
            "bound": round(self.best_objective_bound),
        }
        self.points.append(point)
        if self._report is not None:
            self._report(dict(point))


def run_search(built: BuiltModel, options: SearchOptions) -> SearchResult:
    """Solve `built` within the options' limits, keeping the best solution if stopped early.

    Small models are first searched by one worker under a deterministic budget, so that a given
    seed gives the same timetable; if that does not prove optimality, all workers continue from
    its best solution for the remaining time.

    Args:
        built: the model from `build_model` (with hints, if any).
        options: time limit, workers, seed, progress callback and stop predicate.

    Returns:
        The status name (optimal, feasible, infeasible, unknown), cost, bound and assignment.
    """
    start = time.monotonic()
    recorder = _Recorder(start, options.on_progress)
    best: SearchResult | None = None
    if options.workers > 1 and built.size() <= SMALL_MODEL:
        best = _stage(built, options, 1, options.time_limit, recorder, DETERMINISTIC_BUDGET)
        if best.status in ("optimal", "infeasible") or _stop_asked(options):
            return _finish(best, start, recorder)
        if best.assignment is not None:
            hint_assignment(built, best.assignment)
    remaining = options.time_limit - (time.monotonic() - start)
    if remaining > 0 or best is None:
        result = _stage(built, options, options.workers, max(0.0, remaining), recorder, None)
        best = result if best is None or _better(result, best) else _with_bound(best, result)
    return _finish(best, start, recorder)


def _stage(
    built: BuiltModel,
    options: SearchOptions,
    workers: int,
    time_limit: float,
    recorder: _Recorder,
    deterministic_budget: float | None,
) -> SearchResult:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = options.seed
    if deterministic_budget is not None:
        solver.parameters.max_deterministic_time = deterministic_budget
    finished = threading.Event()
    watcher = _watch(solver, options.should_stop, finished)
    try:
        code = solver.solve(built.model, recorder)
    finally:
        finished.set()
        if watcher is not None:
            watcher.join()
    return _result(built, solver, code)


def _stop_asked(options: SearchOptions) -> bool:
    return options.should_stop is not None and options.should_stop()


def _better(new: SearchResult, old: SearchResult) -> bool:
    if new.cost is None:
        return old.cost is None and new.status == "infeasible"
    return (
        old.cost is None
        or new.cost < old.cost
        or (new.cost == old.cost and new.status == "optimal")
    )


def _with_bound(best: SearchResult, later: SearchResult) -> SearchResult:
    """Keep the earlier solution but the tighter proven bound (and status) of a later stage."""
    bound = (
        max(b for b in (best.bound, later.bound) if b is not None)
        if later.bound is not None
        else best.bound
    )
    status = (
        "optimal"
        if bound is not None and bound >= (best.cost or 0) and best.cost is not None
        else best.status
    )
    return SearchResult(status, best.cost, bound, best.assignment, best.wall_s)


def _finish(best: SearchResult, start: float, recorder: _Recorder) -> SearchResult:
    best.wall_s = time.monotonic() - start
    best.progress = recorder.points
    return best


def _watch(
    solver: cp_model.CpSolver, should_stop: Callable[[], bool] | None, finished: threading.Event
) -> threading.Thread | None:
    if should_stop is None:
        return None

    def poll() -> None:
        while not finished.wait(STOP_POLL_S):
            if should_stop():
                solver.stop_search()
                return

    thread = threading.Thread(target=poll, name="planner-stop-watch", daemon=True)
    thread.start()
    return thread


def _result(built: BuiltModel, solver: cp_model.CpSolver, code: int) -> SearchResult:
    status = STATUS_NAMES.get(code, "unknown")
    if status in ("optimal", "feasible"):
        cost = round(solver.objective_value)
        bound = round(solver.best_objective_bound)
        if status == "optimal":
            bound = cost
        return SearchResult(status, cost, bound, read_assignment(built, solver), solver.wall_time)
    return SearchResult(status, None, None, None, solver.wall_time)
