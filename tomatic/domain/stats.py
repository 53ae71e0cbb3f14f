"""Call statistics from samples of the PBX's counters.

The PBX only keeps running totals (calls completed and abandoned since it started, calls
taken by each member since they joined the queue). Tomatic samples them during the day and
counts what happened between consecutive samples of the same day. A counter that went down
means the PBX restarted (or a member left and came back) in between: what it counts now is
then all that is known of that interval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel

from tomatic.domain.queue import QueueCounters


class SampleReason(StrEnum):
    """Why a sample was taken."""

    TURN = "turn"
    """At a turn start (the first one of the day is the opening), before the queue changes."""
    HOURLY = "hourly"
    """The first check of each hour, so that calls can be counted by hour."""
    CLOSING = "closing"
    """At closing time, before the queue is emptied."""


class QueueSample(BaseModel):
    """The PBX's counters at one moment (timezone-aware)."""

    at: dt.datetime
    reason: SampleReason
    counters: QueueCounters


@dataclass(frozen=True)
class Count:
    """Calls answered and abandoned in some period."""

    answered: int = 0
    abandoned: int = 0

    @property
    def received(self) -> int:
        """Every call that reached the queue: answered or abandoned."""
        return self.answered + self.abandoned

    def __add__(self, other: Count) -> Count:
        return Count(self.answered + other.answered, self.abandoned + other.abandoned)


@dataclass(frozen=True)
class Interval:
    """What happened between two samples of the same day."""

    start: dt.datetime
    end: dt.datetime
    count: Count
    members: dict[str, int]
    holdtime: int
    talktime: int
    reset: bool


def interval(before: QueueSample, after: QueueSample) -> Interval:
    """The calls between two samples, `after` taken later than `before`.

    When the queue's counters went down the PBX restarted in between, and what it has
    counted since is taken as the interval's calls; a member whose count went down, or who
    was not there before, is counted likewise from what they have taken now.
    """
    old, new = before.counters, after.counters
    reset = new.completed < old.completed or new.abandoned < old.abandoned
    count = (
        Count(new.completed, new.abandoned)
        if reset
        else Count(new.completed - old.completed, new.abandoned - old.abandoned)
    )
    members: dict[str, int] = {}
    for extension, calls in new.members.items():
        earlier = old.members.get(extension)
        fresh = reset or earlier is None or calls < earlier
        taken = calls if fresh else calls - (earlier or 0)
        if taken > 0:
            members[extension] = taken
    return Interval(before.at, after.at, count, members, new.holdtime, new.talktime, reset)


def intervals(samples: Iterable[QueueSample], zone: dt.tzinfo) -> list[Interval]:
    """The intervals between consecutive samples of the same day, in time order.

    Nights are left out: the queue is closed then, and a day's first sample is its
    starting point.
    """
    ordered = sorted(samples, key=lambda sample: sample.at)
    return [
        interval(before, after)
        for before, after in zip(ordered, ordered[1:], strict=False)
        if _day(before.at, zone) == _day(after.at, zone)
    ]


def spread_by_hour(span: Interval, zone: dt.tzinfo) -> dict[int, Count]:
    """An interval's calls shared among the clock hours it covers, in proportion to the time
    it spent in each (whole calls, largest remainders first)."""
    shares = _hour_shares(span.start.astimezone(zone), span.end.astimezone(zone))
    answered = _apportion(span.count.answered, shares)
    abandoned = _apportion(span.count.abandoned, shares)
    return {hour: Count(answered[hour], abandoned[hour]) for hour, _ in shares}


@dataclass
class CallStats:
    """The calls of a period (a day or a week), as far as the samples tell."""

    first: dt.date
    last: dt.date
    total: Count = Count()
    by_day: dict[dt.date, Count] = field(default_factory=dict)
    by_hour: dict[int, Count] = field(default_factory=dict)
    by_member: dict[str, int] = field(default_factory=dict)
    holdtime: int | None = None
    talktime: int | None = None
    intervals: int = 0
    resets: int = 0

    @property
    def measured(self) -> bool:
        """Whether at least two samples of one day were taken (otherwise nothing is known)."""
        return self.intervals > 0

    @property
    def answer_rate(self) -> float | None:
        """Answered calls as a fraction of those received; None when none were received."""
        received = self.total.received
        return self.total.answered / received if received else None


def call_stats(
    samples: Sequence[QueueSample], first: dt.date, last: dt.date, zone: dt.tzinfo
) -> CallStats:
    """The statistics of the days `first`..`last` from the samples taken in them."""
    stats = CallStats(first, last)
    weighted_hold = weighted_talk = 0
    inside = [s for s in samples if first <= _day(s.at, zone) <= last]
    for span in intervals(inside, zone):
        stats.intervals += 1
        stats.resets += span.reset
        stats.total += span.count
        day = _day(span.start, zone)
        stats.by_day[day] = stats.by_day.get(day, Count()) + span.count
        for hour, count in spread_by_hour(span, zone).items():
            stats.by_hour[hour] = stats.by_hour.get(hour, Count()) + count
        for extension, calls in span.members.items():
            stats.by_member[extension] = stats.by_member.get(extension, 0) + calls
        weighted_hold += span.holdtime * span.count.answered
        weighted_talk += span.talktime * span.count.answered
    if stats.total.answered:
        stats.holdtime = round(weighted_hold / stats.total.answered)
        stats.talktime = round(weighted_talk / stats.total.answered)
    stats.by_hour = dict(sorted(stats.by_hour.items()))
    return stats


def _day(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    return moment.astimezone(zone).date()


def _hour_shares(start: dt.datetime, end: dt.datetime) -> list[tuple[int, float]]:
    if end <= start:
        return [(start.hour, 1.0)]
    length = (end - start).total_seconds()
    shares: list[tuple[int, float]] = []
    cursor = start
    while cursor < end:
        next_hour = cursor.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
        step = min(end, next_hour)
        shares.append((cursor.hour, (step - cursor).total_seconds() / length))
        cursor = step
    return shares


def _apportion(total: int, shares: list[tuple[int, float]]) -> dict[int, int]:
    exact = [(hour, total * share) for hour, share in shares]
    counts = {hour: int(value) for hour, value in exact}
    left = total - sum(counts.values())
    by_remainder = sorted(exact, key=lambda item: item[1] - int(item[1]), reverse=True)
    for hour, _ in by_remainder[:left]:
        counts[hour] += 1
    return counts
