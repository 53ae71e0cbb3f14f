"""The benchmark weeks up to 480 cells reach their proven optimal costs (problems/README.md)."""

from __future__ import annotations

import pytest
from planner_builders import read_problem, solved

REFERENCE_OPTIMA = {
    "2days2lines": 5,
    "load-and-schedule-2-days-2lines": 0,
    "load-and-schedule-2-days-4lines": 620,
    "3days6lines": 0,
    "load-2020-03-02": 60,
    "synth-8lines-40p": 485,
    "gen_5x4x12": 280,
    "gen_hard_5x4x12": 565,
    "two-teams-24lines-s480": 1070,
}


@pytest.mark.parametrize(("name", "optimum"), sorted(REFERENCE_OPTIMA.items()))
def test_the_reference_optimum_is_reached_and_proven(name, optimum):
    solution = solved(read_problem(name), time_limit=20)  # a safety net, not a timing assertion
    assert solution.status == "optimal"
    assert solution.cost == optimum
    assert solution.bound == optimum
