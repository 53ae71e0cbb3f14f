"""A drawing model of a weekly timetable, independent of the output format.

Days are columns; each turn is a band of rows, one row per line. Every cell says what
to write and in which colours, so the PNG and HTML painters only have to lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tomatic.domain.model import WEEKDAYS, date_of
from tomatic.domain.timetable import Timetable

HOLE_FILL = "fde8e8"
HOLE_INK = "c0392b"
HOLIDAY_FILL = "e6e6e6"
HOLIDAY_INK = "555555"
DEFAULT_COLOR = "aaaaff"


@dataclass(frozen=True)
class Labels:
    """The words the grid shows, already in the reader's language."""

    title: str
    day_names: dict[str, str]
    holiday: str
    hole: str = "—"
    line: str = "L{n}"
    short_day_names: dict[str, str] = field(default_factory=dict)
    date: str = "{day}/{month}/{year}"
    """How the reader's language writes a date (`str.format` with day, month and year)."""


@dataclass(frozen=True)
class GridCell:
    """One line of one turn of one day."""

    text: str
    fill: str
    ink: str
    person: str | None = None
    hole: bool = False


@dataclass(frozen=True)
class GridColumn:
    """One weekday: its heading and, on holidays, the holiday's name."""

    code: str
    heading: str
    short: str
    date: dt.date
    holiday: str | None = None


@dataclass(frozen=True)
class Grid:
    """Everything needed to draw a week: `cells[turn][column][line]`."""

    title: str
    columns: list[GridColumn]
    turn_labels: list[str]
    line_labels: list[str]
    cells: list[list[list[GridCell]]]
    holiday_label: str
    legend: list[GridCell] = field(default_factory=list)

    @property
    def lines(self) -> int:
        """Rows per turn."""
        return len(self.line_labels)


def normalise_color(color: str | None) -> str:
    """Six lowercase hex digits (`abc` becomes `aabbcc`); the default for bad input."""
    value = (color or "").strip().lstrip("#").lower()
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6 or any(c not in "0123456789abcdef" for c in value):
        return DEFAULT_COLOR
    return value


def contrast_ink(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (WCAG relative luminance)."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "000000" if luminance > 0.179 else "ffffff"


def build_grid(
    timetable: Timetable, names: dict[str, str], colors: dict[str, str], labels: Labels
) -> Grid:
    """Lay out a timetable: days as columns, turns as bands of one row per line.

    Args:
        timetable: the week to draw.
        names: display name by person id (unknown ids are shown as they are).
        colors: hex colour by person id (without `#`).
        labels: translated words (title, day names, holiday, hole).

    Returns:
        The drawing model; holiday columns have no person cells, only holiday cells.
    """
    columns = _columns(timetable, labels)
    cells = [
        [
            [
                _cell(timetable, column, hour, line, names, colors, labels)
                for line in range(timetable.lines)
            ]
            for column in columns
        ]
        for hour in range(timetable.turns)
    ]
    return Grid(
        title=labels.title,
        columns=columns,
        turn_labels=[timetable.turn_label(h) for h in range(timetable.turns)],
        line_labels=[labels.line.format(n=n + 1) for n in range(timetable.lines)],
        cells=cells,
        holiday_label=labels.holiday,
        legend=_legend(timetable, names, colors),
    )


def _columns(timetable: Timetable, labels: Labels) -> list[GridColumn]:
    columns = []
    for code in WEEKDAYS:
        if code not in timetable.cells and code not in timetable.holidays:
            continue
        day = date_of(timetable.week, code)
        name = labels.day_names.get(code, code)
        written = labels.date.format(day=day.day, month=day.month, year=day.year)
        heading, short = (
            f"{name} {written}",
            f"{labels.short_day_names.get(code, name[:3])} {day.day}",
        )
        holiday = None if code in timetable.cells else timetable.holidays[code]
        columns.append(GridColumn(code, heading, short, day, holiday))
    return columns


def _cell(
    timetable: Timetable,
    column: GridColumn,
    hour: int,
    line: int,
    names: dict[str, str],
    colors: dict[str, str],
    labels: Labels,
) -> GridCell:
    if column.holiday is not None:
        return GridCell(labels.holiday, HOLIDAY_FILL, HOLIDAY_INK)
    person = timetable.cell(column.code, hour, line)
    if person is None:
        return GridCell(labels.hole, HOLE_FILL, HOLE_INK, hole=True)
    fill = normalise_color(colors.get(person))
    return GridCell(names.get(person, person), fill, contrast_ink(fill), person)


def _legend(timetable: Timetable, names: dict[str, str], colors: dict[str, str]) -> list[GridCell]:
    counts: dict[str, int] = {}
    for rows in timetable.cells.values():
        for row in rows:
            for person in row:
                if person is not None:
                    counts[person] = counts.get(person, 0) + 1
    ordered = sorted(counts, key=lambda p: (names.get(p) or p).lower())
    legend = []
    for person in ordered:
        fill = normalise_color(colors.get(person))
        text = f"{names.get(person, person)} ({counts[person]})"
        legend.append(GridCell(text, fill, contrast_ink(fill), person))
    return legend


def text_rows(grid: Grid, separator: str = " · ") -> list[str]:
    """The grid as lines of text, one per turn of each day, full names in line order:

    Monday 30/11/2026
      09:00–10:15  Anna Puig · Bernat Roig · —
    Wednesday 2/12/2026 — Holiday: Sant Andreu
    """
    rows = [grid.title]
    for index, column in enumerate(grid.columns):
        if column.holiday is not None:
            name = f": {column.holiday}" if column.holiday else ""
            rows.append(f"{column.heading} — {grid.holiday_label}{name}")
            continue
        rows.append(column.heading)
        for hour, label in enumerate(grid.turn_labels):
            names = separator.join(cell.text for cell in grid.cells[hour][index])
            rows.append(f"  {label}  {names}")
    return rows
