"""Re-planning the rest of a published week after new absences, changing as little as possible.

Every current assignment of the remaining days becomes a forced turn (50 points when not kept),
except where its person is now busy; the solver starts from the current grid. The result is
stored as a draft, cell changes logged, for a coordinator to publish.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tomatic.domain.errors import NotFoundError, ValidationError
from tomatic.domain.model import Person, date_of, monday_of
from tomatic.domain.timetable import CellChange, Timetable
from tomatic.services.timetable_problem import grid_of, restrict_days

if TYPE_CHECKING:
    from tomatic.services.timetable import TimetableService


@dataclass
class ReplanResult:
    """The stored draft and its changes against the published version."""

    week: dt.date
    version: int
    published: int
    changes: list[CellChange]
    holes: int


async def replan(
    service: TimetableService, actor: Person, start: dt.date | None = None,
    time_limit: float | None = None, lang: str = "en",
) -> ReplanResult:  # fmt: skip
    """Re-solve the days from `start` (default: the next day not yet begun) of its week."""
    service.identity.require_admin(actor)
    start = start or default_start(service.now(), service.config.hours)
    week = monday_of(start)
    stored = await service.published(week)
    if stored is None:
        raise NotFoundError("replan.not_published", week=week.isoformat())
    version, table = stored
    days = [d for d in table.days if date_of(week, d) >= start and d in table.cells]
    problem, hint = await _problem(service, table, days)
    if not days or not problem["days"]:
        raise ValidationError("replan.no_days", week=week.isoformat())
    solution = await _solve(service, problem, hint, time_limit, lang)
    changed, changes = _merge(table, problem["days"], solution["timetable"], actor.id,
                              service.now())  # fmt: skip
    new_version = await service.timetables.save(changed, "draft", actor.id)
    return ReplanResult(week, new_version, version, changes, changed.holes())


def default_start(now: dt.datetime, hours: list[str]) -> dt.date:
    """Today if its first turn has not started yet, else the next day."""
    today = now.date()
    return today if now.strftime("%H:%M") < hours[0] else today + dt.timedelta(days=1)


async def _problem(
    service: TimetableService, table: Timetable, days: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    context = await service.planning.problem(table.week, table.lines)
    problem = restrict_days(context.problem, days)
    days = problem["days"]
    grid = grid_of(table, days)
    problem["nLines"] = table.lines
    busy = {tuple(entry) for entry in problem["busy"]}
    forced: set[tuple[int, int, str]] = set()
    for d, day in enumerate(days):
        for h, turn in enumerate(grid[d]):
            for line, person in enumerate(turn):
                if person is None:
                    continue
                if (d, h, person) in busy or await service.busy_reason(person, table.week, day, h):
                    busy.add((d, h, person))
                    grid[d][h][line] = None
                else:
                    forced.add((d, h, person))
    problem["busy"] = [list(e) for e in sorted(busy)]
    problem["forced"] = [list(e) for e in sorted(forced)]
    _fit_loads(problem, table, days, context.problem.get("maxLoad", {}))
    return problem, {"status": "feasible", "timetable": grid}


def _fit_loads(
    problem: dict[str, Any], table: Timetable, days: list[str], final: dict[str, int]
) -> None:
    """Everybody may keep their remaining turns or reach their fair load, whichever is more."""
    before: dict[str, int] = {}
    remaining: dict[str, int] = {}
    for day, rows in table.cells.items():
        target = remaining if day in days else before
        for turn in rows:
            for person in turn:
                if person is not None:
                    target[person] = target.get(person, 0) + 1
    persons = list(problem["persons"]) + sorted(set(remaining) - set(problem["persons"]))
    problem["persons"] = persons
    problem["maxLoad"] = {
        p: max(remaining.get(p, 0), final.get(p, 0) - before.get(p, 0), 0) for p in persons
    }
    entries = {tuple(e) for e in problem["busy"] + problem["forced"]}
    unknown = {p for _, _, p in entries} - set(persons)
    if unknown:
        raise ValidationError("replan.unknown_people", who=", ".join(sorted(unknown)))


async def _solve(
    service: TimetableService, problem: dict[str, Any], hint: dict[str, Any],
    time_limit: float | None, lang: str,
) -> dict[str, Any]:  # fmt: skip
    runner = service.planning.runner
    if runner is None:
        raise ValidationError("plan.no_workers")
    names = {p.id: p.display_name for p in await service.persons.all()}
    options = {"time_limit": float(time_limit or service.config.time_limit_s), "workers": 2,
               "seed": 0, "lang": lang, "names": names, "hours": service.config.hours[:-1],
               "hint_json": json.dumps(hint)}  # fmt: skip
    solution = json.loads(
        await runner.solve(f"replan-{secrets.token_hex(3)}", json.dumps(problem), options)
    )
    if not solution.get("timetable"):
        raise ValidationError("replan.no_solution", status=solution.get("status", "?"))
    return solution


def _merge(
    table: Timetable, days: list[str], grid: list[Any], actor: str, at: dt.datetime
) -> tuple[Timetable, list[CellChange]]:
    changed = table.model_copy(deep=True)
    changes = []
    for d, day in enumerate(days):
        for hour, turn in enumerate(grid[d]):
            for line, new in enumerate(turn):
                old = changed.cells[day][hour][line]
                if old == new:
                    continue
                changed.cells[day][hour][line] = new
                for person, step in ((old, -1), (new, 1)):
                    if person is not None:
                        changed.overload[person] = round(changed.overload.get(person, 0) + step, 6)
                changes.append(CellChange(at=at, actor=actor, day=day, hour=hour, line=line,
                                          old=old, new=new))  # fmt: skip
    changed.log.extend(changes)
    return changed, changes
