"""`tomatic load`, `problem`, `solve`, `plan` and `candidates`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from bot.cli.runner import run_with_services, sentence
from tomatic.domain.dates import WEEKDAY_WORDS
from tomatic.domain.errors import TomaticError
from tomatic.domain.runs import PlannerRun
from tomatic.planner.entrypoint import (
    SOLVE_DESCRIPTION,
    add_solve_arguments,
    positive_seconds,
    run_solve,
)
from tomatic.services import Services


def _week(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
    if day.weekday() != 0:
        raise argparse.ArgumentTypeError(f"{text} is not a Monday (weeks start on Monday)")
    return day


def _weekday(text: str) -> str:
    """A weekday as typed in Catalan, Spanish or English (`dc`, `dimecres`, `wed`…): its code."""
    code = WEEKDAY_WORDS.get(text.strip().lower())
    if code is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a weekday: use dl, dt, dc, dj, dv (or dilluns…, lunes…, mon…)"
        )
    return code


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register the planning commands."""
    load = sub.add_parser("load", help="the week's fair load per person")
    load.add_argument("week", type=_week, help="the Monday, YYYY-MM-DD")
    load.add_argument("--lines", type=int, default=None)
    load.add_argument("--forgive", action="store_true", help="ignore past shift credit")
    load.add_argument("--json", action="store_true")
    load.set_defaults(handler=show_load)
    problem = sub.add_parser("problem", help="write the week's problem JSON to stdout")
    problem.add_argument("week", type=_week)
    problem.add_argument("--lines", type=int, default=None)
    problem.set_defaults(handler=show_problem)
    solve = sub.add_parser("solve", help="solve a problem JSON file", description=SOLVE_DESCRIPTION)
    add_solve_arguments(solve)
    solve.set_defaults(handler=solve_file)
    plan = sub.add_parser("plan", help="load, problem and solve; store a draft timetable")
    plan.add_argument("week", type=_week)
    plan.add_argument("--time-limit", type=positive_seconds, default=None)
    plan.add_argument("--lines", type=int, default=None)
    plan.set_defaults(handler=plan_week)
    cand = sub.add_parser("candidates", help="who could take a turn of a stored timetable")
    cand.add_argument("week", type=_week)
    cand.add_argument("day", type=_weekday, help="a weekday: dl…dv, dilluns…, lunes…, mon…")
    cand.add_argument("hour", help="the turn's start time, e.g. 10:15")
    cand.set_defaults(handler=show_candidates)


def show_load(args: argparse.Namespace) -> int:
    """Per person: ideal, ponderated, capacity, final, overload; and the line count."""

    async def go(services: Any) -> int:
        result = await services.planning.compute_load(args.week, args.lines, args.forgive)
        persons = {p: _load_row(r) for p, r in result.persons.items()}
        if args.json:
            body = {"week": args.week.isoformat(), "lines": result.line_count, "persons": persons}
            print(json.dumps(body, indent=2))
            return 0
        print(f"Week {args.week}: {result.line_count} lines, days {' '.join(result.business_days)}")
        print(
            f"{'person':<12}{'ideal':>6}{'ponderated':>12}{'capacity':>10}{'final':>7}{'overload':>10}"
        )
        for person, row in persons.items():
            print(
                f"{person:<12}{row['ideal']:>6}{row['ponderated']:>12.2f}{row['capacity']:>10}"
                f"{row['final']:>7}{row['overload']:>10.1f}"
            )
        if result.padded:
            print(f"{'(nobody)':<12}{'':>6}{'':>12}{'':>10}{result.nobody:>7}")
        return 0

    return run_with_services(go)


def _load_row(row: Any) -> dict[str, Any]:
    names = ("ideal", "ponderated", "capacity", "final", "overload")
    return {name: getattr(row, name) for name in names}


def show_problem(args: argparse.Namespace) -> int:
    """The problem JSON, ready for `tomatic solve`."""

    async def go(services: Any) -> int:
        context = await services.planning.problem(args.week, args.lines, fair=True)
        problem = context.problem.model_dump(mode="json", by_alias=True, exclude_none=True)
        print(json.dumps(problem, indent=1))
        return 0

    return run_with_services(go)


def solve_file(args: argparse.Namespace) -> int:
    """The solution JSON on stdout: 0 solved, 3 unsolved, 2 malformed (the planner's command)."""
    return run_solve(args, sys.stdout, sys.stderr)


def plan_week(args: argparse.Namespace) -> int:
    """The whole pipeline in a worker process; the result is stored as a draft."""

    async def go(services: Services) -> int:
        started = await services.planning.start(args.week, "cli", args.time_limit, args.lines)
        return _report_run(await services.planning.wait(started.id), services.language)

    return run_with_services(go)


def _report_run(run_record: PlannerRun, lang: str) -> int:
    solution = run_record.solution or {}
    status, cost, bound = solution.get("status", "-"), solution.get("cost"), solution.get("bound")
    print(f"Run {run_record.id}: {run_record.state}, status {status}, cost {cost}, bound {bound}")
    if run_record.version:
        print(f"Stored as draft version {run_record.version} of the week {run_record.week}.")
    if run_record.error:
        error = TomaticError(run_record.error, **run_record.error_params)
        print(f"tomatic: {sentence(error, lang)}", file=sys.stderr)
    for line in (solution.get("diagnosis") or {}).get("text", [])[:20]:
        print(f"  {line}")
    return 0 if run_record.state == "done" and solution.get("timetable") else 3


def show_candidates(args: argparse.Namespace) -> int:
    """JSON list of people who could take (or swap) that turn, cheapest first."""

    async def go(services: Any) -> int:
        found = await services.candidates.candidates(args.week, args.day, args.hour)
        print(json.dumps(found, indent=2, ensure_ascii=False))
        return 0

    return run_with_services(go)
