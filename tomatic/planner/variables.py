"""Decision variables of the CP-SAT model.

One Boolean per (person, day, allowed day pattern): the pattern is the set of hours the person
is on the phone that day, avoiding busy hours and within the daily limit. The empty pattern has
no literal: it is chosen when no other pattern of that person-day is. Holes of a turn are
counted by ordered "at least k holes" literals.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import combinations
from math import comb

from ortools.sat.python import cp_model

from tomatic.planner.instance import Problem

Hours = tuple[int, ...]
Patterns = dict[tuple[str, int], list[Hours]]
"""Day patterns a person may follow, by (person, day)."""


@dataclass(frozen=True)
class PatternChoice:
    """A non-empty day pattern of one person and the literal choosing it."""

    person: str
    day: int
    hours: Hours
    literal: cp_model.IntVar


@dataclass
class PlannerVars:
    """Every variable of the model, indexed the ways the rules need them."""

    choices: dict[tuple[str, int], list[PatternChoice]] = field(default_factory=dict)
    covering: dict[tuple[int, int, str], list[cp_model.IntVar]] = field(default_factory=dict)
    holes: dict[tuple[int, int], list[cp_model.IntVar]] = field(default_factory=dict)
    min_holes: dict[tuple[int, int], int] = field(default_factory=dict)

    def on_turn(self, person: str, day: int, hour: int) -> cp_model.LinearExprT:
        """1 when `person` is on the phone at (day, hour), else 0."""
        return cp_model.LinearExpr.sum(self.covering.get((day, hour, person), []))

    def people_on(self, day: int, hour: int, persons: list[str]) -> cp_model.LinearExpr:
        """How many of `persons` are on the phone at (day, hour)."""
        return cp_model.LinearExpr.sum(
            [lit for p in persons for lit in self.covering.get((day, hour, p), [])]
        )


def allowed_patterns(
    problem: Problem, person: str, day: int, busy: AbstractSet[tuple[int, int, str]]
) -> list[Hours]:
    """Non-empty sets of hours `person` may take on `day`: not busy, within daily and weekly caps."""
    free = [h for h in range(problem.n_hours) if (day, h, person) not in busy]
    most = min(problem.daily_max(person), problem.max_load[person], len(free))
    return [hours for size in range(1, most + 1) for hours in combinations(free, size)]


def pattern_count(problem: Problem) -> int:
    """How many pattern literals the full model of `problem` has, without building it."""
    busy = problem.busy_set()
    count = 0
    for person in problem.persons:
        for day in range(problem.n_days):
            free = sum(1 for h in range(problem.n_hours) if (day, h, person) not in busy)
            most = min(problem.daily_max(person), problem.max_load[person], free)
            count += sum(comb(free, size) for size in range(1, most + 1))
    return count


def create_variables(
    problem: Problem, model: cp_model.CpModel, patterns: Patterns | None = None
) -> PlannerVars:
    """Create pattern and hole literals for `problem` in `model`.

    Args:
        problem: the validated week to plan.
        model: the CP-SAT model receiving the variables.
        patterns: if given, the only patterns each person-day may follow (a subset of the
            allowed ones; a missing person-day gets none, so a day off).

    Returns:
        The variable container used by every rule module.
    """
    plan = PlannerVars()
    busy = problem.busy_set()
    for person in problem.persons:
        for day in range(problem.n_days):
            hours = (
                allowed_patterns(problem, person, day, busy)
                if patterns is None
                else patterns.get((person, day), [])
            )
            plan.choices[person, day] = _pattern_choices(model, person, day, hours)
            for choice in plan.choices[person, day]:
                for hour in choice.hours:
                    plan.covering.setdefault((day, hour, person), []).append(choice.literal)
    for day in range(problem.n_days):
        for hour in range(problem.n_hours):
            _hole_literals(problem, model, plan, day, hour)
    return plan


def _pattern_choices(
    model: cp_model.CpModel, person: str, day: int, allowed: list[Hours]
) -> list[PatternChoice]:
    return [
        PatternChoice(
            person,
            day,
            hours,
            model.new_bool_var(f"pattern(operator={person}, day={day}, hours={hours})"),
        )
        for hours in allowed
    ]


def _hole_literals(
    problem: Problem, model: cp_model.CpModel, plan: PlannerVars, day: int, hour: int
) -> None:
    candidates = sum(1 for p in problem.persons if (day, hour, p) in plan.covering)
    least = max(0, problem.n_lines - candidates)
    plan.min_holes[day, hour] = least
    plan.holes[day, hour] = [
        model.new_bool_var(f"penalty:holes(day={day}, hour={hour}, k={k})")
        for k in range(least + 1, problem.n_lines + 1)
    ]
