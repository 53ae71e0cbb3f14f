"""Benchmark of the timetable optimiser on the shared problems and generated big weeks.

Usage: python bench/solver.py [PROBLEMS_DIR] [--limits 2,10,60] [--max-cells N] [--only NAME]
       [--workers N] [--generate SEEDS] [--big SEEDS]

Each run happens in a fresh process so that its peak memory (ru_maxrss) is its own. `wall` is
the solver's own figure; `total` is the whole `solve` call, model building included; `gap` is
(cost − bound) / bound. `--generate 1,2,3` adds 1,600-cell weeks with tables and groups
(300 people, 40 lines) from `bench/generate.py` with those seeds; `--big 1` adds 4,000-cell
ones (750 people, 100 lines). Targets for those: within 1 % in 30 s, under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_week  # noqa: E402

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
    generated = Path(tempfile.mkdtemp(prefix="tomatic-bench-"))
    for seeds, persons, lines in ((args.generate, 300, 40), (args.big, 750, 100)):
        for seed in seeds:
            week = generate_week(seed, persons, lines)
            path = generated / f"{week['name']}.json"
            path.write_text(json.dumps(week), encoding="utf-8")
            paths.append(path)
    print(
        f"{'problem':40} {'cells':>5} {'limit':>5} {'first':>6} {'wall':>6} {'total':>6} {'cost':>7} {'bound':>7} {'gap':>6} {'opt':>3} {'MB':>5}"
    )
    context = multiprocessing.get_context("spawn")
    for path in paths:
        for limit in args.limits:
            with context.Pool(1) as pool:
                row = pool.apply(run_one, (str(path), limit, args.workers))
            print(_format(row), flush=True)


def _format(row: dict) -> str:
    first = "-" if row["first_s"] is None else f"{row['first_s']:.2f}"
    gap = "-"
    if row["cost"] is not None and row["bound"]:
        gap = f"{100 * (row['cost'] - row['bound']) / row['bound']:.2f}%"
    return (
        f"{row['problem']:40} {row['cells']:>5} {row['limit']:>5g} {first:>6} {row['wall_s']:>6.2f} {row['total_s']:>6.2f} "
        f"{row['cost']!s:>7} {row['bound']!s:>7} {gap:>6} {'yes' if row['optimal'] else 'no':>3} {row['peak_mb']:>5}"
    )


def _cells(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    return len(data["days"]) * data["nHours"] * data["nLines"]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("problems", nargs="?", default=str(_shared_problems()))
    parser.add_argument(
        "--limits", default="2,10,60", type=lambda s: [float(x) for x in s.split(",")]
    )
    parser.add_argument("--max-cells", type=int, default=10**9)
    parser.add_argument("--only", nargs="*", default=None, help="problem names (file stems)")
    parser.add_argument("--workers", type=int, default=2)
    seeds = lambda text: [int(x) for x in text.split(",") if x]  # noqa: E731
    parser.add_argument("--generate", type=seeds, default=[], help="seeds of 1,600-cell weeks")
    parser.add_argument("--big", type=seeds, default=[], help="seeds of 4,000-cell weeks")
    return parser.parse_args()


def _shared_problems() -> Path:
    """`shared/problems` beside the checkout (or beside its parent, for work trees)."""
    for folder in (ROOT.parent, ROOT.parent.parent):
        if (folder / "shared" / "problems").is_dir():
            return folder / "shared" / "problems"
    return ROOT.parent / "shared" / "problems"


if __name__ == "__main__":
    main()
