"""The diagnosis explains holes: free people, blocking busy entries, helpful changes."""

from __future__ import annotations

from planner_builders import make_problem, read_problem, solved

from tomatic.planner.describe import Labels
from tomatic.planner.diagnosis import diagnose


def test_a_full_timetable_has_no_diagnosis():
    assert solved(read_problem("3days6lines")).diagnosis is None


def test_a_turn_blocked_by_a_busy_person_names_them_and_the_reason():
    problem = make_problem(nHours=2, maxLoad={"alice": 2, "barb": 0}, busy=[[0, 1, "alice"]])
    timetable = [[["alice"], [None]]]
    diagnosis = diagnose(problem, timetable, "optimal", {(0, 1, "alice"): "meeting"})
    turn = diagnosis["turns"][0]
    assert (turn["day"], turn["hour"], turn["holes"], turn["free"]) == (0, 1, 1, [])
    assert turn["blocked_by"] == [{"person": "alice", "reason": "meeting"}]
    assert {"kind": "lift_busy", "person": "alice", "reason": "meeting"} in turn["suggestions"]
    assert "If Alice were not busy (meeting), they could take it." in diagnosis["texts"]


def test_people_at_their_load_are_suggested_one_more_turn():
    problem = make_problem(nHours=2, maxLoad={"alice": 1, "barb": 0})
    diagnosis = diagnose(problem, [[["alice"], [None]]], "optimal", labels=Labels(problem, "es"))
    kinds = {(s["kind"], s["person"]) for s in diagnosis["turns"][0]["suggestions"]}
    assert kinds == {("more_load", "alice"), ("more_load", "barb")}
    assert "Alice podría cogerlo con un turno más esta semana." in diagnosis["texts"]


def test_people_at_their_daily_maximum_are_suggested_one_more_that_day():
    problem = make_problem(nHours=2, maxPerDay=1, maxLoad={"alice": 2, "barb": 0})
    diagnosis = diagnose(problem, [[["alice"], [None]]], "optimal")
    assert {"kind": "more_per_day", "person": "alice"} in diagnosis["turns"][0]["suggestions"]


def test_a_load_short_of_the_grid_is_explained_in_the_solution():
    solution = solved(read_problem("load-and-schedule-2-days-4lines"), lang="ca")
    summary = solution.diagnosis["summary"]
    assert (summary["cells"], summary["load"], summary["holes"]) == (32, 26, 6)
    assert len(solution.diagnosis["turns"]) == 6
    assert any("falten 6 torns" in text for text in solution.diagnosis["texts"])
