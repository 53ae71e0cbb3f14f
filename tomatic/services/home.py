"""Each person's dashboard (the Slack App Home): next turns, the live queue, busy entries,
calls waiting for annotation, and the coordinators' shortcuts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tomatic.domain.calls import Call
from tomatic.domain.errors import PbxError
from tomatic.domain.model import BusyEntry, Person, date_of, monday_of
from tomatic.ports import TimetableStore
from tomatic.services.availability import AvailabilityService
from tomatic.services.callinfo import CallInfoService
from tomatic.services.identity import IdentityService
from tomatic.services.queue import BoardEntry, QueueService

MAX_TURNS = 6
PENDING_LOOKBACK = 30


@dataclass
class UpcomingTurn:
    """One of my turns that has not ended yet."""

    date: dt.date
    day: str
    label: str
    line: int
    running: bool


@dataclass(frozen=True)
class WeekStatus:
    """Where a week's timetable stands: its published version and a newer draft, if any."""

    week: dt.date
    published: int | None = None
    draft: int | None = None

    @property
    def plannable(self) -> bool:
        """Nothing published yet: planning it is what the week needs."""
        return self.published is None


@dataclass
class Dashboard:
    """What one person's Home shows. `board` is None when the PBX could not be read;
    `next_week` is for coordinators only (None for everyone else)."""

    person: Person
    turns: list[UpcomingTurn]
    board: list[BoardEntry] | None
    busy: list[BusyEntry]
    pending_calls: list[Call]
    next_week: WeekStatus | None = None

    @property
    def me_in_queue(self) -> BoardEntry | None:
        """My own entry on the board, if I am in the queue."""
        mine = [e for e in self.board or [] if e.person == self.person.id]
        return mine[0] if mine else None


class HomeService:
    """Builds dashboards; each part degrades on its own (a PBX failure hides only the queue)."""

    def __init__(
        self,
        timetables: TimetableStore,
        queue: QueueService,
        availability: AvailabilityService,
        callinfo: CallInfoService,
        identity: IdentityService,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.timetables = timetables
        self.queue = queue
        self.availability = availability
        self.callinfo = callinfo
        self.identity = identity
        self.now = now

    async def dashboard(self, slack_user_id: str) -> Dashboard | None:
        """The dashboard of a Slack user; None for people not registered."""
        person = await self.identity.find(slack_user_id)
        if person is None:
            return None
        moment = self.now()
        next_week = monday_of(moment.date()) + dt.timedelta(days=7)
        return Dashboard(
            person=person,
            turns=await self.upcoming_turns(person, moment),
            board=await self._board(),
            busy=await self.availability.entries(person),
            pending_calls=await self.pending_calls(person),
            next_week=await self.week_status(next_week) if person.is_admin else None,
        )

    async def week_status(self, week: dt.date) -> WeekStatus:
        """The week's published version and, when the newest version is a draft, that draft."""
        published = await self.timetables.published(week)
        latest = await self.timetables.latest(week)
        draft = latest[0] if latest is not None and latest[2] == "draft" else None
        return WeekStatus(week, published[0] if published else None, draft)

    async def upcoming_turns(self, person: Person, moment: dt.datetime) -> list[UpcomingTurn]:
        """My turns in the published timetables of this week and the next, not yet ended."""
        monday = monday_of(moment.date())
        found: list[UpcomingTurn] = []
        for week in (monday, monday + dt.timedelta(days=7)):
            stored = await self.timetables.published(week)
            if stored is None:
                continue
            timetable = stored[1]
            zone = moment.tzinfo or dt.UTC
            for day, hour, line in timetable.turns_of(person.id):
                if timetable.end_of(day, hour, zone) <= moment:
                    continue
                running = timetable.start_of(day, hour, zone) <= moment
                label = timetable.turn_label(hour)
                found.append(UpcomingTurn(date_of(week, day), day, label, line + 1, running))
        return found[:MAX_TURNS]

    async def pending_calls(self, person: Person) -> list[Call]:
        """My recent calls nobody has annotated yet, newest first."""
        calls = await self.callinfo.recent_calls(person, PENDING_LOOKBACK)
        return [call for call in calls if call.annotation is None]

    async def pause_me(self, person: Person) -> None:
        """Pause myself in the queue."""
        await self.queue.pause(person, None)

    async def resume_me(self, person: Person) -> None:
        """Take calls again."""
        await self.queue.resume(person, None)

    async def _board(self) -> list[BoardEntry] | None:
        try:
            return await self.queue.board()
        except PbxError:
            return None
