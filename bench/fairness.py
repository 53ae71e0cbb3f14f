"""Benchmark: does the fairness term spread discomfort over weeks, and at what cost?

Usage: python bench/fairness.py [--weeks 8] [--seed 1] [--team preferences|template]
       [--fairness W] [--limit 10] [--workers 2]

Plans the same consecutive weeks of a realistic team twice: with the plain optimiser, and with
the fairness term fed by the ledger of the weeks before (`tomatic/planner/fairness.py`). The
team: 40 people, five days of four turns on 8 lines, weekly loads of 2 to 6 turns filling the
grid, at most 2 a day; most have recurring meetings; every week three take days off and a few
have one-off busy hours. `preferences` (default): nine in ten would rather not take the first
turn on four or five weekdays, a quarter not the last one on some, the same every week; half
have fixed turns (a pleasant block) on other weekdays. `template`: scattered optional-busy
hours, and a fixed-turns template drawn at random for half the cells (it asks some people for
split days every week). Prints, for each week and both runs, the plain cost (the cost model
without the fairness term) and the standard deviation of the accumulated discomfort; then the
totals. Targets: the fair run's final spread at most half the plain one's, its total cost at
most 3 % higher.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tomatic.planner.discomfort import discomfort_of  # noqa: E402
from tomatic.planner.entrypoint import solve  # noqa: E402
from tomatic.planner.instance import load_problem  # noqa: E402
from tomatic.planner.validation import total_cost  # noqa: E402

DAYS = ["dl", "dm", "dx", "dj", "dv"]
HOURS, LINES, PEOPLE = 4, 8, 40
LOADS = (2, 2, 3, 3, 3, 4, 4, 5, 5, 5, 6)


def team(seed: int, kind: str = "preferences") -> dict[str, Any]:
    """The team's stable facts: loads, recurring meetings, optional-busy hours, fixed turns.

    `preferences`: most people would rather not take the first turn on some weekdays (school
    runs) and a few not the last one; fixed turns are pleasant blocks on other weekdays. `template`: fewer
    preferences, and a fixed-turns template drawn at random for half the cells (some of it
    asks for split days, the same people's every week).
    """
    rng = random.Random(seed)
    people = [f"op{index:02d}" for index in range(PEOPLE)]
    ideal = {person: rng.choice(LOADS) for person in people}
    meetings = {
        (rng.randrange(len(DAYS)), rng.randrange(HOURS), person)
        for person in rng.sample(people, 3 * PEOPLE // 5)
        for _ in range(rng.randint(2, 5))
    }
    if kind == "template":
        optional = _scattered(rng, people, 2 * PEOPLE // 5)
        forced = _random_template(rng, people) - meetings
    else:
        optional = _early_and_late(rng, people)
        blocks = _pleasant_blocks(rng, people)
        asked = {(day, person) for day, _, person in optional}
        forced = {(d, h, p) for d, h, p in blocks if (d, p) not in asked} - meetings
    return {
        "people": people,
        "ideal": ideal,
        "meetings": meetings,
        "optional": optional - meetings,
        "forced": forced,
    }


def _scattered(rng: random.Random, people: list[str], count: int) -> set[tuple[int, int, str]]:
    return {
        (rng.randrange(len(DAYS)), rng.randrange(HOURS), person)
        for person in rng.sample(people, count)
        for _ in range(rng.randint(1, 4))
    }


def _early_and_late(rng: random.Random, people: list[str]) -> set[tuple[int, int, str]]:
    early = {
        (day, 0, person)
        for person in rng.sample(people, 9 * PEOPLE // 10)
        for day in rng.sample(range(len(DAYS)), rng.randint(4, 5))
    }
    late = {
        (day, HOURS - 1, person)
        for person in rng.sample(people, PEOPLE // 4)
        for day in rng.sample(range(len(DAYS)), rng.randint(1, 3))
    }
    return early | late


def _pleasant_blocks(rng: random.Random, people: list[str]) -> set[tuple[int, int, str]]:
    forced = set()
    for person in rng.sample(people, PEOPLE // 2):
        for day in rng.sample(range(len(DAYS)), rng.randint(1, 2)):
            block = rng.choice(((1,), (2,), (2, 3)))
            forced |= {(day, hour, person) for hour in block}
    return forced


def _random_template(rng: random.Random, people: list[str]) -> set[tuple[int, int, str]]:
    return {
        (day, hour, person)
        for day in range(len(DAYS))
        for hour in range(HOURS)
        for person in rng.sample(people, LINES // 2)
    }


def week_problem(stable: dict[str, Any], seed: int, week: int) -> dict[str, Any]:
    """One week: the stable facts plus this week's days off and one-off busy hours."""
    rng = random.Random(seed * 1000 + week)
    people = stable["people"]
    busy = set(stable["meetings"])
    days_off: dict[str, int] = {}
    for person in rng.sample(people, 3):
        off = rng.sample(range(len(DAYS)), rng.choice((1, 2, 5)))
        days_off[person] = len(off)
        busy |= {(day, hour, person) for day in off for hour in range(HOURS)}
    for _ in range(15):
        busy.add((rng.randrange(len(DAYS)), rng.randrange(HOURS), rng.choice(people)))
    loads = {
        p: round(stable["ideal"][p] * (len(DAYS) - days_off.get(p, 0)) / len(DAYS)) for p in people
    }
    cells = len(DAYS) * HOURS * LINES
    while sum(loads.values()) != cells:
        person = rng.choice(people)
        step = 1 if sum(loads.values()) < cells else -1
        if 0 <= loads[person] + step <= 2 * (len(DAYS) - days_off.get(person, 0)):
            loads[person] += step
    return {
        "name": f"team-week-{week}",
        "days": DAYS,
        "nHours": HOURS,
        "nLines": LINES,
        "maxPerDay": 2,
        "persons": people,
        "maxLoad": loads,
        "busy": sorted(busy),
        "undesired": sorted(stable["optional"] - busy),
        "forced": sorted(stable["forced"] - busy),
    }


def run(
    weeks: int, seed: int, fair: int | None, limit: float, workers: int, kind: str
) -> list[dict[str, Any]]:
    """Plan the weeks in order, carrying the ledger; one row per week.

    `fair`: None for the plain optimiser, else the fairness weight (None in it: the default).
    """
    stable = team(seed, kind)
    ledger = dict.fromkeys(stable["people"], 0)
    rows = []
    for week in range(weeks):
        data = week_problem(stable, seed, week)
        plain = load_problem(data)
        problem = plain
        if fair is not None:
            weights = {"fairness": fair} if fair >= 0 else {}
            problem = load_problem(dict(data, discomfort=ledger, weights=weights))
        solution = solve(problem, time_limit=limit, workers=workers, seed=0)
        assert solution.timetable is not None, f"week {week}: {solution.status}"
        for person, points in discomfort_of(plain, solution.timetable).items():
            ledger[person] += points
        rows.append(
            {
                "cost": total_cost(plain, solution.timetable),
                "status": solution.status,
                "spread": statistics.pstdev(ledger.values()),
                "most": max(ledger.values()),
            }
        )
    return rows


def main() -> None:
    """Run both and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fairness", type=int, default=-1, help="weight (default: the planner's)")
    parser.add_argument("--team", choices=("preferences", "template"), default="preferences")
    args = parser.parse_args()
    plain = run(args.weeks, args.seed, None, args.limit, args.workers, args.team)
    fair = run(args.weeks, args.seed, args.fairness, args.limit, args.workers, args.team)
    print(
        f"{'week':>4} | {'plain cost':>10} {'spread':>7} {'most':>5} | {'fair cost':>10} {'spread':>7} {'most':>5}"
    )
    for week, (a, b) in enumerate(zip(plain, fair, strict=True)):
        print(
            f"{week + 1:>4} | {a['cost']:>10} {a['spread']:>7.1f} {a['most']:>5} | "
            f"{b['cost']:>10} {b['spread']:>7.1f} {b['most']:>5}"
        )
    cost_a, cost_b = sum(r["cost"] for r in plain), sum(r["cost"] for r in fair)
    spread_a, spread_b = plain[-1]["spread"], fair[-1]["spread"]
    print(
        f"total cost: plain {cost_a}, fair {cost_b} ({100 * (cost_b - cost_a) / cost_a:+.1f} %); "
        f"final spread: plain {spread_a:.1f}, fair {spread_b:.1f} "
        f"({spread_b / spread_a if spread_a else 0:.2f}×)"
    )


if __name__ == "__main__":
    main()
