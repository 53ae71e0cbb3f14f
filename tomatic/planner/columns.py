"""Every allowed day pattern of a week as flat arrays: the columns of the linear relaxation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tomatic.planner.constraints import GroupLimit, TableLimit
from tomatic.planner.fairness import fairness_shares, week_step
from tomatic.planner.instance import Problem
from tomatic.planner.penalties import LeastOwnCost, avoidable, pattern_cost, person_pattern_cost
from tomatic.planner.variables import Hours, Patterns, allowed_patterns

DayKey = tuple[Hours, int, frozenset[int], frozenset[int], int]
"""What decides a person-day's patterns and costs: free hours, most turns, undesired and forced
hours, fairness share."""


@dataclass
class LimitRows:
    """Table and group limits as rows: at most `bound[r]` of a set of people in one turn.

    Row `r = s × turns + turn` for the s-th limited set of people. `weight[r]` is the cost of
    each person over the limit when the rule is soft, `inf` when it is hard. Pattern j enters
    rows `row[start[j]:start[j + 1]]`; `column` is the pattern of each entry.
    """

    bound: np.ndarray
    weight: np.ndarray
    row: np.ndarray
    column: np.ndarray
    start: np.ndarray

    def __len__(self) -> int:
        return len(self.bound)

    def hopeless(self) -> bool:
        """Whether a hard limit is below zero, so that no timetable can keep it."""
        return bool(np.any((self.bound < 0) & np.isinf(self.weight)))


@dataclass
class Columns:
    """Every allowed non-empty pattern of every person-day, as flat arrays.

    Patterns come in the order of persons, days, then size, so that each (person-day, size)
    is a contiguous block. `cost` is the pattern's cost above the empty day's; `constant` adds
    up the empty days' costs and the holes that no choice of patterns can avoid. The turns a
    pattern covers are `cover_turn[cover_start[j]:cover_start[j + 1]]`. `uneasy` marks the
    patterns with discomfort: a person's n uneasy days add `week_step` × n(n−1)/2
    (`fairness.py`), a cost of the week that no single pattern carries.
    """

    persons: list[str]
    n_days: int
    n_hours: int
    load: np.ndarray
    day: np.ndarray
    person: np.ndarray
    person_day: np.ndarray
    size: np.ndarray
    cost: np.ndarray
    hours: list[Hours]
    cover_column: np.ndarray
    cover_turn: np.ndarray
    cover_start: np.ndarray
    turn_people: np.ndarray
    constant: float
    limits: LimitRows
    uneasy: np.ndarray
    week_step: int

    def __len__(self) -> int:
        return len(self.hours)

    @property
    def n_turns(self) -> int:
        """Turns of the week (days × hours)."""
        return self.n_days * self.n_hours

    def patterns(self, selected: np.ndarray) -> Patterns:
        """The selected columns (indices, ascending) as patterns by (person, day)."""
        found: Patterns = {}
        for index in selected.tolist():
            key = (self.persons[self.person[index]], int(self.day[index]))
            found.setdefault(key, []).append(self.hours[index])
        return found


def build_columns(problem: Problem) -> Columns:
    """List the patterns of `problem` with their costs, the turns and the limits they touch.

    Args:
        problem: the validated week to plan.

    Returns:
        The columns, in the order of `persons`, days and `allowed_patterns`.
    """
    busy = problem.busy_set()
    undesired = _hours_by_person_day(problem.undesired_set())
    forced = _hours_by_person_day(problem.forced_set())
    shares = fairness_shares(problem)
    least = LeastOwnCost(problem)
    cache: dict[DayKey, list[tuple[Hours, int, bool]]] = {}
    rows: list[tuple[int, int, int, Hours, int, bool]] = []
    constant = 0
    for p, person in enumerate(problem.persons):
        for day in range(problem.n_days):
            free = tuple(h for h in range(problem.n_hours) if (day, h, person) not in busy)
            most = min(problem.daily_max(person), problem.max_load[person], len(free))
            key = (
                free,
                most,
                undesired.get((person, day), frozenset()),
                forced.get((person, day), frozenset()),
                shares.get(person, 0),
            )
            if key not in cache:
                cache[key] = _day_costs(problem, person, day, key, least)
            empty, *patterns = cache[key]
            constant += empty[1]
            for hours, extra, uneasy in patterns:
                rows.append((day, p, p * problem.n_days + day, hours, extra, uneasy))
    return _columns(problem, rows, constant)


def _day_costs(
    problem: Problem, person: str, day: int, key: DayKey, least: LeastOwnCost
) -> list[tuple[Hours, int, bool]]:
    """The empty day's cost, then each allowed pattern with its cost above the empty day's
    and whether it has discomfort."""
    day_sets = (set(key[2]), set(key[3]), key[0])
    empty = pattern_cost(problem, (), day_sets[0], day_sets[1])
    busy = {(day, h, person) for h in range(problem.n_hours) if h not in key[0]}
    return [((), empty, False)] + [
        (
            hours,
            person_pattern_cost(problem, key[4], hours, day_sets, least) - empty,
            avoidable(problem, hours, day_sets, least) > 0,
        )
        for hours in allowed_patterns(problem, person, day, busy)
    ]


def _columns(
    problem: Problem, rows: list[tuple[int, int, int, Hours, int, bool]], constant: int
) -> Columns:
    hours = [row[3] for row in rows]
    sizes = np.array([len(h) for h in hours], dtype=np.int64)
    cover_column = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
    day = np.array([row[0] for row in rows], dtype=np.int64)
    cover_turn = day[cover_column] * problem.n_hours + np.fromiter(
        (hour for h in hours for hour in h), dtype=np.int64, count=len(cover_column)
    )
    turns = problem.n_days * problem.n_hours
    person = np.array([row[1] for row in rows], dtype=np.int64)
    covered = np.zeros((turns, len(problem.persons)), dtype=bool)
    covered[cover_turn, person[cover_column]] = True
    turn_people = covered.sum(axis=1)
    holes_weight = problem.weight("holes") or 0
    unavoidable = np.maximum(0, problem.n_lines - turn_people)
    cover_start = np.r_[0, np.cumsum(sizes)]
    return Columns(
        persons=list(problem.persons),
        n_days=problem.n_days,
        n_hours=problem.n_hours,
        load=np.array([problem.max_load[p] for p in problem.persons], dtype=np.int64),
        day=day,
        person=person,
        person_day=np.array([row[2] for row in rows], dtype=np.int64),
        size=sizes,
        cost=np.array([row[4] for row in rows], dtype=np.float64),
        hours=hours,
        cover_column=cover_column,
        cover_turn=cover_turn,
        cover_start=cover_start,
        turn_people=turn_people,
        constant=float(constant + holes_weight * int((unavoidable**2).sum())),
        limits=_limit_rows(problem, person[cover_column], cover_turn, cover_start),
        uneasy=np.array([row[5] for row in rows], dtype=bool),
        week_step=week_step(problem),
    )


def _limit_rows(
    problem: Problem, cover_person: np.ndarray, cover_turn: np.ndarray, cover_start: np.ndarray
) -> LimitRows:
    """The limit rows each pattern enters: one per covered turn and limited set of its person."""
    turns = problem.n_days * problem.n_hours
    index = {person: p for p, person in enumerate(problem.persons)}
    bounds: list[int] = []
    weights: list[float] = []
    entry_cover: list[np.ndarray] = []
    entry_row: list[np.ndarray] = []
    for rule in (TableLimit(), GroupLimit()):
        weight = (problem.weights or {}).get(rule.rule)
        for people, limit in rule.limits(problem):
            members = np.zeros(len(problem.persons), dtype=bool)
            members[[index[p] for p in people]] = True
            entries = np.flatnonzero(members[cover_person])
            entry_cover.append(entries)
            entry_row.append(len(bounds) + cover_turn[entries])
            bounds += [limit] * turns
            weights += [np.inf if weight is None else float(weight)] * turns
    cover = np.concatenate(entry_cover) if entry_cover else np.zeros(0, dtype=np.int64)
    rows = np.concatenate(entry_row) if entry_row else np.zeros(0, dtype=np.int64)
    order = np.argsort(cover, kind="stable")
    per_cover = np.bincount(cover, minlength=len(cover_turn))
    per_column = (
        np.add.reduceat(per_cover, cover_start[:-1]) if len(cover_start) > 1 else np.zeros(0)
    )
    return LimitRows(
        bound=np.array(bounds, dtype=np.float64),
        weight=np.array(weights, dtype=np.float64),
        row=rows[order],
        column=np.repeat(np.arange(len(per_column)), per_column.astype(np.int64)),
        start=np.r_[0, np.cumsum(per_column)].astype(np.int64),
    )


def _hours_by_person_day(
    entries: frozenset[tuple[int, int, str]],
) -> dict[tuple[str, int], frozenset[int]]:
    grouped: dict[tuple[str, int], set[int]] = {}
    for day, hour, person in entries:
        grouped.setdefault((person, day), set()).add(hour)
    return {key: frozenset(hours) for key, hours in grouped.items()}
