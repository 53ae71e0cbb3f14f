"""Benchmark of the timetable optimiser on the shared problems.

Usage: python bench/solver.py [PROBLEMS_DIR] [--limits 2,10,60] [--max-cells N] [--only NAME]
       [--workers N]

Each run happens in a fresh process so that its peak memory (ru_maxrss) is its own. `wall` is
the solver's own figure; `total` is the whole `solve` call, model building included.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tomatic.planner.entrypoint import solve  # noqa: E402
from tomatic.planner.instance import load_problem  # noqa: E402


def run_one(path: str, limit: float, workers: int) -> dict:
    """Solve one problem with one time limit; report the figures of the table."""
    problem = load_problem(Path(path).read_text(encoding="utf-8"))
    started = time.monotonic()
    solution = solve(problem, time_limit=limit, workers=workers)
    total = time.monotonic() - started
    first = solution.progress[0].t if solution.progress else None
    return {
        "problem": problem.name or Path(path).stem,
        "cells": problem.n_days * problem.n_hours * problem.n_lines,
        "limit": limit,
        "first_s": first,
        "wall_s": solution.wall_s,
        "total_s": total,
        "cost": solution.cost,
        "bound": solution.bound,
        "optimal": solution.status == "optimal",
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main() -> None:
    """Parse arguments, run every (problem, limit) pair and print the table."""
    args = _arguments()
    paths = sorted(Path(args.problems).glob("*.json"), key=_cells)
    paths = [
        p for p in paths if _cells(p) <= args.max_cells and (not args.only or p.stem in args.only)
    ]
    print(
        f"{'problem':40} {'cells':>5} {'limit':>5} {'first':>6} {'wall':>6} {'total':>6} {'cost':>7} {'bound':>7} {'opt':>3} {'MB':>5}"
    )
    context = multiprocessing.get_context("spawn")
    for path in paths:
        for limit in args.limits:
            with context.Pool(1) as pool:
                row = pool.apply(run_one, (str(path), limit, args.workers))
            print(_format(row), flush=True)


def _format(row: dict) -> str:
    first = "-" if row["first_s"] is None else f"{row['first_s']:.2f}"
    return (
        f"{row['problem']:40} {row['cells']:>5} {row['limit']:>5g} {first:>6} {row['wall_s']:>6.2f} {row['total_s']:>6.2f} "
        f"{row['cost']!s:>7} {row['bound']!s:>7} {'yes' if row['optimal'] else 'no':>3} {row['peak_mb']:>5}"
    )


def _cells(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    return len(data["days"]) * data["nHours"] * data["nLines"]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("problems", nargs="?", default=str(ROOT.parent / "shared" / "problems"))
    parser.add_argument(
        "--limits", default="2,10,60", type=lambda s: [float(x) for x in s.split(",")]
    )
    parser.add_argument("--max-cells", type=int, default=10**9)
    parser.add_argument("--only", nargs="*", default=None, help="problem names (file stems)")
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args()


if __name__ == "__main__":
    main()
