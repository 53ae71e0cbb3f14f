"""The App Home's Plan button starts the same run as `/tomatic plan` (the live DM, then
Publish / Discard), and every penalty of a run is reachable through the summary's pager."""

from __future__ import annotations

from typing import Any
from unittest.mock import AsyncMock

from handlers import ids
from handlers.blocks.paging import page_value
from handlers.blocks.plan import plan_progress_message
from handlers.blocks.planning_summary import PENALTY_LINES
from handlers.events.app_home import home_action, plan_week
from tests.fakes import RecordingClient
from tests.handlers.test_plan_handlers import (
    buttons,
    click,
    section_texts,
    services,
    slash,
    stepped,
    team,
)
from tests.support.slack import as_bolt
from tests.support.timetable_team import NEXT_WEEK
from tests.unit.services.test_timetable_runs import until
from tomatic.domain.runs import PlannerRun
from tomatic.i18n import t

__all__ = ["services", "stepped", "team"]  # the plan handlers' fixtures, on a stepped runner


async def click_home(services, value: str, user: str = "U0ANNA") -> RecordingClient:
    """The Home's Plan button, as bolt calls its listener; the client records the Home."""
    client = RecordingClient()
    body = {"type": "block_actions", "user": {"id": user}, "view": {"type": "home"},
            "actions": [{"action_id": ids.HOME_PLAN, "value": value}]}  # fmt: skip
    context = {"services": services}
    await as_bolt(home_action(plan_week)(AsyncMock(), body, client, context), body, context,
                  client)  # fmt: skip
    return client


def home_notice(client: RecordingClient) -> str:
    [published] = client.of("views_publish")
    return str(published["view"])


class TestHomePlan:
    async def test_the_home_button_plans_with_the_live_dm_ending_in_publish_and_discard(
        self, services, team, stepped, notifier
    ):
        client = await click_home(services, NEXT_WEEK.isoformat())
        [run] = await services.planning.runs.of_week(NEXT_WEEK)
        assert f"Planning the week of 30/11/2026 (run {run.id}): follow it" in home_notice(client)
        [(to, kind, first)] = notifier.sent
        assert (to, kind, first["run_id"]) == ("anna", "plan.progress", run.id)
        await until(lambda: notifier.updates)
        assert buttons(plan_progress_message(notifier.updates[-1][2], "en")[1]) == [ids.PLAN_STOP]
        await stepped.step.put(None)
        done = await services.planning.wait(run.id)
        ref, _, payload = notifier.updates[-1]
        assert ref == "D-anna:1" and payload["state"] == "done"
        _, blocks = plan_progress_message(payload, "en")
        assert buttons(blocks)[:2] == [ids.PLAN_PUBLISH, ids.PLAN_DISCARD]
        assert blocks[-1]["elements"][0]["value"] == f"2026-11-30|{done.version}"

    async def test_a_week_being_planned_is_not_planned_twice_from_the_home(
        self, services, team, stepped, notifier
    ):
        await slash(services, "plan next")
        client = await click_home(services, NEXT_WEEK.isoformat())
        [run] = await services.planning.runs.of_week(NEXT_WEEK)
        assert t("en", "plan.running", week="30/11/2026", run=run.id) in home_notice(client)
        assert len(notifier.sent) == 1  # the first run's DM only
        await stepped.step.put(None)
        await services.planning.wait(run.id)

    async def test_operators_and_forged_weeks_get_a_sentence_on_the_home(self, services, team):
        refused = await click_home(services, NEXT_WEEK.isoformat(), "U0BERNAT")
        assert t("en", "error.admins_only") in home_notice(refused)
        forged = await click_home(services, "2026-13-45")
        assert t("en", "plan.bad_button") in home_notice(forged)
        assert await services.planning.runs.of_week(NEXT_WEEK) == []


def penalties(count: int) -> list[dict[str, Any]]:
    """One penalty for each of `count` people, one for the turns themselves."""
    found = [
        {"person": f"p{n:03d}", "text": f"p{n:03d} has 2 turns on Monday"} for n in range(count)
    ]
    return [*found, {"person": None, "text": "Monday 09:00 has an empty line"}]


async def big_run(stores, count: int) -> None:
    solution = {"status": "feasible", "cost": 7, "penalties": penalties(count), "timetable": []}
    run = PlannerRun(id="r1", week=NEXT_WEEK, state="done", solution=solution, version=2)
    await stores.runs.create(run)


def penalty_lines(reply: dict[str, Any]) -> list[str]:
    texts = section_texts(reply)
    return [line for text in texts for line in text.split("\n") if "*: " in line]


class TestPenaltyPages:
    async def test_every_penalty_is_a_next_away_from_the_run_message(self, services, team, stores):
        await big_run(stores, 60)
        payload = await services.plans.summary(team["anna"], "r1")
        _, blocks = plan_progress_message(payload, "en")
        seen = penalty_lines({"blocks": blocks})
        assert len(seen) == PENALTY_LINES
        assert f"{ids.PLAN_PENALTIES_PAGE}.next" in buttons(blocks)
        page, ephemeral = 1, False  # the first Next is clicked on the DM itself
        while True:
            reply = await click(services, f"{ids.PLAN_PENALTIES_PAGE}.next",
                                page_value("r1", page), ephemeral=ephemeral)  # fmt: skip
            assert reply["replace_original"] is ephemeral  # the DM stays, a page replaces a page
            assert reply["text"] == t("en", "plan.penalties_of", week="30/11/2026", run="r1")
            seen += penalty_lines(reply)
            if f"{ids.PLAN_PENALTIES_PAGE}.next" not in buttons(reply["blocks"]):
                break
            page, ephemeral = page + 1, True
        assert page == 2 and f"{ids.PLAN_PENALTIES_PAGE}.previous" in buttons(reply["blocks"])
        assert len(seen) == len(set(seen)) == 61
        assert "*Turns*: Monday 09:00 has an empty line" in seen

    async def test_only_coordinators_page_through_a_runs_penalties(self, services, team, stores):
        await big_run(stores, 60)
        refused = await click(services, f"{ids.PLAN_PENALTIES_PAGE}.next", "1|r1", "U0BERNAT")
        assert refused["text"] == ":warning: " + t("en", "plan.refused.show")
        unknown = await click(services, f"{ids.PLAN_PENALTIES_PAGE}.next", "1|nope")
        assert unknown["text"] == ":warning: " + t("en", "plan.unknown_run", id="nope")
