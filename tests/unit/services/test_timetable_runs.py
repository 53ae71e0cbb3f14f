"""Planner runs followed in a DM: progress, the best timetable so far, the result, what
became of it (`test_timetable_run_endings.py`); one run per week; past weeks refused."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import pytest

from handlers.blocks.plan import plan_progress_message
from tests.conftest import NOW, services_on
from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store
from tomatic.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from tomatic.services.planning import PlanRunningError


class SteppedRunner:
    """A SolverRunner whose progress and end the test drives: each step is a cost, or a
    (cost, timetable) pair; None ends the run with `final` (all holes by default)."""

    def __init__(self, final: list | None = None) -> None:
        self.step: asyncio.Queue = asyncio.Queue()
        self.cancelled: list[str] = []
        self.final = final
        self.problems: list[dict[str, Any]] = []

    async def solve(self, run_id: str, problem_json: str, options: dict, on_progress=None) -> str:
        problem = json.loads(problem_json)
        self.problems.append(problem)
        while (step := await self.step.get()) is not None:
            cost, table = step if isinstance(step, tuple) else (step, None)
            point = {"t": 0.1, "cost": cost, "bound": 0}
            await on_progress(point | ({"timetable": table} if table else {}))
        cells = self.final or [[[None] * problem["nLines"] for _ in range(problem["nHours"])]
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


async def until(condition: Any) -> None:
    for _ in range(300):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")


def buttons(blocks: list[dict[str, Any]] | None) -> list[str]:
    return [e["action_id"] for b in blocks or [] if b["type"] == "actions" for e in b["elements"]]


@pytest.fixture
def stepped() -> SteppedRunner:
    return SteppedRunner()


@pytest.fixture
async def planned(settings, stores, notifier, stepped):
    """Services whose planner runs the test drives, and the team of eight."""
    services = services_on(settings, stores, notifier, stepped)
    team = await make_team(services)
    yield services, team
    await services.close()


async def test_a_run_is_followed_in_a_dm_at_most_once_a_second_then_summarised(
    settings, stores, notifier
):
    runner = SteppedRunner()
    services = services_on(settings, stores, notifier, runner)
    team = await make_team(services)
    clock = Clock()
    watcher = services.plans
    watcher.clock = clock
    started = await watcher.start(team["anna"], NEXT_WEEK, "en", time_limit=5)
    assert started.followed and not started.already
    to, kind, first = notifier.sent[0]
    assert (to, kind, first["week"], first["state"]) == (
        "anna",
        "plan.progress",
        "2026-11-30",
        "queued",
    )
    assert (await services.planning.get(started.run.id)).message == "D-anna:1"
    assert [u[2]["state"] for u in notifier.updates] == ["queued"]
    await runner.step.put(500)
    await runner.step.put(400)
    await asyncio.sleep(0.05)
    assert len(notifier.updates) == 1  # running, 500, 400: all within the same second
    clock.t += 1.5
    await runner.step.put(300)
    await until(lambda: notifier.updates[-1][2]["cost"] == 300)
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


async def test_the_first_progress_with_a_timetable_is_shown_and_can_be_opened(
    planned, stepped, notifier
):
    services, team = planned
    services.plans.clock = clock = Clock()
    started = await services.plans.start(team["anna"], NEXT_WEEK, "en")
    best = grid(NEXT_WEEK).grid()
    best[0][0][0] = None
    await until(lambda: stepped.problems)  # running: the next update is the progress
    clock.t += 2
    await stepped.step.put((900, best))
    await until(lambda: notifier.updates[-1][2]["holes"] == 1)
    _, blocks = plan_progress_message(notifier.updates[-1][2], "en")
    assert buttons(blocks) == ["tomatic.plan.show_best", "tomatic.plan.stop"]
    assert "best timetable so far: cost 900 · empty cells: 1" in json.dumps(
        blocks, ensure_ascii=False
    )
    shown = await services.plans.best(team["anna"], started.run.id)
    assert (
        shown.cells["dl"][0] == [None, "bernat"]
        and shown.cells["dv"] == grid(NEXT_WEEK).cells["dv"]
    )
    with pytest.raises(PermissionDeniedError):
        await services.plans.best(team["bernat"], started.run.id)
    await stepped.step.put(None)
    await services.planning.wait(started.run.id)
    assert services.planning.best(started.run.id) is None  # forgotten: the draft is stored


class TestOneRunPerWeek:
    async def test_asking_again_for_a_week_being_planned_shows_the_running_run(
        self, planned, stepped, stores
    ):
        services, team = planned
        first = await services.plans.start(team["anna"], NEXT_WEEK, "en")
        again = await services.plans.start(team["anna"], NEXT_WEEK, "ca")
        assert again.already and again.run.id == first.run.id
        assert [r.id for r in await stores.runs.of_week(NEXT_WEEK)] == [first.run.id]
        with pytest.raises(PlanRunningError) as refused:
            await services.planning.start(NEXT_WEEK, "tomatic")
        assert refused.value.params == {"week": NEXT_WEEK, "run": first.run.id}
        await stepped.step.put(None)
        await services.planning.wait(first.run.id)
        after = await services.plans.start(team["anna"], NEXT_WEEK, "en")
        assert not after.already and after.run.id != first.run.id
        await stepped.step.put(None)
        await services.planning.wait(after.run.id)

    async def test_no_more_runs_than_the_cap_are_under_way(self, planned, stepped):
        services, _ = planned
        weeks = [NEXT_WEEK + dt.timedelta(weeks=n) for n in range(3)]
        runs = [await services.planning.start(week, "anna") for week in weeks[:2]]
        with pytest.raises(ConflictError) as refused:
            await services.planning.start(weeks[2], "anna")
        assert refused.value.key == "plan.too_many"
        assert refused.value.params == {"count": 2, "weeks": weeks[:2]}
        for _ in runs:
            await stepped.step.put(None)
        for run in runs:
            await services.planning.wait(run.id)


class TestPastWeeks:
    async def test_a_week_that_is_over_is_not_planned(self, planned):
        services, team = planned
        with pytest.raises(ValidationError) as refused:
            await services.plans.start(team["anna"], THIS_WEEK - dt.timedelta(weeks=1), "en")
        assert (refused.value.key, refused.value.params) == (
            "plan.week_over",
            {
                "week": dt.date(2026, 11, 16),
                "ended": dt.datetime(2026, 11, 20, 14, tzinfo=NOW.tzinfo),
            },
        )

    async def test_the_current_week_can_still_be_planned(self, planned, stepped):
        services, team = planned
        started = await services.plans.start(team["anna"], THIS_WEEK, "en")
        await stepped.step.put(None)
        assert (await services.planning.wait(started.run.id)).state == "done"

    async def test_a_published_week_that_has_begun_is_re_planned_not_planned(self, planned, stores):
        services, team = planned
        await store(stores, grid(THIS_WEEK))
        with pytest.raises(ValidationError) as refused:
            await services.plans.start(team["anna"], THIS_WEEK, "en")
        assert (refused.value.key, refused.value.params) == ("plan.week_begun", {"week": THIS_WEEK})
        assert await stores.runs.of_week(THIS_WEEK) == []

    async def test_a_week_that_is_over_is_not_published(self, planned, stores):
        services, team = planned
        last = THIS_WEEK - dt.timedelta(weeks=1)
        version = await store(stores, grid(last), "draft")
        with pytest.raises(ValidationError) as refused:
            await services.timetable.publish(team["anna"], last, version)
        assert refused.value.key == "timetable.week_over"
        assert await stores.timetables.published(last) is None


async def test_a_team_without_ideal_loads_is_refused_with_the_reason(
    settings, stores, notifier, stepped
):
    services = services_on(settings, stores, notifier, stepped)
    anna = await services.persons.create(None, "anna", {"name": "Anna", "groups": ["admin"],
                                                        "slack_user_id": "U0ANNA"})  # fmt: skip
    await services.persons.create(None, "bernat", {"name": "Bernat"})
    started = await services.plans.start(anna, NEXT_WEEK, "ca")
    done = await services.planning.wait(started.run.id)
    assert (done.state, done.error, done.error_params) == (
        "failed",
        "plan.no_ideal_loads",
        {"week": "2026-11-30"},  # a stored record: plain data
    )
    assert stepped.problems == []  # nothing reached the workers
    text, blocks = plan_progress_message(notifier.updates[-1][2], "ca")
    assert "Ningú de l'equip té càrrega ideal" in json.dumps(blocks, ensure_ascii=False)
    assert buttons(blocks) == []
    await services.close()
