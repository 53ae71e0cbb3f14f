"""Swap requests: offer my turn to the team, a colleague takes it, the cell changes hands."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from tomatic.domain.cell_input import read_turn
from tomatic.domain.config import PlanningConfig
from tomatic.domain.dates import DayRef
from tomatic.domain.errors import ConflictError, NotFoundError, PermissionDeniedError
from tomatic.domain.model import Person, date_of, monday_of, weekday_code
from tomatic.domain.swaps import SwapRequest, SwapState
from tomatic.domain.timetable import Timetable
from tomatic.ports import Notifier, PersonStore, SwapStore
from tomatic.services.candidates import CandidateService
from tomatic.services.cells import CellService
from tomatic.services.identity import IdentityService
from tomatic.services.timetable import TimetableService


class SwapService:
    """Requests are announced in the team channel and the message follows their state."""

    def __init__(
        self,
        store: SwapStore,
        timetable: TimetableService,
        cells: CellService,
        candidates: CandidateService,
        persons: PersonStore,
        notifier: Notifier,
        identity: IdentityService,
        config: PlanningConfig,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.store = store
        self.timetable = timetable
        self.cells = cells
        self.candidates = candidates
        self.persons = persons
        self.notifier = notifier
        self.identity = identity
        self.config = config
        self.now = now

    async def request(self, actor: Person, day: DayRef, hour_hhmm: str) -> SwapRequest:
        """Offer one of the actor's future turns: the day as typed (a bare weekday is its
        next occurrence whose turn has not started yet) at the turn starting at `hour_hhmm`.

        Raises:
            ValidationError (no such turn that day), NotFoundError (nothing published then, or
            not the actor's turn), ConflictError (started, or offered already).
        """
        date, table, hour = await self._turn_of(day, hour_hhmm)
        starts = _start(date, table.hours if table else self.config.hours, hour, self._zone())
        if starts <= self.now():
            raise ConflictError("swap.too_late", day=date, hour=hour_hhmm)
        if table is None:
            raise NotFoundError("swap.no_timetable", day=date)
        code, _, _ = table.locate(weekday_code(date) or "", hour_hhmm)
        if actor.id not in table.turn(code, hour):
            raise NotFoundError("swap.not_yours", day=date, hour=table.hours[hour])
        mine = (table.week, code, hour, actor.id)
        for existing in await self.store.open_requests():
            if (existing.week, existing.day, existing.hour, existing.requester) == mine:
                raise ConflictError("swap.already_requested", id=existing.id)
        line = table.turn(code, hour).index(actor.id)
        request = SwapRequest(
            id=secrets.token_hex(4),
            week=table.week,
            day=code,
            hour=hour,
            line=line,
            requester=actor.id,
            starts_at=starts,
            state="pending" if self.config.swaps_need_approval else "open",
            candidates=await self.candidates.takers(table, code, hour, line),
        )
        request.ref = await self.notifier.to_channel("swap.request", await self.payload(request))
        return await self.store.save(request, actor.id)

    async def take(self, actor: Person, request_id: str) -> SwapRequest:
        """The actor takes an open request's turn (if a candidate); the cell changes hands
        and the store's change notices tell both."""
        request = await self.get(request_id)
        if request.state != "open":
            raise ConflictError(f"swap.state.{request.state}")
        if actor.id not in request.candidates:
            raise PermissionDeniedError("swap.not_candidate")
        if request.starts_at <= self.now():
            await self._close(request, "expired", "tomatic")
            raise ConflictError("swap.state.expired")
        stored = await self.timetable.published(request.week)
        cell = (request.day, request.hour, request.line)
        if stored is None or stored[1].cell(*cell) != request.requester:
            return await self._close(request, "expired", actor.id)
        await self.cells.change_cell(actor.id, stored[0], stored[1], cell, actor.id)
        request.taken_by = actor.id
        return await self._close(request, "taken", actor.id)

    async def approve(self, actor: Person, request_id: str) -> SwapRequest:
        """A coordinator lets a pending request be taken."""
        self.identity.require_admin(actor, "swap.denied.approve")
        request = await self.get(request_id)
        if request.state != "pending":
            raise ConflictError(f"swap.state.{request.state}")
        request.state = "open"
        request.approved_by = actor.id
        return await self._save_and_show(request, actor.id)

    async def withdraw(self, actor: Person, request_id: str) -> SwapRequest:
        """The requester (or a coordinator) takes the offer back."""
        request = await self.get(request_id)
        if not actor.may_act_for(request.requester):
            raise PermissionDeniedError("swap.not_requester")
        if not request.is_open:
            raise ConflictError(f"swap.state.{request.state}")
        return await self._close(request, "withdrawn", actor.id)

    async def expire(self, now: dt.datetime | None = None) -> list[SwapRequest]:
        """Close every open request whose turn has started; its channel message says nobody
        took it (the `expire-swaps` job, at every turn start)."""
        moment = now or self.now()
        expired = []
        for request in await self.store.open_requests():
            if request.starts_at <= moment:
                expired.append(await self._close(request, "expired", "tomatic"))
        return expired

    async def get(self, request_id: str) -> SwapRequest:
        """One request."""
        request = await self.store.get(request_id)
        if request is None:
            raise NotFoundError("swap.unknown", id=request_id)
        return request

    async def payload(self, request: SwapRequest) -> dict[str, Any]:
        """Plain data for the channel message of a request; people as `Person.ref()`."""
        people = {p.id: p for p in await self.persons.all()}

        def ref(person_id: str | None) -> dict[str, str] | None:
            if not person_id:
                return None
            return (people.get(person_id) or Person(id=person_id)).ref()

        hours = self.config.hours
        return {
            "id": request.id,
            "state": request.state,
            "day": request.day,
            "date": date_of(request.week, request.day).isoformat(),
            "start": hours[request.hour],
            "end": hours[request.hour + 1],
            "line": request.line + 1,
            "requester": ref(request.requester),
            "candidates": [ref(p) for p in request.candidates],
            "taken_by": ref(request.taken_by),
        }

    async def _close(self, request: SwapRequest, state: SwapState, actor: str) -> SwapRequest:
        request.state = state
        request.closed_by = actor
        return await self._save_and_show(request, actor)

    async def _save_and_show(self, request: SwapRequest, actor: str) -> SwapRequest:
        saved = await self.store.save(request, actor)
        if request.ref:
            payload = await self.payload(saved)
            language = self.identity.default_language
            await self.notifier.update(request.ref, "swap.request", payload, language)
        return saved

    async def _turn_of(self, day: DayRef, hour_hhmm: str) -> tuple[dt.date, Timetable | None, int]:
        """The date meant, its published week (None: not published) and the turn index. A bare
        weekday whose turn has started today means the same weekday next week."""
        now = self.now()
        first = day.next_from(now.date())
        bare = day.date is None and day.week_shift is None
        dates = [first, first + dt.timedelta(days=7)] if bare else [first]
        for date in dates:
            stored = await self.timetable.published(monday_of(date))
            table = stored[1] if stored else None
            hours = table.hours if table else self.config.hours
            hour = read_turn(hour_hhmm, hours)
            if _start(date, hours, hour, self._zone()) > now or date == dates[-1]:
                return date, table, hour
        raise AssertionError("unreachable: the last date is always returned")

    def _zone(self) -> dt.tzinfo:
        return self.now().tzinfo or dt.UTC


def _start(date: dt.date, hours: list[str], hour: int, zone: dt.tzinfo) -> dt.datetime:
    """When turn `hour` of `date` starts."""
    hh, mm = (int(part) for part in hours[hour].split(":"))
    return dt.datetime.combine(date, dt.time(hh, mm), tzinfo=zone)
