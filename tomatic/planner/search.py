"""Running CP-SAT: limits, seed, progress reports and cooperative cancellation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from tomatic.planner.model import Assignment, BuiltModel, read_assignment

STOP_POLL_S = 0.1
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
        point = {
            "t": round(time.monotonic() - self._start, 3),
            "cost": round(self.objective_value),
            "bound": round(self.best_objective_bound),
        }
        self.points.append(point)
        if self._report is not None:
            self._report(dict(point))


def run_search(built: BuiltModel, options: SearchOptions) -> SearchResult:
    """Solve `built` within the options' limits, keeping the best solution if stopped early.

    Args:
        built: the model from `build_model` (with hints, if any).
        options: time limit, workers, seed, progress callback and stop predicate.

    Returns:
        The status name (optimal, feasible, infeasible, unknown), cost, bound and assignment.
    """
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, options.time_limit)
    solver.parameters.num_workers = max(1, options.workers)
    solver.parameters.random_seed = options.seed
    start = time.monotonic()
    recorder = _Recorder(start, options.on_progress)
    finished = threading.Event()
    watcher = _watch(solver, options.should_stop, finished)
    try:
        code = solver.solve(built.model, recorder)
    finally:
        finished.set()
        if watcher is not None:
            watcher.join()
    return _result(built, solver, code, recorder, time.monotonic() - start)


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
    built: BuiltModel, solver: cp_model.CpSolver, code: int, recorder: _Recorder, wall_s: float
) -> SearchResult:
    status = STATUS_NAMES.get(code, "unknown")
    if status in ("optimal", "feasible"):
        cost = round(solver.objective_value)
        bound = round(solver.best_objective_bound)
        if status == "optimal":
            bound = cost
        return SearchResult(
            status, cost, bound, read_assignment(built, solver), wall_s, recorder.points
        )
    return SearchResult(status, None, None, None, wall_s, recorder.points)
