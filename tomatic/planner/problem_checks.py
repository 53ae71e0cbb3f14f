"""Consistency checks of a problem whose fields already have the right JSON types.

Each check yields `(json_path, reason)` pairs, e.g. `("busy[3][1]", "hour 7 out of range 0..3")`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tomatic.domain.model import NOBODY

Issue = tuple[str, str]
KNOWN_WEIGHTS = (
    "holes",
    "unforced",
    "undesired",
    "concentrated",
    "shape",
    "table",
    "group",
    "fairness",
)


def problem_errors(data: dict[str, Any]) -> list[Issue]:
    """Every consistency problem of a decoded problem, in field order."""
    persons = set(data["persons"])
    checks = (
        _grid(data),
        _persons(data["persons"]),
        _per_person("maxLoad", data["maxLoad"], persons, required=True),
        *(_entries(name, data[name], data, persons) for name in ("busy", "undesired", "forced")),
        _per_person("maxPerDayByPerson", data.get("maxPerDayByPerson"), persons),
        _tables(data, persons),
        _groups(data, persons),
        _weights(data.get("weights")),
        _per_person("discomfort", data.get("discomfort"), persons),
    )
    return [issue for check in checks for issue in check]


def _grid(data: dict[str, Any]) -> Iterator[Issue]:
    if not data["days"]:
        yield "days", "must list at least one day"
    for field in ("nHours", "nLines"):
        if data[field] < 1:
            yield field, "must be >= 1"
    if data["maxPerDay"] < 0:
        yield "maxPerDay", "must be >= 0"


def _persons(persons: list[str]) -> Iterator[Issue]:
    seen: set[str] = set()
    for index, person in enumerate(persons):
        if not person or person == NOBODY:
            yield f"persons[{index}]", f"{person!r} is not a person"
        if person in seen:
            yield f"persons[{index}]", f"{person!r} listed twice"
        seen.add(person)


def _per_person(
    field: str, values: dict[str, int] | None, persons: set[str], required: bool = False
) -> Iterator[Issue]:
    if values is None:
        return
    for person, value in values.items():
        if person not in persons:
            yield f"{field}.{person}", "unknown person (not in persons)"
        elif value < 0:
            yield f"{field}.{person}", "must be >= 0"
    if required:
        for person in sorted(persons - set(values)):
            yield f"{field}.{person}", "missing load for this person"


def _entries(
    field: str, entries: list[Any], data: dict[str, Any], persons: set[str]
) -> Iterator[Issue]:
    last_day, last_hour = len(data["days"]) - 1, data["nHours"] - 1
    for index, (day, hour, person) in enumerate(entries):
        if not 0 <= day <= last_day:
            yield f"{field}[{index}][0]", f"day {day} out of range 0..{last_day}"
        if not 0 <= hour <= last_hour:
            yield f"{field}[{index}][1]", f"hour {hour} out of range 0..{last_hour}"
        if person not in persons:
            yield f"{field}[{index}][2]", f"unknown person {person!r}"


def _tables(data: dict[str, Any], persons: set[str]) -> Iterator[Issue]:
    for person in data.get("tables") or {}:
        if person not in persons:
            yield f"tables.{person}", "unknown person (not in persons)"
    limit = data.get("maxPerTable")
    if limit is not None and limit < 0:
        yield "maxPerTable", "must be >= 0"


def _groups(data: dict[str, Any], persons: set[str]) -> Iterator[Issue]:
    groups = data.get("groups") or {}
    for group, members in groups.items():
        for index, person in enumerate(members):
            if person not in persons:
                yield f"groups.{group}[{index}]", f"unknown person {person!r}"
    for field in ("maxPhoningInGroup", "minIdleInGroup"):
        for group, value in (data.get(field) or {}).items():
            if group not in groups:
                yield f"{field}.{group}", "unknown group (not in groups)"
            elif value < 0:
                yield f"{field}.{group}", "must be >= 0"


def _weights(weights: dict[str, int] | None) -> Iterator[Issue]:
    for rule, value in (weights or {}).items():
        if rule not in KNOWN_WEIGHTS:
            yield f"weights.{rule}", f"unknown rule (one of {', '.join(KNOWN_WEIGHTS)})"
        elif value < 0:
            yield f"weights.{rule}", "must be >= 0"
