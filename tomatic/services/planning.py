"""Planning a week: planner runs in workers, one per week at a time, drafts, the ledger.

A run belongs to the process that started it (`owner`). Runs left queued or running by a
process that is gone (a crash, a restart) are marked interrupted, so that nothing waits for
them, and their live message says so.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import ConflictError, NotFoundError, TomaticError, plain_params
from tomatic.domain.load import LoadResult
from tomatic.domain.runs import PlannerRun
from tomatic.domain.timetable import Grid, Timetable
from tomatic.domain.weeks import refuse_ended
from tomatic.planner.instance import Problem, ProblemError, Solution
from tomatic.ports import RunStore, SolverRunner, TimetableStore
from tomatic.services.fairness import FairnessService
from tomatic.services.problem import ProblemContext, revised, timetable_from_solution
from tomatic.services.week_problems import WeekProblems

log = structlog.get_logger("tomatic.planning")
RunListener = Callable[[PlannerRun], Awaitable[None]]
Owner = dict[str, Any]


class RunEvents:
    """Who hears about planner runs: every subscriber gets each change of every run."""

    def __init__(self) -> None:
        self._listeners: list[RunListener] = []

    def subscribe(self, listener: RunListener) -> None:
        """Call `listener` with the run record after each change."""
        self._listeners.append(listener)

    async def emit(self, run: PlannerRun) -> None:
        """Tell every subscriber; a failing one is logged and does not stop the others."""
        for listener in list(self._listeners):
            try:
                await listener(run)
            except Exception:  # a broken listener must not break the run
                log.exception("run listener failed", run_id=run.id)


class PlanRunningError(ConflictError):
    """The week is being planned already (`run` names that run)."""

    key = "plan.running"


class PlanningService:
    """Runs the optimiser in the background: at most one run per week, `max_active` in all."""

    def __init__(
        self,
        problems: WeekProblems,
        fairness: FairnessService,
        timetables: TimetableStore,
        runs: RunStore,
        runner: SolverRunner,
        config: PlanningConfig,
        now: Callable[[], dt.datetime],
        events: RunEvents,
        *,
        owner: Owner | None = None,
        alive: Callable[[Owner], bool] = lambda owner: False,
        max_active: int = 2,
    ) -> None:
        self.problems = problems
        self.fairness = fairness
        self.timetables = timetables
        self.runs = runs
        self.runner = runner
        self.config = config
        self.now = now
        self.events = events
        self.owner = owner or {"token": secrets.token_hex(8)}
        self.alive = alive
        self.max_active = max_active
        self._tasks: dict[str, asyncio.Task[PlannerRun]] = {}
        self._cancelled: set[str] = set()
        self._best: dict[str, Grid] = {}
        self._starting = asyncio.Lock()
        self._closing = False

    async def compute_load(
        self, week: dt.date, lines: int | None = None, forgive: bool = False
    ) -> LoadResult:
        """The week's fair load per person."""
        return await self.problems.compute_load(week, lines, forgive)

    async def problem(
        self, week: dt.date, lines: int | None = None, forgive: bool = False, *, fair: bool = False
    ) -> ProblemContext:
        """The week's problem; `fair`: with the ledger's history, as planner runs get it."""
        context = await self.problems.problem(week, lines, forgive)
        if fair and self.fairness.enabled:
            history = await self.fairness.history(week, context.problem.persons)
            if history:
                context.problem = revised(context.problem, discomfort=history)
        return context

    async def problem_for(self, timetable: Timetable, extra_load: int = 0) -> Problem:
        """The problem of a stored timetable's week, over its days."""
        return await self.problems.problem_for(timetable, extra_load)

    async def start(
        self,
        week: dt.date,
        actor: str,
        time_limit: float | None = None,
        lines: int | None = None,
        lang: str = "en",
        message: str | None = None,
    ) -> PlannerRun:
        """Queue a run and start it in the background; subscribers hear of every change.

        Refused for a week that is over, a week being planned (PlanRunningError) and when
        `max_active` runs are under way. `message` is the live message following the run.
        """
        refuse_ended(week, self.config.hours, self.now(), "plan.week_over")
        async with self._starting:
            active = await self.active()
            running = [run for run in active if run.week == week]
            if running:
                raise PlanRunningError(week=week, run=running[0].id)
            if len(active) >= self.max_active:
                weeks = sorted({run.week for run in active})
                raise ConflictError("plan.too_many", count=len(active), weeks=weeks)
            limit = time_limit or self.config.time_limit_s
            params = {"time_limit": limit, "lines": lines, "lang": lang, "owner": self.owner}
            run = PlannerRun(
                id=secrets.token_hex(4), week=week, params=params, created_by=actor, message=message
            )
            run = await self.runs.create(run)
            self._tasks[run.id] = asyncio.create_task(self._execute(run))
        await self._emit(run.id)
        return run

    async def active(self) -> list[PlannerRun]:
        """The runs under way; those left by a process that is gone are interrupted now."""
        found = []
        for run in await self.runs.unfinished():
            owner = run.params.get("owner") or {}
            mine = owner.get("token") == self.owner.get("token")
            if run.id in self._tasks or (not mine and self.alive(owner)):
                found.append(run)
            else:
                await self._interrupt(run)
        return found

    async def interrupt_orphans(self) -> int:
        """At start: mark the runs a previous process left unfinished as interrupted."""
        before = len(await self.runs.unfinished())
        return before - len(await self.active())

    async def close(self) -> None:
        """Stopping: the runs of this process are interrupted (their messages say so)."""
        self._closing = True
        for run_id, task in list(self._tasks.items()):
            run = await self.runs.get(run_id)
            if run is not None and not run.finished:
                await self._interrupt(run)
            task.cancel()

    async def wait(self, run_id: str) -> PlannerRun:
        """Wait for a run started here to end."""
        task = self._tasks.get(run_id)
        if task is not None:
            await asyncio.shield(task)
        return await self.get(run_id)

    async def get(self, run_id: str) -> PlannerRun:
        """A run record."""
        run = await self.runs.get(run_id)
        if run is None:
            raise NotFoundError("plan.unknown_run", id=run_id)
        return run

    def best(self, run_id: str) -> Grid | None:
        """The best timetable a run under way has found so far, if it reported one."""
        return self._best.get(run_id)

    async def attach(self, run_id: str, message: str) -> None:
        """Remember the live message that follows a run."""
        await self.runs.update(run_id, message=message)

    async def cancel(self, run_id: str) -> bool:
        """Stop a run, keeping the best timetable found so far."""
        run = await self.get(run_id)
        if run.finished:
            return False
        self._cancelled.add(run_id)
        if not self.runner.cancel(run_id) and run.state == "queued":
            task = self._tasks.get(run_id)
            if task is not None:
                task.cancel()
        return True

    async def _execute(self, run: PlannerRun) -> PlannerRun:
        try:
            context = await self.problem(run.week, run.params.get("lines"), fair=True)
            problem = context.problem.model_dump(mode="json", by_alias=True, exclude_none=True)
            await self.runs.update(run.id, state="running", problem=problem)
            await self._emit(run.id)
            solution = await self.runner.solve(
                run.id,
                context.problem.to_json(),
                self._options(run, context),
                lambda point: self._progress(run.id, point),
            )
            return await self._finish(run, context, solution)
        except asyncio.CancelledError:
            if not self._closing:
                await self.runs.update(run.id, state="cancelled")
                await self._emit(run.id)
            raise
        except TomaticError as error:
            return await self._fail(run, error.key, error.params)
        except ProblemError as error:  # the worker refused the problem
            return await self._fail(run, "plan.bad_problem", {"reason": str(error)})
        except Exception:  # a background task: nobody else would hear of it
            reference = secrets.token_hex(4)
            log.exception("planner run failed unexpectedly", run_id=run.id, reference=reference)
            return await self._fail(run, "plan.unexpected", {"reference": reference})
        finally:
            self._tasks.pop(run.id, None)
            self._best.pop(run.id, None)

    async def _fail(self, run: PlannerRun, key: str, params: dict[str, Any]) -> PlannerRun:
        log.warning("planner run failed", run_id=run.id, week=str(run.week), reason=key)
        stored = plain_params(params)
        await self.runs.update(run.id, state="failed", error=key, error_params=stored)
        await self._emit(run.id)
        return await self.get(run.id)

    async def _interrupt(self, run: PlannerRun) -> None:
        log.warning("planner run interrupted", run_id=run.id, week=str(run.week))
        await self.runs.update(run.id, state="interrupted", error="plan.interrupted")
        await self._emit(run.id)

    def _options(self, run: PlannerRun, context: ProblemContext) -> dict[str, Any]:
        return {
            "time_limit": float(run.params["time_limit"]),
            "workers": 2,
            "seed": 0,
            "lang": run.params.get("lang", "en"),
            "names": context.names,
            "hours": self.config.hours[:-1],
            "busy_reasons": [[list(k), v] for k, v in context.busy_reasons],
        }

    async def _progress(self, run_id: str, point: dict[str, Any]) -> None:
        grid = point.pop("timetable", None)
        if grid is not None:
            self._best[run_id] = grid
        await self.runs.add_progress(run_id, point)
        await self._emit(run_id)

    async def _finish(
        self, run: PlannerRun, context: ProblemContext, solution_json: str
    ) -> PlannerRun:
        solution = Solution.model_validate_json(solution_json)
        version = None
        result = json.loads(solution_json)
        if solution.timetable:
            timetable = timetable_from_solution(run.week, context, solution, self.config)
            version = await self.timetables.save(timetable, "draft", run.created_by or "planner")
            result["discomfort"] = self.fairness.measure(context.problem, solution.timetable)
        state = "cancelled" if run.id in self._cancelled else "done"
        self._cancelled.discard(run.id)
        await self.runs.update(run.id, state=state, solution=result, version=version)
        await self._emit(run.id)
        return await self.get(run.id)

    async def _emit(self, run_id: str) -> None:
        await self.events.emit(await self.get(run_id))
