"""The independent checker, on hand-made timetables."""

from __future__ import annotations

from planner_builders import make_problem

from tomatic.planner.validation import cost_terms, total_cost, violations


def rules(found):
    return sorted(v.rule for v in found)


def test_a_valid_timetable_has_no_violations():
    assert violations(make_problem(), [[["alice"], ["alice"], ["barb"], [None]]]) == []


def test_placing_a_busy_person_is_a_violation():
    problem = make_problem(busy=[[0, 2, "barb"]])
    found = violations(problem, [[["alice"], [None], ["barb"], [None]]])
    assert [(v.rule, v.day, v.hour, v.person) for v in found] == [("busy", 0, 2, "barb")]


def test_twice_in_one_turn_is_a_violation():
    problem = make_problem(nLines=2)
    found = violations(problem, [[["alice", "alice"], [None, None], [None, None], [None, None]]])
    assert rules(found) == ["duplicate"]


def test_daily_and_weekly_limits_are_checked():
    problem = make_problem(maxPerDay=1, maxLoad={"alice": 1, "barb": 1})
    assert rules(violations(problem, [[["alice"], ["alice"], [None], [None]]])) == ["daily", "load"]


def test_table_and_group_limits_are_checked():
    problem = make_problem(
        nLines=2,
        tables={"alice": 3, "barb": 3},
        maxPerTable=1,
        groups={"g": ["alice"]},
        maxPhoningInGroup={"g": 0},
    )
    found = violations(problem, [[["alice", "barb"], [None, None], [None, None], [None, None]]])
    assert rules(found) == ["group", "table"]


def test_a_grid_of_the_wrong_size_is_reported():
    assert rules(violations(make_problem(), [[["alice"], [None]]])) == ["grid"]


def test_unknown_people_are_reported():
    assert rules(violations(make_problem(), [[["zoe"], [None], [None], [None]]])) == ["grid"]


def test_holes_cost_the_square_of_the_empty_lines_per_turn():
    problem = make_problem(nLines=3, maxLoad={"alice": 0, "barb": 1})
    timetable = [[["barb", None, None], [None, None, None], [None] * 3, [None] * 3]]
    assert total_cost(problem, timetable) == 100 * 4 + 3 * 100 * 9


def test_each_day_shape_of_four_turns_has_its_cost():
    problem = make_problem(maxPerDay=4, maxLoad={"alice": 4, "barb": 0})
    expected = {
        "xx..": 20,
        ".xx.": 30,
        "x..x": 40,
        "x.x.": 50,
        ".x.x": 50,
        "xxx.": 100,
        ".xxx": 100,
        "xxxx": 120,
        "x.xx": 60,
    }
    for pattern, cost in expected.items():
        timetable = [[["alice"] if mark == "x" else [None] for mark in pattern]]
        holes = 100 * pattern.count(".")
        assert total_cost(problem, timetable) - holes == cost, pattern


def test_gaps_and_runs_cost_when_a_day_has_other_than_four_turns():
    problem = make_problem(nHours=6, maxPerDay=6, maxLoad={"alice": 6, "barb": 0})
    timetable = [[["alice"] if mark == "x" else [None] for mark in "x.xxx."]]
    terms = [(t.rule, t.cost) for t in cost_terms(problem, timetable) if t.rule != "holes"]
    assert sorted(terms) == [("concentrated", 120), ("shape", 30), ("shape", 40)]


def test_unforced_and_undesired_turns_are_charged_per_entry():
    problem = make_problem(
        forced=[[0, 0, "barb"], [0, 1, "barb"]], undesired=[[0, 0, "alice"]], busy=[[0, 1, "barb"]]
    )
    timetable = [[["alice"], [None], [None], [None]]]
    terms = [
        (t.rule, t.hour, t.person, t.cost)
        for t in cost_terms(problem, timetable)
        if t.rule != "holes"
    ]
    assert terms == [("unforced", 0, "barb", 50), ("undesired", 0, "alice", 5)]
