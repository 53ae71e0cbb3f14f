"""An in-memory PBX queue whose members take simulated calls, for demos and tests."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass

from tomatic.adapters.asterisk_cli import (
    check_extension,
    check_line,
    check_members,
    check_name,
    check_reason,
)
from tomatic.domain.errors import PbxRefusedError, UnknownMemberError, ValidationError
from tomatic.domain.queue import MemberState, QueueMember
from tomatic.ports import Clock

_DEFAULT_START = dt.datetime(2024, 1, 8, 9, 0, tzinfo=dt.UTC)
_MAX_CATCH_UP = 3600


@dataclass
class _Member:
    extension: str
    name: str
    penalty: int
    order: int
    device: MemberState = MemberState.AVAILABLE
    paused: bool = False
    pause_reason: str = ""
    calls_taken: int = 0
    last_call_at: dt.datetime | None = None
    busy_until: dt.datetime | None = None


class FakePbxQueue:
    """PbxQueue in memory. Calls arrive at random (seeded) and go to the first free line.

    Time passes only through `tick()`, or, when a `clock` is given, by catching up
    with it on every call. Available → ringing → in call → available; a member
    marked unavailable with `set_state` takes no calls until set back.
    """

    def __init__(
        self,
        seed: int = 0,
        *,
        clock: Clock | None = None,
        calls_per_hour: float = 40.0,
        start: dt.datetime | None = None,
    ) -> None:
        self._rng = random.Random(seed)
        self._clock = clock
        self._rate = calls_per_hour / 3600.0
        self._now = start or (clock.now() if clock else _DEFAULT_START)
        self._members: dict[str, _Member] = {}
        self._order = 0
        self._stats: dict[dt.date, Counter[str]] = {}

    async def status(self) -> list[QueueMember]:
        """Current members in line order with their live state."""
        self._catch_up()
        return [self._view(member) for member in self._in_line_order()]

    async def set_members(self, members: list[tuple[str, str]]) -> None:
        """Make `members` the queue in this order, keeping pauses and stats of those who stay."""
        wanted = check_members(members)
        self._catch_up()
        kept = {ext: self._members[ext] for ext, _ in wanted if ext in self._members}
        self._members = {}
        for line, (ext, name) in enumerate(wanted):
            member = kept.get(ext) or _Member(ext, name, line, 0)
            member.name, member.penalty, member.order = name, line, self._next_order()
            self._members[ext] = member

    async def add(self, extension: str, name: str, line: int | None = None) -> None:
        """Add a member at `line` or after the last one."""
        check_extension(extension)
        name = check_name(name)
        line = check_line(line)
        self._catch_up()
        if extension in self._members:
            raise PbxRefusedError("pbx.already_member", extension=extension)
        if line is None:
            line = max((m.penalty for m in self._members.values()), default=-1) + 1
        self._members[extension] = _Member(extension, name, line, self._next_order())

    async def remove(self, extension: str) -> None:
        """Remove a member."""
        self._member(extension)
        del self._members[extension]

    async def pause(self, extension: str, reason: str = "") -> None:
        """Pause a member with an optional reason."""
        reason = check_reason(reason)
        member = self._member(extension)
        member.paused, member.pause_reason = True, reason

    async def resume(self, extension: str) -> None:
        """Unpause a member."""
        member = self._member(extension)
        member.paused, member.pause_reason = False, ""

    async def clear(self) -> None:
        """Remove every member."""
        self._members.clear()

    async def close(self) -> None:
        """Nothing to release."""

    def set_state(self, extension: str, state: MemberState) -> None:
        """Force a member's device state (UNAVAILABLE = disconnected until set back)."""
        member = self._member(extension)
        if state == MemberState.PAUSED:
            raise ValidationError("pbx.invalid_state", value=str(state))
        seconds = self._phase_seconds(state)
        member.device = state
        member.busy_until = self._now + dt.timedelta(seconds=seconds) if seconds else None

    def tick(self, seconds: int = 5) -> None:
        """Let `seconds` of simulated time pass, one second at a time."""
        for _ in range(max(0, seconds)):
            self._now += dt.timedelta(seconds=1)
            for member in self._members.values():
                self._advance(member)
            if self._rng.random() < self._rate:
                self._incoming_call()

    def daily_stats(self, date: dt.date) -> dict[str, int | str]:
        """Simulated calls of one day: received, answered and lost."""
        counts = self._stats.get(date, Counter())
        return {
            "date": date.isoformat(),
            "calls_received": counts["received"],
            "calls_answered": counts["answered"],
            "calls_lost": counts["lost"],
        }

    def _catch_up(self) -> None:
        if self._clock is None:
            return
        elapsed = int((self._clock.now() - self._now).total_seconds())
        if elapsed > _MAX_CATCH_UP:
            self._now += dt.timedelta(seconds=elapsed - _MAX_CATCH_UP)
            elapsed = _MAX_CATCH_UP
        self.tick(elapsed)

    def _advance(self, member: _Member) -> None:
        if member.busy_until is None or self._now < member.busy_until:
            return
        if member.device == MemberState.RINGING:
            member.device = MemberState.IN_CALL
            member.busy_until = self._now + dt.timedelta(seconds=self._phase_seconds(member.device))
            self._count("answered")
        elif member.device == MemberState.IN_CALL:
            member.device, member.busy_until = MemberState.AVAILABLE, None
            member.calls_taken += 1
            member.last_call_at = self._now

    def _incoming_call(self) -> None:
        self._count("received")
        for member in self._in_line_order():
            if member.device == MemberState.AVAILABLE and not member.paused:
                member.device = MemberState.RINGING
                member.busy_until = self._now + dt.timedelta(
                    seconds=self._phase_seconds(member.device)
                )
                return
        self._count("lost")

    def _phase_seconds(self, state: MemberState) -> int:
        if state == MemberState.RINGING:
            return self._rng.randint(3, 10)
        if state == MemberState.IN_CALL:
            return self._rng.randint(60, 420)
        return 0

    def _count(self, what: str) -> None:
        self._stats.setdefault(self._now.date(), Counter())[what] += 1

    def _view(self, member: _Member) -> QueueMember:
        state = member.device
        if member.paused and state == MemberState.AVAILABLE:
            state = MemberState.PAUSED
        since = None
        if member.last_call_at is not None:
            since = int((self._now - member.last_call_at).total_seconds())
        return QueueMember(
            extension=member.extension,
            name=member.name,
            state=state,
            paused=member.paused,
            pause_reason=member.pause_reason,
            calls_taken=member.calls_taken,
            seconds_since_last_call=since,
        )

    def _member(self, extension: str) -> _Member:
        check_extension(extension)
        self._catch_up()
        member = self._members.get(extension)
        if member is None:
            raise UnknownMemberError(extension=extension)
        return member

    def _in_line_order(self) -> list[_Member]:
        return sorted(self._members.values(), key=lambda m: (m.penalty, m.order))

    def _next_order(self) -> int:
        self._order += 1
        return self._order
