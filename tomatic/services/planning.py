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
from tomatic.ports import SolverRunner
from tomatic.services.problem import ProblemContext, build_problem

log = structlog.get_logger("tomatic.planning")
RunListener = Callable[[PlannerRun], Awaitable[None]]


class PlanningService:
    """Computes loads and problems from storage and runs the optimiser in the background."""

    def __init__(
        self, stores: dict[str, Any], config: PlanningConfig, runner: SolverRunner | None,
        now: Callable[[], dt.datetime],
    ) -> None:  # fmt: skip
        self.persons = stores["persons"]
        self.busy = stores["busy"]
        self.timetables = stores["timetables"]
        self.runs = stores["runs"]
        self.config = config
        self.runner = runner
        self.now = now
        self.listeners: list[RunListener] = []
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
            _, timetable = await self.timetables.published(published)
            for person, value in timetable.overload.items():
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
        """The week's problem JSON and what it was built from."""
        load = await self.compute_load(week, lines, forgive)
        return build_problem(
            week, load, await self.persons.all(), await self.busy.all(),
            await self.timetables.forced_turns(), self.config,
        )  # fmt: skip

    async def start(
        self, week: dt.date, actor: str, time_limit: float | None = None,
        lines: int | None = None, lang: str = "en",
    ) -> PlannerRun:  # fmt: skip
        """Queue a run and start it in the background; listeners hear of every change."""
        if self.runner is None:
            raise ValidationError("plan.no_workers")
        params = {"time_limit": time_limit or self.config.time_limit_s, "lines": lines,
                  "lang": lang}  # fmt: skip
        run = PlannerRun(id=secrets.token_hex(4), week=week, params=params, created_by=actor)
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
        if run.finished or self.runner is None:
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
            await self.runs.update(run.id, state="running", problem=context.problem)
            await self._emit(run.id)
            solution = await self.runner.solve(  # type: ignore[union-attr]
                run.id, json.dumps(context.problem), self._options(run, context),
                lambda point: self._progress(run.id, point),
            )  # fmt: skip
            return await self._finish(run, context, json.loads(solution))
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
        self, run: PlannerRun, context: ProblemContext, solution: dict[str, Any]
    ) -> PlannerRun:
        version = None
        if solution.get("timetable"):
            timetable = timetable_from_solution(run.week, context, solution, self.config)
            version = await self.timetables.save(timetable, "draft", run.created_by or "planner")
        state = "cancelled" if run.id in self._cancelled else "done"
        self._cancelled.discard(run.id)
        await self.runs.update(run.id, state=state, solution=solution, version=version)
        await self._emit(run.id)
        return await self.get(run.id)

    async def _emit(self, run_id: str) -> None:
        run = await self.get(run_id)
        for listener in list(self.listeners):
            try:
                await listener(run)
            except Exception:  # a broken listener must not break the run
                log.exception("run listener failed", run_id=run_id)


def timetable_from_solution(
    week: dt.date, context: ProblemContext, solution: dict[str, Any], config: PlanningConfig
) -> Timetable:
    """A solution's grid as a draft timetable, with the week's overloads."""
    days = context.problem["days"]
    cells = {day: [list(row) for row in solution["timetable"][i]] for i, day in enumerate(days)}
    overload = {
        p: row.overload for p, row in context.load.persons.items() if row.final or row.overload
    }
    return Timetable(
        week=week, days=days, hours=config.hours, lines=context.problem["nLines"], cells=cells,
        holidays={d: "" for d in ("dl", "dm", "dx", "dj", "dv") if d not in days},
        overload=overload, cost=solution.get("cost"), penalties=solution.get("penalties", []),
    )  # fmt: skip


def _check_week(week: dt.date) -> None:
    if week.weekday() != 0:
        raise ValidationError("plan.not_monday", value=week.isoformat())


def _error_text(error: Exception) -> str:
    return getattr(error, "key", None) or str(error)
