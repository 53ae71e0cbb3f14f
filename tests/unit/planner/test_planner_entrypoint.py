"""solve, solve_json and `tomatic solve`: options, determinism, warm start, stop, exit codes."""

from __future__ import annotations

import io
import json
import threading

from planner_builders import PROBLEMS, make_problem, read_problem, solved

from tomatic.planner.entrypoint import run_solve_command, solve, solve_json
from tomatic.planner.instance import Solution
from tomatic.planner.validation import total_cost


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = run_solve_command(argv, out, err)
    return code, out.getvalue(), err.getvalue()


class TestSolveCommand:
    def test_a_solved_problem_prints_the_solution_and_exits_0(self):
        code, out, err = run([str(PROBLEMS / "2days2lines.json"), "--time-limit", "20"])
        solution = json.loads(out)
        assert (code, err) == (0, "")
        assert (solution["status"], solution["cost"]) == ("optimal", 5)

    def test_a_malformed_problem_exits_2_with_one_line_naming_the_path(self, tmp_path):
        path = tmp_path / "bad.json"
        path.write_text(make_problem().to_json().replace('"alice":2', '"alice":-2'))
        code, out, err = run([str(path)])
        assert (code, out) == (2, "")
        assert err.count("\n") == 1
        assert "maxLoad.alice: must be >= 0" in err

    def test_bad_json_exits_2(self, tmp_path):
        path = tmp_path / "bad.json"
        path.write_text("{")
        code, _, err = run([str(path)])
        assert code == 2 and "not valid JSON" in err and err.count("\n") == 1

    def test_an_unreadable_file_exits_2(self, tmp_path):
        code, _, err = run([str(tmp_path / "missing.json")])
        assert code == 2 and "cannot read" in err

    def test_bad_arguments_exit_2(self):
        code, _, err = run(["x.json", "--workers", "many"])
        assert code == 2 and err.count("\n") == 1

    def test_an_infeasible_problem_exits_3_and_still_prints_the_diagnosis(self, tmp_path):
        path = tmp_path / "infeasible.json"
        path.write_text(make_problem(groups={"g": ["alice"]}, minIdleInGroup={"g": 2}).to_json())
        code, out, _ = run([str(path), "--lang", "ca"])
        solution = json.loads(out)
        assert code == 3
        assert solution["status"] == "infeasible"
        assert (
            "Les regles obligatòries no es poden complir totes alhora."
            in solution["diagnosis"]["texts"]
        )


def test_solve_json_takes_and_gives_strings():
    answer = Solution.model_validate_json(solve_json(make_problem().to_json(), time_limit=20))
    assert (answer.status, answer.cost) == ("optimal", 120)


def test_the_same_seed_gives_the_same_timetable():
    problem = read_problem("gen_hard_5x4x12")
    first = solve(problem, time_limit=20, seed=3)
    second = solve(problem, time_limit=20, seed=3)
    assert first.timetable == second.timetable


def test_a_hint_warm_starts_the_search_and_keeps_its_lines():
    problem = read_problem("synth-8lines-40p")
    earlier = solved(problem)
    shuffled = [[list(reversed(cell)) for cell in row] for row in earlier.timetable]
    hint = earlier.model_copy(update={"timetable": shuffled})
    again = solved(problem, hint=hint)
    assert again.cost == earlier.cost
    assert again.timetable == shuffled  # the hinted optimum, lines as in the hint
    assert again.progress[0].cost == earlier.cost


def test_progress_reports_improving_solutions():
    reports = []
    solution = solve(read_problem("gen_5x4x12"), time_limit=20, on_progress=reports.append)
    costs = [r["cost"] for r in reports]
    assert costs == sorted(costs, reverse=True) and costs[-1] == solution.cost
    assert all(r["bound"] <= r["cost"] for r in reports)


def test_should_stop_ends_the_search_within_two_seconds():
    problem = read_problem("contact-centre-8turns-40lines-s1600")
    solution = solve(problem, time_limit=120, should_stop=lambda: True)
    assert solution.wall_s < 60  # half the time limit: the stop, not the limit, ended it
    assert solution.status == "unknown"
    assert solution.diagnosis["summary"]["status"] == "unknown"


def test_a_stop_after_the_first_solution_keeps_it():
    problem = read_problem("two-teams-24lines-s480")
    found = threading.Event()
    solution = solve(
        problem,
        time_limit=60,
        workers=1,
        on_progress=lambda _: found.set(),
        should_stop=found.is_set,
    )
    assert solution.status in ("feasible", "optimal")
    assert solution.cost == total_cost(problem, solution.timetable)
    assert solution.cost == solution.progress[-1].cost


def test_penalty_texts_follow_the_language_names_and_hour_labels():
    problem = make_problem(
        days=["dl", "dm"],
        forced=[[1, 0, "alice"], [1, 3, "alice"]],
        maxLoad={"alice": 2, "barb": 0},
    )
    hours = ["09:00", "10:15", "11:30", "12:45", "14:00"]
    solution = solve(problem, time_limit=20, names={"alice": "Anna"}, hours=hours)
    texts = [p.text for p in solution.penalties]
    assert "Anna has turns at 09:00 and 12:45 on Tuesday: split day" in texts
    catalan = solve(problem, time_limit=20, lang="ca", names={"alice": "Anna"})
    assert "Anna té torns a les 09:00 i 12:45 el dimarts: torns intercalats" in [
        p.text for p in catalan.penalties
    ]
