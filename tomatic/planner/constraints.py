"""Hard rules of the planner, one class per rule.

Each `build(problem, model, plan)` posts its constraints and returns its objective term
(0 for a hard rule; table and group limits become soft when `weights` names them).
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from tomatic.planner.instance import Problem
from tomatic.planner.variables import PlannerVars


class OnePatternPerDay:
    """Each person follows at most one non-empty pattern a day (none means a day off)."""

    def build(
        self, problem: Problem, model: cp_model.CpModel, plan: PlannerVars
    ) -> cp_model.LinearExprT:
        """Post the at-most-one constraints; no cost."""
        for choices in plan.choices.values():
            if len(choices) > 1:
                model.add_at_most_one(choice.literal for choice in choices)
        return 0


class LinesPerTurn:
    """People on a turn plus its holes fill exactly its lines (so never more people than lines)."""

    def build(
        self, problem: Problem, model: cp_model.CpModel, plan: PlannerVars
    ) -> cp_model.LinearExprT:
        """Post one equality per turn and order its hole literals; no cost."""
        for (day, hour), holes in plan.holes.items():
            people = plan.people_on(day, hour, problem.persons)
            model.add(
                people + cp_model.LinearExpr.sum(holes)
                == problem.n_lines - plan.min_holes[day, hour]
            )
            for more, fewer in zip(holes[1:], holes, strict=False):
                model.add_implication(more, fewer)
        return 0


class WeeklyLoad:
    """Each person takes at most their `maxLoad` turns in the week."""

    def build(
        self, problem: Problem, model: cp_model.CpModel, plan: PlannerVars
    ) -> cp_model.LinearExprT:
        """Post one load constraint per person whose patterns could exceed it; no cost."""
        for person in problem.persons:
            days = [plan.choices[person, day] for day in range(problem.n_days)]
            most = sum(max((len(c.hours) for c in choices), default=0) for choices in days)
            if most > problem.max_load[person]:
                chosen = [c for choices in days for c in choices]
                load = cp_model.LinearExpr.weighted_sum(
                    [c.literal for c in chosen], [len(c.hours) for c in chosen]
                )
                model.add(load <= problem.max_load[person])
        return 0


class _TurnLimit:
    """At most `limit` of some people on the phone in each turn; soft when weighted."""

    rule = ""

    def limits(self, problem: Problem) -> list[tuple[list[str], int]]:
        """(people, most of them on the phone) pairs."""
        raise NotImplementedError

    def build(
        self, problem: Problem, model: cp_model.CpModel, plan: PlannerVars
    ) -> cp_model.LinearExprT:
        """Post the limit in every turn; return weight × excess when the rule is soft."""
        weight = (problem.weights or {}).get(self.rule)
        excesses: list[cp_model.LinearExpr] = []
        for people, limit in self.limits(problem):
            for day in range(problem.n_days):
                for hour in range(problem.n_hours):
                    phoning = plan.people_on(day, hour, people)
                    if weight is None:
                        model.add(phoning <= limit)
                        continue
                    excess = model.new_int_var(
                        0, len(people), f"penalty:{self.rule}(day={day}, hour={hour})"
                    )
                    model.add(phoning - excess <= limit)
                    excesses.append(weight * excess)
        return cp_model.LinearExpr.sum(excesses)


class TableLimit(_TurnLimit):
    """At most `maxPerTable` people of one table on the phone in a turn (table -1: none)."""

    rule = "table"

    def limits(self, problem: Problem) -> list[tuple[list[str], int]]:
        """One limit per table."""
        if not problem.tables or problem.max_per_table is None:
            return []
        tables: dict[int | str, list[str]] = defaultdict(list)
        for person, table in problem.tables.items():
            if table != -1:
                tables[table].append(person)
        return [(people, problem.max_per_table) for _, people in sorted(tables.items(), key=str)]


class GroupLimit(_TurnLimit):
    """Per group: at most `maxPhoningInGroup` on the phone and at least `minIdleInGroup` off it."""

    rule = "group"

    def limits(self, problem: Problem) -> list[tuple[list[str], int]]:
        """One limit per group with a rule: the tighter of both."""
        result = []
        for group, members in (problem.groups or {}).items():
            people = sorted(set(members))
            bounds = []
            if problem.max_phoning_in_group and group in problem.max_phoning_in_group:
                bounds.append(problem.max_phoning_in_group[group])
            if problem.min_idle_in_group and group in problem.min_idle_in_group:
                bounds.append(len(people) - problem.min_idle_in_group[group])
            if bounds:
                result.append((people, min(bounds)))
        return result


HARD_RULES = (OnePatternPerDay(), LinesPerTurn(), WeeklyLoad(), TableLimit(), GroupLimit())
"""Every rule, in the order the model posts them."""
