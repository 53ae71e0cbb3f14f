"""Diving: fix people to their LP schedules a share at a time, re-solving the LP in between.

The schedule LP of a week is nearly integral: most people follow one schedule, a few split
between several. Each round fixes everyone the LP has settled on one schedule, and the most
certain part of the others, as long as their schedule still fits (lines, table and group
limits); then column generation re-balances the rest. When nobody is left split, the fixed and
settled schedules form a valid timetable, usually within a fraction of a percent of the LP.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tomatic.planner.columns import Columns
from tomatic.planner.instance import Problem
from tomatic.planner.master import TOLERANCE, ScheduleLP
from tomatic.planner.relaxation import generate
from tomatic.planner.rounding import Occupancy, Rounded, fill_holes

DIVE_SHARE = 0.3
"""Share of the people split between schedules fixed at each round."""
REBUILD_SHARE = 0.5
"""The LP is rebuilt without the fixed people once the free ones are down to this share."""


def dive(
    problem: Problem,
    lp: ScheduleLP,
    reduced: np.ndarray,
    deadline: float,
    should_stop: Callable[[], bool] | None = None,
    share: float = DIVE_SHARE,
) -> Rounded | None:
    """Dive from a solved schedule LP to a valid timetable.

    Args:
        problem: the week planned.
        lp: its solved master LP (it is changed: people get fixed).
        reduced: reduced costs of the patterns, to fill the holes left at the end.
        deadline: monotonic time to give up at.
        should_stop: polled between rounds; True gives up.
        share: of the people split between schedules, the share fixed at each round (smaller:
            slower, usually closer to the bound).

    Returns:
        The timetable's patterns and cost, or None when stopped or out of time.
    """
    occupancy = Occupancy(lp.columns, problem.n_lines, problem.weight("holes") or 0)
    free_when_built = len(lp.fixed)
    while _fix_round(lp, occupancy, share):
        if should_stop is not None and should_stop():
            return None
        free = int((~lp.fixed).sum())
        if free <= free_when_built * REBUILD_SHARE:
            lp, free_when_built = _rebuilt(problem, lp, occupancy), free
        if generate(lp, deadline, should_stop) is None:
            return None
    fill_holes(occupancy, reduced)
    return occupancy.rounded()


def _fix_round(lp: ScheduleLP, occupancy: Occupancy, share: float) -> bool:
    """Fix the settled people and a share of the split ones; False when nobody was split."""
    values = lp.schedule_values()
    best, total = _per_person(lp, values)
    certainty = values_of(best, values)
    open_ = ~lp.fixed
    for person in np.flatnonzero(open_ & (best >= 0) & (certainty >= 1 - TOLERANCE)).tolist():
        _fix(lp, occupancy, person, int(best[person]))
    split = np.flatnonzero(open_ & (total > TOLERANCE) & (certainty < 1 - TOLERANCE))
    if len(split) == 0:
        return False
    order = split[np.argsort(-certainty[split], kind="stable")]
    count = max(1, int(len(split) * share))
    if not sum(_fix(lp, occupancy, p, int(best[p])) for p in order[:count].tolist()):
        lp.fix(int(order[0]), None)
    return True


def fresh_lp(problem: Problem, columns: Columns, schedules: list[np.ndarray]) -> ScheduleLP:
    """A new master LP of the whole week holding `schedules` (e.g. the root LP's)."""
    lp = ScheduleLP(problem, columns)
    for schedule in schedules:
        lp.add(schedule)
    return lp


def _rebuilt(problem: Problem, lp: ScheduleLP, occupancy: Occupancy) -> ScheduleLP:
    """A smaller LP of the people still free, their schedules, and what the others took."""
    taken = (occupancy.people.astype(np.float64), occupancy.limited.astype(np.float64), lp.fixed)
    fresh = ScheduleLP(problem, lp.columns, taken)
    for schedule, owner in zip(lp.schedules, lp.owner, strict=True):
        if not lp.fixed[owner]:
            fresh.add(schedule)
    return fresh


def values_of(best: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The value of each person's best schedule (0 for people without one)."""
    return np.where(best >= 0, values[np.maximum(best, 0)] if len(values) else 0.0, 0.0)


def _per_person(lp: ScheduleLP, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each person's schedule of highest value (-1: none) and their total value."""
    persons = len(lp.columns.persons)
    owner = np.array(lp.owner, dtype=np.int64)
    total = (
        np.bincount(owner, weights=values, minlength=persons) if len(owner) else np.zeros(persons)
    )
    best = np.full(persons, -1, dtype=np.int64)
    order = np.lexsort((-values, owner)) if len(owner) else owner
    first = np.r_[True, owner[order][1:] != owner[order][:-1]] if len(order) else order
    best[owner[order][first]] = order[first]
    return best, total


def _fix(lp: ScheduleLP, occupancy: Occupancy, person: int, schedule: int) -> bool:
    """Fix `person` to `schedule` if it still fits the timetable; whether it did."""
    patterns = lp.schedules[schedule].tolist()
    # A schedule's patterns lie on different days and within the load: each fitting alone, they
    # fit together.
    if lp.fixed[person] or not all(occupancy.fits(index) for index in patterns):
        return False
    for index in patterns:
        occupancy.take(index)
    lp.fix(person, schedule)
    return True
