"""Stored week timetables of the original: `graelles/graella-YYYY-MM-DD.yaml`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tomatic.domain.model import NOBODY
from tomatic.legacy.lines import LineError, YamlDocument, YamlEntry, dump_yaml
from tomatic.legacy.timetable_formats import (
    LegacyTimetable,
    read_days,
    read_grid,
    read_hours,
    read_sections,
    read_strings,
)


def _week(doc: YamlDocument, entry: YamlEntry | None) -> dt.date | None:
    if entry is None:
        doc.error(1, "missing 'week'")
        return None
    try:
        week = dt.date.fromisoformat(str(entry.value))
    except ValueError:
        doc.error(entry.line, f"week {entry.value!r} is not a date (YYYY-MM-DD)")
        return None
    if week.weekday() != 0:
        doc.error(entry.line, f"week {week} is not a Monday")
        return None
    return week


def _text_map(doc: YamlDocument, entry: YamlEntry | None, number: bool = False) -> dict:
    result: dict[str, Any] = {}
    for item in doc.entries(entry.node if entry else None, "a person map"):
        value = item.value
        if number and isinstance(value, int | float) and not isinstance(value, bool):
            result[str(item.key)] = float(value)
        elif not number and isinstance(value, str | int) and not isinstance(value, bool):
            result[str(item.key)] = str(value)
        else:
            doc.error(item.line, f"bad value {value!r} for {item.key}")
    return result


def _penalties(doc: YamlDocument, entry: YamlEntry | None) -> list[tuple[int | float, str]]:
    penalties = []
    for line, node in doc.items(entry.node) if entry else []:
        value = doc.value(node)
        ok = isinstance(value, list) and len(value) == 2 and isinstance(value[1], str)
        if ok and isinstance(value[0], int | float) and not isinstance(value[0], bool):
            penalties.append((value[0], value[1]))
        else:
            doc.error(line, f"bad penalty {value!r}: expected [cost, text]")
    return penalties


def _fit(doc: YamlDocument, grid: dict, days: list[str], hours: int, lines: int) -> dict:
    """Check the grid shape; invalid cells (None) become `ningu`."""
    cells: dict[str, list[list[str]]] = {}
    for day in days:
        rows = grid.get(day)
        if rows is None:
            doc.error(1, f"day {day} is missing from the timetable")
            return {}
        if len(rows) != hours or any(len(row) != lines for row in rows):
            doc.error(1, f"day {day} should have {hours} hours of {lines} lines")
            return {}
        cells[day] = [[cell or NOBODY for cell in row] for row in rows]
    return cells


def parse_timetable(text: str, file: str) -> tuple[LegacyTimetable | None, list[LineError]]:
    """Parse a stored timetable. Shape errors reject the whole file (None);
    a bad cell is reported and imported as `ningu`."""
    doc = YamlDocument(text, file)
    parts = read_sections(doc)
    if doc.root is None:
        return None, doc.sorted_errors()
    week = _week(doc, parts.get("week"))
    days = read_days(doc, parts["days"].node) if "days" in parts else []
    hours = read_hours(doc, parts["hours"].node) if "hours" in parts else []
    lines = read_strings(doc, parts["turns"].node, "line") if "turns" in parts else []
    grid = read_grid(doc, parts["timetable"].node if "timetable" in parts else None, False)
    cells = _fit(doc, grid, days, max(len(hours) - 1, 0), len(lines))
    if week is None or not days or not cells:
        return None, doc.sorted_errors()
    cost = parts["cost"].value if "cost" in parts else None
    if cost is not None and not isinstance(cost, int | float):
        doc.error(parts["cost"].line, f"bad cost {cost!r}")
        cost = None
    timetable = LegacyTimetable(
        week=week,
        days=days,
        hours=hours,
        lines=lines,
        cells=cells,
        colors=_text_map(doc, parts.get("colors")),
        extensions=_text_map(doc, parts.get("extensions")),
        names=_text_map(doc, parts.get("names")),
        overload=_text_map(doc, parts.get("overload"), number=True),
        penalties=_penalties(doc, parts.get("penalties")),
        cost=cost,
        log=read_strings(doc, parts["log"].node, "log entry") if "log" in parts else [],
    )
    return timetable, doc.sorted_errors()


def format_timetable(timetable: LegacyTimetable) -> str:
    """A stored timetable's YAML text, keys in the original's order."""
    data: dict[str, Any] = {
        "week": timetable.week.isoformat(),
        "days": timetable.days,
        "hours": timetable.hours,
        "turns": timetable.lines,
        "timetable": timetable.cells,
        "colors": timetable.colors,
        "extensions": timetable.extensions,
        "names": timetable.names,
        "overload": timetable.overload,
        "penalties": [list(p) for p in timetable.penalties],
    }
    if timetable.cost is not None:
        data["cost"] = timetable.cost
    data["log"] = timetable.log
    return dump_yaml(data)


def timetable_file_name(week: dt.date) -> str:
    """`graella-YYYY-MM-DD.yaml` for the week starting on Monday `week`."""
    return f"graella-{week.isoformat()}.yaml"
