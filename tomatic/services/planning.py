"""Planning a week: load, problem, solver runs in workers, drafts."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import NotFoundError, SolverCrashedError, ValidationError
from tomatic.domain.load import LoadInputs, LoadResult, compute_load
from tomatic.domain.runs import PlannerRun
from tomatic.domain.timetable import Timetable
from tomatic.planner.instance import Problem, Solution
from tomatic.ports import (
    BusyStore,
    ForcedTurnStore,
    PersonStore,
    RunStore,
    SolverRunner,
    TimetableStore,
)
from tomatic.services.problem import ProblemContext, build_problem, for_timetable

log = structlog.get_logger("tomatic.planning")
RunListener = Callable[[PlannerRun], Awaitable[None]]


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


class PlanningService:
    """Computes loads and problems from storage and runs the optimiser in the background."""

    def __init__(
        self,
        persons: PersonStore,
        busy: BusyStore,
        timetables: TimetableStore,
        forced: ForcedTurnStore,
        runs: RunStore,
        runner: SolverRunner,
        config: PlanningConfig,
        now: Callable[[], dt.datetime],
        events: RunEvents,
    ) -> None:
        self.persons = persons
        self.busy = busy
        self.timetables = timetables
        self.forced = forced
        self.runs = runs
        self.runner = runner
        self.config = config
        self.now = now
        self.events = events
        self._tasks: dict[str, asyncio.Task[PlannerRun]] = {}
        self._cancelled: set[str] = set()

    async def credit_before(self, week: dt.date) -> dict[str, float]:
        """Shift credit up to the week before `week`: the imported baseline plus the
        overloads of every published week from the baseline's week on."""
        baseline, as_of = await self.busy.credit_baseline()
        credit = dict(baseline) if as_of is None or as_of <= week else {}
        for published in await self.timetables.published_weeks():
            if published >= week or (as_of is not None and published < as_of):
                continue
            stored = await self.timetables.published(published)
            for person, value in stored[1].overload.items() if stored else ():
                credit[person] = round(credit.get(person, 0.0) + value, 6)
        return credit

    async def load_inputs(self, week: dt.date, lines: int | None, forgive: bool) -> LoadInputs:
        """Everything the weekly load depends on, from storage."""
        persons = await self.persons.all()
        return LoadInputs(
            week=week,
            line_count=lines if lines is not None else self.config.lines,
            ideal_loads={p.id: p.ideal_load for p in persons if p.ideal_load is not None},
            holidays=[h.date for h in await self.busy.holidays()],
            busy=await self.busy.all(),
            leaves=await self.busy.leaves(week),
            credit=await self.credit_before(week),
            hours_per_day=self.config.turns,
            daily_max_general=self.config.max_per_day,
            daily_max=self.config.max_per_day_by_person,
            max_overload=self.config.max_overload,
            adjust_lines=self.config.adjust_lines,
            forgive=forgive,
        )

    async def compute_load(
        self, week: dt.date, lines: int | None = None, forgive: bool = False
    ) -> LoadResult:
        """The week's fair load per person."""
        _check_week(week)
        if lines is not None and lines < 1:
            raise ValidationError("plan.bad_lines", value=lines)
        return compute_load(await self.load_inputs(week, lines, forgive))

    async def problem(
        self, week: dt.date, lines: int | None = None, forgive: bool = False
    ) -> ProblemContext:
        """The week's problem and what it was built from."""
        load = await self.compute_load(week, lines, forgive)
        persons, entries = await self.persons.all(), await self.busy.all()
        forced = await self.forced.forced_turns()
        return build_problem(week, load, persons, entries, forced, self.config)

    async def problem_for(self, timetable: Timetable, extra_load: int = 0) -> Problem:
        """The problem of a stored timetable's week, over its days (see `for_timetable`)."""
        context = await self.problem(timetable.week, timetable.lines)
        return for_timetable(context.problem, timetable, extra_load)

    async def start(
        self,
        week: dt.date,
        actor: str,
        time_limit: float | None = None,
        lines: int | None = None,
        lang: str = "en",
    ) -> PlannerRun:
        """Queue a run and start it in the background; subscribers hear of every change."""
        params = {"time_limit": time_limit or self.config.time_limit_s, "lines": lines}
        run = PlannerRun(
            id=secrets.token_hex(4), week=week, params=params | {"lang": lang}, created_by=actor
        )
        run = await self.runs.create(run)
        self._tasks[run.id] = asyncio.create_task(self._execute(run))
        await self._emit(run.id)
        return run

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
            context = await self.problem(run.week, run.params.get("lines"))
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
            await self.runs.update(run.id, state="cancelled")
            await self._emit(run.id)
            raise
        except (SolverCrashedError, ValidationError, NotFoundError, ValueError) as error:
            log.error("planner run failed", run_id=run.id, error=str(error))
            await self.runs.update(run.id, state="failed", error=_error_text(error))
            await self._emit(run.id)
            return await self.get(run.id)
        finally:
            self._tasks.pop(run.id, None)

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
        await self.runs.add_progress(run_id, point)
        await self._emit(run_id)

    async def _finish(
        self, run: PlannerRun, context: ProblemContext, solution_json: str
    ) -> PlannerRun:
        solution = Solution.model_validate_json(solution_json)
        version = None
        if solution.timetable:
            timetable = timetable_from_solution(run.week, context, solution, self.config)
            version = await self.timetables.save(timetable, "draft", run.created_by or "planner")
        state = "cancelled" if run.id in self._cancelled else "done"
        self._cancelled.discard(run.id)
        result = json.loads(solution_json)
        await self.runs.update(run.id, state=state, solution=result, version=version)
        await self._emit(run.id)
        return await self.get(run.id)

    async def _emit(self, run_id: str) -> None:
        await self.events.emit(await self.get(run_id))


def timetable_from_solution(
    week: dt.date, context: ProblemContext, solution: Solution, config: PlanningConfig
) -> Timetable:
    """A solution's grid as a draft timetable, with the week's overloads."""
    overload = {
        p: row.overload for p, row in context.load.persons.items() if row.final or row.overload
    }
    penalties = [penalty.model_dump() for penalty in solution.penalties]
    grid = solution.timetable or []
    return Timetable.from_grid(
        week,
        context.problem.days,
        config.hours,
        grid,
        overload=overload,
        cost=solution.cost,
        penalties=penalties,
    )


def _check_week(week: dt.date) -> None:
    if week.weekday() != 0:
        raise ValidationError("plan.not_monday", value=week.isoformat())


def _error_text(error: Exception) -> str:
    return getattr(error, "key", None) or str(error)
