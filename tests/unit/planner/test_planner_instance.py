"""A problem is either valid or refused with the JSON path of the bad field."""

from __future__ import annotations

import pytest
from planner_builders import make_problem

from tomatic.planner.instance import ProblemError, load_problem


def test_a_valid_problem_exposes_its_fields_in_snake_case():
    problem = make_problem(maxPerDayByPerson={"barb": 1}, weights={"holes": 7})
    assert (problem.n_days, problem.n_hours, problem.n_lines) == (1, 4, 1)
    assert problem.daily_max("barb") == 1
    assert problem.daily_max("alice") == 2
    assert problem.weight("holes") == 7
    assert problem.weight("undesired") == 5


def test_forced_turns_on_a_busy_person_do_not_count():
    problem = make_problem(busy=[[0, 1, "alice"]], forced=[[0, 1, "alice"], [0, 2, "alice"]])
    assert problem.forced_set() == {(0, 2, "alice")}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"busy": [[0, 0, "alice"], [0, 1, "barb"], [0, 2, "alice"], [0, 7, "barb"]]},
            "busy[3][1]: hour 7 out of range 0..3",
        ),
        ({"undesired": [[2, 0, "alice"]]}, "undesired[0][0]: day 2 out of range 0..0"),
        ({"forced": [[0, 0, "zoe"]]}, "forced[0][2]: unknown person 'zoe'"),
        ({"maxLoad": {"alice": -1, "barb": 1}}, "maxLoad.alice: must be >= 0"),
        ({"maxLoad": {"alice": 1}}, "maxLoad.barb: missing load for this person"),
        (
            {"maxLoad": {"alice": 1, "barb": 1, "zoe": 2}},
            "maxLoad.zoe: unknown person (not in persons)",
        ),
        ({"nLines": 0}, "nLines: must be >= 1"),
        (
            {"persons": ["alice", "alice"], "maxLoad": {"alice": 1}},
            "persons[1]: 'alice' listed twice",
        ),
        (
            {"persons": ["alice", "ningu"], "maxLoad": {"alice": 1, "ningu": 1}},
            "persons[1]: 'ningu' is not a person",
        ),
        ({"weights": {"holes": 1, "bogus": 3}}, "weights.bogus: unknown rule"),
        ({"groups": {"g": ["alice", "zoe"]}}, "groups.g[1]: unknown person 'zoe'"),
        ({"minIdleInGroup": {"g": 1}}, "minIdleInGroup.g: unknown group (not in groups)"),
        ({"busy": [[0, "x", "alice"]]}, "busy[0][1]: Input should be a valid integer"),
        ({"nHours": None}, "nHours: Input should be a valid integer"),
    ],
)
def test_a_malformed_problem_is_refused_naming_the_path_and_why(changes, message):
    with pytest.raises(ProblemError) as caught:
        make_problem(**changes)
    assert str(caught.value).startswith(message)


def test_a_missing_field_is_named():
    with pytest.raises(ProblemError) as caught:
        load_problem('{"days": ["dl"], "nHours": 4, "nLines": 1, "persons": [], "maxLoad": {}}')
    assert caught.value.path == "maxPerDay"


def test_text_that_is_not_json_is_refused():
    with pytest.raises(ProblemError, match="not valid JSON"):
        load_problem("{nope")


def test_a_problem_survives_a_json_round_trip():
    problem = make_problem(tables={"alice": 1, "barb": 1}, maxPerTable=1)
    assert load_problem(problem.to_json()) == problem
