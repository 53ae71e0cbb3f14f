"""The weekly planning job: plan next week unless it is published, tell the coordinators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tomatic.domain.errors import TomaticError, plain_params
from tomatic.domain.model import Person, monday_of
from tomatic.domain.schedule import WEEKLY_PLAN
from tomatic.ports import JobStateStore, Notifier, PersonStore, TimetableStore
from tomatic.services.planning import PlanningService
from tomatic.services.timetable import TimetableService

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
        self,
        timetables: TimetableStore,
        persons: PersonStore,
        jobs: JobStateStore,
        planning: PlanningService,
        timetable: TimetableService,
        notifier: Notifier,
    ) -> None:
        self.timetables = timetables
        self.persons = persons
        self.jobs = jobs
        self.planning = planning
        self.timetable = timetable
        self.notifier = notifier

    async def run(self, at: dt.datetime) -> tuple[str, dict[str, Any]]:
        """Plan the week after `at`; returns (what happened, details) — `plan_exists`,
        `already_done`, `plan_published`, `plan_draft` or `plan_failed`."""
        week = next_monday(at)
        details: dict[str, Any] = {"week": week.isoformat()}
        if await self.timetables.published(week) is not None:
            return "plan_exists", details
        if await self.jobs.done(WEEKLY_PLAN, week.isoformat()):
            return "already_done", details
        what = await self._plan(week, details)
        if await self.jobs.claim(WEEKLY_PLAN, week.isoformat()):
            await self._tell_coordinators({**details, "result": what})
        return what, details

    async def _plan(self, week: dt.date, details: dict[str, Any]) -> str:
        try:
            run = await self.planning.start(week, SYSTEM.id)
        except TomaticError as error:  # e.g. a coordinator is planning that week right now
            details |= {"error": error.key, "error_params": plain_params(error.params)}
            return "plan_failed"
        run = await self.planning.wait(run.id)
        if run.version is None:
            details |= {"error": run.error or f"plan.state.{run.state}"}
            details["error_params"] = {"week": week.isoformat(), **run.error_params}
            return "plan_failed"
        found = await self.timetables.version(week, run.version)
        holes = found[1].holes() if found else 0
        details |= {"version": run.version, "holes": holes, "cost": run.best_cost}
        if holes:
            return "plan_draft"
        await self.timetable.publish(SYSTEM, week, version=run.version)
        return "plan_published"

    async def _tell_coordinators(self, payload: dict[str, Any]) -> None:
        for person in await self.persons.all():
            if person.is_admin:
                await self.notifier.to_person(person, "operations.weekly_plan", payload)
