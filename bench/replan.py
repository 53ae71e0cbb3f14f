"""Benchmark: re-planning a big week after one new absence, as `/tomatic replan` asks the planner.

Usage: python bench/replan.py [PROBLEM.json] [--seed N] [--persons 300] [--lines 40] [--from-day 1]
       [--limit 30] [--workers 2]

Plans the week (a generated one unless a problem file is given), then makes the busiest person of
`--from-day` absent that whole day and builds the re-planning problem the way
`tomatic/services/replan.py` does: only the days from `--from-day` on, every current
assignment a forced turn (except the now busy ones) worth more than any move could save
(`keep_weight`), loads that let everybody keep their turns or reach their fair load, and the
current grid as the hint. Prints the time to the first timetable and to the end, the cost and
bound, and how many cells changed against how many had to (the absent person's).
`bench/plan_week.py` times the same through the services, as `/tomatic replan` runs it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_week  # noqa: E402

from tomatic.planner.entrypoint import solve  # noqa: E402
from tomatic.planner.instance import Solution, load_problem  # noqa: E402
from tomatic.services.replan import keep_weight  # noqa: E402

Grid = list[list[list[str | None]]]


def replan_problem(
    week: dict[str, Any], grid: Grid, from_day: int, absent: str
) -> tuple[dict[str, Any], Grid]:
    """The re-planning problem and hint after `absent` is away all of day `from_day`."""
    days = list(range(from_day, len(week["days"])))
    busy = {(d - from_day, h, p) for d, h, p in week["busy"] if d >= from_day}
    busy |= {(0, hour, absent) for hour in range(week["nHours"])}
    hint = [[list(cell) for cell in grid[day]] for day in days]
    forced = set()
    for d, row in enumerate(hint):
        for h, cell in enumerate(row):
            for line, person in enumerate(cell):
                if person is None:
                    continue
                if (d, h, person) in busy:
                    cell[line] = None
                else:
                    forced.add((d, h, person))
    before = _turns(grid[:from_day])
    remaining = _turns(grid[from_day:])
    loads = {
        p: max(remaining.get(p, 0), week["maxLoad"][p] - before.get(p, 0), 0)
        for p in week["persons"]
    }
    problem = dict(
        week,
        name=f"{week.get('name', 'week')}-replan",
        days=[week["days"][d] for d in days],
        busy=sorted(busy),
        undesired=[[d - from_day, h, p] for d, h, p in week["undesired"] if d >= from_day],
        forced=sorted(forced),
        maxLoad=loads,
    )
    weights = dict(problem.get("weights") or {})
    problem["weights"] = weights | {"unforced": keep_weight(load_problem(problem))}
    return problem, hint


def _turns(grid: Grid) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in grid:
        for cell in row:
            for person in cell:
                if person is not None:
                    counts[person] = counts.get(person, 0) + 1
    return counts


def busiest(grid: Grid, day: int) -> str:
    """The person with the most turns on `day` (first by id on a tie)."""
    counts = _turns([grid[day]])
    return min(counts, key=lambda person: (-counts[person], person))


def changed_cells(before: Grid, after: Grid) -> int:
    """Cells whose person differs (line positions kept by the planner)."""
    return sum(
        1
        for row_a, row_b in zip(before, after, strict=True)
        for cell_a, cell_b in zip(row_a, row_b, strict=True)
        for a, b in zip(cell_a, cell_b, strict=True)
        if a != b
    )


def main() -> None:
    """Plan, make someone absent, re-plan, print the figures."""
    args = _arguments()
    if args.problem:
        week = json.loads(Path(args.problem).read_text(encoding="utf-8"))
    else:
        week = generate_week(args.seed, args.persons, args.lines)
    planned = solve(load_problem(week), time_limit=args.limit, workers=args.workers)
    assert planned.timetable is not None, f"the week was not planned: {planned.status}"
    absent = busiest(planned.timetable, args.from_day)
    problem, hint = replan_problem(week, planned.timetable, args.from_day, absent)
    started = time.monotonic()
    again = solve(
        load_problem(problem),
        time_limit=args.limit,
        workers=args.workers,
        hint=Solution(status="feasible", timetable=hint),
    )
    total = time.monotonic() - started
    assert again.timetable is not None, f"no re-planned timetable: {again.status}"
    old = planned.timetable[args.from_day :]
    must = sum(cell.count(absent) for cell in old[0])
    first = again.progress[0].t if again.progress else None
    print(
        f"week {week.get('name')}: planned {planned.cost} ({planned.status}); {absent} away "
        f"on day {args.from_day} ({must} turns)\n"
        f"replan: first {first}s, total {total:.2f}s, cost {again.cost}, bound {again.bound}, "
        f"{again.status}; cells changed {changed_cells(old, again.timetable)} (had to: {must})"
    )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("problem", nargs="?", help="a problem JSON (default: a generated week)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--persons", type=int, default=300)
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--from-day", type=int, default=1)
    parser.add_argument("--limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args()


if __name__ == "__main__":
    main()
