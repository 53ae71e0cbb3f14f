"""What keeps the cost up: turns left short, the busy entries behind them, changes that would help.

Works from the problem and a timetable (or none, when no solution was found), never from the
solver, so it can explain any timetable.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tomatic.domain.timetable import Grid
from tomatic.i18n import t
from tomatic.planner.describe import Labels
from tomatic.planner.instance import Problem

BusyReasons = dict[tuple[int, int, str], str]
"""(day, hour, person) → why that person is busy then."""

MAX_LISTED = 5


def diagnose(
    problem: Problem,
    timetable: Grid | None,
    status: str,
    reasons: BusyReasons | None = None,
    labels: Labels | None = None,
) -> dict[str, Any]:
    """Explain the holes of a timetable, or why none was found.

    Args:
        problem: the week planned.
        timetable: the best timetable found, or None.
        status: the solution status (optimal, feasible, infeasible, unknown).
        reasons: optional busy reasons per (day, hour, person).
        labels: how to name days, turns and people (default: English, ids).

    Returns:
        {"summary": {...}, "turns": [...], "texts": [...]} with one entry per turn with holes.
    """
    labels = labels or Labels(problem)
    grid = timetable or _empty(problem)
    state = _Placed(problem, grid)
    cells = problem.n_days * problem.n_hours * problem.n_lines
    load = sum(problem.max_load.values())
    holes = sum(cell.count(None) for row in grid for cell in row)
    texts = _status_texts(problem, status, labels)
    texts.append(t(labels.lang, "planner.diagnosis.summary", cells=cells, load=load, holes=holes))
    if load < cells:
        texts.append(t(labels.lang, "planner.diagnosis.short_load", missing=cells - load))
    turns = [
        _turn(problem, state, day, hour, reasons or {}, labels)
        for day in range(problem.n_days)
        for hour in range(problem.n_hours)
        if None in grid[day][hour]
    ]
    texts += [line for turn in turns for line in turn["texts"]]
    summary = {"status": status, "cells": cells, "load": load, "holes": holes}
    return {"summary": summary, "turns": turns, "texts": texts}


class _Placed:
    """Turns already taken per person, per week and per day."""

    def __init__(self, problem: Problem, grid: Grid) -> None:
        self.grid = grid
        self.busy = problem.busy_set()
        self.undesired = problem.undesired_set()
        self.week: Counter[str] = Counter()
        self.day: Counter[tuple[str, int]] = Counter()
        for day, row in enumerate(grid):
            for cell in row:
                for person in {p for p in cell if p is not None}:
                    self.week[person] += 1
                    self.day[person, day] += 1

    def load_left(self, problem: Problem, person: str) -> bool:
        return self.week[person] < problem.max_load[person]

    def day_left(self, problem: Problem, person: str, day: int) -> bool:
        return self.day[person, day] < problem.daily_max(person)


def _turn(
    problem: Problem, state: _Placed, day: int, hour: int, reasons: BusyReasons, labels: Labels
) -> dict[str, Any]:
    cell = state.grid[day][hour]
    off = [p for p in problem.persons if p not in cell]
    busy = [p for p in off if (day, hour, p) in state.busy]
    free = [
        p
        for p in off
        if p not in busy and state.load_left(problem, p) and state.day_left(problem, p, day)
    ]
    blocking = [p for p in busy if state.load_left(problem, p) and state.day_left(problem, p, day)]
    more_load = [
        p
        for p in off
        if p not in busy and not state.load_left(problem, p) and state.day_left(problem, p, day)
    ]
    more_day = [
        p
        for p in off
        if p not in busy and state.load_left(problem, p) and not state.day_left(problem, p, day)
    ]
    undesired = [p for p in free if (day, hour, p) in state.undesired]
    suggestions = (
        [_suggestion("lift_busy", p, reasons.get((day, hour, p))) for p in blocking[:MAX_LISTED]]
        + [_suggestion("accept_undesired", p) for p in undesired[:MAX_LISTED]]
        + [_suggestion("more_load", p) for p in more_load[:MAX_LISTED]]
        + [_suggestion("more_per_day", p) for p in more_day[:MAX_LISTED]]
    )
    entry = {
        "day": day,
        "hour": hour,
        "holes": cell.count(None),
        "needed": problem.n_lines,
        "free": free,
        "blocked_by": [{"person": p, "reason": reasons.get((day, hour, p))} for p in busy],
        "suggestions": suggestions,
    }
    entry["texts"] = _turn_texts(problem, entry, labels)
    return entry


def _suggestion(kind: str, person: str, reason: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"kind": kind, "person": person}
    if kind == "lift_busy":
        found["reason"] = reason
    return found


def _turn_texts(problem: Problem, entry: dict[str, Any], labels: Labels) -> list[str]:
    lang = labels.lang
    head = t(
        lang,
        "planner.diagnosis.turn",
        day=labels.day(entry["day"]),
        hour=labels.hour(entry["hour"]),
        holes=entry["holes"],
        lines=problem.n_lines,
        free=len(entry["free"]),
    )
    lines = [head]
    for blocker in entry["blocked_by"][:MAX_LISTED]:
        key = (
            "planner.diagnosis.blocked"
            if blocker["reason"]
            else "planner.diagnosis.blocked_no_reason"
        )
        lines.append(t(lang, key, name=labels.person(blocker["person"]), reason=blocker["reason"]))
    for tip in entry["suggestions"]:
        key = f"planner.diagnosis.{tip['kind']}"
        if tip["kind"] == "lift_busy" and not tip["reason"]:
            key += "_no_reason"
        lines.append(t(lang, key, name=labels.person(tip["person"]), reason=tip.get("reason")))
    return lines


def _status_texts(problem: Problem, status: str, labels: Labels) -> list[str]:
    texts = []
    if status in ("infeasible", "unknown"):
        texts.append(t(labels.lang, f"planner.diagnosis.{status}"))
    for group, members in (problem.groups or {}).items():
        idle = (problem.min_idle_in_group or {}).get(group)
        soft = problem.weights is not None and "group" in problem.weights
        if idle is not None and idle > len(set(members)) and not soft:
            texts.append(t(labels.lang, "planner.diagnosis.impossible_group", group=group))
    return texts


def _empty(problem: Problem) -> Grid:
    return [
        [[None] * problem.n_lines for _ in range(problem.n_hours)] for _ in range(problem.n_days)
    ]
