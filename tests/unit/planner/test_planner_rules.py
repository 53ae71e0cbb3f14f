"""Each rule of the model on tiny weeks: what it allows, what it forbids, what it costs."""

from __future__ import annotations

from planner_builders import hours_of, make_problem, solved


class TestBusy:
    def test_a_busy_person_is_never_placed_there(self):
        solution = solved(make_problem(busy=[[0, 0, "alice"], [0, 1, "alice"]]))
        assert hours_of(solution, "alice") == {2, 3}

    def test_a_turn_where_everyone_is_busy_stays_empty(self):
        solution = solved(make_problem(busy=[[0, 0, "alice"], [0, 0, "barb"]]))
        assert solution.timetable[0][0] == [None]
        assert solution.status == "optimal"


class TestDayShape:
    def test_a_pair_of_turns_goes_at_the_start_or_the_end_of_the_day(self):
        solution = solved(make_problem())
        assert hours_of(solution, "alice") in ({0, 1}, {2, 3})
        assert solution.cost == 100 + 20  # one hole (load 3 for 4 cells), alice's two turns

    def test_forced_turns_beat_the_continuity_preference(self):
        solution = solved(make_problem(forced=[[0, 0, "alice"], [0, 3, "alice"]]))
        assert hours_of(solution, "alice") == {0, 3}
        assert {p.rule for p in solution.penalties} == {"holes", "concentrated", "shape"}

    def test_with_other_than_four_turns_each_gap_costs(self):
        problem = make_problem(
            nHours=5, maxLoad={"alice": 2, "barb": 0}, forced=[[0, 0, "alice"], [0, 2, "alice"]]
        )
        solution = solved(problem)
        assert hours_of(solution, "alice") == {0, 2}
        shapes = [p for p in solution.penalties if p.rule == "shape"]
        assert [p.cost for p in shapes] == [30]

    def test_with_other_than_four_turns_three_in_a_row_cost(self):
        problem = make_problem(nHours=3, maxPerDay=3, maxLoad={"alice": 3, "barb": 0})
        solution = solved(problem)
        assert hours_of(solution, "alice") == {0, 1, 2}
        assert solution.cost == 60 + 40


class TestForced:
    def test_a_forced_turn_on_a_busy_person_is_ignored(self):
        solution = solved(make_problem(busy=[[0, 1, "alice"]], forced=[[0, 1, "alice"]]))
        assert "unforced" not in {p.rule for p in solution.penalties}

    def test_forcing_more_turns_than_the_load_leaves_the_excess_unforced(self):
        problem = make_problem(
            maxLoad={"alice": 1, "barb": 3}, forced=[[0, 0, "alice"], [0, 1, "alice"]]
        )
        solution = solved(problem)
        assert [p.rule for p in solution.penalties].count("unforced") == 1


class TestLoads:
    def test_nobody_exceeds_the_daily_maximum(self):
        solution = solved(make_problem(maxPerDay=1, maxLoad={"alice": 4, "barb": 4}))
        assert len(hours_of(solution, "alice")) == 1
        assert solution.cost == 2 * 100

    def test_a_personal_daily_maximum_overrides_the_general_one(self):
        problem = make_problem(
            maxPerDay=2, maxPerDayByPerson={"alice": 1}, maxLoad={"alice": 4, "barb": 4}
        )
        solution = solved(problem)
        assert len(hours_of(solution, "alice")) == 1
        assert len(hours_of(solution, "barb")) == 2

    def test_nobody_exceeds_the_weekly_load(self):
        problem = make_problem(days=["dl", "dm"], maxLoad={"alice": 1, "barb": 2})
        solution = solved(problem)
        assert (
            len(hours_of(solution, "alice", 0) | {10 + h for h in hours_of(solution, "alice", 1)})
            == 1
        )

    def test_a_turn_never_holds_more_people_than_lines(self):
        problem = make_problem(nHours=1, maxLoad={"alice": 1, "barb": 1})
        solution = solved(problem)
        assert len(solution.timetable[0][0]) == 1
        assert solution.cost == 0


class TestOptionalBusy:
    def test_an_optional_busy_is_avoided_when_someone_else_can_go(self):
        problem = make_problem(nHours=1, undesired=[[0, 0, "alice"]])
        assert solved(problem).timetable[0][0] == ["barb"]

    def test_an_optional_busy_yields_to_a_hole(self):
        problem = make_problem(
            nHours=1, maxLoad={"alice": 1, "barb": 0}, undesired=[[0, 0, "alice"]]
        )
        solution = solved(problem)
        assert solution.timetable[0][0] == ["alice"]
        assert solution.cost == 5

    def test_weights_override_the_default_costs(self):
        problem = make_problem(
            nHours=1,
            maxLoad={"alice": 1, "barb": 0},
            undesired=[[0, 0, "alice"]],
            weights={"undesired": 500},
        )
        solution = solved(problem)
        assert solution.timetable[0][0] == [None]
        assert solution.cost == 100


class TestTablesAndGroups:
    def test_at_most_max_per_table_people_of_one_table_are_on_the_phone(self):
        problem = make_problem(nHours=1, nLines=2, tables={"alice": 1, "barb": 1}, maxPerTable=1)
        solution = solved(problem)
        assert solution.timetable[0][0].count(None) == 1

    def test_people_without_a_table_are_not_limited(self):
        problem = make_problem(nHours=1, nLines=2, tables={"alice": -1, "barb": -1}, maxPerTable=0)
        assert solved(problem).cost == 0

    def test_a_weighted_table_limit_is_soft(self):
        problem = make_problem(
            nHours=1, nLines=2, tables={"alice": 1, "barb": 1}, maxPerTable=1, weights={"table": 7}
        )
        solution = solved(problem)
        assert solution.cost == 7
        assert [p.rule for p in solution.penalties] == ["table"]

    def test_max_phoning_in_group_limits_a_group_in_each_turn(self):
        problem = make_problem(
            nHours=1, nLines=2, groups={"g": ["alice", "barb"]}, maxPhoningInGroup={"g": 1}
        )
        assert solved(problem).timetable[0][0].count(None) == 1

    def test_min_idle_in_group_keeps_members_off_the_phone(self):
        problem = make_problem(
            nHours=1, nLines=2, groups={"g": ["alice", "barb"]}, minIdleInGroup={"g": 2}
        )
        assert solved(problem).timetable[0][0] == [None, None]

    def test_an_impossible_idle_requirement_is_infeasible_and_diagnosed(self):
        problem = make_problem(groups={"g": ["alice", "barb"]}, minIdleInGroup={"g": 3})
        solution = solved(problem)
        assert solution.status == "infeasible"
        assert solution.timetable is None
        assert any("Group g" in text for text in solution.diagnosis["texts"])
