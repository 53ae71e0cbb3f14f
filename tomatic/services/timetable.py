"""Stored timetables: reading versions, publishing, who is on, my turns, the change log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import ConflictError, NotFoundError, ValidationError
from tomatic.domain.model import Person, date_of, monday_of, weekday_code
from tomatic.domain.timetable import CellChange, Timetable, next_turns, turn_at
from tomatic.domain.timetable_diff import turn_diffs
from tomatic.domain.weeks import refuse_ended
from tomatic.ports import Notifier, PersonStore, TimetableStore
from tomatic.services.identity import IdentityService
from tomatic.services.timetable_types import (
    AlreadyPublishedError,
    MyTurn,
    PublishResult,
    TurnPeople,
    VersionEvent,
    WhoIsOn,
)

log = structlog.get_logger("tomatic.timetable")
VersionListener = Callable[[VersionEvent], Awaitable[None]]

__all__ = [
    "AlreadyPublishedError",
    "MyTurn",
    "PublishResult",
    "TimetableService",
    "TurnPeople",
    "VersionEvent",
    "WhoIsOn",
]


class TimetableService:
    """Use cases on stored timetables; the planner's runs are started by `PlanningService`."""

    def __init__(
        self,
        timetables: TimetableStore,
        persons: PersonStore,
        notifier: Notifier,
        identity: IdentityService,
        config: PlanningConfig,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.timetables = timetables
        self.persons = persons
        self.notifier = notifier
        self.identity = identity
        self.config = config
        self.now = now
        self._listeners: list[VersionListener] = []

    def subscribe(self, listener: VersionListener) -> None:
        """Call `listener` after each version published or discarded."""
        self._listeners.append(listener)

    async def _tell(self, what: str, actor: Person, week: dt.date, version: int) -> None:
        event = VersionEvent(what, week, version, actor, self.now())
        for listener in list(self._listeners):
            try:
                await listener(event)
            except Exception:  # a broken observer must not undo a publish
                log.exception("version listener failed", week=str(week), version=version)

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
            raise NotFoundError("timetable.no_version", week=week, version=version)
        return found[1]

    async def current(self, week: dt.date) -> tuple[int, Timetable]:
        """The published version of a week, else its newest one."""
        found = await self.timetables.published(week)
        if found is None:
            latest = await self.timetables.latest(week)
            found = (latest[0], latest[1]) if latest else None
        if found is None:
            raise NotFoundError("timetable.none", week=week)
        return found

    async def publish(
        self,
        actor: Person,
        week: dt.date,
        version: int | None = None,
        confirm: bool = False,
        *,
        announce: bool = True,
    ) -> PublishResult:
        """Publish a version (default: the week's draft; coordinators only); over a published
        week only with `confirm`; never a week that is over.

        The previous published version is kept (superseded). Observers hear of it (the plan
        message, the fairness ledger). Announces in the team channel and sends each person
        their turns, unless not to `announce` (the sandbox's demo week).
        """
        self.identity.require_admin(actor)
        refuse_ended(week, self.config.hours, self.now(), "timetable.week_over")
        before = await self.timetables.published(week)
        replaced = before[0] if before else None
        if version is None:
            draft = await self.draft(week)
            if draft is None and replaced is not None:
                opening = dt.datetime.combine(
                    week, dt.time.fromisoformat(self.config.hours[0]), self.now().tzinfo
                )
                key = "no_newer_draft_begun" if self.now() >= opening else "no_newer_draft"
                raise ConflictError(f"timetable.{key}", week=week, version=replaced)
            if draft is None:
                raise NotFoundError("timetable.no_draft", week=week)
            version = draft[0]
        timetable = await self.version(week, version)
        if replaced == version:
            raise ConflictError("timetable.already_this", week=week, version=version)
        if before is not None:
            self._refuse_rewriting_the_past(before[1], timetable, version)
            _refuse_undoing_edits(before, timetable, version)
        if replaced is not None and not confirm:
            raise AlreadyPublishedError(week=week, version=replaced, new=version)
        await self.timetables.publish(week, version, actor.id)
        await self._tell("published", actor, week, version)
        old = before[1] if before else None
        notified = await self._announce(actor, timetable, version, old) if announce else 0
        return PublishResult(week, version, notified, replaced)

    def _refuse_rewriting_the_past(self, old: Timetable, new: Timetable, version: int) -> None:
        """Turns that are over are history: a version that changes any of them (a whole week
        planned again after it began) is not published over the one people worked."""
        now = self.now()
        for day in old.days:
            for hour in range(old.turns if day in old.cells else 0):
                if old.end_of(day, hour, now.tzinfo or dt.UTC) > now:
                    break
                if old.turn(day, hour) != new.turn(day, hour):
                    date, turn = date_of(old.week, day), old.turn_label(hour)
                    raise ValidationError(
                        "timetable.rewrites_past", week=old.week, new=version, day=date, turn=turn
                    )

    async def discard(self, actor: Person, week: dt.date, version: int) -> None:
        """Discard a draft (coordinators)."""
        self.identity.require_admin(actor)
        await self.version(week, version)
        published = await self.timetables.published(week)
        if published is not None and published[0] == version:
            raise ConflictError("plan.not_a_draft", week=week, version=version)
        await self.timetables.discard(week, version, actor.id)
        await self._tell("discarded", actor, week, version)

    async def _announce(
        self, actor: Person, timetable: Timetable, version: int, before: Timetable | None
    ) -> int:
        """Announce in the team channel; a first publication DMs everyone their turns, a new
        version over a published one only the people whose turns changed (the store's change
        notices did that): how many people that is."""
        week = timetable.week.isoformat()
        announcement = {
            "week": week,
            "version": version,
            "by": actor.ref(),
            "replaced": before is not None,
            "holes": timetable.holes(),
        }
        await self.notifier.to_channel("timetable.published", announcement)
        if before is not None:
            return len(turn_diffs(before, timetable))
        messages = []
        for person in await self.persons.all():
            turns = [_turn_payload(timetable, *cell) for cell in timetable.turns_of(person.id)]
            if turns:
                messages.append((person, {"week": week, "turns": turns}))
        return await self.notifier.to_people("timetable.your_turns", messages)

    async def who(self, now: dt.datetime | None = None) -> WhoIsOn:
        """People on the phones now and in the next turn, from the published timetables."""
        moment = now or self.now()
        week = await self.timetables.published(monday_of(moment.date()))
        current = None
        if week is not None:
            hour = turn_at(week[1].hours, moment)
            if hour is not None and weekday_code(moment.date()) in week[1].cells:
                current = await self._turn_people(week[1], moment.date(), hour)
        return WhoIsOn(now=current, next=await self._next_turn(moment))

    async def _next_turn(self, moment: dt.datetime) -> TurnPeople | None:
        """The next turn of a published week, holidays skipped; None past the published ones."""
        for date, hour in next_turns(self.config.hours, moment):
            stored = await self.timetables.published(monday_of(date))
            if stored is None:
                return None
            if weekday_code(date) in stored[1].cells:
                return await self._turn_people(stored[1], date, hour)
        return None

    async def _turn_people(self, timetable: Timetable, date: dt.date, hour: int) -> TurnPeople:
        day = weekday_code(date) or ""
        people = [await self.person(p) for p in timetable.people(day, hour)]
        return TurnPeople(date, day, hour, timetable.turn_label(hour), people)

    async def person(self, person_id: str) -> Person:
        """A stored person, or one known only by the id a timetable holds."""
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
                label = timetable.turn_label(hour)
                date = date_of(week, day)
                found.append(MyTurn(week, date, day, hour, label, line + 1, ends <= moment))
        return found

    async def log(self, week: dt.date) -> list[CellChange]:
        """The change log of a week's published (else newest) timetable."""
        return list((await self.current(week))[1].log)


def _turn_payload(timetable: Timetable, day: str, hour: int, line: int) -> dict[str, Any]:
    return {
        "day": day,
        "date": date_of(timetable.week, day).isoformat(),
        "start": timetable.hours[hour],
        "end": timetable.hours[hour + 1],
        "line": line + 1,
    }


def _refuse_undoing_edits(published: tuple[int, Timetable], draft: Timetable, new: int) -> None:
    """A re-plan's draft carries the change log of the published version it was made from,
    then its own changes. When the published version's log is no longer where the draft's
    starts (a `set` or a swap changed it since), publishing the draft would silently undo those
    changes: refused, to re-plan from the current timetable. A draft with no log (a whole week
    planned) replaces the week as a whole, which the coordinator is asked to confirm."""
    version, current = published
    if draft.log and draft.log[: len(current.log)] != current.log:
        raise ConflictError("timetable.edited_since", week=current.week, version=version, new=new)
