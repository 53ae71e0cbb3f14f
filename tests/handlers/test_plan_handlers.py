"""`/tomatic plan|publish|replan|fairness` and the buttons of runs and re-plans, called as
bolt calls them: AsyncMock ack/respond, real services, a fake notifier."""

from __future__ import annotations

import json
from typing import Any
from unittest.mock import AsyncMock

import pytest

from handlers import ids
from handlers.actions.plan import STEPS, listener
from handlers.blocks.paging import page_value
from handlers.blocks.plan import plan_progress_message, replan_blocks, replan_text
from tests.conftest import services_on
from tests.support.slack import RESPONSE_URL, as_bolt, slash_reply
from tests.support.timetable_team import HOURS, NEXT_WEEK, TEAM, grid, make_team, store
from tests.unit.services.test_timetable_runs import SteppedRunner
from tomatic.domain.fairness import LedgerWeek
from tomatic.domain.model import WEEKDAYS
from tomatic.domain.timetable import Timetable
from tomatic.i18n import t
from tomatic.services.replan import ReplanResult


@pytest.fixture
def stepped() -> SteppedRunner:
    return SteppedRunner()


@pytest.fixture
async def services(settings, stores, notifier, stepped):
    built = services_on(settings, stores, notifier, stepped)
    yield built
    await built.close()


@pytest.fixture
async def team(services):
    return await make_team(services)


async def slash(services, text: str, user: str = "U0ANNA") -> dict[str, Any]:
    return await slash_reply(services, text, user, channel="C0TEAM")


async def click(
    services, action_id: str, value: str, user: str = "U0ANNA", ephemeral: bool = False
) -> dict[str, Any]:
    ack, respond = AsyncMock(), AsyncMock()
    body = {"user": {"id": user}, "actions": [{"action_id": action_id, "value": value}],
            "channel": {"id": "D0ANNA"}, "trigger_id": "T2", "response_url": RESPONSE_URL,
            "container": {"type": "message", "is_ephemeral": ephemeral}}  # fmt: skip
    context = {"services": services}
    step, replaces = STEPS[action_id]
    await as_bolt(listener(step, replaces)(ack, body, None, context, respond), body, context,
                  None, respond)  # fmt: skip
    ack.assert_awaited_once()
    return respond.await_args.kwargs


def rotated(shift: int) -> Timetable:
    """Three lines, every cell someone: cell (d, h, l) holds TEAM[(3d + 3h + l + shift) % 8]."""
    table = Timetable.empty(NEXT_WEEK, list(WEEKDAYS), HOURS, 3)
    for d, day in enumerate(WEEKDAYS):
        for hour, turn in enumerate(table.cells[day]):
            for line in range(3):
                turn[line] = TEAM[(3 * d + 3 * hour + line + shift) % 8]
    return table


def buttons(blocks: list[dict[str, Any]] | None) -> list[str]:
    return [e["action_id"] for b in blocks or [] if b["type"] == "actions" for e in b["elements"]]


def section_texts(reply: dict[str, Any]) -> list[str]:
    return [b["text"]["text"] for b in reply.get("blocks") or [] if b["type"] == "section"]


def text_of(reply: dict[str, Any]) -> str:
    return reply["text"] + json.dumps(reply.get("blocks") or [], ensure_ascii=False)


