"""Timetable-shaped legacy YAML: `forced-turns.yaml` and `graella-YYYY-MM-DD.yaml`.

Both map day → [hour][line] → person. Indices in our models are 0-based.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from yaml.nodes import Node

from tomatic.domain.model import LEGACY_PERSON_ID_RE, WEEKDAYS
from tomatic.legacy.lines import LineError, YamlDocument, dump_yaml

UNFILLED = "?"


def hour_text(value: Any) -> str | None:
    """An hour boundary as text; YAML 1.1 reads unquoted `10:15` as 615 (base 60)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return f"{value // 60:02d}:{value % 60:02d}"
    return None


class ForcedTurn(BaseModel):
    """A person (or `ningu`, meaning keep it empty) wanted at a cell; 0-based indices."""

    model_config = ConfigDict(frozen=True)

    day: str
    hour: int = Field(ge=0)
    line: int = Field(ge=0)
    person: str


class ForcedTurns(BaseModel):
    """The content of `forced-turns.yaml`: a grid layout and the forced cells."""

    days: list[str] = Field(default_factory=lambda: list(WEEKDAYS))
    hours: list[str] = Field(default_factory=list)
    hour_count: int = 0
    line_count: int = 0
    turns: list[ForcedTurn] = Field(default_factory=list)
    log: list[str] = Field(default_factory=list)


class LegacyTimetable(BaseModel):
    """A stored week timetable (`graella-YYYY-MM-DD.yaml`).

    `cells[day][hour][line]` is a person id, `ningu`, `festiu` or `?`.
    """

    week: dt.date
    days: list[str]
    hours: list[str]
    lines: list[str]
    cells: dict[str, list[list[str]]]
    colors: dict[str, str] = Field(default_factory=dict)
    extensions: dict[str, str] = Field(default_factory=dict)
    names: dict[str, str] = Field(default_factory=dict)
    overload: dict[str, float] = Field(default_factory=dict)
    penalties: list[tuple[int | float, str]] = Field(default_factory=list)
    cost: int | float | None = None
    log: list[str] = Field(default_factory=list)


def read_hours(doc: YamlDocument, node: Node | None) -> list[str]:
    """Hour boundaries of a YAML list, as text."""
    if node is None:
        return []
    hours = []
    for line, item in doc.items(node):
        text = hour_text(doc.value(item))
        if text is None:
            doc.error(line, f"bad hour {doc.value(item)!r}")
        else:
            hours.append(text)
    return hours


def read_strings(doc: YamlDocument, node: Node | None, what: str) -> list[str]:
    """Items of a YAML list of texts (numbers become text)."""
    if node is None:
        return []
    result = []
    for line, item in doc.items(node):
        value = doc.value(item)
        if isinstance(value, str | int) and not isinstance(value, bool):
            result.append(str(value))
        else:
            doc.error(line, f"bad {what} {value!r}")
    return result


def read_days(doc: YamlDocument, node: Node) -> list[str]:
    """Weekday codes of a YAML list; unknown ones are errors."""
    days = read_strings(doc, node, "day")
    for day in days:
        if day not in WEEKDAYS:
            doc.error(node, f"unknown day {day!r} in days")
    return [day for day in days if day in WEEKDAYS]


def _cell(doc: YamlDocument, line: int, value: Any, allow_null: bool) -> str | None:
    """A valid cell value, None for null (where allowed); errors become None."""
    if value is None and allow_null:
        return None
    if isinstance(value, str) and (value == UNFILLED or LEGACY_PERSON_ID_RE.match(value)):
        return value
    doc.error(line, f"bad cell value {value!r}: expected a person id")
    return None


def read_grid(doc: YamlDocument, node: Node | None, allow_null: bool) -> dict[str, list[list[Any]]]:
    """Day → rows → cells, each cell checked; unknown days are errors and skipped."""
    grid: dict[str, list[list[Any]]] = {}
    for entry in doc.entries(node, "timetable"):
        if entry.key not in WEEKDAYS:
            doc.error(entry.line, f"unknown day {entry.key!r}")
            continue
        rows = []
        for _line, row in doc.items(entry.node):
            items = doc.items(row)
            rows.append([_cell(doc, line, doc.value(item), allow_null) for line, item in items])
        grid[entry.key] = rows
    return grid


def read_sections(doc: YamlDocument) -> dict[str, Any]:
    """Top-level entries of a timetable-shaped document, by key."""
    return {str(e.key): e for e in doc.entries(doc.root, "the timetable file")}


def parse_forced_turns(text: str, file: str) -> tuple[ForcedTurns, list[LineError]]:
    """Parse `forced-turns.yaml` into 0-based forced cells (nulls skipped)."""
    doc = YamlDocument(text, file)
    parts = read_sections(doc)
    node = parts.get("timetable")
    grid = read_grid(doc, node.node if node else None, allow_null=True)
    days = read_days(doc, parts["days"].node) if "days" in parts else list(grid)
    turns = [
        ForcedTurn(day=day, hour=h, line=li, person=person)
        for day, rows in grid.items()
        for h, row in enumerate(rows)
        for li, person in enumerate(row)
        if person is not None
    ]
    forced = ForcedTurns(
        days=days,
        hours=read_hours(doc, parts["hours"].node) if "hours" in parts else [],
        hour_count=max((len(rows) for rows in grid.values()), default=0),
        line_count=max((len(row) for rows in grid.values() for row in rows), default=0),
        turns=turns,
        log=read_strings(doc, parts["log"].node, "log entry") if "log" in parts else [],
    )
    return forced, doc.sorted_errors()


def format_forced_turns(forced: ForcedTurns) -> str:
    """`forced-turns.yaml` text: a full grid of `days`, null where nothing is forced."""
    hour_count = max([forced.hour_count, *(t.hour + 1 for t in forced.turns)])
    line_count = max([forced.line_count, *(t.line + 1 for t in forced.turns)])
    days = list(dict.fromkeys([*forced.days, *(t.day for t in forced.turns)]))
    grid: dict[str, list[list[str | None]]] = {
        day: [[None] * line_count for _ in range(hour_count)] for day in days
    }
    for turn in forced.turns:
        grid[turn.day][turn.hour][turn.line] = turn.person
    data: dict[str, Any] = {"days": forced.days}
    if forced.hours:
        data["hours"] = forced.hours
    data["turns"] = [f"L{i + 1}" for i in range(line_count)]
    data["timetable"] = grid
    data["log"] = forced.log
    return dump_yaml(data)
