"""Builders for tiny planner problems and access to the benchmark problems in tests/data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tomatic.planner.entrypoint import solve
from tomatic.planner.instance import Problem, Solution, load_problem
from tomatic.planner.validation import total_cost, violations

PROBLEMS = Path(__file__).resolve().parents[2] / "data" / "problems"


def make_problem(**fields: Any) -> Problem:
    """One day, four turns, one line, alice (load 2) and barb (load 1) unless overridden."""
    data: dict[str, Any] = {
        "name": "tiny",
        "days": ["dl"],
        "nHours": 4,
        "nLines": 1,
        "maxPerDay": 2,
        "persons": ["alice", "barb"],
        "maxLoad": {"alice": 2, "barb": 1},
        "busy": [],
        "undesired": [],
        "forced": [],
    }
    data.update(fields)
    return load_problem(data)


def read_problem(name: str) -> Problem:
    """A benchmark problem copied from the shared specs."""
    return load_problem((PROBLEMS / f"{name}.json").read_text(encoding="utf-8"))


def solved(problem: Problem, **options: Any) -> Solution:
    """Solve and check the answer against the independent checker before returning it."""
    solution = solve(problem, time_limit=options.pop("time_limit", 20), **options)
    if solution.timetable is not None:
        assert violations(problem, solution.timetable) == []
        assert solution.cost == total_cost(problem, solution.timetable)
        assert solution.cost == sum(penalty.cost for penalty in solution.penalties)
    return solution


def hours_of(solution: Solution, person: str, day: int = 0) -> set[int]:
    """The hours `person` is on the phone on `day`."""
    assert solution.timetable is not None
    return {hour for hour, cell in enumerate(solution.timetable[day]) if person in cell}