class TestPlan:
    async def test_plan_reads_the_week_as_every_command_does(self, services, team, stepped):
        reply = await slash(services, "plan next")
        assert reply["text"].startswith("Planning the week of 30/11/2026 (run ")
        stepped.step.put_nowait(None)
        await slash(services, "plan 2026-W50")
        assert services.notifier.sent[-1][2]["week"] == "2026-12-07"
        stepped.step.put_nowait(None)
        wrong = await slash(services, "plan soon")
        assert wrong["text"].startswith(":warning: I don't understand `soon` as a week")

    async def test_a_second_plan_of_the_week_shows_the_running_one(self, services, team, stepped):
        first = await slash(services, "plan")
        again = await slash(services, "plan next")
        run = first["text"].split("(run ")[1].split(")")[0]
        assert again["text"] == t("en", "plan.already", week="30/11/2026", run=run)
        assert buttons(again["blocks"]) == [ids.PLAN_STOP]
        assert len(await services.planning.runs.of_week(NEXT_WEEK)) == 1
        stepped.step.put_nowait(None)

    async def test_a_past_week_is_refused_with_the_reason(self, services, team):
        reply = await slash(services, "plan last")
        assert reply["text"] == ":warning: " + t(
            "en", "plan.week_over", week="16/11/2026", ended="20/11/2026 14:00"
        )

    def test_the_result_offers_publish_discard_behind_a_confirmation_and_show(self):
        done = {"run_id": "r1", "week": "2026-11-30", "state": "done", "holes": 1,
                "status": "optimal", "version": 4, "cost": 10,
                "penalties": [["Eva", ["Eva has 2 turns on Monday"]]], "diagnosis": ["Short"],
                "most": [["Eva", 12, 30], ["Hug", 3, None]]}  # fmt: skip
        text, blocks = plan_progress_message(done, "es")
        assert text == "La semana del 30/11/2026 está planificada."
        assert buttons(blocks) == [ids.PLAN_PUBLISH, ids.PLAN_DISCARD, ids.PLAN_SHOW]
        discard = blocks[-1]["elements"][1]
        assert discard["confirm"]["confirm"]["text"] == "Descartar"
        shown = json.dumps(blocks, ensure_ascii=False)
        assert "*Eva*: Eva has 2 turns on Monday" in shown
        assert "Eva: 12 (y 30 las semanas anteriores)" in shown and "Hug: 3" in shown


class TestPublishAndDiscard:
    async def test_publishing_over_a_published_week_asks_then_publishes(
        self, services, team, stores
    ):
        await store(stores, grid(NEXT_WEEK))
        changed = grid(NEXT_WEEK)
        changed.cells["dm"][0] = ["anna", "carla"]  # was ["carla", "dani"]
        draft = await store(stores, changed, "draft")
        asked = await slash(services, "publish next")
        assert buttons(asked["blocks"]) == [ids.PLAN_PUBLISH_CONFIRM]
        done = await click(
            services, ids.PLAN_PUBLISH_CONFIRM, f"2026-11-30|{draft}", ephemeral=True
        )
        assert done["text"].startswith(f"Published version {draft} of the week of 30/11/2026 over")
        assert "3 people whose turns changed" in done["text"]
        assert done["replace_original"] is True  # the question does not stay on screen
        kinds = sorted(services.notifier.kinds())
        assert kinds == ["timetable.changed"] * 3 + ["timetable.published"]
        again = await slash(services, "publish next")
        assert again["text"] == ":warning: " + t(
            "en", "timetable.no_newer_draft", week="30/11/2026", version=draft
        )

    async def test_a_version_published_since_the_question_is_not_replaced_without_asking(
        self, services, team, stores
    ):
        first = await store(stores, grid(NEXT_WEEK))
        mine = await store(stores, rotated(1), "draft")  # e.g. a re-plan made from version 1
        theirs = await store(stores, rotated(2), "draft")
        await services.timetable.publish(team["anna"], NEXT_WEEK, theirs, confirm=True)
        stale = f"2026-11-30|{mine}|{first}"
        asked = await click(services, ids.PLAN_PUBLISH_CONFIRM, stale, ephemeral=True)
        assert (await services.timetable.published(NEXT_WEEK))[0] == theirs
        [again] = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]]
        assert again["value"] == f"2026-11-30|{mine}|{theirs}" and "confirm" in again
        await click(services, ids.PLAN_PUBLISH_CONFIRM, again["value"], ephemeral=True)
        assert (await services.timetable.published(NEXT_WEEK))[0] == mine

    async def test_show_is_for_coordinators_and_discard_drops_the_draft(
        self, services, team, stores
    ):
        draft = await store(stores, grid(NEXT_WEEK), "draft")
        refused = await click(services, ids.PLAN_SHOW, f"2026-11-30|{draft}", "U0BERNAT")
        assert refused["text"] == ":warning: " + t("en", "plan.refused.show")
        shown = await click(services, ids.PLAN_SHOW, f"2026-11-30|{draft}")
        assert "Anna" in text_of(shown) and "Bernat" in text_of(shown)
        refused = await click(services, ids.PLAN_DISCARD, f"2026-11-30|{draft}", "U0BERNAT")
        assert refused["text"].startswith(":warning:")
        await click(services, ids.PLAN_DISCARD, f"2026-11-30|{draft}")
        assert await services.timetable.draft(NEXT_WEEK) is None

    async def test_a_forged_button_value_gets_a_sentence(self, services, team):
        reply = await click(services, ids.PLAN_SHOW, "2026-11-30|²")
        assert reply["text"] == ":warning: " + t("en", "plan.bad_button")


