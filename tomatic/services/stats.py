"""Call statistics: sampling the PBX's counters during the day, and reading them back."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog

from tomatic.domain.errors import PbxError, PbxUnreachableError
from tomatic.domain.stats import CallStats, QueueSample, SampleReason, call_stats
from tomatic.domain.stats_chart import ChartLabels, StatsChart, week_chart
from tomatic.domain.stats_period import Period, PeriodKind, parse_period
from tomatic.i18n import t
from tomatic.i18n.formats import date_text
from tomatic.ports import PbxQueue, PersonStore, QueueSampleStore

log = structlog.get_logger("tomatic.stats")

SAMPLE_DEADLINE = 4.0
"""Seconds a sample may take: a slow PBX must not hold up the turn change it precedes."""

Painter = Callable[[StatsChart], bytes]


@dataclass(frozen=True)
class OperatorCalls:
    """The calls one queue member took in the period."""

    extension: str
    name: str
    person: str
    calls: int


@dataclass(frozen=True)
class StatsReport:
    """A period's statistics with the members named."""

    period: Period
    stats: CallStats
    operators: list[OperatorCalls]


class StatsService:
    """Samples the PBX's queue counters and turns the samples into statistics.

    Samples are taken at each turn start (the first is the opening), at the first monitor
    check of each hour, and at closing; the statistics are the differences between
    consecutive samples of a day (`tomatic.domain.stats`).
    """

    def __init__(
        self,
        pbx: PbxQueue,
        samples: QueueSampleStore,
        persons: PersonStore,
        zone: dt.tzinfo,
        clock: Callable[[], dt.datetime],
        painter: Painter,
        *,
        deadline: float = SAMPLE_DEADLINE,
    ) -> None:
        self.pbx = pbx
        self.deadline = deadline
        self.samples = samples
        self.persons = persons
        self.zone = zone
        self.clock = clock
        self.painter = painter

    async def sample(self, at: dt.datetime, reason: SampleReason) -> QueueSample | None:
        """Read the PBX's counters and keep them as taken at `at`.

        A PBX that fails or keeps no counters costs one log line and no sample: statistics
        must never stop the queue from being loaded or emptied. Nor is a sample kept that
        would come before the day's newest one (a job run "as if" later, such as the
        sandbox's clock advance, already stands for what the counters said then).
        """
        newest = await self._newest_of_day(at)
        if newest is not None and at < newest.at:
            log.info("queue sample skipped", reason=reason.value, at=at.isoformat())
            return None
        try:
            async with asyncio.timeout(self.deadline):
                counters = await self.pbx.counters()
        except (PbxError, TimeoutError) as error:
            key = error.key if isinstance(error, PbxError) else PbxUnreachableError.key
            log.warning("queue sample failed", reason=reason.value, at=at.isoformat(), error=key)
            return None
        if counters is None:
            return None
        sample = QueueSample(at=at, reason=reason, counters=counters)
        await self.samples.add(sample)
        return sample

    async def sample_hourly(self, at: dt.datetime) -> QueueSample | None:
        """Sample unless a sample was already taken in the same clock hour as `at`."""
        newest = await self._newest_of_day(at)
        if newest is not None and _hour(newest.at, self.zone) == _hour(at, self.zone):
            return None
        return await self.sample(at, SampleReason.HOURLY)

    async def _newest_of_day(self, at: dt.datetime) -> QueueSample | None:
        day = at.astimezone(self.zone).date()
        start = dt.datetime.combine(day, dt.time(0), tzinfo=self.zone)
        found = await self.samples.between(start, start + dt.timedelta(days=1))
        return found[-1] if found else None

    async def report(self, words: list[str]) -> StatsReport:
        """The statistics of the period typed after `/tomatic stats` (see `parse_period`)."""
        return await self.period(parse_period(words, self.clock().astimezone(self.zone).date()))

    async def day(self, date: dt.date) -> StatsReport:
        """One day's statistics."""
        return await self.period(Period(PeriodKind.DAY, date, date))

    async def period(self, period: Period) -> StatsReport:
        """The statistics of the days of `period`."""
        start = dt.datetime.combine(period.first, dt.time(0), tzinfo=self.zone)
        end = dt.datetime.combine(period.last + dt.timedelta(days=1), dt.time(0), tzinfo=self.zone)
        samples = await self.samples.between(start, end)
        stats = call_stats(samples, period.first, period.last, self.zone)
        return StatsReport(period, stats, await self._operators(stats.by_member))

    async def chart(self, report: StatsReport, lang: str) -> bytes:
        """The report's chart as PNG, painted in a worker thread (it takes a while)."""
        chart = week_chart(report.stats, chart_labels(report.period, lang))
        return await asyncio.to_thread(self.painter, chart)

    async def _operators(self, by_member: dict[str, int]) -> list[OperatorCalls]:
        owners = {p.extension: p for p in await self.persons.all() if p.extension}
        found = []
        for extension, calls in by_member.items():
            person = owners.get(extension)
            name = person.display_name if person else extension
            found.append(OperatorCalls(extension, name, person.id if person else "", calls))
        return sorted(found, key=lambda item: (-item.calls, item.name.casefold()))


def chart_labels(period: Period, lang: str) -> ChartLabels:
    """The chart's texts in `lang`."""
    return ChartLabels(
        title=t(
            lang,
            "stats.chart_title",
            first=date_text(lang, period.first),
            last=date_text(lang, period.last),
        ),
        by_day=t(lang, "stats.by_day"),
        by_hour=t(lang, "stats.by_hour"),
        answered=t(lang, "stats.answered"),
        abandoned=t(lang, "stats.abandoned"),
        day_names=tuple(t(lang, "stats.day_names").split()),
    )


def summary_payload(report: StatsReport) -> dict[str, Any]:
    """A day's statistics as message data; `available` False when nothing was measured."""
    date = report.period.first.isoformat()
    stats = report.stats
    if not stats.measured:
        return {"date": date, "available": False}
    rate = stats.answer_rate
    return {
        "date": date,
        "available": True,
        "received": stats.total.received,
        "answered": stats.total.answered,
        "lost": stats.total.abandoned,
        "rate": "—" if rate is None else f"{rate:.0%}",
    }


def _hour(moment: dt.datetime, zone: dt.tzinfo) -> tuple[dt.date, int]:
    local = moment.astimezone(zone)
    return local.date(), local.hour
