"""Fair share of unpleasant turns over weeks: each person's discomfort, and the term spreading it.

**Discomfort** of a person on a day is what their own penalty terms (undesired placements,
concentrated day, day shape, under the week's weights) cost *above the least that day's number
of turns must cost them*, given their free hours: two turns in a day cost a concentrated day
whoever takes them (the load's doing, which the shift credit evens out), but a no-brunch or
split day where a morning pair was possible, or an optional-busy turn, is discomfort. A week's
discomfort adds up the days; `discomfort_of` (`discomfort.py`) measures it from a timetable and
the ledger adds it up week after week.

**The fairness term.** The problem's optional `discomfort` field carries each person's recent
total (the ledger, e.g. over the last eight weeks). Each person gets a share in −100..100 %: how
far above (+) or below (−) the team's mean their total is, in units of the team's spread
(at least `MIN_SPREAD` points). Each person-day's discomfort is then counted again times
`weights.fairness` % × share: people who carried more lately cost more to burden, those who
carried less cost less (never below half their discomfort: it must not become a gain). The
shares average zero, so the term trades discomfort between people rather than against holes.

**Within the week.** The shares are fixed for the week, so on their own they price every
person-day of someone rested alike: the plan would pile the week's discomfort on the few most
rested (a whole week of undesired turns), overshooting the mean. So each person's uneasy days
(days with discomfort) of one week cost `week_step` more per uneasy day before them in that
week: n uneasy days add `week_step × n(n−1)/2`. It spreads the week's discomfort over more
people; it is never negative, so a bound that leaves it out stays a lower bound.

`weights.fairness` 0, or no `discomfort` field, switches both parts off.
"""

from __future__ import annotations

import math

from tomatic.planner.instance import Problem

MIN_SPREAD = 10.0
"""Discomfort points worth a full share (when the team's standard deviation is smaller)."""


def fairness_on(problem: Problem) -> bool:
    """Whether the problem asks for fairness: a `discomfort` ledger and a non-zero weight."""
    return problem.discomfort is not None and bool(problem.weight("fairness"))


def week_step(problem: Problem) -> int:
    """What each earlier uneasy day of the week adds to an uneasy day: 1 point per 100 % of
    `weights.fairness` (at least 1), 0 when fairness is off."""
    if not fairness_on(problem):
        return 0
    return max(1, _div_round(problem.weight("fairness") or 0, 100))


def week_cost(step: int, uneasy_days: int) -> int:
    """The within-week part of one person's fairness term: `step` × n(n−1)/2 for n uneasy days."""
    return step * uneasy_days * (uneasy_days - 1) // 2


def fairness_shares(problem: Problem) -> dict[str, int]:
    """Each person's share in −100..100 (%), from the problem's `discomfort`; empty when off.

    People missing from `discomfort` count as the team's mean (share 0).
    """
    weight = problem.weight("fairness")
    if not problem.discomfort or not weight:
        return {}
    past = {person: problem.discomfort.get(person) for person in problem.persons}
    known = [value for value in past.values() if value is not None]
    if not known:
        return {}
    mean = sum(known) / len(known)
    spread = max(MIN_SPREAD, math.sqrt(sum((v - mean) ** 2 for v in known) / len(known)))
    return {
        person: max(-100, min(100, round(100 * (value - mean) / spread)))
        for person, value in past.items()
        if value is not None and round(100 * (value - mean) / spread) != 0
    }


def fairness_cost(problem: Problem, share: int, own: int) -> int:
    """The fairness term of one person-day whose discomfort is `own` points.

    Never below −own/2: discomfort must never become a gain.
    """
    weight = problem.weight("fairness") or 0
    return max(-(own // 2), _div_round(weight * share * own, 100 * 100))


def _div_round(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest integer, halves away from zero."""
    sign = -1 if numerator < 0 else 1
    return sign * ((abs(numerator) * 2 + denominator) // (2 * denominator))
