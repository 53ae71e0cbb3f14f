"""A coordinator's planner run followed live in a DM: progress, then the result."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tomatic.domain.model import Person
from tomatic.domain.runs import PlannerRun
from tomatic.ports import Notifier, PersonStore
from tomatic.services.identity import IdentityService
from tomatic.services.planning import PlanningService


@dataclass
class _Watch:
    ref: str
    lang: str
    started: float
    shown: float = 0.0


@dataclass
class PlanStarted:
    """A run just started and whether its live message could be sent."""

    run: PlannerRun
    followed: bool


class PlanWatcher:
    """Starts runs for coordinators and keeps their DM up to date (at most once a second)."""

    def __init__(
        self,
        planning: PlanningService,
        persons: PersonStore,
        notifier: Notifier,
        identity: IdentityService,
        clock: Callable[[], float] = time.monotonic,
        interval_s: float = 1.0,
    ) -> None:
        self.planning = planning
        self.persons = persons
        self.notifier = notifier
        self.identity = identity
        self.clock = clock
        self.interval_s = interval_s
        self._watches: dict[str, _Watch] = {}

    async def start(
        self, actor: Person, week: dt.date, lang: str, time_limit: float | None = None
    ) -> PlanStarted:
        """Start planning `week` (coordinators) and DM the actor a message that follows it."""
        self.identity.require_admin(actor)
        first = {"week": week.isoformat(), "state": "queued", "elapsed": 0}
        ref = await self.notifier.to_person(actor, "plan.progress", first)
        run = await self.planning.start(week, actor.id, time_limit, None, lang)
        if ref:
            self._watches[run.id] = _Watch(ref, lang, self.clock())
            await self._show(await self.planning.get(run.id), force=True)
        return PlanStarted(run, bool(ref))

    async def stop(self, actor: Person, run_id: str) -> bool:
        """Stop a run (coordinators), keeping the best timetable found so far."""
        self.identity.require_admin(actor)
        return await self.planning.cancel(run_id)

    async def on_run(self, run: PlannerRun) -> None:
        """`PlanningService` listener: refresh the run's message (always when it ends)."""
        await self._show(run, force=run.finished)

    async def _show(self, run: PlannerRun, force: bool) -> None:
        watch = self._watches.get(run.id)
        if watch is None:
            return
        moment = self.clock()
        if not force and moment - watch.shown < self.interval_s:
            return
        watch.shown = moment
        if run.finished:
            self._watches.pop(run.id, None)
        payload = await self.payload(run, round(moment - watch.started))
        await self.notifier.update(watch.ref, "plan.progress", payload, watch.lang)

    async def payload(self, run: PlannerRun, elapsed: int) -> dict[str, Any]:
        """Plain data for the run's message."""
        solution = run.solution or {}
        grid = solution.get("timetable")
        holes = sum(p is None for day in grid for turn in day for p in turn) if grid else None
        return {
            "run_id": run.id,
            "week": run.week.isoformat(),
            "state": run.state,
            "elapsed": elapsed,
            "cost": run.best_cost,
            "holes": holes,
            "status": solution.get("status"),
            "version": run.version,
            "error": run.error,
            "penalties": await self._penalties(solution.get("penalties") or []),
            "diagnosis": list((solution.get("diagnosis") or {}).get("text") or [])[:15],
        }

    async def _penalties(self, penalties: list[dict[str, Any]]) -> list[list[Any]]:
        names = {p.id: p.display_name for p in await self.persons.all()}
        grouped: dict[str, list[str]] = {}
        for penalty in penalties:
            who = names.get(penalty.get("person") or "", penalty.get("person") or "")
            grouped.setdefault(who, []).append(penalty.get("text") or penalty.get("rule", ""))
        return [[who, texts] for who, texts in sorted(grouped.items())]
