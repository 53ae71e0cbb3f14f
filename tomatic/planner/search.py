"""Running CP-SAT: limits, seed, progress reports and cooperative cancellation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from tomatic.planner.instance import Status
from tomatic.planner.model import Assignment, BuiltModel, hint_assignment, read_assignment

STOP_POLL_S = 0.1
TIMETABLE_EVERY_S = 1.0
"""Progress reports carry the timetable found at most this often (the first one always)."""
SMALL_MODEL = 50_000
"""Models with at most this many pattern literals get a deterministic single-worker first stage."""
DETERMINISTIC_BUDGET = 20.0
"""CP-SAT deterministic-time units for that stage (the 480-cell weeks prove in well under 5)."""
STATUS_NAMES: dict[cp_model.CpSolverStatus, Status] = {
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
    on_progress: Callable[[dict[str, Any]], None] | None = None
    should_stop: Callable[[], bool] | None = None


@dataclass
class SearchResult:
    """Outcome of one search: status, objective, bound and the best assignment found."""

    status: Status
    cost: int | None
    bound: int | None
    assignment: Assignment | None
    wall_s: float
    progress: list[dict[str, Any]] = field(default_factory=list)


class Recorder(cp_model.CpSolverSolutionCallback):
    """Records and reports each improving solution.

    `bound_of` maps the solver's bound to the one reported, for models that only hold part of
    the week's patterns (whose own bound is not the week's). A solution costing `stop_at` or
    less stops the run: a bound proven elsewhere (the LP's) shows it optimal.
    """

    def __init__(self, start: float, report: Callable[[dict[str, Any]], None] | None) -> None:
        super().__init__()
        self._start, self._report = start, report
        self.points: list[dict[str, Any]] = []
        self.bound_of: Callable[[int], int] = lambda bound: bound
        self.stop_at: int | None = None
        self.read: Callable[[], Any] | None = None
        """Reads the people per turn of the solution being reported (CP-SAT's, in a stage)."""
        self._timetable_at: float | None = None

    def on_solution_callback(self) -> None:
        cost = round(self.objective_value)
        if self.stop_at is not None and cost <= self.stop_at:
            self.stop_search()
        self.record(cost, self.bound_of(round(self.best_objective_bound)), self._assignment())

    def _assignment(self) -> Any:
        """The solution's people per turn, for the first report and then at most once every
        `TIMETABLE_EVERY_S` (reading them costs a pass over every pattern)."""
        if self._report is None or self.read is None:
            return None
        if self.points and self.points[-1]["cost"] <= round(self.objective_value):
            return None
        moment = time.monotonic()
        if self._timetable_at is not None and moment - self._timetable_at < TIMETABLE_EVERY_S:
            return None
        return self.read()

    def record(self, cost: int, bound: int, assignment: Any = None) -> None:
        """Report a solution found by any means, if it improves on the last one reported;
        with its people per turn (`assignment`) when the finder has them at hand."""
        if self.points and cost >= self.points[-1]["cost"]:
            return
        point = {"t": round(time.monotonic() - self._start, 3), "cost": cost, "bound": bound}
        self.points.append(point)
        if self._report is None:
            return
        if assignment is None:
            self._report(dict(point))
            return
        self._timetable_at = time.monotonic()
        self._report(point | {"assignment": assignment})


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
    recorder = Recorder(start, options.on_progress)
    best: SearchResult | None = None
    if options.workers > 1 and built.size() <= SMALL_MODEL:
        best = solve_stage(built, options, 1, options.time_limit, recorder, DETERMINISTIC_BUDGET)
        if best.status in ("optimal", "infeasible") or stop_asked(options):
            return finish_search(best, start, recorder)
        if best.assignment is not None:
            hint_assignment(built, best.assignment)
    remaining = options.time_limit - (time.monotonic() - start)
    if remaining > 0 or best is None:
        result = solve_stage(built, options, options.workers, max(0.0, remaining), recorder, None)
        best = result if best is None or _better(result, best) else _with_bound(best, result)
    return finish_search(best, start, recorder)


def solve_stage(
    built: BuiltModel,
    options: SearchOptions,
    workers: int,
    time_limit: float,
    recorder: Recorder,
    deterministic_budget: float | None,
) -> SearchResult:
    """One CP-SAT run on `built`, stoppable through `options.should_stop`.

    Args:
        built: the model to solve (with its hints).
        options: seed, progress and stop predicate (its time limit is not used).
        workers: CP-SAT search threads.
        time_limit: wall-clock seconds for this run.
        recorder: the search's progress recorder.
        deterministic_budget: a deterministic-time limit too, if any.

    Returns:
        The run's status, cost, bound and best assignment (bound as the solver proved it).
    """
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = options.seed
    if deterministic_budget is not None:
        solver.parameters.max_deterministic_time = deterministic_budget
    finished = threading.Event()
    watcher = _watch(solver, options.should_stop, finished)
    recorder.read = lambda: read_assignment(built, recorder)
    try:
        code = solver.solve(built.model, recorder)
    finally:
        recorder.read = None
        finished.set()
        if watcher is not None:
            watcher.join()
    return _result(built, solver, code)


def stop_asked(options: SearchOptions) -> bool:
    """Whether the caller asked to stop."""
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


def finish_search(best: SearchResult, start: float, recorder: Recorder) -> SearchResult:
    """Stamp the search's total wall time and progress on its best result."""
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


def _result(
    built: BuiltModel, solver: cp_model.CpSolver, code: cp_model.CpSolverStatus
) -> SearchResult:
    status = STATUS_NAMES.get(code, "unknown")
    if status in ("optimal", "feasible"):
        cost = round(solver.objective_value)
        bound = round(solver.best_objective_bound)
        if status == "optimal":
            bound = cost
        return SearchResult(status, cost, bound, read_assignment(built, solver), solver.wall_time)
    return SearchResult(status, None, None, None, solver.wall_time)
