"""Entry points of the planner: `solve`, the string-only `solve_json` and `tomatic solve`."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import replace
from typing import IO, Any, NoReturn

from pydantic import ValidationError

from tomatic.domain.timetable import Grid
from tomatic.planner.describe import Labels, describe
from tomatic.planner.diagnosis import BusyReasons, diagnose
from tomatic.planner.instance import Problem, ProblemError, Progress, Solution, load_problem
from tomatic.planner.large_search import LARGE_MODEL, run_large_search
from tomatic.planner.lines import assign_lines
from tomatic.planner.model import Assignment, add_hint, build_model
from tomatic.planner.search import SearchOptions, SearchResult, run_search, stop_asked
from tomatic.planner.validation import cost_terms
from tomatic.planner.variables import pattern_count

EXIT_SOLVED, EXIT_MALFORMED, EXIT_UNSOLVED = 0, 2, 3
SOLVE_DESCRIPTION = "Plan a week from a problem JSON file."


def solve(
    problem: Problem,
    *,
    time_limit: float = 10,
    workers: int = 2,
    seed: int = 0,
    hint: Solution | None = None,
    on_progress: Callable[[dict[str, Any]], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    lang: str = "en",
    names: dict[str, str] | None = None,
    hours: list[str] | None = None,
    busy_reasons: BusyReasons | None = None,
    large_model: int = LARGE_MODEL,
) -> Solution:
    """Plan the week: minimise the cost of `problem` under its hard rules.

    Args:
        problem: the validated week to plan.
        time_limit: wall-clock seconds before giving up the proof and keeping the best found.
        workers: CP-SAT search threads.
        seed: random seed; same seed, same problem and enough time give the same timetable.
        hint: an earlier solution to warm-start from (its line positions are kept).
        on_progress: called with {"t", "cost", "bound"} at each improving solution, and its
            `timetable` when the search has it at hand (the first ones of large weeks).
        should_stop: polled every 0.1 s; returning True stops the search, keeping the best found.
        lang: language of penalty and diagnosis texts (ca, es, en).
        names: display name per person id.
        hours: turn labels, e.g. ["09:00", "10:15", "11:30", "12:45"].
        busy_reasons: why each (day, hour, person) is busy, for the diagnosis.
        large_model: weeks with more pattern literals than this are planned through their
            linear relaxation (`large_search.py`).

    Returns:
        The solution: status, cost, bound, timetable, named penalties, progress and diagnosis.
    """
    previous = hint.timetable if hint is not None else None
    report = _with_timetables(problem, previous, on_progress) if on_progress else None
    options = SearchOptions(time_limit, workers, seed, report, should_stop)
    result = _search(problem, options, previous, large_model)
    labels = Labels(problem, lang, names or {}, hours)
    timetable = None
    penalties = []
    if result.assignment is not None:
        timetable = assign_lines(problem, result.assignment, previous)
        penalties = describe(cost_terms(problem, timetable), problem, lang, names, hours)
    holes = timetable is None or any(None in cell for row in timetable for cell in row)
    diagnosis = diagnose(problem, timetable, result.status, busy_reasons, labels) if holes else None
    return Solution(
        status=result.status,
        cost=result.cost,
        bound=result.bound,
        timetable=timetable,
        penalties=penalties,
        wall_s=round(result.wall_s, 3),
        diagnosis=diagnosis,
        progress=[Progress(**point) for point in result.progress],
    )


def _with_timetables(
    problem: Problem, previous: Grid | None, on_progress: Callable[[dict[str, Any]], None]
) -> Callable[[dict[str, Any]], None]:
    """Progress points as `solve` reports them: a finder's people per turn become the
    point's `timetable`, laid on lines as the final one will be."""

    def report(point: dict[str, Any]) -> None:
        assignment = point.pop("assignment", None)
        if assignment is not None:
            point["timetable"] = assign_lines(problem, assignment, previous)
        on_progress(point)

    return report


def _search(
    problem: Problem, options: SearchOptions, previous: Grid | None, large_model: int
) -> SearchResult:
    """The LP path for large weeks (full model if the LP is not solved in time), else CP-SAT."""
    start = time.monotonic()
    if pattern_count(problem) > large_model:
        found = run_large_search(problem, options, _people_per_turn(previous))
        if found is not None or stop_asked(options):
            return found or SearchResult("unknown", None, None, None, time.monotonic() - start)
        spent = time.monotonic() - start
        options = replace(options, time_limit=max(0.0, options.time_limit - spent))
    built = build_model(problem)
    if previous:
        add_hint(built, problem, previous)
    return run_search(built, options)


