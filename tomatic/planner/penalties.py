"""Soft rules of the planner: objective terms, one class per rule family.

Everything that depends on a single person-day (day shape, concentration, undesired turns,
missed forced turns) is a constant of the chosen pattern; holes cost weight × k² per turn.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from ortools.sat.python import cp_model

from tomatic.planner.instance import Problem
from tomatic.planner.variables import Hours, PlannerVars

FOUR_HOUR_SHAPES: dict[Hours, int] = {
    (1, 2): 1,
    (0, 3): 2,
    (0, 2): 3,
    (1, 3): 3,
    (0, 1, 2): 4,
    (1, 2, 3): 4,
}
"""Penalised patterns of a 4-turn day, as multiples of the shape weight."""


def shape_units(n_hours: int, hours: Hours) -> int:
    """Day-shape cost of a pattern in multiples of the shape weight.

    With 4 turns a day the exact pattern decides; otherwise 3 per gap and 4 per run of 3 or more.
    """
    if n_hours == 4:
        return FOUR_HOUR_SHAPES.get(hours, 0)
    gaps = sum(1 for a, b in zip(hours, hours[1:], strict=False) if b > a + 1)
    runs, length = 0, 0
    for hour in range(n_hours + 1):
        if hour in hours:
            length += 1
            continue
        runs += length >= 3
        length = 0
    return 3 * gaps + 4 * runs


def pattern_cost(problem: Problem, hours: Hours, undesired: set[int], forced: set[int]) -> int:
    """Cost of one person-day following `hours`, given that day's undesired and forced hours."""
    weight = {
        rule: problem.weight(rule) or 0
        for rule in ("unforced", "undesired", "concentrated", "shape")
    }
    taken = set(hours)
    n = len(hours)
    return (
        weight["unforced"] * len(forced - taken)
        + weight["undesired"] * len(undesired & taken)
        + weight["concentrated"] * n * (n - 1)
        + weight["shape"] * shape_units(problem.n_hours, hours)
    )


class PatternCosts:
    """Per person-day costs: unforced, undesired, concentrated and shape."""

    def build(
        self, problem: Problem, model: cp_model.CpModel, plan: PlannerVars
    ) -> cp_model.LinearExprT:
        """Return the constant cost of each pattern times its literal, plus the empty days' cost."""
        undesired = _hours_by_person_day(problem.undesired_set())
        forced = _hours_by_person_day(problem.forced_set())
        literals: list[cp_model.IntVar] = []
        costs: list[int] = []
        empty_total = 0
        for (person, day), choices in plan.choices.items():
            mine_undesired = undesired.get((person, day), set())
            mine_forced = forced.get((person, day), set())
            empty = pattern_cost(problem, (), mine_undesired, mine_forced)
            empty_total += empty
            for choice in choices:
                extra = pattern_cost(problem, choice.hours, mine_undesired, mine_forced) - empty
                if extra:
                    literals.append(choice.literal)
                    costs.append(extra)
        return cp_model.LinearExpr.weighted_sum(literals, costs) + empty_total


class HoleCost:
    """weight × k² for a turn with k empty lines, as 1, 3, 5… × weight on "at least k" literals."""

    def build(
        self, problem: Problem, model: cp_model.CpModel, plan: PlannerVars
    ) -> cp_model.LinearExprT:
        """Return the holes objective term."""
        weight = problem.weight("holes") or 0
        constant = 0
        literals: list[cp_model.IntVar] = []
        costs: list[int] = []
        for key, holes in plan.holes.items():
            least = plan.min_holes[key]
            constant += weight * least * least
            for k, literal in enumerate(holes, start=least + 1):
                literals.append(literal)
                costs.append(weight * (2 * k - 1))
        return cp_model.LinearExpr.weighted_sum(literals, costs) + constant


def _hours_by_person_day(
    entries: AbstractSet[tuple[int, int, str]],
) -> dict[tuple[str, int], set[int]]:
    grouped: dict[tuple[str, int], set[int]] = {}
    for day, hour, person in entries:
        grouped.setdefault((person, day), set()).add(hour)
    return grouped


SOFT_RULES = (PatternCosts(), HoleCost())
"""Every objective-only rule."""
