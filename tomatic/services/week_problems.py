"""A week's load and planning problem, from storage: what every planner run starts from."""

from __future__ import annotations

import datetime as dt

import pydantic

from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import ValidationError
from tomatic.domain.load import LoadInputs, LoadResult, compute_load
from tomatic.domain.model import NOBODY
from tomatic.domain.timetable import Timetable
from tomatic.planner.instance import Problem
from tomatic.ports import BusyStore, ForcedTurnStore, PersonStore, TimetableStore
from tomatic.services.problem import (
    ProblemContext,
    availability,
    build_problem,
    for_timetable,
    revised,
)


class WeekProblems:
    """Loads and problems of weeks (the fairness history is added by `PlanningService`)."""

    def __init__(
        self,
        persons: PersonStore,
        busy: BusyStore,
        timetables: TimetableStore,
        forced: ForcedTurnStore,
        config: PlanningConfig,
    ) -> None:
        self.persons = persons
        self.busy = busy
        self.timetables = timetables
        self.forced = forced
        self.config = config

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
        if week.weekday() != 0:
            raise ValidationError("plan.not_monday", value=week.isoformat())
        if lines is not None and lines < 1:
            raise ValidationError("plan.bad_lines", value=lines)
        return compute_load(await self.load_inputs(week, lines, forgive))

    async def problem(
        self, week: dt.date, lines: int | None = None, forgive: bool = False
    ) -> ProblemContext:
        """The week's problem and what it was built from.

        Raises ValidationError with the reason when the week cannot be planned: nobody has
        an ideal load, the week has no working day, or nobody is free to take a turn.
        """
        load = await self.compute_load(week, lines, forgive)
        check_plannable(week, load)
        persons, entries = await self.persons.all(), await self.busy.all()
        forced = await self.forced.forced_turns()
        try:
            return build_problem(week, load, persons, entries, forced, self.config)
        except pydantic.ValidationError as error:
            reason = error.errors()[0].get("msg", "")
            raise ValidationError("plan.bad_problem", reason=reason) from error

    async def problem_for(self, timetable: Timetable, extra_load: int = 0) -> Problem:
        """The problem of a stored timetable's week, over its days (see `for_timetable`);
        the people it adds because they hold turns come with their busy entries too."""
        context = await self.problem(timetable.week, timetable.lines)
        problem = for_timetable(context.problem, timetable, extra_load)
        added = set(problem.persons) - set(context.problem.persons)
        if not added:
            return problem
        entries = await self.busy.all()
        busy, undesired = availability(
            timetable.week, problem.days, added, entries, problem.n_hours
        )
        return revised(
            problem,
            busy=sorted(problem.busy_set() | set(busy)),
            undesired=sorted(problem.undesired_set() | undesired),
        )


def check_plannable(week: dt.date, load: LoadResult) -> None:
    """Refuse, with the reason, a week the planner could only fail on."""
    params = {"week": week}
    if not any(row.ideal for person, row in load.persons.items() if person != NOBODY):
        raise ValidationError("plan.no_ideal_loads", **params)
    if not load.business_days:
        raise ValidationError("plan.no_days", **params)
    if not any(row.final > 0 for person, row in load.persons.items() if person != NOBODY):
        raise ValidationError("plan.nobody_free", **params)
