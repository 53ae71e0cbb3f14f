"""Queue listeners called directly: AsyncMock ack/respond, real services on the fake PBX."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock

import pytest

from bot.container import build_services
from bot.pbx import CallableClock
from handlers import ids
from handlers.actions.queue import (
    handle_queue_add,
    handle_queue_pause,
    handle_queue_refresh,
    handle_queue_resume,
)
from handlers.commands.slash import handle_tomatic
from tests.conftest import NOW, make_settings
from tests.fakes import FakeNotifier, RecordingClient
from tests.support.slack import RESPONSE_URL, as_bolt
from tomatic.adapters.memory import memory_stores
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.domain.model import Person
from tomatic.domain.queue import MemberState
from tomatic.ports import Stores


async def link(stores: Stores, person: Person, slack_id: str) -> Person:
    """Bind a person to a Slack user, as the first interaction would."""
    linked = person.model_copy(update={"slack_user_id": slack_id})
    await stores.persons.save(linked, "test")
    return linked


@pytest.fixture
def pbx() -> FakePbxQueue:
    return FakePbxQueue(seed=0, clock=CallableClock(lambda: NOW))


@pytest.fixture
async def team(services, stores, coordinator, operator):
    carla = await services.persons.create(None, "carla", {"name": "Carla", "extension": "3003"})
    await link(stores, coordinator, "U0ANNA")
    await link(stores, operator, "U0BERNAT")
    await link(stores, carla, "U0CARLA")
    await services.queue.load(["bernat", "carla"])
    return services


async def slash(services, user: str, text: str) -> tuple[AsyncMock, AsyncMock, RecordingClient]:
    ack, respond, client = AsyncMock(), AsyncMock(), RecordingClient()
    command = {"text": text, "user_id": user, "channel_id": "C1", "trigger_id": "T1",
               "response_url": RESPONSE_URL}  # fmt: skip
    context = {"services": services}
    await as_bolt(handle_tomatic(ack, command, respond, client, context), command, context, client,
                  respond)  # fmt: skip
    ack.assert_awaited_once()
    return ack, respond, client


async def click(services, handler, user: str, action: dict[str, Any]) -> AsyncMock:
    ack, respond = AsyncMock(), AsyncMock()
    body = {"user": {"id": user}, "channel": {"id": "C1"}, "actions": [action],
            "response_url": RESPONSE_URL}  # fmt: skip
    client, context = RecordingClient(), {"services": services}
    await as_bolt(handler(ack, body, client, context, respond), body, context, client, respond)
    ack.assert_awaited_once()
    return respond


def member_sections(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The member rows (each starts with its state emoji), with or without a button."""
    return [b for b in blocks if b["type"] == "section" and b["text"]["text"].startswith(":")]


def texts(blocks: list[dict[str, Any]]) -> str:
    return "\n".join(str(b.get("text", {}).get("text", "")) for b in blocks)


