"""Calendar, days off and capacity: the per-person limits of the weekly load."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tomatic.domain.model import WEEKDAYS, BusyEntry, date_of


def business_days(week: dt.date, holidays: Iterable[dt.date]) -> list[str]:
    """Weekday codes of `week` (a Monday) whose date is not a holiday, in week order."""
    closed = set(holidays)
    return [day for day in WEEKDAYS if date_of(week, day) not in closed]


def days_off(entries: Iterable[BusyEntry], person: str, week: dt.date, days: list[str]) -> set[str]:
    """Business days `person` is away according to the vacation entries.

    Every vacation entry counts, optional or not. A dated entry counts for its
    weekday when inside `week`; an every-day entry counts for all business days.
    """
    away: set[str] = set()
    for entry in entries:
        if entry.kind == "vacation" and entry.person == person:
            away.update(entry.days_in_week(week, days))
    return away


def busy_strings(
    entries: Iterable[BusyEntry], person: str, week: dt.date, days: list[str], hours: int
) -> dict[str, str]:
    """Per business day, a bitmap of the hours `person` is unavoidably busy.

    Only entries with `optional=False` count. Bitmaps shorter than `hours` leave
    the remaining hours free; longer ones are cut.
    """
    grid = {day: [False] * hours for day in days}
    for entry in entries:
        if entry.person != person or entry.optional:
            continue
        for day in entry.days_in_week(week, days):
            for hour in entry.busy_turns():
                if hour < hours:
                    grid[day][hour] = True
    return {day: "".join("1" if busy else "0" for busy in bits) for day, bits in grid.items()}


def longest_free_run(bitmap: str) -> int:
    """Length of the longest run of consecutive free (`0`) hours."""
    return max((len(run) for run in bitmap.split("1")), default=0)


def day_capacity(bitmap: str, daily_max: int) -> int:
    """Turns a person can take on a day with busy `bitmap` and at most `daily_max` turns.

    Two turns must be consecutive at the start or at the end of the morning (to
    keep the middle free for a break); otherwise turns must be consecutive.
    Reproduces the original for daily maxima 1..4; unlike the original, a daily
    maximum of 0 gives 0 and one of 5 or more is not cut to 3.
    """
    if daily_max <= 0 or "0" not in bitmap:
        return 0
    if daily_max == 2:
        edges_free = bitmap.startswith("00") or bitmap.endswith("00")
        return 2 if edges_free else 1
    return min(daily_max, longest_free_run(bitmap))


def week_capacity(bitmaps: dict[str, str], daily_max: int) -> int:
    """Sum of the day capacities over the business days."""
    return sum(day_capacity(bitmap, daily_max) for bitmap in bitmaps.values())
