"""Re-planning the rest of a published week after new absences, changing as little as possible.

Every current assignment of the remaining days becomes a forced turn, except where its person
is now busy; the solver starts from the current grid. A forced turn not kept costs more than
any move could save (`keep_weight`): a hole in one line, or a free colleague taking the cell,
is always preferred to moving someone whose turn still holds. So only the cells of the people
now busy change. The result is stored as a draft, cell changes logged, for a coordinator to
publish.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from tomatic.domain.availability import busy_reason
from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import ConflictError, NotFoundError, ValidationError
from tomatic.domain.model import BusyEntry, Person, date_of, monday_of
from tomatic.domain.timetable import CellChange, Grid, Timetable
from tomatic.planner.instance import Entry, Problem, Solution
from tomatic.ports import BusyStore, PersonStore, SolverRunner, TimetableStore
from tomatic.services.identity import IdentityService
from tomatic.services.planning import PlanningService
from tomatic.services.problem import restrict_days, revised

RELAXATION_ALWAYS = 0
"""Re-plans take the planner's linear-relaxation path whatever their size: started from the
current schedules, with kept turns worth more than any move, its bound meets the answer at
once (0.1 s for 300 people where the full model needs 10 s to prove the same timetable)."""


@dataclass
class ReplanResult:
    """The stored draft and its changes against the published version it was made from."""

    week: dt.date
    version: int
    published: int
    changes: list[CellChange]
    holes: int


class ReplanService:
    """Re-solves the days left of a published week into a draft (coordinators)."""

    def __init__(
        self,
        timetables: TimetableStore,
        persons: PersonStore,
        busy: BusyStore,
        planning: PlanningService,
        runner: SolverRunner,
        identity: IdentityService,
        config: PlanningConfig,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.timetables = timetables
        self.persons = persons
        self.busy = busy
        self.planning = planning
        self.runner = runner
        self.identity = identity
        self.config = config
        self.now = now
        self._weeks: set[dt.date] = set()

    async def replan(
        self,
        actor: Person,
        start: dt.date | None = None,
        time_limit: float | None = None,
        lang: str = "en",
    ) -> ReplanResult:
        """Re-solve the days from `start` (default: the next day not yet begun) of its week.

        Days already begun are refused, and so is a week being re-planned right now.
        """
        self.identity.require_admin(actor)
        first = default_start(self.now(), self.config.hours)
        start = start or first
        if start < first:
            raise ValidationError("replan.past", day=start, first=first)
        week = monday_of(start)
        if week in self._weeks:
            raise ConflictError("replan.running", week=week)
        self._weeks.add(week)
        try:
            return await self._replan(actor, week, start, time_limit, lang)
        finally:
            self._weeks.discard(week)

    async def _replan(
        self, actor: Person, week: dt.date, start: dt.date, limit: float | None, lang: str
    ) -> ReplanResult:
        stored = await self.timetables.published(week)
        if stored is None:
            raise NotFoundError("replan.not_published", week=week)
        version, table = stored
        days = [d for d in table.days if date_of(week, d) >= start and d in table.cells]
        if not days:
            raise ValidationError("replan.no_days", week=week)
        problem, hint = await self._problem(table, days)
        if not problem.days:
            raise ValidationError("replan.no_days", week=week)
        solution = await self._solve(problem, hint, limit, lang)
        changed, changes = table.with_grid(problem.days, solution, actor.id, self.now())
        if not changes:  # no draft to publish or discard: the published version stays
            return ReplanResult(week, version, version, [], table.holes())
        new_version = await self.timetables.save(changed, "draft", actor.id)
        return ReplanResult(week, new_version, version, changes, changed.holes())

    async def changes(
        self, actor: Person, week: dt.date, version: int, published: int
    ) -> ReplanResult:
        """A re-plan's draft against the version it was made from (coordinators), e.g. to
        page through its changes."""
        self.identity.require_admin(actor)
        drafts = [await self.timetables.version(week, n) for n in (published, version)]
        if drafts[0] is None or drafts[1] is None:
            raise NotFoundError("timetable.no_version", week=week, version=version)
        before, after = drafts[0][1], drafts[1][1]
        return ReplanResult(week, version, published, diff(before, after), after.holes())

    async def _problem(self, table: Timetable, days: list[str]) -> tuple[Problem, Grid]:
        """The week's problem over `days` where everyone keeps their turns (forced) unless
        now busy, and the current grid (without those turns) as the solver's start."""
        context = await self.planning.problem(table.week, table.lines)
        problem = restrict_days(context.problem, days)
        grid = table.grid(problem.days)
        entries: dict[str, list[BusyEntry]] = {}
        for entry in await self.busy.all():
            entries.setdefault(entry.person, []).append(entry)
        leaves = set(await self.busy.leaves(table.week))
        busy, forced = set(problem.busy), set[Entry]()
        known = {person.id for person in await self.persons.all()}
        gone = {p for row in grid for turn in row for p in turn if p is not None} - known
        busy |= {  # removed from the team: away from every turn left
            (d, h, person)
            for person in gone
            for d in range(len(problem.days))
            for h in range(problem.n_hours)
        }
        for d, day in enumerate(problem.days):
            for h, turn in enumerate(grid[d]):
                cell = (table.week, day, h)
                for line, person in enumerate(turn):
                    if person is None:
                        continue
                    mine = entries.get(person, [])
                    if (d, h, person) in busy or busy_reason(mine, person in leaves, *cell):
                        busy.add((d, h, person))
                        grid[d][h][line] = None
                    else:
                        forced.add((d, h, person))
        persons, loads = _fit_loads(problem, table, context.problem.max_load)
        unknown = {p for _, _, p in busy | forced} - set(persons)
        if unknown:
            raise ValidationError("replan.unknown_people", who=", ".join(sorted(unknown)))
        fitted = revised(
            problem,
            n_lines=table.lines,
            busy=sorted(busy),
            forced=sorted(forced),
            persons=persons,
            max_load=loads,
            discomfort=None,
        )
        weights = dict(fitted.weights or {}) | {"unforced": keep_weight(fitted)}
        return revised(fitted, weights=weights), grid

    async def _solve(
        self, problem: Problem, hint: Grid, time_limit: float | None, lang: str
    ) -> Grid:
        names = {p.id: p.display_name for p in await self.persons.all()}
        options = {
            "time_limit": float(time_limit or self.config.time_limit_s),
            "workers": 2,
            "seed": 0,
            "lang": lang,
            "names": names,
            "hours": self.config.hours[:-1],
            "hint_json": json.dumps({"status": "feasible", "timetable": hint}),
            "large_model": RELAXATION_ALWAYS,
        }
        run_id = f"replan-{secrets.token_hex(3)}"
        solution = Solution.model_validate_json(
            await self.runner.solve(run_id, problem.to_json(), options)
        )
        if not solution.timetable:
            raise ValidationError("replan.no_solution", status=solution.status)
        return solution.timetable