class TestBoardCommand:
    async def test_queue_shows_one_line_per_member_in_line_order_with_buttons(self, team, pbx):
        await team.queue.pause(None, "carla", "lunch")
        pbx.set_state("3002", MemberState.RINGING)

        _, respond, _ = await slash(team, "U0BERNAT", "cua")

        kwargs = respond.await_args.kwargs
        assert kwargs["response_type"] == "ephemeral"
        bernat, carla = member_sections(kwargs["blocks"])
        assert bernat["text"]["text"].startswith(":bell: *Bernat* · 3002 · 0 calls")
        assert "ringing" in bernat["text"]["text"]
        assert bernat["accessory"]["action_id"] == ids.QUEUE_PAUSE
        assert bernat["accessory"]["value"] == "3002"
        assert carla["text"]["text"].startswith(":double_vertical_bar: *Carla* · 3003")
        assert "paused: lunch" in carla["text"]["text"]
        assert "accessory" not in carla  # an operator has no button on someone else's row
        controls = next(b for b in kwargs["blocks"] if b.get("block_id") == ids.QUEUE_CONTROLS)
        kinds = [(e["type"], e["action_id"]) for e in controls["elements"]]
        assert kinds == [("button", ids.QUEUE_REFRESH)]

    async def test_a_coordinator_has_every_button_and_the_add_menu(self, team):
        await team.queue.pause(None, "carla", "lunch")

        _, respond, _ = await slash(team, "U0ANNA", "queue")

        blocks = respond.await_args.kwargs["blocks"]
        buttons = [row["accessory"]["action_id"] for row in member_sections(blocks)]
        assert buttons == [ids.QUEUE_PAUSE, ids.QUEUE_RESUME]
        controls = next(b for b in blocks if b.get("block_id") == ids.QUEUE_CONTROLS)
        kinds = [(e["type"], e["action_id"]) for e in controls["elements"]]
        assert kinds == [("users_select", ids.QUEUE_ADD), ("button", ids.QUEUE_REFRESH)]

    async def test_states_have_their_own_emoji(self, team, pbx):
        await team.queue.add(None, "3009", any_extension=True)
        pbx.set_state("3002", MemberState.IN_CALL)
        pbx.set_state("3003", MemberState.UNAVAILABLE)

        _, respond, _ = await slash(team, "U0ANNA", "queue")

        lines = [s["text"]["text"] for s in member_sections(respond.await_args.kwargs["blocks"])]
        assert [line.split(" ")[0] for line in lines] == [
            ":telephone_receiver:",
            ":red_circle:",
            ":large_green_circle:",
        ]
        assert "disconnected" in lines[1]

    async def test_an_empty_queue_says_so(self, team):
        await team.queue.clear()

        _, respond, _ = await slash(team, "U0BERNAT", "cola")

        blocks = respond.await_args.kwargs["blocks"]
        assert member_sections(blocks) == []
        assert "Nobody is in the queue" in texts(blocks)


class TestChangeCommands:
    async def test_pause_without_target_pauses_me_with_the_reason(self, team):
        _, respond, _ = await slash(team, "U0BERNAT", "pausa doctor visit")

        kwargs = respond.await_args.kwargs
        assert kwargs["text"] == "Bernat (3002) is paused."
        bernat = member_sections(kwargs["blocks"])[0]
        assert "paused: doctor visit" in bernat["text"]["text"]
        assert (await team.queue.board())[0].reason == "doctor visit"

    async def test_a_coordinator_pauses_and_resumes_someone_by_mention(self, team):
        await slash(team, "U0ANNA", "pause <@U0CARLA|carla> training")
        assert [e.paused for e in await team.queue.board()] == [False, True]

        _, respond, _ = await slash(team, "U0ANNA", "reprèn <@U0CARLA>")

        assert respond.await_args.kwargs["text"] == "Carla (3003) is taking calls again."
        assert [e.paused for e in await team.queue.board()] == [False, False]

    async def test_an_operator_cannot_pause_someone_else(self, team):
        _, respond, _ = await slash(team, "U0BERNAT", "pause <@U0CARLA>")

        text = respond.await_args.kwargs["text"]
        assert text.startswith(":warning: Only coordinators can pause someone else")
        assert respond.await_args.kwargs.get("blocks") is None
        assert [e.paused for e in await team.queue.board()] == [False, False]

    async def test_remove_and_add_default_to_myself(self, team):
        _, respond, _ = await slash(team, "U0BERNAT", "treu")
        assert respond.await_args.kwargs["text"] == "Bernat (3002) has left the queue."
        assert [e.person for e in await team.queue.board()] == ["carla"]

        _, respond, _ = await slash(team, "U0BERNAT", "afegeix")

        assert [e.person for e in await team.queue.board()] == ["carla", "bernat"]
        assert len(member_sections(respond.await_args.kwargs["blocks"])) == 2

    async def test_someone_without_extension_is_told_why(self, team):
        _, respond, _ = await slash(team, "U0ANNA", "add")

        text = respond.await_args.kwargs["text"]
        assert "Anna Puig has no extension" in text
        assert len(await team.queue.board()) == 2

    async def test_a_pbx_error_is_a_sentence(self, team):
        _, respond, _ = await slash(team, "U0ANNA", "add <@U0BERNAT>")

        assert respond.await_args.kwargs["text"] == (
            ":warning: Extension 3002 is already in the queue."
        )


