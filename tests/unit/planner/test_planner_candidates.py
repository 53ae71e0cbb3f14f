"""Who could take a turn instead of its owner, ranked by the change in cost."""

from __future__ import annotations

from planner_builders import make_problem, read_problem, solved

from tomatic.planner.candidates import candidates
from tomatic.planner.instance import load_problem
from tomatic.planner.validation import total_cost, violations


def apply(timetable, day, hour, found):
    changed = [[list(cell) for cell in row] for row in timetable]
    owner = changed[day][hour][found["line"]]
    changed[day][hour][found["line"]] = found["person"]
    if found["swap"] is not None:
        back = found["swap"]
        changed[back["day"]][back["hour"]][back["line"]] = owner
    return changed


def test_someone_with_load_left_can_take_a_hole():
    problem = make_problem(maxLoad={"alice": 1, "barb": 1})
    timetable = [[["alice"], [None], [None], [None]]]
    found = candidates(problem, timetable, 0, 2)
    assert found == [
        {"person": "barb", "kind": "take", "line": 0, "replaces": None, "swap": None, "delta": -100}
    ]


def test_a_busy_person_or_one_without_load_left_is_no_candidate():
    problem = make_problem(busy=[[0, 1, "barb"]], maxLoad={"alice": 1, "barb": 1})
    assert candidates(problem, [[["alice"], [None], [None], [None]]], 0, 1) == []


def test_an_owner_can_swap_turns_with_a_candidate():
    problem = make_problem(maxLoad={"alice": 1, "barb": 1}, undesired=[[0, 0, "alice"]])
    timetable = [[["alice"], ["barb"], [None], [None]]]
    found = candidates(problem, timetable, 0, 0)
    swap = {
        "person": "barb",
        "kind": "swap",
        "line": 0,
        "replaces": "alice",
        "swap": {"day": 0, "hour": 1, "line": 0},
        "delta": -5,
    }
    assert swap in found
    assert found[0]["delta"] == -5


def test_every_candidate_keeps_the_hard_rules_and_its_delta_is_exact():
    week = read_problem("load-2020-03-02")
    timetable = solved(week).timetable
    spare = {person: load + 1 for person, load in week.max_load.items()}  # so that "take" exists
    problem = load_problem(week.model_dump(by_alias=True) | {"maxLoad": spare})
    base = total_cost(problem, timetable)
    found = candidates(problem, timetable, 1, 3)
    assert {c["kind"] for c in found} == {"take", "swap"}
    for candidate in found:
        changed = apply(timetable, 1, 3, candidate)
        assert violations(problem, changed) == []
        assert total_cost(problem, changed) - base == candidate["delta"]
    assert [c["delta"] for c in found] == sorted(c["delta"] for c in found)


def test_the_takers_of_one_line_are_the_full_search_s_takers_of_that_line():
    week = read_problem("load-2020-03-02")
    timetable = solved(week).timetable
    spare = {person: load + 1 for person, load in week.max_load.items()}
    problem = load_problem(week.model_dump(by_alias=True) | {"maxLoad": spare})
    everything = candidates(problem, timetable, 1, 3)
    for line in range(len(timetable[1][3])):
        takers = candidates(problem, timetable, 1, 3, line=line, swaps=False)
        assert takers == [c for c in everything if c["kind"] == "take" and c["line"] == line]
