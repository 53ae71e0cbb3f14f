"""The day runs itself: queue loads at turn starts, reminders, the monitor, closing, summaries.

Every use case takes an explicit time, so a job can be run "as if at" (tests, the command
line, the sandbox clock). Messages are sent at most once per occurrence, even across
restarts: occurrences are claimed in the job-state store before anything is sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tomatic.domain import schedule
from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import NotFoundError, PbxError, ValidationError
from tomatic.domain.model import Person, monday_of, weekday_code
from tomatic.domain.schedule import DAILY_SUMMARY, TURN_START, TURN_WARNING, occurrence
from tomatic.domain.stats import SampleReason
from tomatic.domain.timetable import Timetable, turn_at
from tomatic.ports import BusyStore, JobStateStore, Notifier, PbxQueue, PersonStore, TimetableStore
from tomatic.services.identity import IdentityService
from tomatic.services.outcomes import Outcome, outcome
from tomatic.services.planning import PlanningService
from tomatic.services.queue import QueueService
from tomatic.services.queue_load import (
    LOAD_FAILED,
    MISSING_KIND,
    missing_payload,
    tell_coordinators,
    unresolved,
)
from tomatic.services.stats import StatsService, summary_payload
from tomatic.services.timetable import TimetableService
from tomatic.services.weekly_plan import WeeklyPlan, next_monday


@dataclass
class TurnPeople:
    """The people of one turn with their line numbers (1-based), from the published week."""

    timetable: Timetable | None
    hour: int | None
    people: list[tuple[int, Person]] = field(default_factory=list)

    @property
    def persons(self) -> list[Person]:
        """The people, in line order."""
        return [person for _, person in self.people]


class OperationsService:
    """The automated jobs of a working day, and the coordinators' manual triggers."""

    def __init__(
        self,
        timetables: TimetableStore,
        persons: PersonStore,
        busy: BusyStore,
        jobs: JobStateStore,
        queue: QueueService,
        pbx: PbxQueue,
        planning: PlanningService,
        timetable: TimetableService,
        notifier: Notifier,
        identity: IdentityService,
        config: PlanningConfig,
        stats: StatsService,
    ) -> None:
        self.timetables = timetables
        self.persons = persons
        self.busy = busy
        self.jobs = jobs
        self.queue = queue
        self.pbx = pbx
        self.timetable = timetable
        self.notifier = notifier
        self.identity = identity
        self.config = config
        self.stats = stats
        self.weekly = WeeklyPlan(timetables, persons, jobs, planning, timetable, notifier)

    async def working_day(self, date: dt.date) -> bool:
        """Monday to Friday and not a stored holiday."""
        holidays = {holiday.date for holiday in await self.busy.holidays()}
        return schedule.is_working_day(date, holidays)

    async def turn(self, date: dt.date, hour: int | None) -> TurnPeople:
        """Who the published timetable puts on turn `hour` of `date` (holes and nobody left out)."""
        stored = await self.timetables.published(monday_of(date))
        if stored is None:
            return TurnPeople(None, hour)
        timetable = stored[1]
        day = weekday_code(date)
        if hour is None or day is None or day not in timetable.cells:
            return TurnPeople(timetable, hour)
        people = []
        for line, person_id in enumerate(timetable.turn(day, hour), start=1):
            if person_id is not None:
                people.append((line, await self.timetable.person(person_id)))
        return TurnPeople(timetable, hour, people)

    async def start_turn(self, at: dt.datetime) -> Outcome:
        """Program the PBX queue with the people of the turn running at `at`, in line order.

        Pauses of people who stay are kept. Without a published timetable the queue is left
        alone. Records the turn as loaded (see `catch_up`). The PBX's counters are sampled
        first; people who cannot be loaded are left out and the coordinators told why. When
        the PBX fails the whole load, the coordinators are told (once per turn) and the
        monitor tries again at each check.
        """
        if not await self.working_day(at.date()):
            return outcome("not_working_day", at)
        await self.stats.sample(at, SampleReason.TURN)
        current = await self._current_turn(at)
        if current.timetable is None:
            return outcome("no_timetable", at)
        if current.hour is None:
            return outcome("no_turn", at)
        start = current.timetable.hours[current.hour]
        label = current.timetable.turn_label(current.hour)
        try:
            loaded = await self.queue.load(current.persons)
        except PbxError as error:
            return await self._load_failed(at, current, occurrence(at.date(), start), error)
        await self.jobs.claim(TURN_START, occurrence(at.date(), start))
        names = ", ".join(entry.name for entry in loaded.board) or "—"
        params = {"label": label, "count": len(loaded.board), "names": names}
        if not loaded.missing:
            return outcome("loaded", at, current.persons, **params)
        payload = missing_payload(loaded.missing, label=label, date=at.date().isoformat())
        await tell_coordinators(self.persons, self.notifier, MISSING_KIND, payload)
        missing = ", ".join(item.name for item in loaded.missing)
        return outcome("loaded_partly", at, current.persons, **params, missing=missing)

    async def _load_failed(
        self, at: dt.datetime, current: TurnPeople, turn: str, error: PbxError
    ) -> Outcome:
        assert current.timetable is not None and current.hour is not None
        label = current.timetable.turn_label(current.hour)
        error_params = {key: str(value) for key, value in error.params.items()}
        if await self.jobs.claim(LOAD_FAILED, turn):
            missing = [unresolved(person, error) for person in current.persons]
            payload = missing_payload(missing, label=label, date=at.date().isoformat())
            failed = {"failed": True, "error": error.key, "error_params": error_params}
            await tell_coordinators(self.persons, self.notifier, MISSING_KIND, payload | failed)
        return outcome(
            "load_failed",
            at,
            current.persons,
            label=label,
            error=error.key,
            error_params=error_params,
        )

    async def catch_up(self, at: dt.datetime) -> Outcome:
        """At start: load the running turn unless it was already loaded (a restart mid-turn)."""
        current = await self._current_turn(at)
        if current.timetable is not None and current.hour is not None:
            start = current.timetable.hours[current.hour]
            if await self.jobs.done(TURN_START, occurrence(at.date(), start)):
                return outcome("already_done", at)
        return await self.start_turn(at)

    async def _current_turn(self, at: dt.datetime) -> TurnPeople:
        stored = await self.timetables.published(monday_of(at.date()))
        hours = stored[1].hours if stored else self.config.hours
        return await self.turn(at.date(), turn_at(hours, at))

    async def warn_next_turn(self, at: dt.datetime) -> Outcome:
        """Tell the channel who is on the turn starting next today, and DM each of them.

        Once per turn occurrence: running it again for the same turn sends nothing.
        """
        if not await self.working_day(at.date()):
            return outcome("not_working_day", at)
        hour = schedule.turn_starting_from(self.config.hours, at)
        coming = await self.turn(at.date(), hour)
        if coming.timetable is None:
            return outcome("no_timetable", at)
        if hour is None:
            return outcome("no_turn", at)
        if not coming.people:
            return outcome("nobody", at)
        start = self.config.hours[hour]
        if not await self.jobs.claim(TURN_WARNING, occurrence(at.date(), start)):
            return outcome("already_done", at)
        minutes = max(0, schedule.minutes_of(start) - schedule.minutes_of(at.strftime("%H:%M")))
        label = coming.timetable.turn_label(hour)
        base = {"start": start, "label": label, "minutes": minutes, "date": at.date().isoformat()}
        await self.notifier.to_channel(
            "operations.turn_warning", {**base, "people": [p.ref() for p in coming.persons]}
        )
        reminders = [(p, {**base, "line": line, **p.ref()}) for line, p in coming.people]
        await self.notifier.to_people("operations.your_turn", reminders)
        return outcome("warned", at, coming.persons, label=label, count=len(coming.people))

    async def monitor(self, at: dt.datetime) -> Outcome:
        """Alert once about people on turn now whose phone is disconnected and not paused
        (after loading the running turn again if the PBX failed its load).

        Alerted extensions are remembered until they reconnect, so each disconnection
        gives one channel message and one DM.
        """
        if not await self.working_day(at.date()):
            return outcome("not_working_day", at)
        current = await self._current_turn(at)
        if current.timetable is not None and current.hour is not None:
            turn = occurrence(at.date(), current.timetable.hours[current.hour])
            if await self.jobs.done(LOAD_FAILED, turn) and not await self.jobs.done(
                TURN_START, turn
            ):
                await self.start_turn(at)  # the load the PBX failed, once more
        await self.stats.sample_hourly(at)
        if current.timetable is None or current.hour is None:
            return outcome("no_turn", at)
        on_turn = {person.id: person for person in current.persons}
        board = await self.queue.board()
        down = {
            e.extension: e for e in board if e.disconnected and not e.paused and e.person in on_turn
        }
        before = await self.jobs.alerted()
        await self.jobs.set_alerted(set(down))
        fresh = [on_turn[e.person] for ext, e in down.items() if ext not in before]
        if fresh:
            await self.notifier.to_channel(
                "operations.disconnected", {"people": [p.ref() for p in fresh]}
            )
            for person in fresh:
                await self.notifier.to_person(person, "operations.disconnected_you", person.ref())
        return outcome("monitored", at, fresh, down=len(down), new=len(fresh))

    async def close_day(self, at: dt.datetime) -> Outcome:
        """Closing time: sample the PBX's counters, empty the queue, forget the monitor's alerts."""
        if not await self.working_day(at.date()):
            return outcome("not_working_day", at)
        await self.stats.sample(at, SampleReason.CLOSING)
        await self.queue.clear()
        await self.jobs.set_alerted(set())
        return outcome("closed", at)

    async def daily_summary(self, date: dt.date) -> Outcome:
        """Thank the team and post the day's calls (received, answered, abandoned), once a day."""
        at = dt.datetime.combine(date, dt.time(0, 0))
        if not await self.working_day(date):
            return outcome("not_working_day", at)
        if not await self.jobs.claim(DAILY_SUMMARY, date.isoformat()):
            return outcome("already_done", at)
        payload = summary_payload(await self.stats.day(date))
        await self.notifier.to_channel("operations.summary", payload)
        return outcome("summarised", at, **payload)

    async def reload_extensions(self, at: dt.datetime) -> Outcome:
        """Rebuild the queue from scratch (names and extensions as stored now) for the running
        turn; outside turns it is just emptied."""
        await self.queue.clear()
        return await self.start_turn(at)

    async def reload_queue(self, actor: Person, at: dt.datetime) -> Outcome:
        """A coordinator reloads the queue from the timetable now."""
        self.identity.require_admin(actor)
        return await self.start_turn(at)

    async def weekly_plan(self, at: dt.datetime) -> Outcome:
        """Plan the week after `at` unless it is published; publish it when complete, and
        tell the coordinators (once per week)."""
        what, details = await self.weekly.run(at)
        return outcome(what, at, **details)

    async def publish_next_week(self, actor: Person, at: dt.datetime) -> Outcome:
        """A coordinator publishes next week's newest draft."""
        self.identity.require_admin(actor)
        week = next_monday(at)
        latest = await self.timetables.latest(week)
        if latest is None or latest[2] != "draft":
            raise NotFoundError("operations.no_draft", week=week)
        await self.timetable.publish(actor, week, latest[0])
        return outcome("plan_published", at, week=week, version=latest[0])

    async def say(self, actor: Person, text: str) -> Outcome:
        """Post `text` in the team channel as Tomàtic (coordinators)."""
        self.identity.require_admin(actor)
        if not text.strip():
            raise ValidationError("operations.says_empty")
        ref = await self.notifier.to_channel("operations.says", {"text": text.strip()})
        return Outcome("operations.says_sent" if ref else "operations.says_no_channel")