class TestBoardButtons:
    async def test_pausing_myself_redraws_the_board_in_place(self, team):
        respond = await click(
            team, handle_queue_pause, "U0BERNAT", {"action_id": ids.QUEUE_PAUSE, "value": "3002"}
        )

        kwargs = respond.await_args.kwargs
        assert kwargs["replace_original"] is True
        bernat = member_sections(kwargs["blocks"])[0]
        assert bernat["accessory"]["action_id"] == ids.QUEUE_RESUME
        assert (await team.queue.board())[0].paused

    async def test_resume_button(self, team):
        await team.queue.pause(None, "bernat", "")

        respond = await click(
            team, handle_queue_resume, "U0BERNAT", {"action_id": ids.QUEUE_RESUME, "value": "3002"}
        )

        assert member_sections(respond.await_args.kwargs["blocks"])[0]["accessory"][
            "action_id"
        ] == (ids.QUEUE_PAUSE)
        assert not (await team.queue.board())[0].paused

    async def test_pausing_someone_else_is_refused_in_a_separate_message(self, team):
        respond = await click(
            team, handle_queue_pause, "U0BERNAT", {"action_id": ids.QUEUE_PAUSE, "value": "3003"}
        )

        kwargs = respond.await_args.kwargs
        assert kwargs["replace_original"] is False
        assert kwargs["response_type"] == "ephemeral"
        assert "Only coordinators can pause someone else" in kwargs["text"]
        assert not (await team.queue.board())[1].paused

    async def test_a_coordinator_adds_someone_from_the_menu(self, team):
        await team.queue.remove(None, "carla")
        action = {"action_id": ids.QUEUE_ADD, "selected_user": "U0CARLA"}

        respond = await click(team, handle_queue_add, "U0ANNA", action)

        kwargs = respond.await_args.kwargs
        assert kwargs["replace_original"] is True
        assert [s["accessory"]["value"] for s in member_sections(kwargs["blocks"])] == [
            "3002",
            "3003",
        ]

    async def test_refresh_shows_the_current_states(self, team, pbx):
        pbx.set_state("3003", MemberState.UNAVAILABLE)

        respond = await click(
            team, handle_queue_refresh, "U0BERNAT", {"action_id": ids.QUEUE_REFRESH}
        )

        kwargs = respond.await_args.kwargs
        assert kwargs["replace_original"] is True
        carla = member_sections(kwargs["blocks"])[1]
        assert carla["text"]["text"].startswith(":red_circle: *Carla*")
        assert NOW.strftime("%H:%M:%S") in str(kwargs["blocks"][-1])


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_with_the_pbx_down_the_board_is_a_plain_sentence_within_5_s(tmp_path: Path, stores):
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text("")
    settings = make_settings(
        tmp_path,
        TOMATIC_PBX="asterisk-ssh",
        TOMATIC_PBX_HOST="127.0.0.1",
        TOMATIC_PBX_PORT=closed_port(),
        TOMATIC_PBX_USER="tomatic",
        TOMATIC_PBX_KNOWN_HOSTS=str(known_hosts),
    )
    stores = memory_stores()
    services = build_services(settings, FakeNotifier(), None, stores=stores, now=lambda: NOW)
    try:
        person = await services.persons.create(None, "bernat", {"extension": "3002"})
        await link(stores, person, "U0BERNAT")
        for text in ("queue", "pause", "add"):
            started = time.monotonic()
            _, respond, _ = await slash(services, "U0BERNAT", text)
            assert time.monotonic() - started < 5
            message = respond.await_args.kwargs["text"]
            assert message.startswith(":warning: Cannot reach the phone exchange.")
            assert "127.0.0.1" not in message  # operators are not told where the PBX is
    finally:
        await services.close()
