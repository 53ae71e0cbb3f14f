"""Planner runs in worker processes: progress, drafts, cancel, and a killed worker."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.workers import ProcessPoolSolverRunner
from tomatic.adapters.sqlite.db import open_database
from tomatic.adapters.sqlite.legacy_import import import_bundle
from tomatic.domain.errors import SolverCrashedError
from tomatic.legacy.directory import read_legacy_dir
from tomatic.planner.instance import ProblemError

DATA = Path(__file__).resolve().parents[1] / "data"
BIG = (DATA / "problems" / "contact-centre-8turns-40lines-s1600.json").read_text()
# The full model of the 1,600-cell week (its fast LP-guided path switched off) runs for
# minutes: long enough to be cancelled or killed mid-search.
SLOW = {"time_limit": 120, "workers": 2, "large_model": 10**9}
WEEK = dt.date(2020, 3, 2)
UNREACHABLE_S = 24 * 3600.0


@pytest.fixture
async def runner():
    pool = ProcessPoolSolverRunner(workers=1)
    await pool.warm_up()
    yield pool
    pool.close()


async def _first_progress(runner: ProcessPoolSolverRunner, run_id: str, task: asyncio.Task) -> None:
    for _ in range(600):
        if run_id in runner.pids:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the worker never started: {task}")


async def test_a_week_is_planned_in_a_worker_and_stored_as_draft(settings, runner):
    db = open_database(settings.db_path)
    import_bundle(
        db, read_legacy_dir(DATA / "legacy-cases" / "load-2020-03-02" / "inputs")[0], WEEK
    )
    db.conn.close()
    from bot.container import SilentNotifier, build_services

    before = dt.datetime(2020, 2, 27, 10, 0, tzinfo=ZoneInfo("Europe/Madrid"))  # planned ahead
    services = build_services(settings, SilentNotifier(), None, runner=runner, now=lambda: before)
    seen: list[str] = []

    async def listener(run) -> None:
        seen.append(run.state)

    services.planning.events.subscribe(listener)
    try:
        run = await services.planning.start(WEEK, "anna", time_limit=20)
        done = await services.planning.wait(run.id)
        assert done.state == "done"
        assert done.solution["status"] == "optimal"
        assert done.solution["cost"] == 60
        assert done.progress and done.progress[-1]["cost"] == 60
        assert {"queued", "running", "done"} <= set(seen)
        assert (await services.timetable.draft(WEEK))[0] == done.version
        assert (await services.timetable.version(WEEK, done.version)).holes() == 0
    finally:
        await services.close()


async def test_cancel_keeps_the_best_solution_found(runner):
    # a time limit the search cannot reach: only the cancel can end it, whatever the load
    options = {**SLOW, "time_limit": UNREACHABLE_S}
    points: list[dict] = []
    task = asyncio.create_task(runner.solve("r1", BIG, options, points.append))
    while not (points or task.done()):
        await asyncio.sleep(0.05)
    assert points, "no solution was reported before cancelling"
    assert runner.cancel("r1")
    solution = json.loads(await task)
    assert solution["status"] == "feasible"  # stopped before proving anything
    assert solution["timetable"] is not None
    assert solution["cost"] <= points[-1]["cost"]
    assert solution["wall_s"] < UNREACHABLE_S  # ended by the cancel, not by its time limit


async def test_a_problem_the_worker_refuses_comes_back_as_its_error_and_the_pool_stays(runner):
    pool = runner._pool
    malformed = json.loads((DATA / "problems" / "2days2lines.json").read_text())
    malformed["maxLoad"] = {}
    with pytest.raises(ProblemError) as refused:
        await runner.solve("r5", json.dumps(malformed), {"time_limit": 5})
    assert refused.value.path.startswith("maxLoad.")
    assert refused.value.reason == "missing load for this person"
    assert runner._pool is pool  # not rebuilt: the worker did not die
    small = (DATA / "problems" / "2days2lines.json").read_text()
    assert json.loads(await runner.solve("r6", small, {"time_limit": 20}))["cost"] == 5


async def test_a_killed_worker_fails_the_run_and_the_pool_recovers(runner):
    task = asyncio.create_task(runner.solve("r2", BIG, SLOW))
    await _first_progress(runner, "r2", task)
    os.kill(runner.pids["r2"], signal.SIGKILL)
    with pytest.raises(SolverCrashedError):
        await asyncio.wait_for(task, timeout=30)
    small = (DATA / "problems" / "2days2lines.json").read_text()
    solution = json.loads(await runner.solve("r3", small, {"time_limit": 20}))
    assert solution["cost"] == 5
