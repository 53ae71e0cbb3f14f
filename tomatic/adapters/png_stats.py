"""Paints a call chart (`tomatic.domain.stats_chart.StatsChart`) as a small PNG with Pillow."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from tomatic.adapters.png_drawing import Font, font, png_bytes
from tomatic.domain.stats_chart import Bar, StatsChart

BACKGROUND, INK, RULE = "#ffffff", "#222222", "#bbbbbb"
ANSWERED, ABANDONED = "#2a9d8f", "#e76f51"


@dataclass(frozen=True)
class ChartLayout:
    """Pixel sizes of the chart."""

    width: int = 960
    height: int = 380
    margin: int = 20
    title: int = 40
    panel_title: int = 26
    labels: int = 24
    gap: int = 40


def render_stats_png(chart: StatsChart, layout: ChartLayout | None = None) -> bytes:
    """The PNG bytes of the chart: the title and legend, then days and hours side by side."""
    layout = layout or ChartLayout()
    image = Image.new("RGB", (layout.width, layout.height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((layout.margin, layout.margin), chart.title, fill=INK, font=font(20, bold=True))
    _legend(draw, chart, layout)
    top = layout.margin + layout.title
    panel_width = (layout.width - 2 * layout.margin - layout.gap) // 2
    left = layout.margin
    for title, bars in ((chart.by_day_title, chart.days), (chart.by_hour_title, chart.hours)):
        _panel(draw, (left, top, panel_width), title, bars, layout)
        left += panel_width + layout.gap
    return png_bytes(image, optimize=True)


def _legend(draw: ImageDraw.ImageDraw, chart: StatsChart, layout: ChartLayout) -> None:
    small = font(13)
    x = layout.width - layout.margin
    for text, colour in ((chart.abandoned, ABANDONED), (chart.answered, ANSWERED)):
        width = int(draw.textlength(text, font=small))
        x -= width
        draw.text((x, layout.margin + 4), text, fill=INK, font=small)
        x -= 18
        draw.rectangle((x, layout.margin + 6, x + 12, layout.margin + 18), fill=colour)
        x -= 16


def _panel(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int],
    title: str,
    bars: tuple[Bar, ...],
    layout: ChartLayout,
) -> None:
    left, top, width = box
    draw.text((left, top), title, fill=INK, font=font(15, bold=True))
    base = layout.height - layout.margin - layout.labels
    ceiling = top + layout.panel_title + 16
    draw.line((left, base, left + width, base), fill=RULE, width=1)
    if not bars:
        return
    highest = max([1, *(bar.count.received for bar in bars)])
    slot = width / len(bars)
    bar_width = max(4, int(slot * 0.6))
    for index, bar in enumerate(bars):
        x = int(left + index * slot + (slot - bar_width) / 2)
        _bar(draw, (x, base, bar_width, base - ceiling), bar, highest)
        _centred(draw, x + bar_width // 2, base + 4, bar.label, font(12))


def _bar(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], bar: Bar, highest: int) -> None:
    x, base, width, room = box
    answered = round(room * bar.count.answered / highest)
    abandoned = round(room * bar.count.abandoned / highest)
    if answered:
        draw.rectangle((x, base - answered, x + width, base - 1), fill=ANSWERED)
    if abandoned:
        top = base - answered - abandoned
        draw.rectangle((x, top, x + width, base - answered - 1), fill=ABANDONED)
    if bar.count.received:
        label = str(bar.count.received)
        _centred(draw, x + width // 2, base - answered - abandoned - 16, label, font(11))


def _centred(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, face: Font) -> None:
    width = draw.textlength(text, font=face)
    draw.text((x - width / 2, y), text, fill=INK, font=face)
