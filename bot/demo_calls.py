"""Demo only: a call history for the sandbox, produced by the fake PBX's call simulation.

The sandbox starts with samples of the queue's counters for the working days from last
Monday to yesterday, so that `/tomatic stats` has something to show at once; from then on
the day's jobs sample the fake PBX as they would a real one.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from tomatic.adapters.pbx_fake_calls import CallSimulation, SimMember
from tomatic.adapters.sqlite.persons import SqlitePersons
from tomatic.adapters.sqlite.samples import SqliteQueueSamples
from tomatic.domain.model import Person, monday_of
from tomatic.domain.names import pbx_name
from tomatic.domain.stats import QueueSample, SampleReason

CALLS_PER_HOUR = 35.0


def seed_call_history(
    db: Any, hours: list[str], lines: int, zone: dt.tzinfo, today: dt.date
) -> int:
    """Store simulated samples of each working day from last Monday to yesterday, unless
    the database has samples already; returns how many were stored."""
    samples = SqliteQueueSamples(db)
    if samples.latest() is not None:
        return 0
    team = [p for p in SqlitePersons(db).all() if p.extension]
    day, stored = monday_of(today) - dt.timedelta(days=7), 0
    while day < today and team:
        if day.weekday() < 5:
            for sample in simulated_day(day, team, hours, lines, zone):
                samples.add(sample)
                stored += 1
        day += dt.timedelta(days=1)
    return stored


def simulated_day(
    day: dt.date, team: list[Person], hours: list[str], lines: int, zone: dt.tzinfo
) -> list[QueueSample]:
    """One day of simulated calls, sampled at each turn start, each hour and closing."""
    calls = CallSimulation(random.Random(day.toordinal()), CALLS_PER_HOUR)
    moments = _sample_moments(day, hours, zone)
    now, found = moments[0][0], []
    members: list[SimMember] = []
    for turn, (moment, reason) in enumerate(moments):
        while now < moment:
            now += dt.timedelta(seconds=1)
            calls.step(now, members)
        found.append(QueueSample(at=moment, reason=reason, counters=calls.counters(members)))
        if reason == SampleReason.TURN:
            members = _turn_members(team, lines, day.toordinal() + turn)
    return found


def _sample_moments(
    day: dt.date, hours: list[str], zone: dt.tzinfo
) -> list[tuple[dt.datetime, SampleReason]]:
    at = {dt.datetime.combine(day, dt.time.fromisoformat(h), tzinfo=zone) for h in hours}
    opening, closing = min(at), max(at)
    moments = {moment: SampleReason.TURN for moment in at}
    hour = opening.replace(minute=0) + dt.timedelta(hours=1)
    while hour < closing:
        moments.setdefault(hour, SampleReason.HOURLY)
        hour += dt.timedelta(hours=1)
    moments[closing] = SampleReason.CLOSING
    return sorted(moments.items())


def _turn_members(team: list[Person], lines: int, shift: int) -> list[SimMember]:
    start = shift % len(team)
    chosen = (team[start:] + team[:start])[:lines]
    return [
        SimMember(p.extension, pbx_name(p.display_name), line, line)
        for line, p in enumerate(chosen)
    ]
