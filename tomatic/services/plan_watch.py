"""A coordinator's planner run followed live in a DM: progress, then the result, then what
became of it (published, discarded, interrupted). The message's reference is kept on the run,
so that it is brought up to date even by another process (after a restart)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tomatic.domain.errors import NotFoundError, ValidationError
from tomatic.domain.model import Person
from tomatic.domain.runs import PlannerRun
from tomatic.domain.timetable import Grid, Timetable
from tomatic.domain.weeks import refuse_ended
from tomatic.ports import Notifier, PersonStore
from tomatic.services.identity import IdentityService
from tomatic.services.planning import PlanningService, PlanRunningError
from tomatic.services.timetable import TimetableService, VersionEvent

MOST_DISCOMFORT = 5
"""How many people the summary names as carrying the most discomfort this week."""
DIAGNOSIS_LINES = 15


@dataclass
class PlanStarted:
    """A run just started (or the run already planning that week) and whether its live
    message could be sent."""

    run: PlannerRun
    followed: bool
    already: bool = False


class PlanWatcher:
    """Starts runs for coordinators and keeps their DM up to date (at most once a second)."""

    def __init__(
        self,
        planning: PlanningService,
        timetable: TimetableService,
        persons: PersonStore,
        notifier: Notifier,
        identity: IdentityService,
        clock: Callable[[], float] = time.monotonic,
        interval_s: float = 1.0,
    ) -> None:
        self.planning = planning
        self.timetable = timetable
        self.persons = persons
        self.notifier = notifier
        self.identity = identity
        self.clock = clock
        self.interval_s = interval_s
        self._started: dict[str, float] = {}
        self._shown: dict[str, float] = {}

    async def start(
        self, actor: Person, week: dt.date, lang: str, time_limit: float | None = None
    ) -> PlanStarted:
        """Start planning `week` (coordinators) and DM the actor a message that follows it;
        a week being planned already gives that run."""
        self.identity.require_admin(actor)
        await self._refuse_begun_and_published(week)
        try:
            run = await self.planning.start(week, actor.id, time_limit, None, lang)
        except PlanRunningError as error:
            running = await self.planning.get(error.params["run"])
            return PlanStarted(running, bool(running.message), already=True)
        self._started[run.id] = self.clock()
        ref = await self.notifier.to_person(actor, "plan.progress", await self.payload(run))
        if ref:
            await self.planning.attach(run.id, ref)
            await self._show(await self.planning.get(run.id), force=True)
        return PlanStarted(run, bool(ref))

    async def _refuse_begun_and_published(self, week: dt.date) -> None:
        """A published week that has begun is re-planned from its next day (`replan`): a
        whole new week could not be published over the turns already worked."""
        now, hours = self.planning.now(), self.planning.config.hours
        refuse_ended(week, hours, now, "plan.week_over")
        opening = dt.time.fromisoformat(hours[0])
        if now < dt.datetime.combine(week, opening, tzinfo=now.tzinfo):
            return
        if await self.timetable.published(week) is not None:
            raise ValidationError("plan.week_begun", week=week)

    async def stop(self, actor: Person, run_id: str) -> bool:
        """Stop a run (coordinators), keeping the best timetable found so far."""
        self.identity.require_admin(actor)
        return await self.planning.cancel(run_id)

    async def version(self, actor: Person, week: dt.date, version: int) -> Timetable:
        """A stored version of a week, drafts included (coordinators only)."""
        self.identity.require_admin(actor, "plan.refused.show")
        return await self.timetable.version(week, version)

    async def best(self, actor: Person, run_id: str) -> Timetable:
        """The best timetable a run has found so far (coordinators only)."""
        self.identity.require_admin(actor, "plan.refused.show")
        run = await self.planning.get(run_id)
        if run.version is not None:
            return await self.timetable.version(run.week, run.version)
        grid = self.planning.best(run_id)
        if grid is None or not run.problem:
            raise NotFoundError("plan.no_timetable_yet", week=run.week)
        hours = self.planning.config.hours
        return Timetable.from_grid(run.week, list(run.problem["days"]), hours, grid)

    async def summary(self, actor: Person, run_id: str) -> dict[str, Any]:
        """A run's message data (coordinators only: drafts are theirs), e.g. to page
        through its penalties."""
        self.identity.require_admin(actor, "plan.refused.show")
        return await self.payload(await self.planning.get(run_id))

    async def on_run(self, run: PlannerRun) -> None:
        """`PlanningService` listener: refresh the run's message (always when it ends)."""
        await self._show(run, force=run.finished)

    async def on_version(self, event: VersionEvent) -> None:
        """`TimetableService` listener: the message of the run that made a version says it
        was published or discarded, and loses its buttons."""
        for run in await self.planning.runs.of_week(event.week):
            if run.version == event.version and run.message:
                closed = {
                    "closed": event.what,
                    "by": event.actor.ref(),
                    "at": event.at.isoformat(timespec="minutes"),
                }
                payload = await self.payload(run) | closed
                await self.notifier.update(run.message, "plan.progress", payload, _lang(run))

    async def _show(self, run: PlannerRun, force: bool) -> None:
        if not run.message:
            return
        moment = self.clock()
        if not force and moment - self._shown.get(run.id, -self.interval_s) < self.interval_s:
            return
        self._shown[run.id] = moment
        if run.finished:
            self._shown.pop(run.id, None)
        payload = await self.payload(run)
        if run.finished:
            self._started.pop(run.id, None)
        await self.notifier.update(run.message, "plan.progress", payload, _lang(run))

    async def payload(self, run: PlannerRun) -> dict[str, Any]:
        """Plain data for the run's message."""
        solution = run.solution or {}
        grid = solution.get("timetable") or self.planning.best(run.id)
        names = {p.id: p.display_name for p in await self.persons.all()}
        return {
            "run_id": run.id,
            "week": run.week.isoformat(),
            "state": run.state,
            "elapsed": round(self.clock() - self._started.get(run.id, self.clock())),
            "cost": run.best_cost,
            "holes": holes_of(grid),
            "status": solution.get("status"),
            "version": run.version,
            "error": run.error,
            "error_params": run.error_params,
            "penalties": penalties_by_person(solution.get("penalties") or [], names),
            "diagnosis": list((solution.get("diagnosis") or {}).get("text") or [])[
                :DIAGNOSIS_LINES
            ],
            "most": most_discomfort(run, names),
        }


