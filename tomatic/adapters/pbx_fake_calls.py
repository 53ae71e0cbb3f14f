"""The calls of the in-memory PBX: callers arrive, wait, are answered or give up.

Counted like Asterisk counts them: calls completed and abandoned, running averages of the
hold and talk times, and calls taken per member.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from dataclasses import dataclass

from tomatic.domain.queue import MemberState, QueueCounters


@dataclass
class SimMember:
    """A queue member inside the simulation."""

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
    caller_since: dt.datetime | None = None
    answered_at: dt.datetime | None = None

    @property
    def free(self) -> bool:
        """Whether the member would ring for a waiting caller now."""
        return self.device == MemberState.AVAILABLE and not self.paused


@dataclass
class Caller:
    """Someone waiting in the queue, and how long they are willing to wait."""

    arrived: dt.datetime
    gives_up: dt.datetime


class CallSimulation:
    """Random (seeded) callers for a set of members; time moves one second per `step`."""

    def __init__(self, rng: random.Random, calls_per_hour: float) -> None:
        self.rng = rng
        self.rate = calls_per_hour / 3600.0
        self.waiting: deque[Caller] = deque()
        self.completed = 0
        self.abandoned = 0
        self.holdtime = 0
        self.talktime = 0

    def step(self, now: dt.datetime, members: list[SimMember]) -> None:
        """One second: calls end or get answered, a caller may arrive, impatient ones leave,
        and waiting callers ring the first free members in line order."""
        for member in members:
            self.advance(member, now)
        if self.rng.random() < self.rate:
            patience = dt.timedelta(seconds=self.rng.randint(20, 240))
            self.waiting.append(Caller(now, now + patience))
        while self.waiting and self.waiting[0].gives_up <= now:
            self.waiting.popleft()
            self.abandoned += 1
        for member in members:
            if not self.waiting:
                break
            if member.free:
                self.ring(member, now, self.waiting.popleft().arrived)

    def counters(self, members: list[SimMember]) -> QueueCounters:
        """The counters so far, as Asterisk's `queue show` would report them."""
        return QueueCounters(
            completed=self.completed,
            abandoned=self.abandoned,
            holdtime=self.holdtime,
            talktime=self.talktime,
            waiting=len(self.waiting),
            members={member.extension: member.calls_taken for member in members},
        )

    def ring(self, member: SimMember, now: dt.datetime, since: dt.datetime | None) -> None:
        """Make a member's phone ring for a caller waiting since `since`."""
        member.device = MemberState.RINGING
        member.caller_since = since
        member.busy_until = now + dt.timedelta(seconds=self.phase_seconds(member.device))

    def advance(self, member: SimMember, now: dt.datetime) -> None:
        """Ringing turns into a call, and a call ends, when their time is up."""
        if member.busy_until is None or now < member.busy_until:
            return
        if member.device == MemberState.RINGING:
            held = (now - (member.caller_since or now)).total_seconds()
            self.holdtime = _running_average(self.holdtime, int(held), self.completed)
            member.device, member.answered_at = MemberState.IN_CALL, now
            member.busy_until = now + dt.timedelta(seconds=self.phase_seconds(member.device))
        elif member.device == MemberState.IN_CALL:
            talked = (now - (member.answered_at or now)).total_seconds()
            self.talktime = _running_average(self.talktime, int(talked), self.completed)
            self.completed += 1
            member.device, member.busy_until = MemberState.AVAILABLE, None
            member.caller_since = member.answered_at = None
            member.calls_taken += 1
            member.last_call_at = now

    def phase_seconds(self, state: MemberState) -> int:
        """How long a ring or a call lasts (random)."""
        if state == MemberState.RINGING:
            return self.rng.randint(3, 10)
        if state == MemberState.IN_CALL:
            return self.rng.randint(60, 420)
        return 0


def _running_average(average: int, value: int, count: int) -> int:
    """Asterisk's smoothing: each new value weighs a quarter (the first one counts whole)."""
    return value if count == 0 else (average * 3 + value) // 4
