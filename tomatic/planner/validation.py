"""Solver-independent checker: hard-rule violations and the cost of a timetable.

Written straight from `spec/problem-format.md`, reading only the cells; it shares no code with
the CP-SAT model, so comparing both costs catches modelling mistakes.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any, NamedTuple

from tomatic.domain.timetable import Grid
from tomatic.planner.fairness import fairness_cost, fairness_shares, week_step
from tomatic.planner.instance import Problem

SHAPES_OF_FOUR: dict[str, tuple[str, int]] = {
    ".xx.": ("no_brunch", 1),
    "x..x": ("far_split", 2),
    "x.x.": ("split", 3),
    ".x.x": ("split", 3),
    "xxx.": ("marathon", 4),
    ".xxx": ("marathon", 4),
}
"""Day shapes penalised when there are exactly 4 turns: kind and multiple of the shape weight."""


class Violation(NamedTuple):
    """A broken hard rule."""

    rule: str
    day: int | None
    hour: int | None
    person: str | None
    detail: str


class Term(NamedTuple):
    """One cost term; `params` feed the human text (e.g. k holes, n turns, shape kind)."""

    rule: str
    day: int
    hour: int | None
    person: str | None
    cost: int
    params: dict[str, Any]


def violations(problem: Problem, timetable: Grid) -> list[Violation]:
    """Every hard rule the timetable breaks (empty list: the timetable is valid)."""
    found = _grid_violations(problem, timetable)
    if found:
        return found
    found += _turn_violations(problem, timetable)
    found += _load_violations(problem, timetable)
    return found


def change_violations(
    problem: Problem, before: Grid, after: Grid, turn: tuple[int, int], person: str
) -> list[Violation]:
    """Hard rules a change breaks that `before` did not: in the changed turn (day, hour)
    and for the person it places. The rules are those `violations` checks planner output
    with, so hand-made changes keep exactly what planned weeks keep."""
    day, hour = turn

    def broken(grid: Grid) -> list[Violation]:
        return turn_violations(problem, grid, day, hour) + person_violations(problem, grid, person)

    known = set(broken(before))
    return [found for found in broken(after) if found not in known]


def total_cost(problem: Problem, timetable: Grid) -> int:
    """The cost of the timetable under the problem's weights."""
    return sum(term.cost for term in cost_terms(problem, timetable))


def cost_terms(problem: Problem, timetable: Grid) -> list[Term]:
    """Every non-zero cost term: per turn first, then per person and day."""
    terms: list[Term] = []
    for day in range(problem.n_days):
        for hour in range(problem.n_hours):
            terms += turn_terms(problem, timetable, day, hour)
    for day in range(problem.n_days):
        for person in problem.persons:
            terms += person_day_terms(problem, timetable, person, day)
    step = week_step(problem)
    for person in problem.persons if step else ():
        uneasy = [d for d in range(problem.n_days) if _uneasy(problem, timetable, person, d)]
        terms += [
            Term(
                "fairness", day, None, person, step * index, {"share": 0, "before": uneasy[:index]}
            )
            for index, day in enumerate(uneasy)
            if index
        ]
    return terms


def _uneasy(problem: Problem, timetable: Grid, person: str, day: int) -> bool:
    """Whether the person's day has discomfort: own terms above the least for its turns."""
    own = [t for t in person_day_terms(problem, timetable, person, day) if t.rule != "fairness"]
    n = sum(1 for cell in timetable[day] if person in cell)
    return n > 0 and sum(t.cost for t in own) > _least_own(problem, person, day, n)


def turn_terms(problem: Problem, timetable: Grid, day: int, hour: int) -> list[Term]:
    """Cost terms of one turn: holes, forced people missing, soft table/group excesses."""
    cell = timetable[day][hour]
    present = {person for person in cell if person is not None}
    terms: list[Term] = []
    holes = problem.n_lines - len(present)
    if holes > 0:
        terms.append(Term("holes", day, hour, None, _w(problem, "holes") * holes**2, {"k": holes}))
    unforced = sorted({p for d, h, p in problem.forced if (d, h) == (day, hour)} - present)
    busy = {p for d, h, p in problem.busy if (d, h) == (day, hour)}
    for person in unforced:
        if person not in busy:
            terms.append(Term("unforced", day, hour, person, _w(problem, "unforced"), {}))
    for rule, excess in _limit_excesses(problem, present):
        if problem.weights and rule in problem.weights and excess > 0:
            terms.append(
                Term(rule, day, hour, None, problem.weights[rule] * excess, {"over": excess})
            )
    return terms


def person_day_terms(problem: Problem, timetable: Grid, person: str, day: int) -> list[Term]:
    """Cost terms of one person's day: undesired turns, concentration, day shape and fairness.

    The fairness term (`fairness.py`) may be negative: it shifts discomfort between people.
    """
    mine = [hour for hour in range(problem.n_hours) if person in timetable[day][hour]]
    undesired = problem.undesired_set()
    terms = [
        Term("undesired", day, hour, person, _w(problem, "undesired"), {})
        for hour in mine
        if (day, hour, person) in undesired
    ]
    n = len(mine)
    if n > 1:
        terms.append(
            Term(
                "concentrated",
                day,
                None,
                person,
                _w(problem, "concentrated") * n * (n - 1),
                {"n": n},
            )
        )
    for kind, multiple in _shapes(problem.n_hours, mine):
        cost = _w(problem, "shape") * multiple
        terms.append(Term("shape", day, None, person, cost, {"shape": kind, "hours": mine}))
    terms = [term for term in terms if term.cost > 0]
    share = fairness_shares(problem).get(person, 0) if problem.discomfort else 0
    if share and mine:
        avoidable = sum(term.cost for term in terms) - _least_own(problem, person, day, n)
        fair = fairness_cost(problem, share, avoidable)
        if fair:
            terms.append(Term("fairness", day, None, person, fair, {"share": share}))
    return terms