def _lang(run: PlannerRun) -> str:
    return str(run.params.get("lang") or "en")


def holes_of(grid: Grid | None) -> int | None:
    """Empty cells of a grid (None without a grid)."""
    if not grid:
        return None
    return sum(person is None for day in grid for turn in day for person in turn)


def penalties_by_person(penalties: list[dict[str, Any]], names: dict[str, str]) -> list[list[Any]]:
    """The penalty texts grouped by the person's name ("" for the turns' own)."""
    grouped: dict[str, list[str]] = {}
    for penalty in penalties:
        who = names.get(penalty.get("person") or "", penalty.get("person") or "")
        grouped.setdefault(who, []).append(penalty.get("text") or penalty.get("rule", ""))
    return [[who, texts] for who, texts in sorted(grouped.items())]


def most_discomfort(run: PlannerRun, names: dict[str, str]) -> list[list[Any]]:
    """Who carries the most discomfort in the planned week: [name, this week, recent weeks]."""
    points: dict[str, int] = (run.solution or {}).get("discomfort") or {}
    history: dict[str, int] = (run.problem or {}).get("discomfort") or {}
    ranked = sorted((p for p in points if points[p] > 0), key=lambda p: (-points[p], p))
    return [[names.get(p, p), points[p], history.get(p)] for p in ranked[:MOST_DISCOMFORT]]
