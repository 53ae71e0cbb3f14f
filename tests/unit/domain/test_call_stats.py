"""Call statistics from counter samples: differences, restarts, hours, days and members."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tomatic.domain.queue import QueueCounters
from tomatic.domain.stats import (
    Count,
    QueueSample,
    SampleReason,
    call_stats,
    interval,
    intervals,
    spread_by_hour,
)

ZONE = ZoneInfo("Europe/Madrid")
DAY = dt.date(2026, 11, 26)


def sample(
    hhmm: str, completed: int, abandoned: int, day: dt.date = DAY, **members: int
) -> QueueSample:
    at = dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=ZONE)
    counters = QueueCounters(
        completed=completed,
        abandoned=abandoned,
        holdtime=20,
        talktime=180,
        members={ext.removeprefix("x"): calls for ext, calls in members.items()},
    )
    return QueueSample(at=at, reason=SampleReason.TURN, counters=counters)


class TestInterval:
    def test_counts_the_difference_between_two_samples(self) -> None:
        span = interval(sample("09:00", 100, 10, x3001=4), sample("10:00", 130, 12, x3001=9))

        assert span.count == Count(30, 2) and not span.reset
        assert span.members == {"3001": 5}

    def test_a_counter_that_went_down_means_a_restart_and_counts_what_it_shows(self) -> None:
        span = interval(sample("09:00", 100, 10, x3001=4), sample("10:00", 7, 1, x3001=2))

        assert span.count == Count(7, 1) and span.reset
        assert span.members == {"3001": 2}

    def test_a_member_who_joined_or_rejoined_counts_from_zero(self) -> None:
        span = interval(
            sample("09:00", 10, 0, x3001=4, x3002=6), sample("10:00", 15, 0, x3001=1, x3003=2)
        )

        assert span.members == {"3001": 1, "3003": 2}

    def test_members_without_calls_are_left_out(self) -> None:
        span = interval(sample("09:00", 1, 0, x3001=1), sample("10:00", 1, 0, x3001=1))

        assert span.members == {}


class TestIntervals:
    def test_only_samples_of_the_same_day_are_paired_and_order_does_not_matter(self) -> None:
        friday = DAY + dt.timedelta(days=1)
        found = intervals(
            [
                sample("14:00", 50, 5),
                sample("09:00", 0, 0),
                sample("09:00", 60, 5, friday),
                sample("14:00", 80, 6, friday),
            ],
            ZONE,
        )

        assert [span.count for span in found] == [Count(50, 5), Count(20, 1)]


class TestSpreadByHour:
    def test_calls_are_shared_by_the_time_spent_in_each_hour(self) -> None:
        span = interval(sample("09:30", 0, 0), sample("11:00", 30, 3))

        assert spread_by_hour(span, ZONE) == {9: Count(10, 1), 10: Count(20, 2)}

    def test_whole_calls_add_up_to_the_total(self) -> None:
        span = interval(sample("09:10", 0, 0), sample("12:20", 7, 1))

        shares = spread_by_hour(span, ZONE)

        assert sum(c.answered for c in shares.values()) == 7
        assert sum(c.abandoned for c in shares.values()) == 1
        assert list(shares) == [9, 10, 11, 12]


class TestCallStats:
    def test_a_day_adds_up_intervals_by_hour_and_member(self) -> None:
        samples = [
            sample("09:00", 100, 10, x3001=0),
            sample("10:00", 120, 12, x3001=15, x3002=5),
            sample("11:00", 3, 0, x3001=2, x3002=1),  # Asterisk restarted in between
        ]

        stats = call_stats(samples, DAY, DAY, ZONE)

        assert stats.total == Count(23, 2) and stats.resets == 1
        assert stats.by_hour == {9: Count(20, 2), 10: Count(3, 0)}
        assert stats.by_member == {"3001": 17, "3002": 6}
        assert stats.by_day == {DAY: Count(23, 2)}
        assert stats.answer_rate == 23 / 25
        assert (stats.holdtime, stats.talktime) == (20, 180)
        assert stats.measured

    def test_samples_outside_the_period_are_ignored(self) -> None:
        other = DAY - dt.timedelta(days=1)
        samples = [sample("09:00", 0, 0, other), sample("14:00", 40, 4, other)]

        stats = call_stats(samples, DAY, DAY, ZONE)

        assert not stats.measured and stats.total == Count()
        assert stats.answer_rate is None and stats.holdtime is None

    def test_a_single_sample_tells_nothing(self) -> None:
        assert not call_stats([sample("09:00", 10, 1)], DAY, DAY, ZONE).measured