def _people_per_turn(timetable: Grid | None) -> Assignment | None:
    if not timetable:
        return None
    return {
        (day, hour): [person for person in cell if person is not None]
        for day, row in enumerate(timetable)
        for hour, cell in enumerate(row)
    }


def solve_json(problem_json: str, hint_json: str | None = None, **options: Any) -> str:
    """`solve` with strings in and out, for process pools.

    Args:
        problem_json: the problem in the exchange format.
        hint_json: an earlier solution's JSON to warm-start from, if any.
        **options: any keyword option of `solve` except `hint`; `busy_reasons` may be given as
            a list of [[day, hour, person], reason] pairs (callbacks must suit the executor).

    Returns:
        The solution JSON.

    Raises:
        ProblemError: the problem is malformed.
    """
    problem = load_problem(problem_json)
    hint = Solution.model_validate_json(hint_json) if hint_json else None
    if "busy_reasons" in options and options["busy_reasons"] is not None:
        options["busy_reasons"] = {tuple(k): v for k, v in options["busy_reasons"]}
    return solve(problem, hint=hint, **options).model_dump_json(exclude_none=False)


def run_solve_command(argv: list[str], stdout: IO[str], stderr: IO[str]) -> int:
    """`tomatic solve PROBLEM.json [--time-limit S] [--workers N] [--seed N] [--hint F] [--lang L]`.

    Prints the solution JSON on stdout. Returns 0 with a solution, 3 when infeasible or none was
    found in time (the JSON still says why), 2 on a malformed problem, unreadable file or bad
    arguments (one line on stderr naming the JSON path and why).
    """
    try:
        args = _parser().parse_args(argv)
    except _UsageError as error:
        print(f"tomatic solve: {error}", file=stderr)
        return EXIT_MALFORMED
    return run_solve(args, stdout, stderr)


def run_solve(args: argparse.Namespace, stdout: IO[str], stderr: IO[str]) -> int:
    """`tomatic solve` once its arguments (`add_solve_arguments`) are parsed; the exit status."""
    try:
        problem = load_problem(_read(args.problem))
        hint = Solution.model_validate_json(_read(args.hint)) if args.hint else None
    except (OSError, ProblemError, ValueError) as error:
        print(f"tomatic solve: {_one_line(error)}", file=stderr)
        return EXIT_MALFORMED
    solution = solve(
        problem,
        time_limit=args.time_limit,
        workers=args.workers,
        seed=args.seed,
        hint=hint,
        lang=args.lang,
    )
    print(solution.model_dump_json(indent=1), file=stdout)
    return EXIT_SOLVED if solution.status in ("optimal", "feasible") else EXIT_UNSOLVED


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tomatic solve", description=SOLVE_DESCRIPTION)
    add_solve_arguments(parser)
    return parser


def positive_seconds(text: str) -> float:
    """A time limit: a number of seconds above zero (0 or less would stop before searching)."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} seconds: give more than 0")
    return seconds


def _threads(text: str) -> int:
    try:
        threads = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if threads < 1:
        raise argparse.ArgumentTypeError(f"{text} threads: give 1 or more")
    return threads


def add_solve_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of `tomatic solve`, in any order."""
    parser.add_argument("problem", help="problem JSON file (spec/problem-format.md)")
    parser.add_argument(
        "--time-limit", type=positive_seconds, default=10.0, help="seconds (default 10)"
    )
    parser.add_argument("--workers", type=_threads, default=2, help="search threads (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--hint", help="an earlier solution JSON to start from")
    parser.add_argument(
        "--lang", choices=("ca", "es", "en"), default="en", help="language of texts"
    )


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()


def _one_line(error: Exception) -> str:
    if isinstance(error, OSError):
        return f"cannot read {error.filename}: {error.strerror}"
    if isinstance(error, ProblemError):
        return str(error).replace("\n", " ")
    if isinstance(error, ValidationError):  # the hint is not a solution: say where
        detail = error.errors()[0]
        where = ".".join(str(part) for part in detail["loc"]) or "the file"
        return f"hint: not a solution JSON: {where}: {detail['msg']}"
    first = str(error).splitlines()
    return f"hint: {first[0] if first else error}"
