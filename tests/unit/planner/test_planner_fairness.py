"""Discomfort per person (the ledger's entry) and the fairness term that spreads it over weeks."""

from __future__ import annotations

import pytest
from planner_builders import make_problem, solved

from tomatic.planner.discomfort import discomfort_of
from tomatic.planner.fairness import fairness_shares
from tomatic.planner.instance import ProblemError


def one_day(*cells: list[str | None]) -> list[list[list[str | None]]]:
    return [[list(cell) for cell in cells]]


class TestDiscomfortOf:
    def test_a_morning_pair_is_no_discomfort_but_a_no_brunch_day_is(self):
        problem = make_problem()
        morning = one_day(["alice"], ["alice"], ["barb"], [None])
        middle = one_day(["barb"], ["alice"], ["alice"], [None])
        assert discomfort_of(problem, morning) == {"alice": 0, "barb": 0}
        assert discomfort_of(problem, middle) == {"alice": 10, "barb": 0}

    def test_a_no_brunch_day_forced_by_busy_hours_is_no_discomfort(self):
        problem = make_problem(busy=[[0, 0, "alice"], [0, 3, "alice"]])
        middle = one_day(["barb"], ["alice"], ["alice"], [None])
        assert discomfort_of(problem, middle)["alice"] == 0

    def test_an_optional_busy_turn_is_discomfort(self):
        problem = make_problem(undesired=[[0, 2, "barb"]])
        timetable = one_day(["alice"], ["alice"], ["barb"], [None])
        assert discomfort_of(problem, timetable) == {"alice": 0, "barb": 5}


class TestShares:
    def test_no_ledger_means_no_fairness(self):
        assert fairness_shares(make_problem()) == {}

    def test_a_weight_of_zero_switches_fairness_off(self):
        problem = make_problem(discomfort={"alice": 100, "barb": 0}, weights={"fairness": 0})
        assert fairness_shares(problem) == {}

    def test_shares_go_up_with_past_discomfort_and_average_zero(self):
        problem = make_problem(discomfort={"alice": 100, "barb": 0})
        assert fairness_shares(problem) == {"alice": 100, "barb": -100}

    def test_a_person_missing_from_the_ledger_counts_as_the_mean(self):
        problem = make_problem(discomfort={"alice": 30})
        assert fairness_shares(problem) == {}

    @pytest.mark.parametrize(
        ("ledger", "message"),
        [({"zoe": 3}, "discomfort.zoe: unknown person"), ({"alice": -1}, "must be >= 0")],
    )
    def test_a_bad_ledger_is_refused_with_its_path(self, ledger, message):
        with pytest.raises(ProblemError, match=message):
            make_problem(discomfort=ledger)


class TestFairnessTerm:
    @pytest.mark.parametrize("large_model", [10**9, 0])
    def test_the_person_who_carried_more_is_spared(self, large_model):
        for tired, rested in (("alice", "barb"), ("barb", "alice")):
            problem = make_problem(
                nLines=1,
                maxLoad={"alice": 2, "barb": 2},
                undesired=[[0, 0, "alice"], [0, 0, "barb"]],
                discomfort={tired: 50, rested: 0},
            )
            solution = solved(problem, large_model=large_model)
            assert solution.timetable[0][0] == [rested]
            assert "fairness" in {penalty.rule for penalty in solution.penalties}

    def test_without_the_ledger_the_plain_cost_decides(self):
        problem = make_problem(nLines=1, undesired=[[0, 0, "alice"], [0, 0, "barb"]])
        solution = solved(problem)
        assert "fairness" not in {penalty.rule for penalty in solution.penalties}
        assert solution.cost == 100 + 20  # the optional-busy turn stays empty

    def test_fairness_never_turns_discomfort_into_a_gain(self):
        problem = make_problem(
            nLines=1,
            maxLoad={"alice": 2, "barb": 2},
            undesired=[[0, 1, "barb"]],
            discomfort={"alice": 0, "barb": 1000},
            weights={"fairness": 1000},
        )
        solution = solved(problem)
        assert all(p.cost >= -5 for p in solution.penalties if p.rule == "fairness")
        assert solution.cost >= 0
