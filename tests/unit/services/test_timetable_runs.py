"""Planner runs followed in a DM, and re-planning a published week with the real planner."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import pytest

from bot.workers import ProcessPoolSolverRunner
from tests.conftest import services_on
from tests.support.timetable_team import NEXT_WEEK, grid, make_team, store
from tomatic.domain.errors import PermissionDeniedError
from tomatic.domain.model import BusyEntry
from tomatic.services.plan_watch import PlanWatcher


class SteppedRunner:
    """A SolverRunner whose progress and end the test drives."""

    def __init__(self) -> None:
        self.step = asyncio.Queue()
        self.cancelled: list[str] = []

    async def solve(self, run_id: str, problem_json: str, options: dict, on_progress=None) -> str:
        problem = json.loads(problem_json)
        while (cost := await self.step.get()) is not None:
            await on_progress({"t": 0.1, "cost": cost, "bound": 0})
        cells = [[[None] * problem["nLines"] for _ in range(problem["nHours"])]
                 for _ in problem["days"]]  # fmt: skip
        penalties = [{"rule": "holes", "day": 0, "hour": 0, "cost": 100, "text": "holes on dl"},
                     {"rule": "concentrated", "day": 0, "person": "eva", "cost": 20,
                      "text": "Eva has 2 turns on dl"}]  # fmt: skip
        return json.dumps(
            {
                "status": "feasible",
                "cost": 120,
                "timetable": cells,
                "penalties": penalties,
                "diagnosis": {"text": ["Short of people"]},
            }
        )

    def cancel(self, run_id: str) -> bool:
        self.cancelled.append(run_id)
        return True


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


async def _until(condition: Any) -> None:
    for _ in range(200):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")


async def test_a_run_is_followed_in_a_dm_at_most_once_a_second_then_summarised(
    settings, stores, notifier
):
    runner = SteppedRunner()
    services = services_on(settings, stores, notifier, runner)
    team = await make_team(services)
    clock = Clock()
    watcher = PlanWatcher(services.planning, stores.persons, notifier, services.identity, clock)
    services.planning.events.subscribe(watcher.on_run)
    started = await watcher.start(team["anna"], NEXT_WEEK, "en", time_limit=5)
    assert started.followed
    assert notifier.sent == [("anna", "plan.progress", {"week": "2026-11-30", "state": "queued",
                                                        "elapsed": 0})]  # fmt: skip
    assert [u[2]["state"] for u in notifier.updates] == ["queued"]
    await runner.step.put(500)
    await runner.step.put(400)
    await asyncio.sleep(0.05)
    assert len(notifier.updates) == 1  # running, 500, 400: all within the same second
    clock.t += 1.5
    await runner.step.put(300)
    await _until(lambda: notifier.updates[-1][2]["cost"] == 300)
    assert notifier.updates[-1][2]["elapsed"] == 2
    assert await watcher.stop(team["anna"], started.run.id)
    with pytest.raises(PermissionDeniedError):
        await watcher.stop(team["bernat"], started.run.id)
    await runner.step.put(None)
    await services.planning.wait(started.run.id)
    ref, kind, final = notifier.updates[-1]
    assert (ref, kind, final["state"]) == ("D-anna:1", "plan.progress", "cancelled")
    assert (final["cost"], final["holes"], final["version"]) == (120, 40, 1)
    assert final["penalties"] == [["", ["holes on dl"]], ["Eva", ["Eva has 2 turns on dl"]]]
    assert final["diagnosis"] == ["Short of people"]
    await services.close()


async def test_only_coordinators_plan(services):
    team = await make_team(services)
    with pytest.raises(PermissionDeniedError):
        await services.plans.start(team["bernat"], NEXT_WEEK, "en")


@pytest.fixture(scope="module")
def solver():
    runner = ProcessPoolSolverRunner(workers=1)
    yield runner
    runner.close()


async def test_replanning_after_a_new_absence_changes_only_the_affected_cells(
    settings, stores, notifier, solver
):
    services = services_on(settings, stores, notifier, solver)
    team = await make_team(services)
    published = await store(stores, grid(NEXT_WEEK))
    wednesday = dt.date(2026, 12, 2)
    await services.availability.add(
        team["anna"], team["bernat"],
        BusyEntry(person="bernat", date=wednesday, turns="1111", optional=False, reason="Sick"),
    )  # fmt: skip
    result = await services.replan.replan(team["anna"], dt.date(2026, 12, 1), time_limit=10)
    assert result.published == published
    before = grid(NEXT_WEEK)
    held = [(d, h, line) for d, h, line in before.turns_of("bernat") if d == "dx"]
    # bernat's Wednesday turn goes to someone else; the only other change the planner may make
    # is to give bernat, in exchange, one of that person's later turns (cheaper than a hole)
    changed = [(c.day, c.hour, c.line, c.old) for c in result.changes]
    assert changed[0] == (*held[0], "bernat")
    assert len(changed) <= 2
    await services.close()
    assert all("bernat" in (c.old, c.new) for c in result.changes)
    assert result.holes == 0
    draft = await services.timetable.version(NEXT_WEEK, result.version)
    assert draft.cells["dl"] == before.cells["dl"]
    assert all("bernat" not in turn for turn in draft.cells["dx"])
    assert draft.log == result.changes
    assert (await services.timetable.published(NEXT_WEEK))[0] == published
