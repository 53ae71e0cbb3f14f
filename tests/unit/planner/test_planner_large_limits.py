"""Tables, groups and daily maxima on the LP path of large weeks (forced with `large_model=0`).

Each rule is checked against the full model's proven optimum on small weeks, feasible and not.
"""

from __future__ import annotations

import random
import time

import numpy as np
import pytest
from planner_builders import make_problem, read_problem, solved

from tomatic.planner.columns import build_columns
from tomatic.planner.dive import dive
from tomatic.planner.relaxation import solve_relaxation
from tomatic.planner.schedules import price

FULL = {"large_model": 10**9}
LP = {"large_model": 0}


def both(problem):
    """The full model's and the LP path's solutions of one problem."""
    return solved(problem, **FULL), solved(problem, **LP)


def four_people(**fields):
    base = {
        "days": ["dl", "dm"],
        "nHours": 2,
        "nLines": 3,
        "maxPerDay": 2,
        "persons": ["ann", "bob", "cat", "dan"],
        "maxLoad": {"ann": 4, "bob": 4, "cat": 4, "dan": 2},
    }
    return make_problem(**{**base, **fields})


class TestTablesOnTheLpPath:
    def test_at_most_max_per_table_of_a_table_phone_at_once(self):
        problem = four_people(tables={"ann": 1, "bob": 1, "cat": 1, "dan": 2}, maxPerTable=1)
        full, lp = both(problem)
        assert lp.status == "optimal" and lp.cost == full.cost
        for row in lp.timetable:
            for cell in row:
                assert sum(person in ("ann", "bob", "cat") for person in cell) <= 1

    def test_a_soft_table_limit_is_paid_for_instead_of_a_hole(self):
        problem = four_people(
            tables={"ann": 1, "bob": 1, "cat": 1, "dan": 2}, maxPerTable=1, weights={"table": 7}
        )
        full, lp = both(problem)
        assert lp.cost == full.cost
        assert "table" in {penalty.rule for penalty in lp.penalties}

    def test_a_table_limit_of_zero_keeps_the_whole_table_off(self):
        problem = four_people(tables={"ann": 1, "bob": 1, "cat": 2, "dan": 2}, maxPerTable=0)
        _, lp = both(problem)
        assert not any(p in cell for row in lp.timetable for cell in row for p in ("ann", "bob"))


class TestGroupsOnTheLpPath:
    def test_max_phoning_in_group_is_kept(self):
        problem = four_people(groups={"g": ["ann", "bob"]}, maxPhoningInGroup={"g": 1})
        full, lp = both(problem)
        assert lp.cost == full.cost
        assert all(not {"ann", "bob"} <= set(cell) for row in lp.timetable for cell in row)

    def test_min_idle_in_group_is_kept(self):
        problem = four_people(groups={"g": ["ann", "bob", "cat"]}, minIdleInGroup={"g": 2})
        full, lp = both(problem)
        assert lp.cost == full.cost
        for row in lp.timetable:
            for cell in row:
                assert sum(person in ("ann", "bob", "cat") for person in cell) <= 1

    def test_more_idle_people_than_the_group_has_is_infeasible_and_diagnosed(self):
        problem = four_people(groups={"g": ["ann", "bob"]}, minIdleInGroup={"g": 3})
        full, lp = both(problem)
        assert full.status == lp.status == "infeasible"
        assert lp.timetable is None and lp.diagnosis is not None

    def test_a_soft_group_limit_below_zero_costs_in_every_turn(self):
        problem = four_people(groups={"g": ["ann"]}, minIdleInGroup={"g": 2}, weights={"group": 9})
        full, lp = both(problem)
        assert lp.status == "optimal" and lp.cost == full.cost
        assert len([p for p in lp.penalties if p.rule == "group"]) == 4


class TestDailyMaximaOnTheLpPath:
    def test_a_personal_daily_maximum_is_kept(self):
        problem = four_people(
            maxPerDayByPerson={"ann": 1}, maxLoad={"ann": 4, "bob": 1, "cat": 1, "dan": 1}
        )
        full, lp = both(problem)
        assert lp.cost == full.cost
        assert all(sum("ann" in cell for cell in row) <= 1 for row in lp.timetable)

    def test_a_daily_maximum_of_zero_keeps_a_person_off(self):
        problem = four_people(maxPerDayByPerson={"dan": 0})
        _, lp = both(problem)
        assert not any("dan" in cell for row in lp.timetable for cell in row)


def _random_week(seed: int):
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(rng.randint(4, 8))]
    days, hours = rng.randint(1, 2), rng.choice((3, 4))
    fields = {
        "days": ["dl", "dm"][:days],
        "nHours": hours,
        "nLines": rng.randint(2, 3),
        "maxPerDay": 2,
        "persons": people,
        "maxLoad": {p: rng.randint(0, 4) for p in people},
        "busy": [[rng.randrange(days), rng.randrange(hours), rng.choice(people)] for _ in people],
        "undesired": [[rng.randrange(days), rng.randrange(hours), rng.choice(people)]],
        "tables": {p: rng.choice((-1, 0, 1)) for p in people},
        "maxPerTable": rng.randint(0, 2),
        "groups": {"g": rng.sample(people, 3)},
        "maxPhoningInGroup": {"g": rng.randint(0, 2)},
        "minIdleInGroup": {"g": rng.randint(0, 3)},
    }
    return make_problem(**fields)


@pytest.mark.parametrize("seed", range(8))
def test_the_lp_path_reaches_the_full_models_optimum_with_tables_and_groups(seed):
    full, lp = both(_random_week(seed))
    assert (lp.status, lp.cost) == (full.status, full.cost)
    assert lp.bound is None or full.cost is None or lp.bound <= full.cost


class TestScheduleLp:
    def test_table_and_group_rows_only_raise_the_bound(self):
        problem = read_problem("gen_hard_5x4x12")
        limited = problem.model_copy(
            update={"tables": {p: i % 4 for i, p in enumerate(problem.persons)}, "max_per_table": 2}
        )
        plain = solve_relaxation(problem, build_columns(problem), 60)
        tight = solve_relaxation(limited, build_columns(limited), 60)
        assert plain is not None and tight is not None
        assert tight.proven_bound() >= plain.proven_bound()
        assert tight.proven_bound() <= solved(limited, time_limit=30).cost

    def test_pricing_finds_each_persons_cheapest_schedule_within_the_load(self):
        problem = four_people(maxLoad={"ann": 1, "bob": 4, "cat": 4, "dan": 2})
        columns = build_columns(problem)
        reduced = np.linspace(-5, 3, len(columns))
        pricing = price(columns, reduced)
        for p, person in enumerate(problem.persons):
            mine = pricing.chosen[pricing.owner == p]
            assert columns.size[mine].sum() <= problem.max_load[person]
            assert pricing.best[p] == pytest.approx(min(0.0, reduced[mine].sum()))
        assert (pricing.extra >= -1e-9).all()
        assert np.allclose(pricing.extra[pricing.chosen], 0.0)

    def test_diving_ends_on_a_valid_timetable_no_cheaper_than_the_bound(self):
        problem = read_problem("two-teams-24lines-s480")
        columns = build_columns(problem)
        relaxation = solve_relaxation(problem, columns, 60)
        assert relaxation is not None
        found = dive(problem, relaxation.lp, relaxation.reduced_cost, time.monotonic() + 60)
        assert found is not None
        assert found.cost >= relaxation.proven_bound()
        assert len(set(columns.person_day[found.chosen].tolist())) == len(found.chosen)
