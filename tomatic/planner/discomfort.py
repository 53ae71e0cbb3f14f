"""How much discomfort a timetable gives each person: the fairness ledger's weekly entry.

See `fairness.py` for the definition: on each day, a person's own penalty terms (undesired
placements, concentrated day, day shape) above the least that day's number of turns must cost
among their free hours.
"""

from __future__ import annotations

from tomatic.planner.instance import Problem
from tomatic.planner.penalties import LeastOwnCost, pattern_cost

Timetable = list[list[list[str | None]]]


def discomfort_of(problem: Problem, timetable: Timetable) -> dict[str, int]:
    """Each person's discomfort in a timetable of `problem` (see `fairness.py`).

    Args:
        problem: the week planned (its weights, busy and optional-busy entries).
        timetable: `timetable[d][h]`, lists of people or None, as in a Solution.

    Returns:
        Discomfort points (>= 0) for every person of the problem.
    """
    undesired = problem.undesired_set()
    busy = problem.busy_set()
    least = LeastOwnCost(problem)
    found = dict.fromkeys(problem.persons, 0)
    for person in problem.persons:
        for day, row in enumerate(timetable):
            hours = tuple(h for h, cell in enumerate(row) if person in cell)
            if not hours:
                continue
            mine = {h for h in hours if (day, h, person) in undesired}
            free = tuple(h for h in range(problem.n_hours) if (day, h, person) not in busy)
            own = pattern_cost(problem, hours, mine, set())
            found[person] += max(0, own - least(free, len(hours)))
    return found
