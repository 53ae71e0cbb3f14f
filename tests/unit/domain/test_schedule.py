"""Job specs derived from the configured hours (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from tomatic.domain.config import PlanningConfig
from tomatic.domain.schedule import (
    Cron,
    crons_at,
    is_working_day,
    job_specs,
    monitor_times,
    parse_weekly,
    turn_starting_from,
    warning_times,
)


def fired(crons: tuple[Cron, ...]) -> list[str]:
    """Every HH:MM the rules fire at (assuming plain lists, as crons_at builds them)."""
    return sorted(f"{int(c.hour):02d}:{int(m):02d}" for c in crons for m in c.minute.split(","))


def specs_by_id(config: PlanningConfig) -> dict[str, tuple[Cron, ...]]:
    return {spec.id: spec.crons for spec in job_specs(config)}


def test_turn_starts_are_every_boundary_but_closing_on_working_days() -> None:
    specs = specs_by_id(PlanningConfig())
    assert fired(specs["turn-start"]) == ["09:00", "10:15", "11:30", "12:45"]
    assert {c.days for c in specs["turn-start"]} == {"mon-fri"}


def test_swap_offers_expire_at_every_turn_start() -> None:
    specs = specs_by_id(PlanningConfig())
    assert specs["expire-swaps"] == specs["turn-start"]


def test_warnings_come_the_configured_minutes_before_each_turn() -> None:
    specs = specs_by_id(PlanningConfig(warning_minutes=5))
    assert fired(specs["turn-warning"]) == ["08:55", "10:10", "11:25", "12:40"]


def test_closing_and_summary_follow_the_last_boundary() -> None:
    specs = specs_by_id(PlanningConfig(hours=["08:00", "11:00", "15:30"]))
    assert fired(specs["close-queue"]) == ["15:30"]
    assert fired(specs["daily-summary"]) == ["15:40"]


def test_monitor_runs_every_interval_during_opening_hours_only() -> None:
    times = monitor_times(["09:00", "10:15", "14:00"], 2)
    assert times[0] == "09:00" and times[-1] == "13:58"
    assert len(times) == 150
    rebuilt = fired(specs_by_id(PlanningConfig(monitor_minutes=2))["monitor"])
    assert rebuilt == times


def test_odd_boundaries_give_exact_times_without_cross_products() -> None:
    crons = crons_at(["09:00", "10:15", "10:40"])
    assert fired(crons) == ["09:00", "10:15", "10:40"]


def test_weekly_plan_time_comes_from_the_config() -> None:
    specs = specs_by_id(PlanningConfig(weekly_plan="sun 22:00"))
    assert specs["weekly-plan"] == (Cron("sun", "22", "0"),)
    assert parse_weekly("dv 15:30") == Cron("fri", "15", "30")


def test_reload_extensions_only_when_configured() -> None:
    assert "reload-extensions" not in specs_by_id(PlanningConfig())
    specs = specs_by_id(PlanningConfig(reload_extensions="fri 15:00"))
    assert specs["reload-extensions"] == (Cron("fri", "15", "0"),)


def test_job_ids_are_stable() -> None:
    ids = [spec.id for spec in job_specs(PlanningConfig(reload_extensions="fri 15:00"))]
    assert sorted(ids) == sorted([
        "turn-start", "turn-warning", "monitor", "close-queue", "daily-summary",
        "weekly-plan", "reload-extensions", "backup-database", "purge-calls", "slack-sync",
        "expire-swaps",
    ])  # fmt: skip


@pytest.mark.parametrize("text", ["sunday", "sun 25:00", "xyz 10:00", ""])
def test_unreadable_weekly_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_weekly(text)


def test_warning_before_a_midnight_turn_stays_on_the_day() -> None:
    assert warning_times(["00:03", "01:00"], 5) == ["00:00"]


def test_weekends_and_holidays_are_not_working_days() -> None:
    holiday = dt.date(2026, 12, 8)
    assert is_working_day(dt.date(2026, 12, 7), {holiday})
    assert not is_working_day(holiday, {holiday})
    assert not is_working_day(dt.date(2026, 12, 5), set())


def test_the_turn_a_warning_is_about_starts_at_or_after_it() -> None:
    hours = ["09:00", "10:15", "14:00"]
    day = dt.date(2026, 11, 30)
    assert turn_starting_from(hours, dt.datetime.combine(day, dt.time(8, 55))) == 0
    assert turn_starting_from(hours, dt.datetime.combine(day, dt.time(10, 15))) == 1
    assert turn_starting_from(hours, dt.datetime.combine(day, dt.time(10, 16))) is None
