"""Assembly of the CP-SAT model from the rule modules, warm-start hints and solution reading."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from tomatic.domain.timetable import Grid
from tomatic.planner.constraints import HARD_RULES
from tomatic.planner.instance import Problem
from tomatic.planner.penalties import SOFT_RULES
from tomatic.planner.variables import Patterns, PlannerVars, create_variables

Assignment = dict[tuple[int, int], list[str]]
"""People on the phone at each (day, hour), before lines are assigned."""


@dataclass
class BuiltModel:
    """A CP-SAT model ready to solve, with its variables."""

    model: cp_model.CpModel
    plan: PlannerVars
    n_lines: int

    def size(self) -> int:
        """Number of pattern literals, a measure of how hard the model is."""
        return sum(len(choices) for choices in self.plan.choices.values())


def build_model(problem: Problem, patterns: Patterns | None = None) -> BuiltModel:
    """Create the variables, post every rule and set the objective.

    Args:
        problem: the validated week to plan.
        patterns: if given, the only day patterns the model may choose (see `create_variables`).

    Returns:
        The model and its variable container.
    """
    model = cp_model.CpModel()
    plan = create_variables(problem, model, patterns)
    objective = [rule.build(problem, model, plan) for rule in (*HARD_RULES, *SOFT_RULES)]
    model.minimize(cp_model.LinearExpr.sum(objective))
    return BuiltModel(model, plan, problem.n_lines)


def add_hint(built: BuiltModel, problem: Problem, timetable: Grid) -> None:
    """Hint the solver with an earlier timetable (patterns it cannot follow are left unhinted).

    Args:
        built: the model to warm-start.
        problem: the problem the model was built from.
        timetable: `timetable[d][h]` lists of people or None, as in a Solution.
    """
    for (person, day), choices in built.plan.choices.items():
        hours = tuple(h for h in range(problem.n_hours) if _cell(timetable, day, h).count(person))
        for choice in choices:
            built.model.add_hint(choice.literal, choice.hours == hours)
    for (day, hour), holes in built.plan.holes.items():
        empty = problem.n_lines - len({p for p in _cell(timetable, day, hour) if p is not None})
        for k, literal in enumerate(holes, start=built.plan.min_holes[day, hour] + 1):
            built.model.add_hint(literal, k <= empty)


def hint_assignment(built: BuiltModel, assignment: Assignment) -> None:
    """Replace the model's hints by a known assignment (e.g. an earlier stage's best)."""
    built.model.clear_hints()
    days: dict[tuple[str, int], list[int]] = {}
    for (day, hour), people in assignment.items():
        for person in people:
            days.setdefault((person, day), []).append(hour)
    for (person, day), choices in built.plan.choices.items():
        hours = tuple(sorted(days.get((person, day), [])))
        for choice in choices:
            built.model.add_hint(choice.literal, choice.hours == hours)
    for (day, hour), holes in built.plan.holes.items():
        empty = built.n_lines - len(assignment.get((day, hour), []))
        for k, literal in enumerate(holes, start=built.plan.min_holes[day, hour] + 1):
            built.model.add_hint(literal, k <= empty)


def read_assignment(
    built: BuiltModel, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback
) -> Assignment:
    """The people on the phone in each turn, from the solver's (or a solution callback's)
    current solution."""
    assignment: Assignment = {}
    for (person, day), choices in built.plan.choices.items():
        for choice in choices:
            if solver.boolean_value(choice.literal):
                for hour in choice.hours:
                    assignment.setdefault((day, hour), []).append(person)
    return assignment


def _cell(timetable: Grid, day: int, hour: int) -> list[str | None]:
    try:
        return timetable[day][hour]
    except IndexError:
        return []