def _least_own(problem: Problem, person: str, day: int, n: int) -> int:
    """The least concentration and shape cost of n turns among the person's free hours."""
    busy = problem.busy_set()
    free = [hour for hour in range(problem.n_hours) if (day, hour, person) not in busy]
    concentrated = _w(problem, "concentrated") * n * (n - 1)
    shapes = (
        sum(multiple for _, multiple in _shapes(problem.n_hours, list(hours)))
        for hours in combinations(free, n)
    )
    return concentrated + _w(problem, "shape") * min(shapes, default=0)


def _shapes(n_hours: int, mine: list[int]) -> list[tuple[str, int]]:
    if n_hours == 4:
        pattern = "".join("x" if hour in mine else "." for hour in range(4))
        return [SHAPES_OF_FOUR[pattern]] if pattern in SHAPES_OF_FOUR else []
    found: list[tuple[str, int]] = []
    for first, second in zip(mine, mine[1:], strict=False):
        if second - first > 1:
            found.append(("gap", 3))
    run = 1
    for index in range(1, len(mine) + 1):
        if index < len(mine) and mine[index] == mine[index - 1] + 1:
            run += 1
            continue
        if run >= 3:
            found.append(("run", 4))
        run = 1
    return found


def _w(problem: Problem, rule: str) -> int:
    weight = problem.weight(rule)
    return 0 if weight is None else weight


def _grid_violations(problem: Problem, timetable: Grid) -> list[Violation]:
    if len(timetable) != problem.n_days:
        return [
            Violation("grid", None, None, None, f"{len(timetable)} days, expected {problem.n_days}")
        ]
    found = []
    known = set(problem.persons)
    for day, row in enumerate(timetable):
        if len(row) != problem.n_hours:
            found.append(
                Violation("grid", day, None, None, f"{len(row)} turns, expected {problem.n_hours}")
            )
            continue
        for hour, cell in enumerate(row):
            if len(cell) != problem.n_lines:
                found.append(
                    Violation(
                        "grid", day, hour, None, f"{len(cell)} lines, expected {problem.n_lines}"
                    )
                )
            for person in cell:
                if person is not None and person not in known:
                    found.append(Violation("grid", day, hour, person, "unknown person"))
    return found


def _turn_violations(problem: Problem, timetable: Grid) -> list[Violation]:
    return [
        found
        for day in range(problem.n_days)
        for hour in range(problem.n_hours)
        for found in turn_violations(problem, timetable, day, hour)
    ]


def turn_violations(problem: Problem, timetable: Grid, day: int, hour: int) -> list[Violation]:
    """Hard rules broken inside one turn: duplicates, busy people, table and group limits."""
    found = []
    people = [p for p in timetable[day][hour] if p is not None]
    for person, times in sorted(Counter(people).items()):
        if times > 1:
            found.append(Violation("duplicate", day, hour, person, f"placed {times} times"))
        if (day, hour, person) in problem.busy_set():
            found.append(Violation("busy", day, hour, person, "placed while busy"))
    for rule, excess in _limit_excesses(problem, set(people)):
        soft = problem.weights is not None and rule in problem.weights
        if excess > 0 and not soft:
            found.append(Violation(rule, day, hour, None, f"{excess} over the limit"))
    return found


def _limit_excesses(problem: Problem, present: set[str]) -> list[tuple[str, int]]:
    excesses = []
    if problem.tables and problem.max_per_table is not None:
        per_table = Counter(problem.tables[p] for p in present if p in problem.tables)
        for table, count in per_table.items():
            if table != -1:
                excesses.append(("table", max(0, count - problem.max_per_table)))
    for group, members in (problem.groups or {}).items():
        phoning = len(present & set(members))
        limits = []
        if problem.max_phoning_in_group and group in problem.max_phoning_in_group:
            limits.append(problem.max_phoning_in_group[group])
        if problem.min_idle_in_group and group in problem.min_idle_in_group:
            limits.append(len(set(members)) - problem.min_idle_in_group[group])
        if limits:
            excesses.append(("group", max(0, phoning - min(limits))))
    return excesses


def _load_violations(problem: Problem, timetable: Grid) -> list[Violation]:
    return [
        found
        for person in problem.persons
        for found in person_violations(problem, timetable, person)
    ]


def person_violations(problem: Problem, timetable: Grid, person: str) -> list[Violation]:
    """Daily and weekly load limits `person` breaks."""
    found = []
    week = 0
    for day, row in enumerate(timetable):
        today = sum(1 for cell in row if person in cell)
        week += today
        if today > problem.daily_max(person):
            found.append(
                Violation(
                    "daily", day, None, person, f"{today} turns, most {problem.daily_max(person)}"
                )
            )
    if week > problem.max_load[person]:
        found.append(
            Violation("load", None, None, person, f"{week} turns, most {problem.max_load[person]}")
        )
    return found
