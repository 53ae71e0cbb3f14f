"""Soft rules of the planner: objective terms, one class per rule family.

Everything that depends on a single person-day (day shape, concentration, undesired turns,
missed forced turns) is a constant of the chosen pattern; holes cost weight × k² per turn.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from itertools import combinations

from ortools.sat.python import cp_model

from tomatic.planner.fairness import fairness_cost, fairness_shares, week_step
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


class LeastOwnCost:
    """The least concentrated + shape cost of a number of turns among a day's free hours.

    What any timetable giving a person that many turns that day must cost them: the part of
    their own cost that is not discomfort (`fairness.py`). Remembered per (free hours, size).
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self._known: dict[tuple[Hours, int], int] = {}

    def __call__(self, free: Hours, size: int) -> int:
        """The least cost of `size` turns among `free` (0 for none)."""
        key = (free, size)
        if key not in self._known:
            self._known[key] = min(
                (pattern_cost(self.problem, c, set(), set()) for c in combinations(free, size)),
                default=0,
            )
        return self._known[key]


def person_pattern_cost(
    problem: Problem,
    share: int,
    hours: Hours,
    day_sets: tuple[set[int], set[int], Hours],
    least: LeastOwnCost,
) -> int:
    """`pattern_cost` plus the fairness term of a person with fairness `share` (`fairness.py`).

    `day_sets` are the person-day's undesired hours, forced hours and free hours.
    """
    plain = pattern_cost(problem, hours, day_sets[0], day_sets[1])
    if not share:
        return plain
    return plain + fairness_cost(problem, share, avoidable(problem, hours, day_sets, least))


def avoidable(
    problem: Problem, hours: Hours, day_sets: tuple[set[int], set[int], Hours], least: LeastOwnCost
) -> int:
    """The person-day's discomfort (`fairness.py`): own cost above the least for its size."""
    undesired, _, free = day_sets
    return pattern_cost(problem, hours, undesired, set()) - least(free, len(hours))


class PatternCosts:
    """Per person-day costs: unforced, undesired, concentrated, shape and fairness."""

    def build(
        self, problem: Problem, model: cp_model.CpModel, plan: PlannerVars
    ) -> cp_model.LinearExprT:
        """Return the constant cost of each pattern times its literal, plus the empty days' cost."""
        undesired = _hours_by_person_day(problem.undesired_set())
        forced = _hours_by_person_day(problem.forced_set())
        shares = fairness_shares(problem)
        least = LeastOwnCost(problem)
        busy = problem.busy_set()
        literals: list[cp_model.IntVar] = []
        costs: list[int] = []
        empty_total = 0
        uneasy: dict[str, dict[int, list[cp_model.IntVar]]] = {}
        for (person, day), choices in plan.choices.items():
            mine_undesired = undesired.get((person, day), set())
            mine_forced = forced.get((person, day), set())
            share = shares.get(person, 0)
            free = tuple(h for h in range(problem.n_hours) if (day, h, person) not in busy)
            day_sets = (mine_undesired, mine_forced, free)
            empty = pattern_cost(problem, (), mine_undesired, mine_forced)
            empty_total += empty
            for choice in choices:
                cost = person_pattern_cost(problem, share, choice.hours, day_sets, least)
                extra = cost - empty
                if extra:
                    literals.append(choice.literal)
                    costs.append(extra)
                if avoidable(problem, choice.hours, day_sets, least) > 0:
                    uneasy.setdefault(person, {}).setdefault(day, []).append(choice.literal)
        step = week_step(problem)
        excesses = _week_excesses(model, uneasy) if step else []
        literals += excesses
        costs += [step] * len(excesses)
        return cp_model.LinearExpr.weighted_sum(literals, costs) + empty_total


def _week_excesses(
    model: cp_model.CpModel, uneasy: dict[str, dict[int, list[cp_model.IntVar]]]
) -> list[cp_model.IntVar]:
    """Per person with n uneasy days, max(0, n − k) for k = 1…: they add up to n(n−1)/2,
    the within-week part of the fairness term in steps (`fairness.py`).

    Each excess is tied to its max, not only bounded below, so that every solution's objective
    is the checker's cost and not merely at least it.
    """
    excesses: list[cp_model.IntVar] = []
    for person, by_day in uneasy.items():
        days = cp_model.LinearExpr.sum([lit for literals in by_day.values() for lit in literals])
        for k in range(1, len(by_day)):
            excess = model.new_int_var(0, len(by_day) - k, f"uneasy_{person}_{k}")
            model.add_max_equality(excess, [days - k, 0])
            excesses.append(excess)
    return excesses


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
