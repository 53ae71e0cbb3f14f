"""Pricing whole weeks of one person: the best schedule under given pattern reduced costs.

A person's schedule is one pattern (or a day off) per day, taking at most their weekly load.
Given each pattern's reduced cost, a dynamic programme over days and turns taken finds every
person's cheapest schedule at once (vectorised over people), and for each pattern the cheapest
schedule that follows it: the extra it costs over the person's best is what reduced-cost
fixing needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tomatic.planner.columns import Columns


@dataclass
class Pricing:
    """The outcome of pricing: best schedules and what each pattern costs over them.

    `best[p]` is person p's cheapest schedule value (never above 0: the empty week is one).
    `chosen` lists the patterns of every person's cheapest schedule (person by person).
    `owner[i]` is the person of `chosen[i]`. `extra[j]` is how much more the cheapest schedule
    following pattern j costs than `best` of its person (>= 0).
    """

    best: np.ndarray
    chosen: np.ndarray
    owner: np.ndarray
    extra: np.ndarray


class _DayMinima:
    """The cheapest pattern of each (person-day, size) under the reduced costs."""

    def __init__(self, columns: Columns, reduced: np.ndarray) -> None:
        self.sizes = int(columns.size.max(initial=0)) + 1
        key = columns.person_day * self.sizes + columns.size
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else key
        n_pd = len(columns.persons) * columns.n_days
        self.value = np.full(n_pd * self.sizes, np.inf)
        self.value[:: self.sizes] = 0.0
        self.argmin = np.full(n_pd * self.sizes, -1, dtype=np.int64)
        if len(key) == 0:
            return
        group = np.cumsum(np.r_[True, key[1:] != key[:-1]]) - 1
        minima = np.minimum.reduceat(reduced, starts)
        self.value[key[starts]] = minima
        at_min = np.flatnonzero(reduced <= minima[group])
        first = np.r_[True, group[at_min][1:] != group[at_min][:-1]]
        self.argmin[key[at_min[first]]] = at_min[first]

    def table(self, n_persons: int, n_days: int) -> np.ndarray:
        """Minima as an array [person, day, size]."""
        return self.value.reshape(n_persons, n_days, self.sizes)


def price(columns: Columns, reduced: np.ndarray) -> Pricing:
    """Find every person's cheapest schedule and each pattern's extra over it.

    Args:
        columns: the week's patterns.
        reduced: a reduced cost per pattern.

    Returns:
        The pricing (see `Pricing`).
    """
    persons, days = len(columns.persons), columns.n_days
    minima = _DayMinima(columns, reduced)
    table = minima.table(persons, days)
    capacity = int(min(columns.load.max(initial=0), days * (minima.sizes - 1)))
    load = np.minimum(columns.load, capacity)
    forward, choice = _forward(table, capacity)
    backward = _backward(table, capacity)
    rows = np.arange(persons)
    best = forward[days][rows, load]
    chosen, owner = _walk_back(choice, minima.argmin, load, days)
    through = _through(forward, backward, load, minima.sizes)
    pd_index = columns.person_day
    extra = reduced + through.reshape(-1)[pd_index * minima.sizes + columns.size]
    return Pricing(best, chosen, owner, np.maximum(0.0, extra - best[columns.person]))


def _forward(table: np.ndarray, capacity: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """forward[d][p, c]: cheapest days 0..d-1 using at most c turns; choice: the size taken."""
    persons, days, sizes = table.shape
    forward = [np.zeros((persons, capacity + 1))]
    choices = []
    for day in range(days):
        current, choice = _step(forward[-1], table[:, day, :], capacity, sizes)
        forward.append(current)
        choices.append(choice)
    return forward, choices


def _backward(table: np.ndarray, capacity: int) -> list[np.ndarray]:
    """backward[d][p, c]: cheapest days d..D-1 using at most c turns."""
    persons, days, sizes = table.shape
    backward = [np.zeros((persons, capacity + 1))]
    for day in reversed(range(days)):
        backward.insert(0, _step(backward[0], table[:, day, :], capacity, sizes)[0])
    return backward


def _step(
    before: np.ndarray, today: np.ndarray, capacity: int, sizes: int
) -> tuple[np.ndarray, np.ndarray]:
    best = before + today[:, :1]
    choice = np.zeros(best.shape, dtype=np.int64)
    for size in range(1, min(sizes, capacity + 1)):
        candidate = before[:, : capacity + 1 - size] + today[:, size : size + 1]
        better = candidate < best[:, size:]
        best[:, size:] = np.where(better, candidate, best[:, size:])
        choice[:, size:] = np.where(better, size, choice[:, size:])
    return best, choice


def _walk_back(
    choices: list[np.ndarray], argmin: np.ndarray, load: np.ndarray, days: int
) -> tuple[np.ndarray, np.ndarray]:
    persons = len(load)
    rows = np.arange(persons)
    left = load.copy()
    sizes = len(argmin) // max(1, persons * days)
    picked, owners = [], []
    for day in reversed(range(days)):
        size = choices[day][rows, left]
        taking = np.flatnonzero(size > 0)
        picked.append(argmin[((taking * days) + day) * sizes + size[taking]])
        owners.append(taking)
        left = left - size
    chosen = np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)
    owner = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64)
    order = np.argsort(owner, kind="stable")
    return chosen[order], owner[order]


def _through(
    forward: list[np.ndarray], backward: list[np.ndarray], load: np.ndarray, sizes: int
) -> np.ndarray:
    """through[p, d, s]: cheapest other days of p when day d takes s turns, within the load."""
    persons, days = len(load), len(forward) - 1
    capacity = forward[0].shape[1] - 1
    through = np.full((persons, days, sizes), np.inf)
    rows = np.arange(persons)
    for day in range(days):
        before, after = forward[day], backward[day + 1]
        for size in range(sizes):
            room = load - size
            best = np.full(persons, np.inf)
            for used in range(capacity + 1):
                rest = room - used
                ok = rest >= 0
                value = before[rows, used] + after[rows, np.clip(rest, 0, capacity)]
                best = np.where(ok, np.minimum(best, value), best)
            through[:, day, size] = best
    return through
