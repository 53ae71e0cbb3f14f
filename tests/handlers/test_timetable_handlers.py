"""Timetable listeners called directly: AsyncMock ack/respond, real services, fake notifier."""

from __future__ import annotations

import json
from typing import Any
from unittest.mock import AsyncMock

import pytest

from handlers import ids
from handlers.actions.timetable import STEPS, listener
from handlers.blocks.messages import render
from handlers.commands import registry
from handlers.commands.general import covered
from tests.support.slack import RESPONSE_URL, as_bolt, slash_reply
from tests.support.timetable_team import NEXT_WEEK, THIS_WEEK, grid, make_team, store
from tomatic.i18n import t


@pytest.fixture
async def team(services):
    return await make_team(services)


async def slash(services, text: str, user: str = "U0ANNA") -> dict[str, Any]:
    return await slash_reply(services, text, user, channel="C0TEAM")


async def click(services, action_id: str, value: str, user: str = "U0ANNA") -> dict[str, Any]:
    ack, respond = AsyncMock(), AsyncMock()
    body = {"user": {"id": user}, "actions": [{"action_id": action_id, "value": value}],
            "channel": {"id": "D0ANNA"}, "trigger_id": "T2", "response_url": RESPONSE_URL}  # fmt: skip
    context = {"services": services}
    await as_bolt(listener(STEPS[action_id])(ack, body, None, context, respond), body, context,
                  None, respond)  # fmt: skip
    ack.assert_awaited_once()
    return respond.await_args.kwargs


def buttons(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


def text_of(reply: dict[str, Any]) -> str:
    return reply["text"] + json.dumps(reply.get("blocks") or [], ensure_ascii=False)


async def test_who_names_the_people_on_the_phones_now_and_next(services, team, stores):
    await store(stores, grid(THIS_WEEK))
    reply = await slash(services, "who", "U0BERNAT")
    assert "Thursday 26/11/2026 09:00–10:15\\n• Gina (3006)\\n• Hug (3007)" in text_of(reply)
    assert "Thursday 26/11/2026 10:15–11:30\\n• Anna (3000)\\n• Bernat (3001)" in text_of(reply)


async def test_mine_lists_my_turns(services, team, stores):
    await store(stores, grid(NEXT_WEEK))
    reply = await slash(services, "mine", "U0BERNAT")
    assert text_of(reply).count("line 2") == 5


async def test_set_is_for_coordinators_and_reports_the_change(services, team, stores):
    await store(stores, grid(NEXT_WEEK))
    refused = await slash(services, "set 2026-11-30 dl 09:00 1 carla", "U0BERNAT")
    assert refused["text"] == ":warning: Only coordinators can change cells of the timetable."
    done = await slash(services, "set 2026-11-30 dl 09:00 1 carla")
    assert done["text"] == "Changed: Monday 30/11/2026 09:00–10:15, line 1: Anna → Carla (by Anna)"
    twice = await slash(services, "set 2026-11-30 dl 09:00 2 carla")
    assert twice["text"] == ":warning: Carla is already on another line of that turn."
    log = await slash(services, "changes 2026-11-30")
    assert "Anna → Carla (by Anna)" in text_of(log)


async def test_a_swap_is_offered_taken_by_button_and_the_message_follows(services, team, stores):
    await store(stores, grid(NEXT_WEEK))
    reply = await slash(services, "swap dl 09:00", "U0BERNAT")
    assert reply["text"].startswith("Your turn of Monday 30/11/2026 09:00 is offered in the team")
    assert buttons(reply["blocks"]) == [ids.SWAP_WITHDRAW]
    _, kind, payload = services.notifier.sent[-1]
    text, blocks = render(kind, payload, "ca")
    assert text.startswith("<@U0BERNAT> ofereix el seu torn de dilluns 30/11/2026 09:00–10:15")
    assert buttons(blocks) == [ids.SWAP_TAKE]
    request = (await stores.swaps.open_requests())[0]
    taker = request.candidates[0]
    taken = await click(services, ids.SWAP_TAKE, request.id, f"U0{taker.upper()}")
    assert taken["text"] == "The turn is yours."
    again = await click(services, ids.SWAP_TAKE, request.id, f"U0{taker.upper()}")
    assert again["text"] == ":warning: Someone has already taken that turn."
    _, closed = render("swap.request", services.notifier.updates[-1][2], "en")
    assert buttons(closed) == []


async def test_forced_turns_are_shown_and_edited(services, team):
    reply = await slash(services, "forced add dm 10:15 2 eva")
    assert "Tuesday 10:15–11:30 · line 2: Eva" in text_of(reply)
    usage = await slash(services, "forced add dm")
    assert usage["text"] == t("en", "forced.usage")


def test_every_timetable_subcommand_has_help():
    for name in ("plan", "publish", "who", "mine", "set", "changes", "swap", "replan", "forced"):
        assert name in registry.SUBCOMMANDS
        assert name in covered()


async def test_a_forced_empty_turn_reads_nobody(services, team):
    reply = await slash(services, "forced add dl 09:00 1 nobody")
    assert t("en", "timetable.nobody") in text_of(reply)
    assert "ningu" not in text_of(reply)
