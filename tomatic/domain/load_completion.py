"""Completing the load to the number of cells and compensating debts with credits.

Both steps mutate `loads` and `credit` (dicts keyed by person) in place, one turn at
a time, following the original Tomàtic's passes and tie-breaks exactly.
"""

from __future__ import annotations

from collections.abc import Callable


def _order(credit: dict[str, float], descending: bool) -> list[str]:
    """Persons by credit (descending or ascending), ties by id ascending."""
    sign = -1 if descending else 1
    return sorted(credit, key=lambda person: (sign * credit[person], person))


def _pass(
    loads: dict[str, int],
    credit: dict[str, float],
    candidates: list[str],
    target: int,
    step: int,
    can_move: Callable[[str], bool],
) -> bool:
    """One walk over `candidates`, moving each by `step` until the total hits `target`."""
    changed = False
    for person in candidates:
        if sum(loads.values()) == target:
            break
        if not can_move(person):
            continue
        loads[person] += step
        credit[person] += step
        changed = True
    return changed


def _phases(
    loads: dict[str, int],
    credit: dict[str, float],
    target: int,
    step: int,
    can_move: Callable[[str], bool],
) -> None:
    """Phase A over persons whose credit favours the move, then phase B over everybody."""
    descending = step < 0
    while True:
        order = _order(credit, descending)
        favoured = [p for p in order if (credit[p] > 0 if descending else credit[p] < 0)]
        if not _pass(loads, credit, favoured, target, step, can_move):
            break
    while _pass(loads, credit, _order(credit, descending), target, step, can_move):
        pass


def complete_load(
    loads: dict[str, int],
    credit: dict[str, float],
    upper_bounds: dict[str, int],
    target: int,
) -> None:
    """Add or remove turns one at a time until the total equals `target`, if possible.

    Too much load: remove from creditors first (credit descending, then id), one
    turn per person and pass, never below 0; then from everybody. Too little: add to
    debtors first (credit ascending, then id) up to each upper bound; then to
    everybody. Each move shifts the person's credit by the same amount.
    """
    if sum(loads.values()) > target:
        _phases(loads, credit, target, -1, lambda p: loads[p] > 0)
    else:
        _phases(loads, credit, target, +1, lambda p: loads[p] < upper_bounds[p])


def compensate_debts(
    loads: dict[str, int], credit: dict[str, float], upper_bounds: dict[str, int]
) -> list[tuple[str, str]]:
    """Move turns from creditors to debtors while that strictly reduces total imbalance.

    Rounds pair the n-th debtor (credit ascending) with the n-th creditor (credit
    descending) until a round moves nothing. Returns the (debtor, creditor) moves.
    """
    moves: list[tuple[str, str]] = []
    while True:
        debtors = [p for p in _order(credit, descending=False) if credit[p] < 0]
        creditors = [p for p in _order(credit, descending=True) if credit[p] > 0]
        round_moves = [
            (debtor, creditor)
            for debtor, creditor in zip(debtors, creditors, strict=False)
            if _compensate_pair(loads, credit, upper_bounds, debtor, creditor)
        ]
        if not round_moves:
            return moves
        moves.extend(round_moves)


def _compensate_pair(
    loads: dict[str, int],
    credit: dict[str, float],
    upper_bounds: dict[str, int],
    debtor: str,
    creditor: str,
) -> bool:
    """Move one turn from `creditor` to `debtor` if allowed and worth it."""
    if loads[creditor] <= 0 or loads[debtor] >= upper_bounds[debtor]:
        return False
    before = abs(credit[debtor]) + abs(credit[creditor])
    after = abs(credit[debtor] + 1) + abs(credit[creditor] - 1)
    if not after < before:
        return False
    loads[debtor] += 1
    credit[debtor] += 1
    loads[creditor] -= 1
    credit[creditor] -= 1
    return True
