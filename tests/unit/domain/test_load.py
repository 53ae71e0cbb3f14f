import datetime as dt

from tomatic.domain.load import LoadInputs, compute_load
from tomatic.domain.model import BusyEntry

MONDAY = dt.date(2023, 8, 7)


def _inputs(**fields) -> LoadInputs:
    values = {"week": MONDAY, "line_count": 1, "ideal_loads": {}} | fields
    return LoadInputs(**values)


def test_ponderation_divides_by_five_even_in_short_weeks():
    inputs = _inputs(
        ideal_loads={"ana": 10},
        holidays=[MONDAY],
        busy=[BusyEntry(person="ana", weekday="dm", reason="x", kind="vacation")],
        daily_max_general=4,
        line_count=3,
    )
    row = compute_load(inputs).persons["ana"]
    assert (row.working_days, row.ponderated, row.rounded) == (3, 6.0, 6)


def test_unavoidable_busy_entries_bound_the_load():
    busy = [BusyEntry(person="ana", turns="0110", reason="meetings")]
    result = compute_load(_inputs(ideal_loads={"ana": 10}, busy=busy, line_count=2))
    row = result.persons["ana"]
    assert (row.capacity, row.upper_bound, row.bounded) == (5, 5, 5)
    assert any(note.key == "load.bounded" for note in result.trace)


def test_optional_busy_entries_do_not_bound_the_load():
    busy = [BusyEntry(person="ana", turns="1111", optional=True, reason="pref")]
    row = compute_load(_inputs(ideal_loads={"ana": 10}, busy=busy, line_count=2)).persons["ana"]
    assert row.capacity == 10 and row.bounded == 10


def test_busy_entries_of_persons_outside_the_distribution_are_ignored_with_a_note():
    busy = [BusyEntry(person="zoe", reason="gone")]
    result = compute_load(_inputs(ideal_loads={"ana": 5}, busy=busy, line_count=1))
    assert list(result.persons) == ["ana"]
    assert [n.params for n in result.trace if n.key == "load.busy_ignored"] == [{"person": "zoe"}]


def test_leaves_give_no_working_days_and_no_capacity():
    result = compute_load(_inputs(ideal_loads={"ana": 5, "bob": 5}, leaves=["ana"]))
    ana = result.persons["ana"]
    assert (ana.working_days, ana.capacity, ana.final) == (0, 0, 0)
    assert result.persons["bob"].final == 5 and result.nobody == 15


def test_credit_decides_who_loses_turns_unless_forgiven():
    fields = {
        "ideal_loads": {"ana": 12, "bob": 12},
        "credit": {"bob": 2, "zoe": 9},
        "daily_max_general": 4,
    }
    kept = compute_load(_inputs(**fields))
    forgiven = compute_load(_inputs(**fields, forgive=True))
    assert kept.final_loads() == {"ana": 11, "bob": 9}
    assert forgiven.final_loads() == {"ana": 10, "bob": 10}
    assert list(kept.persons) == ["ana", "bob"]
    assert kept.persons["bob"].loaded_credit == forgiven.persons["bob"].loaded_credit == 2.0
    assert forgiven.persons["bob"].initial_credit == 0.0


def test_decrease_uses_credit_then_id_order():
    result = compute_load(
        _inputs(ideal_loads={"ana": 12, "bob": 12}, credit={"bob": 1}, daily_max_general=4)
    )
    assert result.final_loads() == {"ana": 10, "bob": 10}
    assert result.persons["bob"].final_credit == -1.0
    assert result.persons["ana"].final_credit == -2.0
    assert result.persons["bob"].credit_used == 2.0


def test_max_overload_allows_increasing_up_to_ponderated_plus_overload():
    inputs = _inputs(ideal_loads={"ana": 4, "bob": 4}, max_overload=1, line_count=1)
    result = compute_load(inputs)
    assert result.final_loads() == {"ana": 5, "bob": 5, "ningu": 10}
    assert result.overloads() == {"ana": 1.0, "bob": 1.0}


def test_debts_are_compensated_with_credits_after_completion():
    inputs = _inputs(
        ideal_loads={"ana": 10, "bob": 10},
        credit={"ana": 2, "bob": -2},
        max_overload=2,
        daily_max_general=4,
    )
    result = compute_load(inputs)
    ana, bob = result.persons["ana"], result.persons["bob"]
    assert (ana.complete, bob.complete) == (10, 10)
    assert (ana.compensated, bob.compensated) == (8, 12)
    assert (ana.final_credit, bob.final_credit) == (0.0, 0.0)
    assert result.overloads() == {"ana": -2.0, "bob": 2.0}
    assert [n.params for n in result.trace if n.key == "load.compensated"] == [
        {"debtor": "bob", "creditor": "ana"},
        {"debtor": "bob", "creditor": "ana"},
    ]


def test_adjust_lines_removes_whole_empty_lines():
    ideal = {f"p{i:02d}": 5 for i in range(19)} | {"q": 3}
    inputs = _inputs(ideal_loads=ideal, line_count=10, daily_max_general=4, adjust_lines=True)
    result = compute_load(inputs)
    assert sum(row.final for row in result.persons.values()) == 98
    assert (result.line_count, result.nobody, result.cells) == (5, 2, 100)
    assert result.requested_line_count == 10
    assert sum(result.final_loads().values()) == 100


def test_without_adjust_lines_all_lines_stay_and_nobody_fills_them():
    inputs = _inputs(ideal_loads={"ana": 5}, line_count=3)
    result = compute_load(inputs)
    assert (result.line_count, result.nobody) == (3, 55)
