from tomatic.domain.load_completion import compensate_debts, complete_load

B2B_LIMITED = {
    "alice": 2,
    "barbara": 1,
    "carol": 0,
    "diana": 2,
    "elith": 0,
    "felicity": 1,
    "gemma": 2,
    "hellen": 2,
    "irma": 2,
    "jolie": 2,
    "kate": 2,
    "liza": 3,
    "mary": 2,
    "noel": 1,
    "olivia": 2,
    "petra": 2,
}


def test_decrease_with_no_credit_removes_one_turn_each_in_id_order():
    loads = dict(B2B_LIMITED)
    credit = dict.fromkeys(loads, 0.0)
    complete_load(loads, credit, dict(loads), 16)
    assert sum(loads.values()) == 16
    assert loads["alice"] == 1 and loads["barbara"] == 0 and loads["liza"] == 2
    assert loads["mary"] == 2 and loads["petra"] == 2 and loads["carol"] == 0
    assert credit["alice"] == -1 and credit["mary"] == 0


def test_decrease_takes_from_creditors_first_by_credit_then_id():
    loads = {"ana": 3, "bob": 3, "cai": 3, "dan": 3}
    credit = {"ana": 0.0, "bob": 1.5, "cai": 1.5, "dan": 3.0}
    complete_load(loads, credit, dict(loads), 9)
    assert loads == {"ana": 3, "bob": 2, "cai": 2, "dan": 2}


def test_decrease_phase_a_repeats_passes_while_creditors_remain():
    loads = {"ana": 3, "bob": 3}
    credit = {"ana": 0.0, "bob": 2.0}
    complete_load(loads, credit, dict(loads), 4)
    assert loads == {"ana": 3, "bob": 1}
    assert credit["bob"] == 0.0


def test_decrease_never_goes_below_zero_and_stops_when_impossible():
    loads = {"ana": 1, "bob": 0}
    credit = {"ana": 0.0, "bob": 5.0}
    complete_load(loads, credit, dict(loads), -3)
    assert loads == {"ana": 0, "bob": 0}


def test_increase_gives_to_debtors_first_within_upper_bounds():
    loads = {"ana": 1, "bob": 1, "cai": 1}
    credit = {"ana": 0.0, "bob": -2.0, "cai": -1.0}
    upper = {"ana": 5, "bob": 2, "cai": 5}
    complete_load(loads, credit, upper, 6)
    assert loads == {"ana": 2, "bob": 2, "cai": 2}
    assert credit == {"ana": 1.0, "bob": -1.0, "cai": 0.0}


def test_increase_stops_at_upper_bounds_leaving_a_deficit():
    loads = {"ana": 1, "bob": 2}
    credit = {"ana": 0.0, "bob": 0.0}
    complete_load(loads, credit, {"ana": 2, "bob": 2}, 10)
    assert loads == {"ana": 2, "bob": 2}


def test_compensation_moves_turns_from_creditors_to_debtors_over_rounds():
    loads = {"alice": 2, "bob": 4, "claire": 2}
    credit = {"alice": 2.0, "bob": -1.0, "claire": -2.0}
    moves = compensate_debts(loads, credit, dict.fromkeys(loads, 10))
    assert moves == [("claire", "alice"), ("bob", "alice")]
    assert loads == {"alice": 0, "bob": 5, "claire": 3}


def test_compensation_needs_a_strict_reduction_of_imbalance():
    for debt, owed in [(-0.4, 0.2), (-0.5, 0.5)]:
        loads = {"d": 1, "c": 1}
        credit = {"d": debt, "c": owed}
        assert compensate_debts(loads, credit, {"d": 5, "c": 5}) == []
        assert loads == {"d": 1, "c": 1}


def test_compensation_respects_upper_bound_and_empty_creditors():
    credit = {"d": -1.0, "c": 1.0}
    assert compensate_debts({"d": 2, "c": 1}, dict(credit), {"d": 2, "c": 5}) == []
    assert compensate_debts({"d": 0, "c": 0}, dict(credit), {"d": 2, "c": 5}) == []
    loads = {"d": 1, "c": 1}
    assert compensate_debts(loads, dict(credit), {"d": 2, "c": 5}) == [("d", "c")]
    assert loads == {"d": 2, "c": 0}
