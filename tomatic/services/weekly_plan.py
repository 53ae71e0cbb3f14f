"""The weekly planning job: plan next week unless it is published, tell the coordinators."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tomatic.domain.model import Person, monday_of
from tomatic.domain.schedule import WEEKLY_PLAN

SYSTEM = Person(id="tomatic", name="Tomàtic", groups=["admin"])
"""The actor of automated changes."""


def next_monday(at: dt.datetime) -> dt.date:
    """The Monday after `at` (a Sunday night plans the week starting the next day)."""
    return monday_of(at.date()) + dt.timedelta(days=7)


class WeeklyPlan:
    """Runs the planner for next week and publishes a complete timetable.

    A timetable with holes stays a draft for the coordinators to finish. Either way every
    coordinator gets a DM with the result, once per week.
    """

    def __init__(
        self, stores: dict[str, Any], planning: Any, timetable: Callable[[], Any],
        notifier: Callable[[], Any],
    ) -> None:  # fmt: skip
        self.timetables = stores["timetables"]
        self.persons = stores["persons"]
        self.jobstate = stores["jobstate"]
        self.planning = planning
        self._timetable = timetable
        self._notifier = notifier

    async def run(self, at: dt.datetime) -> tuple[str, dict[str, Any]]:
        """Plan the week after `at`; returns (what happened, details) — `plan_exists`,
        `already_done`, `plan_published`, `plan_draft` or `plan_failed`."""
        week = next_monday(at)
        details: dict[str, Any] = {"week": week.isoformat()}
        if await self.timetables.published(week) is not None:
            return "plan_exists", details
        if await self.jobstate.done(WEEKLY_PLAN, week.isoformat()):
            return "already_done", details
        what = await self._plan(week, details)
        if await self.jobstate.claim(WEEKLY_PLAN, week.isoformat()):
            await self._tell_coordinators({**details, "result": what})
        return what, details

    async def _plan(self, week: dt.date, details: dict[str, Any]) -> str:
        run = await self.planning.start(week, SYSTEM.id)
        run = await self.planning.wait(run.id)
        if run.version is None:
            details["error"] = run.error or run.state
            return "plan_failed"
        found = await self.timetables.version(week, run.version)
        holes = found[1].holes() if found else 0
        details |= {"version": run.version, "holes": holes, "cost": run.best_cost}
        if holes:
            return "plan_draft"
        await self.publish(SYSTEM, week, version=run.version)
        return "plan_published"

    async def publish(self, actor: Person, week: dt.date, version: int) -> None:
        """Publish through the timetable service when there is one (it announces the week),
        else straight in the store."""
        service = self._timetable()
        if service is not None:
            await service.publish(actor, week, version)
        else:
            await self.timetables.publish(week, version, actor.id)

    async def _tell_coordinators(self, payload: dict[str, Any]) -> None:
        notifier = self._notifier()
        if notifier is None:
            return
        for person in await self.persons.all():
            if person.is_admin:
                await notifier.to_person(person, "operations.weekly_plan", payload)
