"""Discomfort per person (the ledger's entry) and the fairness term that spreads it over weeks."""

from __future__ import annotations

import pytest
from planner_builders import make_problem, solved

from tomatic.planner.discomfort import discomfort_of
from tomatic.planner.fairness import fairness_shares, week_step
from tomatic.planner.instance import ProblemError
from tomatic.planner.validation import cost_terms


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


def two_days(**fields):
    """Monday and Tuesday, one line: each day someone must take the first turn, which both
    would rather not take (alice and barb, 4 turns each, at most 2 a day)."""
    data = {
        "days": ["dl", "dm"],
        "maxLoad": {"alice": 4, "barb": 4},
        "undesired": [[0, 0, "alice"], [0, 0, "barb"], [1, 0, "alice"], [1, 0, "barb"]],
        "discomfort": {"alice": 0, "barb": 0},
    }
    return make_problem(**(data | fields))


def uneasy_days(solution, person):
    return [day for day, row in enumerate(solution.timetable) if person in row[0]]


class TestWithinTheWeek:
    @pytest.mark.parametrize(
        ("weights", "step"), [({}, 1), ({"fairness": 300}, 3), ({"fairness": 0}, 0)]
    )
    def test_the_step_follows_the_weight(self, weights, step):
        assert week_step(two_days(weights=weights)) == step

    def test_without_the_ledger_there_is_no_step(self):
        assert week_step(two_days(discomfort=None)) == 0

    @pytest.mark.parametrize("large_model", [10**9, 0])
    def test_equally_rested_people_share_the_weeks_unpleasant_turns(self, large_model):
        solution = solved(two_days(), large_model=large_model)
        assert len(uneasy_days(solution, "alice")) == len(uneasy_days(solution, "barb")) == 1
        # 4 person-days of 2 turns (20 each) and two undesired turns; no second uneasy day
        assert solution.cost == 4 * 20 + 2 * 5
        assert solution.status == "optimal" and solution.bound <= solution.cost

    @pytest.mark.parametrize("large_model", [10**9, 0])
    def test_a_second_uneasy_day_costs_one_step_when_nobody_else_can_take_it(self, large_model):
        problem = two_days(busy=[[0, 0, "barb"], [1, 0, "barb"]], weights={"fairness": 200})
        solution = solved(problem, large_model=large_model, lang="en")
        assert uneasy_days(solution, "alice") == [0, 1]
        week = [p for p in solution.penalties if p.rule == "fairness"]
        assert [(p.day, p.person, p.cost) for p in week] == [(1, "alice", 2)]
        assert week[0].text == (
            "Alice already has unpleasant turns on Monday this week: their Tuesday counts extra"
        )
        assert solution.cost == 4 * 20 + 2 * 5 + 2

    def test_the_checker_charges_each_uneasy_day_one_step_per_earlier_one(self):
        problem = make_problem(
            days=["dl", "dm", "dx"],
            maxLoad={"alice": 3, "barb": 3},
            nHours=2,
            maxPerDay=1,
            undesired=[[day, 0, "alice"] for day in range(3)],
            discomfort={"alice": 0},
        )
        timetable = [[["alice"], ["barb"]] for _ in range(3)]
        week = [t for t in cost_terms(problem, timetable) if "before" in t.params]
        assert [(t.day, t.cost, t.params["before"]) for t in week] == [(1, 1, [0]), (2, 2, [0, 1])]

    def test_an_infeasible_week_stays_infeasible_with_the_term(self):
        problem = two_days(groups={"g": ["alice"]}, minIdleInGroup={"g": 2})
        for large_model in (10**9, 0):
            solution = solved(problem, large_model=large_model)
            assert solution.status == "infeasible" and solution.timetable is None
