"""Progress reports carry the timetable found, so that a run can show it before it ends."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.planner.planner_builders import read_problem
from tomatic.planner.entrypoint import solve
from tomatic.planner.validation import total_cost, violations


@pytest.mark.parametrize(
    ("name", "large_model"),
    [("gen_hard_5x4x12", 10**9), ("gen_hard_5x4x12", 0)],
    ids=["cp-sat", "linear-relaxation"],
)
def test_the_first_progress_report_holds_a_valid_timetable_of_its_cost(name, large_model):
    problem = read_problem(name)
    points: list[dict[str, Any]] = []
    solution = solve(problem, time_limit=20, on_progress=points.append, large_model=large_model)
    assert points and "timetable" in points[0]
    for point in points:
        if "timetable" in point:
            assert violations(problem, point["timetable"]) == []
            assert total_cost(problem, point["timetable"]) == point["cost"]
    assert all("timetable" not in p.model_dump() for p in solution.progress)
    assert [p.cost for p in solution.progress] == [p["cost"] for p in points]
