"""The week chart's drawing model and its PNG."""

from __future__ import annotations

import datetime as dt
import io

from PIL import Image

from tomatic.adapters.png_stats import render_stats_png
from tomatic.domain.stats import CallStats, Count
from tomatic.domain.stats_chart import ChartLabels, week_chart

LABELS = ChartLabels(
    "Calls",
    "By day",
    "By hour",
    "answered",
    "abandoned",
    tuple("Mon Tue Wed Thu Fri Sat Sun".split()),
)
MONDAY = dt.date(2026, 11, 23)


def week_stats() -> CallStats:
    stats = CallStats(MONDAY, MONDAY + dt.timedelta(days=6))
    stats.by_day = {MONDAY: Count(40, 3), MONDAY + dt.timedelta(days=5): Count(2, 0)}
    stats.by_hour = {9: Count(12, 1), 10: Count(30, 2)}
    return stats


def test_the_chart_has_every_working_day_and_weekend_days_with_calls() -> None:
    chart = week_chart(week_stats(), LABELS)

    assert [bar.label for bar in chart.days] == [
        "Mon 23",
        "Tue 24",
        "Wed 25",
        "Thu 26",
        "Fri 27",
        "Sat 28",
    ]
    assert chart.days[0].count == Count(40, 3) and chart.days[1].count == Count()
    assert [(bar.label, bar.count.received) for bar in chart.hours] == [("09", 13), ("10", 32)]


def test_the_png_is_a_small_image() -> None:
    png = render_stats_png(week_chart(week_stats(), LABELS))

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (960, 380)
    assert len(png) < 60_000


def test_an_empty_week_still_paints() -> None:
    empty = CallStats(MONDAY, MONDAY + dt.timedelta(days=6))

    assert render_stats_png(week_chart(empty, LABELS)).startswith(b"\x89PNG")
