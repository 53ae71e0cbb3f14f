"""StatsService: sampling the PBX (never in the way of the day's jobs) and reports."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import pytest
from structlog.testing import capture_logs

from tests.conftest import NOW, ZONE
from tomatic.adapters.memory.samples import InMemoryQueueSampleStore
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.errors import PbxUnreachableError, ValidationError
from tomatic.domain.model import Person
from tomatic.domain.queue import QueueCounters
from tomatic.domain.stats import QueueSample, SampleReason
from tomatic.domain.stats_chart import StatsChart
from tomatic.domain.stats_period import PeriodKind
from tomatic.services.stats import StatsService, summary_payload

THURSDAY = NOW.date()


class People:
    async def all(self) -> list[Person]:
        return [
            Person(id="anna", name="Anna Puig", extension="3001"),
            Person(id="bernat", name="Bernat", extension="3002"),
        ]


class BrokenPbx(FakePbxQueue):
    async def counters(self) -> QueueCounters:
        raise PbxUnreachableError(host="pbx", reason="down")


class HangingPbx(FakePbxQueue):
    async def counters(self) -> QueueCounters:
        await asyncio.sleep(10)
        raise AssertionError("not reached")


class CounterlessPbx(FakePbxQueue):
    async def counters(self) -> None:
        return None


def at(hhmm: str, day: dt.date = THURSDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=ZONE)


def service(pbx=None, painter=None, **options) -> StatsService:
    return StatsService(
        pbx or FakePbxQueue(1, calls_per_hour=0),
        InMemoryQueueSampleStore(),
        People(),
        ZONE,
        lambda: NOW,
        painter or (lambda chart: b"png"),
        **options,
    )


async def keep(
    stats: StatsService,
    hhmm: str,
    completed: int,
    abandoned: int,
    **members: int,
) -> None:
    counters = QueueCounters(
        completed=completed, abandoned=abandoned, holdtime=30, talktime=200, members=members
    )
    await stats.samples.add(QueueSample(at=at(hhmm), reason=SampleReason.TURN, counters=counters))


class TestSampling:
    async def test_a_sample_keeps_the_pbx_counters_at_that_time(self) -> None:
        pbx = FakePbxQueue(1, calls_per_hour=0)
        await pbx.set_members([("3001", "Anna")])
        stats = service(pbx)

        kept = await stats.sample(at("09:00"), SampleReason.TURN)

        assert kept is not None and kept.counters.members == {"3001": 0}
        assert await stats.samples.latest() == kept

    async def test_a_failing_pbx_costs_one_log_line_and_no_sample(self) -> None:
        stats = service(BrokenPbx())

        with capture_logs() as logs:
            assert await stats.sample(at("09:00"), SampleReason.TURN) is None

        assert await stats.samples.latest() is None
        [line] = [entry for entry in logs if entry["event"] == "queue sample failed"]
        assert (line["reason"], line["error"]) == ("turn", "pbx.unreachable")

    async def test_a_hanging_pbx_is_given_up_within_the_deadline(self) -> None:
        stats = service(HangingPbx(), deadline=0.2)

        assert await asyncio.wait_for(stats.sample(at("09:00"), SampleReason.TURN), 2) is None

    async def test_a_pbx_without_counters_gives_no_sample(self) -> None:
        stats = service(CounterlessPbx())

        assert await stats.sample(at("09:00"), SampleReason.TURN) is None
        assert await stats.samples.latest() is None

    async def test_hourly_samples_are_one_per_clock_hour(self) -> None:
        stats = service()

        taken = [await stats.sample_hourly(at(hhmm)) for hhmm in ("09:02", "09:58", "10:00")]

        assert [sample is not None for sample in taken] == [True, False, True]


class TestReports:
    async def test_a_day_report_names_members_by_person_busiest_first(self) -> None:
        stats = service()
        await keep(stats, "09:00", 100, 4, **{"3001": 0, "3002": 0, "3999": 0})
        await keep(stats, "14:00", 140, 6, **{"3001": 12, "3002": 25, "3999": 3})

        report = await stats.report([])

        assert report.period.kind == PeriodKind.DAY and report.period.first == THURSDAY
        assert (report.stats.total.answered, report.stats.total.abandoned) == (40, 2)
        assert [(o.name, o.person, o.calls) for o in report.operators] == [
            ("Bernat", "bernat", 25),
            ("Anna Puig", "anna", 12),
            ("3999", "", 3),
        ]

    async def test_a_week_report_covers_monday_to_sunday(self) -> None:
        stats = service()
        await keep(stats, "09:00", 0, 0)
        await keep(stats, "10:00", 10, 1)

        report = await stats.report(["week"])

        assert (report.period.first, report.period.last) == (
            dt.date(2026, 11, 23),
            dt.date(2026, 11, 29),
        )
        assert report.stats.by_day == {THURSDAY: report.stats.total}

    async def test_bad_words_are_refused(self) -> None:
        with pytest.raises(ValidationError):
            await service().report(["fortnight"])

    async def test_the_summary_payload_has_the_day_counts_and_rate(self) -> None:
        stats = service()
        await keep(stats, "09:00", 0, 0)
        await keep(stats, "14:00", 45, 5)

        payload = summary_payload(await stats.day(THURSDAY))

        assert payload == {
            "date": "2026-11-26",
            "available": True,
            "received": 50,
            "answered": 45,
            "lost": 5,
            "rate": "90%",
        }

    async def test_the_chart_is_painted_in_another_thread(self) -> None:
        threads: list[threading.Thread] = []

        def painter(chart: StatsChart) -> bytes:
            threads.append(threading.current_thread())
            return b"\x89PNG" + chart.title.encode()

        stats = service(painter=painter)
        await keep(stats, "09:00", 0, 0)
        await keep(stats, "10:00", 3, 0)

        png = await stats.chart(await stats.report(["week"]), "ca")

        assert png == b"\x89PNG" + "Trucades 23/11/2026 – 29/11/2026".encode()
        assert threads and threads[0] is not threading.main_thread()


class TestOrder:
    async def test_a_sample_before_the_days_newest_is_not_kept(self) -> None:
        stats = service()
        await stats.sample(at("10:15"), SampleReason.TURN)  # a turn run "as if" later

        assert await stats.sample(at("09:40"), SampleReason.TURN) is None
        assert await stats.sample_hourly(at("09:42")) is None
        assert (
            await stats.sample(at("10:15", THURSDAY - dt.timedelta(days=7)), SampleReason.TURN)
            is not None
        )
