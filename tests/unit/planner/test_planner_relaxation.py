"""The LP path for large weeks: its bound, reduced-cost fixing, and the search built on them.

The reference weeks are small enough for the full model; forcing them through the LP path
(`large_model=0`) checks it against their proven optima.
"""

from __future__ import annotations

import numpy as np
import pytest
from planner_builders import make_problem, read_problem, solved
from test_planner_reference import REFERENCE_OPTIMA

from tomatic.planner.columns import build_columns
from tomatic.planner.model import build_model
from tomatic.planner.relaxation import TOLERANCE, solve_relaxation
from tomatic.planner.variables import pattern_count

REFERENCES = sorted(REFERENCE_OPTIMA.items())


def _relaxation(problem):
    relaxation = solve_relaxation(problem, build_columns(problem), time_limit=60)
    assert relaxation is not None
    return relaxation


class TestRelaxation:
    @pytest.mark.parametrize(("name", "optimum"), REFERENCES)
    def test_the_lp_bound_never_exceeds_the_proven_optimum(self, name, optimum):
        assert _relaxation(read_problem(name)).proven_bound() <= optimum

    def test_the_lp_bound_of_a_week_without_choices_is_its_cost(self):
        # One line, four turns, two people of load 1: two holes at 100 each are unavoidable.
        problem = make_problem(maxLoad={"alice": 1, "barb": 1})
        assert _relaxation(problem).proven_bound() == 200

    def test_half_patterns_cannot_beat_a_whole_one(self):
        # alice fills both turns only with the pair (concentration 10 × 2); half of each single
        # turn would leave half a hole (50) in both turns, so the LP bound is the integer cost.
        problem = make_problem(nHours=2, maxLoad={"alice": 2, "barb": 0}, maxPerDay=2)
        relaxation = _relaxation(problem)
        assert relaxation.proven_bound() == solved(problem).cost == 20

    def test_the_columns_are_the_full_models_patterns(self):
        problem = read_problem("gen_hard_5x4x12")
        assert len(build_columns(problem)) == pattern_count(problem)
        assert pattern_count(problem) == build_model(problem).size()

    def test_a_stop_request_gives_up_the_lp(self):
        problem = read_problem("two-teams-24lines-s480")
        assert solve_relaxation(problem, build_columns(problem), 60, lambda: True) is None


class TestReducedCostFixing:
    @pytest.mark.parametrize(("name", "optimum"), REFERENCES)
    def test_an_optimal_timetable_only_follows_patterns_fixing_keeps(self, name, optimum):
        problem = read_problem(name)
        columns = build_columns(problem)
        relaxation = solve_relaxation(problem, columns, time_limit=60)
        assert relaxation is not None
        timetable = solved(problem).timetable
        assert timetable is not None
        kept = columns.patterns(
            np.flatnonzero(relaxation.reduced_cost <= optimum - relaxation.bound + TOLERANCE)
        )
        for person in problem.persons:
            for day, row in enumerate(timetable):
                hours = tuple(hour for hour, cell in enumerate(row) if person in cell)
                assert not hours or hours in kept.get((person, day), [])

    def test_fixing_removes_patterns_on_a_week_with_a_gap(self):
        problem = read_problem("gen_5x4x12")
        relaxation = _relaxation(problem)
        gap = REFERENCE_OPTIMA["gen_5x4x12"] - relaxation.bound
        assert (relaxation.reduced_cost > gap + TOLERANCE).sum() > 0


class TestLargeWeekSearch:
    @pytest.mark.parametrize(("name", "optimum"), REFERENCES)
    def test_the_lp_path_reaches_and_proves_the_reference_optimum(self, name, optimum):
        solution = solved(read_problem(name), time_limit=30, large_model=0)
        assert solution.status == "optimal"
        assert solution.cost == solution.bound == optimum

    def test_progress_reports_bounds_valid_for_the_whole_week(self):
        points: list[dict] = []
        solved(read_problem("gen_hard_5x4x12"), large_model=0, on_progress=points.append)
        assert points
        assert all(point["bound"] <= REFERENCE_OPTIMA["gen_hard_5x4x12"] for point in points)
        assert points[-1]["cost"] == REFERENCE_OPTIMA["gen_hard_5x4x12"]

    def test_the_same_seed_gives_the_same_timetable(self):
        problem = read_problem("two-teams-24lines-s480")
        first = solved(problem, large_model=0, seed=3)
        second = solved(problem, large_model=0, seed=3)
        assert first.timetable == second.timetable

    def test_a_stop_during_the_lp_returns_without_a_timetable(self):
        polls: list[int] = []

        def stop() -> bool:
            polls.append(1)
            return True

        solution = solved(read_problem("two-teams-24lines-s480"), large_model=0, should_stop=stop)
        assert polls
        assert solution.status == "unknown"
        assert solution.timetable is None

    def test_a_hint_is_accepted_on_the_lp_path(self):
        problem = read_problem("load-2020-03-02")
        earlier = solved(problem)
        again = solved(problem, large_model=0, hint=earlier)
        assert again.status == "optimal"
        assert again.cost == earlier.cost
