"""Requests from the sandbox carry Slack's signature and Slack's fields."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from urllib.parse import parse_qs

import pytest
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from bot.sandbox import Sandbox, signed_headers
from bot.sandbox.models import Message

from .conftest import SIGNING_SECRET, make_sandbox


class Recorder:
    """A bot stand-in that keeps every request and answers 200."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], str]] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append((dict(request.headers), await request.text()))
        return web.Response(text="")


@pytest.fixture
async def recorded() -> AsyncIterator[tuple[Sandbox, Recorder]]:
    recorder = Recorder()
    app = web.Application()
    app.router.add_post("/slack/events", recorder.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    box = make_sandbox(f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events")
    async with box.serve():
        yield box, recorder
    await runner.cleanup()


def verified(headers: dict[str, str], body: str) -> bool:
    return SignatureVerifier(SIGNING_SECRET).is_valid_request(body, headers)


async def test_slash_commands_are_signed_forms(recorded: tuple[Sandbox, Recorder]) -> None:
    box, recorder = recorded
    await box.slash_command("U0ANNA", "/tomatic", "perfil")
    [(headers, body)] = recorder.requests
    assert verified(headers, body)
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    fields = {key: values[0] for key, values in parse_qs(body).items()}
    assert fields["command"] == "/tomatic" and fields["text"] == "perfil"
    assert fields["user_id"] == "U0ANNA" and fields["channel_id"] == box.dm_channel("U0ANNA")
    assert fields["response_url"].startswith(box.base_url + "hooks/response/")
    assert fields["trigger_id"] and fields["team_id"] == "T0SANDBOX"


async def test_a_tampered_body_fails_verification(recorded: tuple[Sandbox, Recorder]) -> None:
    box, recorder = recorded
    await box.slash_command("U0ANNA", "/tomatic", "help")
    headers, body = recorder.requests[0]
    assert not verified(headers, body.replace("help", "admin"))
    assert not SignatureVerifier("another-secret").is_valid_request(body, headers)


async def test_block_actions_are_signed_payloads(recorded: tuple[Sandbox, Recorder]) -> None:
    box, recorder = recorded
    blocks = [{"type": "actions", "block_id": "b", "elements": [
        {"type": "button", "action_id": "pause", "text": {"type": "plain_text", "text": "Pausa"}, "value": "anna"},
        {"type": "static_select", "action_id": "line", "options": [
            {"text": {"type": "plain_text", "text": "Línia 1"}, "value": "1"}]},
    ]}]  # fmt: skip
    box.workspace.calls.clear()
    message = await post_bot_message(box, blocks)
    await box.click("U0BERNAT", message, "line", selected="1")
    headers, body = recorder.requests[-1]
    assert verified(headers, body)
    payload = json.loads(parse_qs(body)["payload"][0])
    assert payload["type"] == "block_actions"
    assert payload["container"] == {
        "type": "message", "message_ts": message.ts, "channel_id": "C0TEAM", "is_ephemeral": False,
    }  # fmt: skip
    assert payload["message"]["ts"] == message.ts
    [action] = payload["actions"]
    assert action["selected_option"]["value"] == "1" and action["block_id"] == "b"
    assert payload["state"]["values"]["b"]["line"]["selected_option"]["value"] == "1"
    assert payload["response_url"] and payload["trigger_id"]


async def test_app_home_opened_is_a_signed_event(recorded: tuple[Sandbox, Recorder]) -> None:
    box, recorder = recorded
    await box.open_home("U0ANNA")
    headers, body = recorder.requests[-1]
    assert verified(headers, body)
    envelope = json.loads(body)
    assert envelope["type"] == "event_callback"
    assert envelope["event"]["type"] == "app_home_opened"
    assert (envelope["event"]["user"], envelope["event"]["tab"]) == ("U0ANNA", "home")


async def test_send_raw_posts_a_forged_request_unchanged(
    recorded: tuple[Sandbox, Recorder],
) -> None:
    box, recorder = recorded
    headers = signed_headers(
        "not-the-secret", "command=%2Ftomatic", "application/x-www-form-urlencoded"
    )
    reply = await box.send_raw("command=%2Ftomatic", headers)
    assert reply.status == 200
    sent_headers, body = recorder.requests[-1]
    assert body == "command=%2Ftomatic" and not verified(sent_headers, body)


async def post_bot_message(box: Sandbox, blocks: list[dict]) -> Message:
    message = Message(
        "C0TEAM", box.workspace.next_ts(), "U0TOMATIC", "card", blocks, bot_id="B0TOMATIC"
    )
    return box.workspace.add_message(message)
