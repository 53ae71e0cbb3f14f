"""An in-memory PBX queue whose members take simulated calls, for demos and tests."""

from __future__ import annotations

import datetime as dt
import random

from tomatic.adapters.asterisk_cli import (
    check_extension,
    check_line,
    check_name,
    check_reason,
    screen_members,
)
from tomatic.adapters.pbx_fake_calls import CallSimulation, SimMember
from tomatic.domain.errors import PbxRefusedError, UnknownMemberError, ValidationError
from tomatic.domain.queue import MemberRefusal, MemberState, QueueCounters, QueueMember
from tomatic.ports import Clock

_DEFAULT_START = dt.datetime(2024, 1, 8, 9, 0, tzinfo=dt.UTC)
_MAX_CATCH_UP = 3600


class FakePbxQueue:
    """PbxQueue in memory. Callers arrive at random (seeded), wait for the first free line
    and give up when nobody answers in time; the counters add up like Asterisk's.

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
        self._clock = clock
        self._calls = CallSimulation(random.Random(seed), calls_per_hour)
        self._now = start or (clock.now() if clock else _DEFAULT_START)
        self._members: dict[str, SimMember] = {}
        self._order = 0

    async def status(self) -> list[QueueMember]:
        """Current members in line order with their live state."""
        self._catch_up()
        return [self._view(member) for member in self._in_line_order()]

    async def set_members(self, members: list[tuple[str, str]]) -> list[MemberRefusal]:
        """Make `members` the queue in this order, keeping pauses and stats of those who stay;
        members with a bad extension or name are left out and returned."""
        wanted, refused = screen_members(members)
        self._catch_up()
        kept = {ext: self._members[ext] for ext, _ in wanted if ext in self._members}
        self._members = {}
        for line, (ext, name) in enumerate(wanted):
            member = kept.get(ext) or SimMember(ext, name, line, 0)
            member.name, member.penalty, member.order = name, line, self._next_order()
            self._members[ext] = member
        return refused

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
        self._members[extension] = SimMember(extension, name, line, self._next_order())

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
        seconds = self._calls.phase_seconds(state)
        member.device = state
        member.busy_until = self._now + dt.timedelta(seconds=seconds) if seconds else None
        member.answered_at = self._now if state == MemberState.IN_CALL else None

    def tick(self, seconds: int = 5) -> None:
        """Let `seconds` of simulated time pass, one second at a time."""
        for _ in range(max(0, seconds)):
            self._now += dt.timedelta(seconds=1)
            self._calls.step(self._now, self._in_line_order())

    async def counters(self) -> QueueCounters:
        """Calls completed and abandoned so far, hold and talk averages, calls per member."""
        self._catch_up()
        return self._calls.counters(self._in_line_order())

    def _catch_up(self) -> None:
        if self._clock is None:
            return
        elapsed = int((self._clock.now() - self._now).total_seconds())
        if elapsed > _MAX_CATCH_UP:
            self._now += dt.timedelta(seconds=elapsed - _MAX_CATCH_UP)
            elapsed = _MAX_CATCH_UP
        self.tick(elapsed)

    def _view(self, member: SimMember) -> QueueMember:
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

    def _member(self, extension: str) -> SimMember:
        check_extension(extension)
        self._catch_up()
        member = self._members.get(extension)
        if member is None:
            raise UnknownMemberError(extension=extension)
        return member

    def _in_line_order(self) -> list[SimMember]:
        return sorted(self._members.values(), key=lambda m: (m.penalty, m.order))

    def _next_order(self) -> int:
        self._order += 1
        return self._order
