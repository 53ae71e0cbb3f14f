"""When the day runs itself: job specs derived from the configured hours, and occurrence keys.

Pure: the bot turns each `Cron` into a scheduler trigger. Weekends are left out here;
holidays are checked when a job runs, since they live in the database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tomatic.domain.config import PlanningConfig
from tomatic.domain.timetable import next_turns

WORKING_DAYS = "mon-fri"
SUMMARY_DELAY_MINUTES = 10
"""The day's summary goes out this long after closing, once the last calls are counted."""

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_ALIASES = {
    "dl": "mon",
    "dm": "tue",
    "dx": "wed",
    "dj": "thu",
    "dv": "fri",
    "ds": "sat",
    "dg": "sun",
    "lun": "mon",
    "mar": "tue",
    "mie": "wed",
    "jue": "thu",
    "vie": "fri",
    "sab": "sat",
    "dom": "sun",
}
_WEEKLY_RE = re.compile(r"^\s*([a-z]{2,3})\s+(\d{1,2}):(\d{2})\s*$")

TURN_START, TURN_WARNING, MONITOR = "turn-start", "turn-warning", "monitor"
CLOSE_QUEUE, DAILY_SUMMARY = "close-queue", "daily-summary"
WEEKLY_PLAN, RELOAD_EXTENSIONS = "weekly-plan", "reload-extensions"
BACKUP_DATABASE = "backup-database"
PURGE_CALLS = "purge-calls"
PURGE_CALLS_TIME = "03:15"
"""When call records past TOMATIC_CALL_RETENTION_DAYS are deleted, every night."""
SLACK_SYNC = "slack-sync"
EXPIRE_SWAPS = "expire-swaps"
EVERY_DAY = "mon-sun"


@dataclass(frozen=True)
class Cron:
    """One cron-like rule: days of the week (`mon-fri`, `sun`), hours and minutes (lists)."""

    days: str
    hour: str
    minute: str


@dataclass(frozen=True)
class JobSpec:
    """A job: its stable id, when it fires (any of `crons`) and how late it may still run."""

    id: str
    crons: tuple[Cron, ...]
    grace_seconds: int


def minutes_of(hhmm: str) -> int:
    """`09:15` → 555."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    return hour * 60 + minute


def hhmm(minutes: int) -> str:
    """555 → `09:15` (clamped to the day)."""
    minutes = max(0, min(minutes, 23 * 60 + 59))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def crons_at(times: list[str], days: str = WORKING_DAYS) -> tuple[Cron, ...]:
    """Rules firing at each `HH:MM` of `times` on `days`, one rule per hour."""
    by_hour: dict[int, list[int]] = {}
    for time in sorted(set(times)):
        minutes = minutes_of(time)
        by_hour.setdefault(minutes // 60, []).append(minutes % 60)
    return tuple(
        Cron(days, str(hour), ",".join(str(m) for m in minutes))
        for hour, minutes in sorted(by_hour.items())
    )


def warning_times(hours: list[str], warning_minutes: int) -> list[str]:
    """`warning_minutes` before each turn start (never before midnight)."""
    return [hhmm(minutes_of(start) - warning_minutes) for start in hours[:-1]]


def monitor_times(hours: list[str], every_minutes: int) -> list[str]:
    """Every `every_minutes` from opening (included) to closing (excluded)."""
    opening, closing = minutes_of(hours[0]), minutes_of(hours[-1])
    return [hhmm(m) for m in range(opening, closing, max(1, every_minutes))]


def parse_weekly(text: str) -> Cron:
    """`sun 22:00` (or `dg 22:00`) → a weekly rule; ValueError when unreadable."""
    match = _WEEKLY_RE.match(text.lower())
    if not match:
        raise ValueError(f"{text!r} is not like 'sun 22:00'")
    day = _DAY_ALIASES.get(match.group(1), match.group(1))
    hour, minute = int(match.group(2)), int(match.group(3))
    if day not in DAY_NAMES or hour > 23 or minute > 59:
        raise ValueError(f"{text!r} is not like 'sun 22:00'")
    return Cron(day, str(hour), str(minute))


def job_specs(config: PlanningConfig) -> list[JobSpec]:
    """Every automated job of the configured day, in the order of a day."""
    hours = config.hours
    closing = hours[-1]
    summary = hhmm(minutes_of(closing) + SUMMARY_DELAY_MINUTES)
    specs = [
        JobSpec(
            TURN_WARNING,
            crons_at(warning_times(hours, config.warning_minutes)),
            max(60, config.warning_minutes * 60),
        ),
        JobSpec(TURN_START, crons_at(hours[:-1]), 600),
        JobSpec(EXPIRE_SWAPS, crons_at(hours[:-1]), 3600),
        JobSpec(
            MONITOR,
            crons_at(monitor_times(hours, config.monitor_minutes)),
            max(30, config.monitor_minutes * 30),
        ),
        JobSpec(CLOSE_QUEUE, crons_at([closing]), 3600),
        JobSpec(DAILY_SUMMARY, crons_at([summary]), 3 * 3600),
        JobSpec(WEEKLY_PLAN, (parse_weekly(config.weekly_plan),), 3 * 3600),
    ]
    if config.reload_extensions:
        specs.append(JobSpec(RELOAD_EXTENSIONS, (parse_weekly(config.reload_extensions),), 3600))
    specs.append(JobSpec(PURGE_CALLS, crons_at([PURGE_CALLS_TIME], EVERY_DAY), 6 * 3600))
    if config.backup_time:
        specs.append(JobSpec(BACKUP_DATABASE, crons_at([config.backup_time], EVERY_DAY), 6 * 3600))
    if config.slack_sync_time:
        specs.append(JobSpec(SLACK_SYNC, crons_at([config.slack_sync_time], EVERY_DAY), 6 * 3600))
    return specs


def is_working_day(date: dt.date, holidays: set[dt.date]) -> bool:
    """Monday to Friday and not a holiday."""
    return date.weekday() < 5 and date not in holidays


def turn_starting_from(hours: list[str], moment: dt.datetime) -> int | None:
    """The first turn of `moment`'s day (a weekday) starting at or after its time; None after
    the last, and on weekends."""
    starts = next_turns(hours, moment, inclusive=True)
    return next((hour for date, hour in starts if date == moment.date()), None)


def occurrence(date: dt.date, hour: str) -> str:
    """The key of one occurrence of a job: `2026-11-30 09:00`."""
    return f"{date.isoformat()} {hour}"
