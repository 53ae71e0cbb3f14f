"""The drawing model of a week's call chart: bars by day and by hour, answered and abandoned.

Pure data, in the reader's language; `tomatic/adapters/png_stats.py` paints it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tomatic.domain.stats import CallStats, Count


@dataclass(frozen=True)
class Bar:
    """One bar: its label under it, and the calls it stacks (answered below abandoned)."""

    label: str
    count: Count


@dataclass(frozen=True)
class ChartLabels:
    """Every text the chart shows, already translated."""

    title: str
    by_day: str
    by_hour: str
    answered: str
    abandoned: str
    day_names: tuple[str, ...]
    """Short names of Monday..Sunday."""


@dataclass(frozen=True)
class StatsChart:
    """Two panels of stacked bars: the days of the period, and the hours of its days."""

    title: str
    by_day_title: str
    by_hour_title: str
    answered: str
    abandoned: str
    days: tuple[Bar, ...]
    hours: tuple[Bar, ...]


def week_chart(stats: CallStats, labels: ChartLabels) -> StatsChart:
    """The chart of a period's statistics: every working day of it (Monday to Friday, and
    a weekend day only when it had calls), and every hour that had calls."""
    days = []
    day = stats.first
    while day <= stats.last:
        count = stats.by_day.get(day, Count())
        if day.weekday() < 5 or count.received:
            days.append(Bar(_day_label(day, labels), count))
        day += dt.timedelta(days=1)
    hours = tuple(Bar(f"{hour:02d}", count) for hour, count in stats.by_hour.items())
    return StatsChart(
        title=labels.title,
        by_day_title=labels.by_day,
        by_hour_title=labels.by_hour,
        answered=labels.answered,
        abandoned=labels.abandoned,
        days=tuple(days),
        hours=hours,
    )


def _day_label(day: dt.date, labels: ChartLabels) -> str:
    return f"{labels.day_names[day.weekday()]} {day.day}"