class TestReplanPages:
    async def test_every_change_of_a_big_replan_is_reachable_page_by_page(
        self, services, team, stores
    ):
        published = await store(stores, rotated(0))
        changed = rotated(1)  # every one of the 60 cells changes
        changed.cells["dv"][3] = [None, None, None]  # three of them to holes
        draft = await store(stores, changed, "draft")
        state = f"2026-11-30|{draft}|{published}"
        pages = [await click(services, f"{ids.REPLAN_PAGE}.next", page_value(state, n), ephemeral=True)
                 for n in (0, 1)]  # fmt: skip
        assert all(page["replace_original"] for page in pages)
        lines = [line for page in pages for text in section_texts(page) for line in text.split("\n")
                 if " → " in line]  # fmt: skip
        assert len(lines) == len(set(lines)) == 60
        assert pages[0]["text"].startswith(
            "Re-plan of the week of 30/11/2026: cells that change: 60 · empty cells: 3. "
        )
        assert buttons(pages[1]["blocks"])[:1] == [f"{ids.REPLAN_PAGE}.previous"]

    def test_a_replan_that_changes_nothing_says_so_without_buttons(self):
        result = ReplanResult(NEXT_WEEK, 4, 4, [], 2)
        blocks = replan_blocks(result, HOURS, {}, "en")
        assert buttons(blocks) == [] and len(blocks) == 1
        assert replan_text(result, "en") == (
            "Re-plan of the week of 30/11/2026: no cell needs to change (empty cells: 2), "
            "so the published version 4 stays as it is."
        )

    async def test_replan_reads_its_day_and_refuses_extra_words(self, services, team, stores):
        await store(stores, grid(NEXT_WEEK))
        wrong = await slash(services, "replan dimecres 10:15")
        assert wrong["text"] == ":warning: " + t("en", "replan.usage")
        past = await slash(services, "replan ahir")
        assert past["text"].startswith(":warning: I don't understand `ahir` as a day")


class TestFairness:
    async def test_coordinators_see_the_ledger_most_discomfort_first(self, services, team, stores):
        week = NEXT_WEEK.replace(day=23)
        await store(stores, grid(week))
        await stores.discomfort.record(
            LedgerWeek(week=week, version=1, fingerprint="old", points={"eva": 7}), "x"
        )
        reply = await slash(services, "fairness 2")
        shown = text_of(reply)
        assert (
            reply["text"]
            == "Unpleasant turns, last 2 weeks (the weeks of 16/11/2026 to 23/11/2026)"
        )
        rows = [line for text in section_texts(reply) for line in text.split("\n")]
        # measured again: the stored entry was taken on other cells; nobody's turns hurt
        assert rows == [f"*{name.capitalize()}* — 0: – · 0" for name in sorted(team)]
        assert t("en", "fairness.on") in shown

    async def test_operators_and_bad_numbers_get_sentences(self, services, team):
        refused = await slash(services, "fairness", "U0BERNAT")
        assert refused["text"] == ":warning: " + t("en", "fairness.refused")
        wrong = await slash(services, "fairness 99")
        assert wrong["text"] == ":warning: " + t("en", "fairness.bad_weeks", value=99, max=52)
        typed = await slash(services, "fairness <!channel>")
        assert "&lt;!channel&gt;" in typed["text"]
