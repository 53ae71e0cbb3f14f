"""What became of a planner run, as its DM tells: published or discarded (and by whom),
publish again without a newer draft, and runs a restart or a stop interrupted."""

from __future__ import annotations

import json

import pytest

from handlers.blocks.plan import plan_progress_message
from tests.conftest import NOW, services_on
from tests.support.timetable_team import NEXT_WEEK, grid, make_team, store
from tests.unit.services.test_timetable_runs import (
    buttons,
    planned,
    stepped,
    until,
)
from tomatic.domain.errors import ConflictError
from tomatic.domain.runs import PlannerRun
from tomatic.services.planning import PlanRunningError

__all__ = ["planned", "stepped"]  # fixtures shared with the runs' other tests


class TestWhatBecameOfTheRun:
    async def test_publishing_the_draft_closes_the_run_message(self, planned, stepped, notifier):
        services, team = planned
        started = await services.plans.start(team["anna"], NEXT_WEEK, "en")
        await stepped.step.put(None)
        done = await services.planning.wait(started.run.id)
        await services.timetable.publish(team["anna"], NEXT_WEEK, done.version)
        ref, _, payload = next(u for u in notifier.updates if u[2].get("closed"))
        assert ref == "D-anna:1"
        assert (payload["closed"], payload["by"]["name"], payload["at"]) == (
            "published",
            "Anna",
            NOW.isoformat(timespec="minutes"),
        )
        text, blocks = plan_progress_message(payload, "en")
        assert buttons(blocks) == []
        assert "Published by Anna on 26/11/2026 10:00." in json.dumps(blocks)

    async def test_publish_again_without_a_newer_draft_says_so(self, planned, stores):
        services, team = planned
        version = await store(stores, grid(NEXT_WEEK))
        with pytest.raises(ConflictError) as refused:
            await services.timetable.publish(team["anna"], NEXT_WEEK)
        assert (refused.value.key, refused.value.params) == (
            "timetable.no_newer_draft",
            {"week": NEXT_WEEK, "version": version},
        )

    async def test_discarding_closes_the_message_and_the_published_version_stays(
        self, planned, stepped, notifier, stores
    ):
        services, team = planned
        published = await store(stores, grid(NEXT_WEEK))
        with pytest.raises(ConflictError):
            await services.timetable.discard(team["anna"], NEXT_WEEK, published)
        started = await services.plans.start(team["anna"], NEXT_WEEK, "en")
        await stepped.step.put(None)
        done = await services.planning.wait(started.run.id)
        await services.timetable.discard(team["anna"], NEXT_WEEK, done.version)
        closed = notifier.updates[-1][2]
        assert (closed["closed"], closed["version"]) == ("discarded", done.version)
        assert buttons(plan_progress_message(closed, "en")[1]) == []
        assert (await stores.timetables.published(NEXT_WEEK))[0] == published


class TestInterrupted:
    async def test_runs_left_by_a_process_that_is_gone_are_interrupted_and_lose_stop(
        self, planned, stores, notifier
    ):
        services, _ = planned
        gone = {"host": "elsewhere", "pid": 1, "token": "old"}
        left = PlannerRun(id="old1", week=NEXT_WEEK, params={"lang": "es", "owner": gone},
                          message="D0ANNA:17.1")  # fmt: skip
        await stores.runs.create(left)
        await stores.runs.update("old1", state="running")
        assert await services.planning.interrupt_orphans() == 1
        run = await stores.runs.get("old1")
        assert (run.state, run.error) == ("interrupted", "plan.interrupted")
        ref, _, payload = notifier.updates[-1]
        text, blocks = plan_progress_message(payload, "es")
        assert ref == "D0ANNA:17.1" and buttons(blocks) == []
        assert "interrumpido" in text and "/tomatic planifica 30/11/2026" in json.dumps(blocks)
        assert await services.planning.interrupt_orphans() == 0

    async def test_a_run_of_another_live_process_is_left_alone_and_counts(
        self, settings, stores, notifier, stepped
    ):
        services = services_on(settings, stores, notifier, stepped)
        services.planning.alive = lambda owner: owner.get("token") == "cli"
        await stores.runs.create(
            PlannerRun(id="cli1", week=NEXT_WEEK, params={"owner": {"token": "cli"}})
        )
        assert await services.planning.interrupt_orphans() == 0
        with pytest.raises(PlanRunningError):
            await services.planning.start(NEXT_WEEK, "anna")
        await services.close()

    async def test_closing_interrupts_the_runs_under_way(self, settings, stores, notifier, stepped):
        services = services_on(settings, stores, notifier, stepped)
        team = await make_team(services)
        started = await services.plans.start(team["anna"], NEXT_WEEK, "en")
        await until(lambda: stepped.problems)
        await services.close()
        run = await stores.runs.get(started.run.id)
        assert run.state == "interrupted"
        assert notifier.updates[-1][2]["state"] == "interrupted"
