"""When a week is over: past weeks are neither planned nor published again."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.errors import ValidationError

LAST_WEEKDAY = 4
"""Friday: the last day with turns."""


def week_end(week: dt.date, hours: list[str], zone: dt.tzinfo) -> dt.datetime:
    """When the week starting on Monday `week` ends: its Friday's closing time."""
    friday = week + dt.timedelta(days=LAST_WEEKDAY)
    hour, minute = (int(part) for part in hours[-1].split(":"))
    return dt.datetime.combine(friday, dt.time(hour, minute), tzinfo=zone)


def refuse_ended(week: dt.date, hours: list[str], now: dt.datetime, key: str) -> None:
    """Raise ValidationError `key` (week, ended) when the week is over at `now`: its turns
    are history, nobody can take them any more."""
    ended = week_end(week, hours, now.tzinfo or dt.UTC)
    if now >= ended:
        raise ValidationError(key, week=week, ended=ended)