def keep_weight(problem: Problem) -> int:
    """What a kept turn is worth in a re-plan: more than a move could ever save.

    Moving someone whose turn holds to another cell can save at most one hole there (the
    marginal cost of the k-th hole of a turn, weight × (2k − 1), k up to the line count) and
    the day penalties of the two people involved (concentrated day, day shape, optional busy,
    each at the most turns a day allows).
    """
    weight = {rule: problem.weight(rule) or 0 for rule in ("holes", "concentrated", "shape")}
    most = max([problem.max_per_day, *(problem.max_per_day_by_person or {}).values()])
    hole = weight["holes"] * (2 * problem.n_lines - 1)
    day = weight["concentrated"] * most * (most - 1) + 4 * weight["shape"] * most
    day += (problem.weight("undesired") or 0) * most
    return hole + 2 * day + 1


def diff(before: Timetable, after: Timetable) -> list[CellChange]:
    """The cells whose person differs between two versions of a week, in grid order."""
    at = after.log[-1].at if after.log else dt.datetime.now(dt.UTC)
    actor = after.log[-1].actor if after.log else ""
    return [
        CellChange(at=at, actor=actor, day=day, hour=hour, line=line, old=old, new=new)
        for day in after.planned_days()
        if day in before.cells
        for hour, turn in enumerate(after.cells[day])
        for line, new in enumerate(turn)
        if (old := _cell(before, day, hour, line)) != new
    ]


def _cell(table: Timetable, day: str, hour: int, line: int) -> str | None:
    rows = table.cells[day]
    return rows[hour][line] if hour < len(rows) and line < len(rows[hour]) else None


def default_start(now: dt.datetime, hours: list[str]) -> dt.date:
    """Today if its first turn has not started yet, else the next day."""
    today = now.date()
    return today if now.strftime("%H:%M") < hours[0] else today + dt.timedelta(days=1)


def _fit_loads(
    problem: Problem, table: Timetable, final: dict[str, int]
) -> tuple[list[str], dict[str, int]]:
    """Everybody may keep their remaining turns or reach their fair load, whichever is more."""
    before: dict[str, int] = {}
    remaining: dict[str, int] = {}
    for day, rows in table.cells.items():
        target = remaining if day in problem.days else before
        for turn in rows:
            for person in turn:
                if person is not None:
                    target[person] = target.get(person, 0) + 1
    persons = list(problem.persons) + sorted(set(remaining) - set(problem.persons))
    loads = {p: max(remaining.get(p, 0), final.get(p, 0) - before.get(p, 0), 0) for p in persons}
    return persons, loads
