"""Who could take a given turn instead of its owner, as a small constraint problem.

For a turn (day, hour) of a full timetable, each candidate either *takes* a line (replacing its
owner or filling a hole) or *swaps* with the owner (the owner gets one of the candidate's turns).
Hard rules are checked on the changed turns and people; candidates are ranked by the change in
the checker's cost.
"""

from __future__ import annotations

from typing import Any

import constraint

from tomatic.domain.timetable import Grid
from tomatic.planner.instance import Problem
from tomatic.planner.validation import (
    person_day_terms,
    person_violations,
    turn_terms,
    turn_violations,
)

Cell = tuple[int, int, int]
TAKE = None
"""Value of the `back` variable when the candidate just takes the line."""


def candidates(
    problem: Problem,
    timetable: Grid,
    day: int,
    hour: int,
    line: int | None = None,
    swaps: bool = True,
) -> list[dict[str, Any]]:
    """People who could take turn (day, hour), cheapest change first.

    Args:
        problem: the week's problem.
        timetable: a full timetable of that problem.
        day: day index of the turn.
        hour: hour index of the turn.
        line: only this line of the turn (default: every distinct one).
        swaps: also swaps; without them only takers are looked for, which for a big team is
            a few hundred checks instead of one per turn each candidate holds.

    Returns:
        Dicts {person, kind ("take" or "swap"), line, replaces (owner or None),
        swap (the candidate's turn {day, hour, line} given to the owner, or None), delta}.
    """
    cell = timetable[day][hour]
    busy = problem.busy_set()
    csp = constraint.Problem()
    people = [p for p in problem.persons if p not in cell and (day, hour, p) not in busy]
    lines = _distinct_lines(cell) if line is None else [line]
    if not people or not lines:
        return []
    csp.addVariable("person", people)
    csp.addVariable("line", lines)
    backs = _owned_cells(timetable, set(people)) if swaps else []
    csp.addVariable("back", [TAKE, *backs])
    csp.addConstraint(
        lambda person, back: back is TAKE or _at(timetable, back) == person, ("person", "back")
    )
    csp.addConstraint(
        lambda line, back: (
            back is TAKE or _swappable(problem, timetable, cell[line], back, day, hour)
        ),
        ("line", "back"),
    )
    csp.addConstraint(
        lambda person, line, back: _keeps_hard_rules(
            problem,
            _change(timetable, (day, hour, line), person, back),
            person,
            cell[line],
            (day, hour),
            back,
        ),
        ("person", "line", "back"),
    )
    found = [_describe(problem, timetable, (day, hour), s) for s in csp.getSolutions()]
    return sorted(
        found, key=lambda c: (c["delta"], c["kind"], c["person"], c["line"], str(c["swap"]))
    )


def _distinct_lines(cell: list[str | None]) -> list[int]:
    """One line per distinct owner (holes are interchangeable)."""
    seen: set[str | None] = set()
    lines = []
    for line, owner in enumerate(cell):
        if owner not in seen:
            seen.add(owner)
            lines.append(line)
    return lines


def _owned_cells(timetable: Grid, people: set[str]) -> list[Cell]:
    return [
        (d, h, line)
        for d, row in enumerate(timetable)
        for h, turn in enumerate(row)
        for line, owner in enumerate(turn)
        if owner in people
    ]


def _at(timetable: Grid, at: Cell) -> str | None:
    return timetable[at[0]][at[1]][at[2]]


def _swappable(
    problem: Problem, timetable: Grid, owner: str | None, back: Cell, day: int, hour: int
) -> bool:
    d, h, _ = back
    return (
        owner is not None
        and (d, h) != (day, hour)
        and owner not in timetable[d][h]
        and (d, h, owner) not in problem.busy_set()
    )


def _change(timetable: Grid, target: Cell, person: str, back: Cell | None) -> Grid:
    changed = [[list(turn) for turn in row] for row in timetable]
    day, hour, line = target
    owner = changed[day][hour][line]
    changed[day][hour][line] = person
    if back is not None:
        changed[back[0]][back[1]][back[2]] = owner
    return changed


def _keeps_hard_rules(
    problem: Problem,
    changed: Grid,
    person: str,
    owner: str | None,
    turn: tuple[int, int],
    back: Cell | None,
) -> bool:
    turns = {turn} | ({back[:2]} if back is not None else set())
    if any(turn_violations(problem, changed, d, h) for d, h in turns):
        return False
    people = {p for p in (person, owner) if p is not None}
    return not any(person_violations(problem, changed, p) for p in people)


def _describe(
    problem: Problem, timetable: Grid, turn: tuple[int, int], found: dict[str, Any]
) -> dict[str, Any]:
    person, line, back = found["person"], found["line"], found["back"]
    owner = timetable[turn[0]][turn[1]][line]
    changed = _change(timetable, (*turn, line), person, back)
    turns = {turn} | ({back[:2]} if back is not None else set())
    person_days = {(p, d) for p in {person, owner} - {None} for d, _ in turns}
    delta = _local_cost(problem, changed, turns, person_days) - _local_cost(
        problem, timetable, turns, person_days
    )
    swap = None if back is None else {"day": back[0], "hour": back[1], "line": back[2]}
    return {
        "person": person,
        "kind": "take" if back is None else "swap",
        "line": line,
        "replaces": owner,
        "swap": swap,
        "delta": delta,
    }


def _local_cost(
    problem: Problem,
    timetable: Grid,
    turns: set[tuple[int, int]],
    person_days: set[tuple[str, int]],
) -> int:
    cost = sum(term.cost for d, h in turns for term in turn_terms(problem, timetable, d, h))
    return cost + sum(
        term.cost for p, d in person_days for term in person_day_terms(problem, timetable, p, d)
    )
