"""The queue board at contact-centre size: 300 members, every page inside Slack's limits,
everyone reachable by paging, user text escaped, and the page kept after each action."""

from __future__ import annotations

import json
from typing import Any
from unittest.mock import AsyncMock

import pytest

from handlers import ids
from handlers.actions.queue import (
    handle_queue_page,
    handle_queue_pause,
    handle_queue_refresh,
)
from handlers.blocks.queue import PAGE_SIZE, Viewer, queue_board_blocks
from handlers.commands.slash import handle_tomatic
from tests.fakes import RecordingClient
from tests.support.bigteam import team as big_team
from tests.support.blockkit import assert_message_ok
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.model import Person
from tomatic.domain.queue import MemberState
from tomatic.services import Services
from tomatic.services.queue import BoardEntry

SIZE = 300


@pytest.fixture
def pbx() -> FakePbxQueue:
    return FakePbxQueue(seed=0, calls_per_hour=0)


@pytest.fixture
async def crowd(services, stores, pbx) -> Services:
    """300 people (the first one coordinates), all in the queue in this order."""
    for fields in big_team(SIZE):
        await stores.persons.save(Person(**fields), "test")
    await pbx.set_members([(str(4000 + i), f"Op {i}") for i in range(SIZE)])
    return services


async def board(services, user: str) -> list[dict[str, Any]]:
    respond = AsyncMock()
    command = {"text": "queue", "user_id": user, "channel_id": "C1", "trigger_id": "T1"}
    await handle_tomatic(AsyncMock(), command, respond, RecordingClient(), {"services": services})
    return respond.await_args.kwargs["blocks"]


async def click(services, handler, user: str, action: dict[str, Any]) -> list[dict[str, Any]]:
    respond = AsyncMock()
    body = {"user": {"id": user}, "channel": {"id": "C1"}, "actions": [action]}
    await handler(AsyncMock(), body, RecordingClient(), {"services": services}, respond)
    return respond.await_args.kwargs["blocks"]


def rows(blocks: list[dict[str, Any]]) -> list[str]:
    return [
        b["text"]["text"]
        for b in blocks
        if b["type"] == "section" and b["text"]["text"].startswith(":")
    ]


def button(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    return next(
        e
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )


async def test_every_member_is_reachable_by_paging_and_every_page_fits(crowd) -> None:
    blocks = await board(crowd, "U0000000")  # the coordinator
    seen: list[str] = []
    while True:
        assert_message_ok(blocks, "queue board page")
        seen += rows(blocks)
        pages = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
        if f"{ids.QUEUE_PAGE}.next" not in pages:
            break
        action = button(blocks, f"{ids.QUEUE_PAGE}.next")
        blocks = await click(crowd, handle_queue_page, "U0000000", action)

    assert len(seen) == SIZE
    assert [row.split(" · ")[1] for row in seen] == [str(4000 + i) for i in range(SIZE)]
    assert "300 in the queue" in json.dumps(blocks)


async def test_an_operator_opens_the_board_on_the_page_with_their_row(crowd) -> None:
    blocks = await board(crowd, "U0000250")

    assert_message_ok(blocks)
    mine = [b for b in blocks if b.get("accessory")]
    assert [b["accessory"]["value"] for b in mine] == ["4250"]  # only my own row has a button
    assert len(rows(blocks)) == PAGE_SIZE
    assert "users_select" not in json.dumps(blocks)


async def test_a_button_on_a_later_page_redraws_that_page(crowd) -> None:
    action = {"action_id": ids.QUEUE_PAUSE, "value": "4123"}

    blocks = await click(crowd, handle_queue_pause, "U0000000", action)

    assert any(" · 4123 · " in row and "paused" in row for row in rows(blocks))
    assert button(blocks, ids.QUEUE_REFRESH)["value"] == str(123 // PAGE_SIZE)
    refreshed = await click(
        crowd, handle_queue_refresh, "U0000000", button(blocks, ids.QUEUE_REFRESH)
    )
    assert rows(refreshed) == rows(blocks)


def test_names_and_pause_reasons_are_escaped() -> None:
    """A name stored before names were checked, and a reason typed on the PBX itself."""
    entry = BoardEntry(
        name="<!channel> & co",
        extension="3666",
        state=MemberState.PAUSED,
        paused=True,
        reason="<@U0ANNA> <https://x.example|y>",
    )

    blocks = queue_board_blocks([entry], "en", Viewer(admin=True))

    assert_message_ok(blocks)
    [row] = rows(blocks)
    assert "&lt;!channel&gt; &amp; co" in row and "<!channel>" not in row
    assert "&lt;@U0ANNA&gt;" in row and "<https://" not in row


async def test_a_change_by_command_answers_with_a_notice_and_a_page_that_fits(crowd) -> None:
    respond = AsyncMock()
    command = {"text": "pause 4299 lunch", "user_id": "U0000000", "channel_id": "C1"}

    await handle_tomatic(AsyncMock(), command, respond, RecordingClient(), {"services": crowd})

    blocks = respond.await_args.kwargs["blocks"]
    assert_message_ok(blocks)
    assert any(" · 4299 · " in row and "paused: lunch" in row for row in rows(blocks))
    assert blocks[1]["type"] == "context" and "is paused" in blocks[1]["elements"][0]["text"]
