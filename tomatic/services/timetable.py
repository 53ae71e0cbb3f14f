"""Published timetables: reading, publishing, editing cells, who is on, forced turns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import ConflictError, NotFoundError, ValidationError
from tomatic.domain.model import NOBODY, WEEKDAYS, Person, date_of, monday_of, weekday_code
from tomatic.domain.swaps import apply_cell_change, check_cell_change
from tomatic.domain.timetable import CellChange, Timetable, next_turn, turn_at
from tomatic.services.plan_watch import PlanWatcher
from tomatic.services.swaps import SwapService
from tomatic.services.timetable_problem import CandidateFinder, candidate_list, problem_for
from tomatic.services.timetable_replan import ReplanResult, replan
from tomatic.services.timetable_types import (
    AlreadyPublishedError,
    MyTurn,
    PublishResult,
    TurnPeople,
    WhoIsOn,
)

__all__ = [
    "AlreadyPublishedError",
    "MyTurn",
    "PublishResult",
    "TimetableService",
    "TurnPeople",
    "WhoIsOn",
]

NOBODY_WORDS = ("nobody", NOBODY, "ningú", "nadie", "none", "-")


class TimetableService:
    """Use cases on stored timetables; the planner's runs are started by `PlanningService`."""

    def __init__(
        self, stores: dict[str, Any], config: PlanningConfig, planning: Any, notifier: Any,
        identity: Any, now: Callable[[], dt.datetime], finder: CandidateFinder | None = None,
    ) -> None:  # fmt: skip
        self.timetables = stores["timetables"]
        self.persons = stores["persons"]
        self.busy = stores["busy"]
        self.config = config
        self.planning = planning
        self._notifier = notifier
        self.identity = identity
        self.now = now
        self.finder = finder
        self.swaps = SwapService(self, stores["swaps"])
        self.plans = PlanWatcher(self)

    @property
    def notifier(self) -> Any:
        """The Notifier (given directly, or a zero-argument provider of one)."""
        given = self._notifier
        return given() if callable(given) and not hasattr(given, "to_person") else given

    async def published(self, week: dt.date) -> tuple[int, Timetable] | None:
        """The published version of a week and its timetable, or None."""
        return await self.timetables.published(week)

    async def draft(self, week: dt.date) -> tuple[int, Timetable] | None:
        """The newest version of a week when it is a draft, or None."""
        latest = await self.timetables.latest(week)
        return (latest[0], latest[1]) if latest and latest[2] == "draft" else None

    async def version(self, week: dt.date, version: int) -> Timetable:
        """One stored version of a week."""
        found = await self.timetables.version(week, version)
        if found is None:
            raise NotFoundError("timetable.no_version", week=week.isoformat(), version=version)
        return found[1]

    async def current(self, week: dt.date) -> tuple[int, Timetable]:
        """The published version of a week, else its newest one."""
        found = await self.timetables.published(week)
        if found is None:
            latest = await self.timetables.latest(week)
            found = (latest[0], latest[1]) if latest else None
        if found is None:
            raise NotFoundError("timetable.none", week=week.isoformat())
        return found

    async def publish(
        self, actor: Person, week: dt.date, version: int | None = None, confirm: bool = False
    ) -> PublishResult:
        """Publish a version (default: the week's draft; coordinators only); over a published
        week only with `confirm`.

        The previous published version is kept (superseded). Announces in the team channel
        and sends each person their turns.
        """
        self.identity.require_admin(actor)
        if version is None:
            draft = await self.draft(week)
            if draft is None:
                raise NotFoundError("timetable.no_draft", week=week.isoformat())
            version = draft[0]
        timetable = await self.version(week, version)
        before = await self.timetables.published(week)
        replaced = before[0] if before else None
        if replaced == version:
            raise ConflictError("timetable.already_this", week=week.isoformat(), version=version)
        if replaced is not None and not confirm:
            raise AlreadyPublishedError(week=week.isoformat(), version=replaced, new=version)
        await self.timetables.publish(week, version, actor.id)
        notified = await self._announce(actor, timetable, version, replaced)
        return PublishResult(week, version, notified, replaced)

    async def discard(self, actor: Person, week: dt.date, version: int) -> None:
        """Discard a draft (coordinators)."""
        self.identity.require_admin(actor)
        await self.version(week, version)
        await self.timetables.discard(week, version, actor.id)

    async def _announce(
        self, actor: Person, timetable: Timetable, version: int, replaced: int | None
    ) -> int:
        notifier = self.notifier
        if notifier is None:
            return 0
        week = timetable.week.isoformat()
        await notifier.to_channel(
            "timetable.published",
            {"week": week, "version": version, "by": actor.ref(),
             "replaced": replaced, "holes": timetable.holes()},
        )  # fmt: skip
        messages = []
        for person in await self.persons.all():
            turns = [_turn_payload(timetable, *cell) for cell in timetable.turns_of(person.id)]
            if turns:
                messages.append((person, {"week": week, "turns": turns}))
        return await notifier.to_people("timetable.your_turns", messages)

    async def who(self, now: dt.datetime | None = None) -> WhoIsOn:
        """People on the phones now and in the next turn, from the published timetables."""
        moment = now or self.now()
        week = await self.timetables.published(monday_of(moment.date()))
        current = None
        if week is not None:
            hour = turn_at(week[1].hours, moment)
            day = weekday_code(moment.date())
            if hour is not None and day in week[1].cells:
                current = await self._turn_people(week[1], moment.date(), hour)
        return WhoIsOn(now=current, next=await self._next_turn(moment))

    async def _next_turn(self, moment: dt.datetime) -> TurnPeople | None:
        for _ in range(10):
            found = next_turn(self.config.hours, moment)
            if found is None:
                return None
            date, hour = found
            stored = await self.timetables.published(monday_of(date))
            if stored is None:
                return None
            if weekday_code(date) in stored[1].cells:
                return await self._turn_people(stored[1], date, hour)
            moment = dt.datetime.combine(date, dt.time(23, 59), tzinfo=moment.tzinfo)
        return None

    async def _turn_people(self, timetable: Timetable, date: dt.date, hour: int) -> TurnPeople:
        day = weekday_code(date) or ""
        ids = [p for p in timetable.turn(day, hour) if p and p != NOBODY]
        people = [await self._person(p) for p in ids]
        return TurnPeople(date, day, hour, timetable.turn_label(hour), people)

    async def _person(self, person_id: str) -> Person:
        return await self.persons.get(person_id) or Person(id=person_id)

    async def mine(self, person: Person, now: dt.datetime | None = None) -> list[MyTurn]:
        """A person's turns in the published timetables of this week and the next."""
        moment = now or self.now()
        monday = monday_of(moment.date())
        found: list[MyTurn] = []
        for week in (monday, monday + dt.timedelta(days=7)):
            stored = await self.timetables.published(week)
            if stored is None:
                continue
            timetable = stored[1]
            for day, hour, line in timetable.turns_of(person.id):
                ends = timetable.end_of(day, hour, moment.tzinfo or dt.UTC)
                found.append(
                    MyTurn(week, date_of(week, day), day, hour, timetable.turn_label(hour),
                           line + 1, ends <= moment)
                )  # fmt: skip
        return found

    async def set_cell(
        self, actor: Person, week: dt.date, day: str, hour_hhmm: str, line: int, who: str
    ) -> CellChange:
        """Put a person (or nobody) on a cell (coordinators), keeping the hard rules.

        `line` is 1-based. The change is logged, overloads adjusted, the version replaced.
        """
        self.identity.require_admin(actor)
        version, timetable = await self.current(week)
        cell = self.locate(timetable, day, hour_hhmm, line)
        new = None if who.strip().lower() in NOBODY_WORDS else (await self._target(who, actor)).id
        return await self.change_cell(actor.id, version, timetable, cell, new)

    async def change_cell(
        self, actor_id: str, version: int, timetable: Timetable, cell: tuple[str, int, int],
        new: str | None,
    ) -> CellChange:  # fmt: skip
        """Check the rules, apply one change to a stored version and return its log entry."""
        day, hour, _ = cell
        reason = await self.busy_reason(new, timetable.week, day, hour) if new else None
        daily = self.config.max_per_day_by_person.get(new or "", self.config.max_per_day)
        name = (await self._person(new)).display_name if new else None
        limit = self.config.max_nobody_per_turn_in_edition
        check_cell_change(timetable, cell, new, reason, daily, limit, name)
        changed = apply_cell_change(timetable, cell, new, actor_id, self.now())
        change = changed.log[-1]
        await self.timetables.replace(changed, version, actor_id, change.model_dump(mode="json"))
        return change

    def locate(
        self, timetable: Timetable, day: str, hour_hhmm: str, line: int
    ) -> tuple[str, int, int]:
        """(day, hour index, line index) of a typed day code, start time and 1-based line."""
        day = day.lower()
        if day not in WEEKDAYS:
            raise ValidationError("timetable.bad_day", value=day)
        if day not in timetable.cells:
            raise ValidationError("timetable.holiday", day=day)
        hour = _hour_index(timetable.hours, hour_hhmm)
        if not 1 <= line <= timetable.lines:
            raise ValidationError("timetable.bad_line", value=line, lines=timetable.lines)
        return day, hour, line - 1

    async def busy_reason(self, person: str, week: dt.date, day: str, hour: int) -> str | None:
        """Why a person cannot take a turn (unavoidable busy, days off, leave), or None."""
        if person in await self.busy.leaves(week):
            return "leave"
        for entry in await self.busy.for_person(person):
            required = not entry.optional or entry.kind == "vacation"
            days = entry.days_in_week(week, list(WEEKDAYS))
            if required and day in days and hour in entry.busy_turns():
                return entry.reason
        return None

    async def _target(self, who: str, actor: Person) -> Person:
        return await self.identity.target(who, actor)

    async def log(self, week: dt.date) -> list[CellChange]:
        """The change log of a week's published (else newest) timetable."""
        return list((await self.current(week))[1].log)

    async def candidates(self, week: dt.date, day: str, hour_hhmm: str) -> list[dict[str, Any]]:
        """Who could take (or swap) a turn of the published (else newest) timetable.

        Returns the planner's candidate dicts, cheapest first, with `line` 1-based, a `name`,
        and `swap` as {day code, hour HH:MM, line 1-based}.
        """
        _, timetable = await self.current(week)
        day, hour, _ = self.locate(timetable, day, hour_hhmm, 1)
        problem, days = await problem_for(self.planning, timetable)
        names = {p.id: p.display_name for p in await self.persons.all()}
        return candidate_list(self.find, problem, timetable, days, (day, hour), names)

    async def replan(
        self, actor: Person, start: dt.date | None = None, time_limit: float | None = None,
        lang: str = "en",
    ) -> ReplanResult:  # fmt: skip
        """Re-solve the rest of a published week (coordinators) into a draft; see
        `timetable_replan`."""
        return await replan(self, actor, start, time_limit, lang)

    def find(self, problem: dict[str, Any], grid: Any, day: int, hour: int) -> list[dict[str, Any]]:
        """The injected candidate finder (ValidationError when none was given)."""
        if self.finder is None:
            raise ValidationError("timetable.no_finder")
        return self.finder(problem, grid, day, hour)

    async def forced(self) -> list[tuple[str, int, int, str]]:
        """The fixed-turns template: (day, hour index, line index, person or nobody)."""
        return await self.timetables.forced_turns()

    async def set_forced(
        self, actor: Person, day: str, hour_hhmm: str, line: int, who: str | None
    ) -> list[tuple[str, int, int, str]]:
        """Add (who given) or remove (who None) a forced turn (coordinators); 1-based line."""
        self.identity.require_admin(actor)
        template = Timetable.empty(monday_of(self.now().date()), list(WEEKDAYS),
                                   self.config.hours, max(self.config.lines, line))  # fmt: skip
        day, hour, index = self.locate(template, day, hour_hhmm, line)
        rows = [r for r in await self.forced() if tuple(r[:3]) != (day, hour, index)]
        if who is not None:
            person = NOBODY if who.lower() in NOBODY_WORDS else (await self._target(who, actor)).id
            rows.append((day, hour, index, person))
        elif len(rows) == len(await self.forced()):
            raise NotFoundError("forced.no_entry", day=day, hour=hour_hhmm, line=line)
        await self.timetables.save_forced_turns(sorted(rows), actor.id)
        return await self.forced()


def _hour_index(hours: list[str], hhmm: str) -> int:
    text = hhmm.strip()
    if len(text) == 4 and text[1] == ":":
        text = "0" + text
    if text not in hours[:-1]:
        raise ValidationError("timetable.bad_hour", value=hhmm, hours=", ".join(hours[:-1]))
    return hours.index(text)


def _turn_payload(timetable: Timetable, day: str, hour: int, line: int) -> dict[str, Any]:
    return {"day": day, "date": date_of(timetable.week, day).isoformat(),
            "start": timetable.hours[hour], "end": timetable.hours[hour + 1], "line": line + 1}  # fmt: skip
