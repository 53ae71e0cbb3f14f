"""Issue 15's safety net: any unexpected failure, in any kind of listener, gets the user a
sentence with a reference; the log gets who, what and the traceback, never the input."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from typing import Any
from unittest.mock import AsyncMock
from urllib.parse import urlencode

import structlog
from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse
from structlog.testing import capture_logs

from bot.logs import configure_logging
from bot.sandbox import signed_headers
from bot.slack import build_slack_app
from bot.slack_client import build_client
from handlers.errors import handle_error
from tests.fakes import RecordingClient
from tests.support.slack import RESPONSE_URL
from tomatic.i18n import t

SECRET = "5afe7e75afe7e75afe7e75afe7e75afe"


class Boom(RuntimeError):
    """A failure nobody planned for."""


async def registered(services) -> None:
    await services.persons.create(None, "bernat", {"name": "Bernat", "slack_user_id": "U0BERNAT"})


def failure_of(logs: list[dict[str, Any]]) -> dict[str, Any]:
    [entry] = [e for e in logs if e["event"] == "listener failed"]
    return entry


async def test_a_button_that_breaks_answers_privately_with_the_reference(services):
    await registered(services)
    respond = AsyncMock()
    body = {
        "type": "block_actions",
        "user": {"id": "U0BERNAT"},
        "response_url": RESPONSE_URL,
        "actions": [{"action_id": "tomatic.queue.pause", "value": "3001"}],
    }
    with capture_logs() as logs:
        await handle_error(Boom(), body, {"services": services}, None, respond)
    entry = failure_of(logs)
    assert (entry["kind"], entry["listener"]) == ("block_actions", "tomatic.queue.pause")
    text = t("en", "error.unexpected", reference=entry["reference"])
    respond.assert_awaited_once_with(text=text, response_type="ephemeral", replace_original=False)


async def test_a_modal_that_breaks_before_its_ack_is_closed_and_explained_by_dm(services):
    await registered(services)
    client = RecordingClient()
    body = {
        "type": "view_submission",
        "user": {"id": "U0BERNAT"},
        "view": {"callback_id": "tomatic.busy.submit", "private_metadata": "x"},
    }
    with capture_logs() as logs:
        answer = await handle_error(
            Boom(), body, {"services": services}, client, None, BoltResponse(status=500)
        )
    assert answer is not None and (answer.status, answer.body) == (200, "")
    entry = failure_of(logs)
    assert entry["listener"] == "tomatic.busy.submit"
    [dm] = client.of("chat_postMessage")
    assert dm == {
        "channel": "U0BERNAT",
        "text": t("en", "error.unexpected", reference=entry["reference"]),
    }


async def test_a_type_ahead_that_breaks_shows_the_sentence_as_its_only_choice(services):
    await registered(services)
    client = RecordingClient()
    body = {
        "type": "block_suggestion",
        "user": {"id": "U0BERNAT"},
        "action_id": "cell_who",
        "value": "SECRETQUERY",
        "view": {"type": "modal"},
    }
    with capture_logs() as logs:
        answer = await handle_error(
            Boom(), body, {"services": services}, client, None, BoltResponse(status=500)
        )
    assert answer is not None and answer.status == 200
    [choice] = json.loads(answer.body)["options"]
    assert len(choice["text"]["text"]) <= 75 and choice["text"]["text"].startswith("Sorry")
    assert client.calls == []  # no DM, no Home for each keystroke
    assert failure_of(logs)["listener"] == "cell_who"
    assert "SECRETQUERY" not in repr(logs)


class HomeThatFailsOnce(RecordingClient):
    """views.publish refuses the full Home (as a broken dashboard would), accepts the rest."""

    async def views_publish(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("views_publish", kwargs))
        if len(self.of("views_publish")) == 1:
            raise Boom()
        return {"ok": True}


async def test_a_home_that_cannot_be_drawn_shows_the_sentence_alone(services):
    await registered(services)
    client = HomeThatFailsOnce()
    body = {"type": "event_callback", "event": {"type": "app_home_opened", "user": "U0BERNAT"}}
    with capture_logs() as logs:
        await handle_error(Boom(), body, {"services": services}, client)
    entry = failure_of(logs)
    assert (entry["user"], entry["kind"], entry["listener"]) == (
        "U0BERNAT",
        "event",
        "app_home_opened",
    )
    last = client.of("views_publish")[-1]
    assert last["view"]["blocks"][0]["text"]["text"] == t(
        "en", "error.unexpected", reference=entry["reference"]
    )


async def test_when_slack_refuses_the_sentence_the_net_still_holds(services):
    await registered(services)
    respond = AsyncMock(side_effect=Boom())
    body = {
        "command": "/tomatic",
        "text": "who",
        "user_id": "U0BERNAT",
        "response_url": RESPONSE_URL,
    }
    with capture_logs() as logs:
        await handle_error(Boom(), body, {"services": services}, None, respond)
    assert [e["event"] for e in logs if e["log_level"] == "error"] == [
        "listener failed",
        "could not tell the user",
    ]


async def slack_web_api(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "user_id": "UBOT", "team_id": "T0", "bot_id": "B0"})


def command_request(text: str) -> AsyncBoltRequest:
    form = {
        "command": "/explode",
        "text": text,
        "user_id": "U0BERNAT",
        "team_id": "T0",
        "channel_id": "C0",
        "trigger_id": "1.2",
    }
    body = urlencode(form)
    headers = signed_headers(SECRET, body, "application/x-www-form-urlencoded")
    return AsyncBoltRequest(body=body, headers={k.lower(): [v] for k, v in headers.items()})


async def test_through_bolt_the_log_has_the_traceback_and_never_the_input(services, aiohttp_server):
    await registered(services)
    slack = web.Application()
    slack.router.add_post("/api/{method}", slack_web_api)
    server = await aiohttp_server(slack)
    app = build_slack_app(build_client("xoxb-t", str(server.make_url("/api/"))), SECRET, services)

    async def explode(command: dict[str, Any]) -> None:  # fails before acknowledging
        raise ValueError(f"cannot read {command['text']!r}")

    app.command("/explode")(explode)
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    output = io.StringIO()
    configure_logging("DEBUG", json=True, cache=False, stream=output)
    try:
        response = await app.async_dispatch(command_request("SECRET-CUSTOMER-NIF 12345678Z"))
        await asyncio.sleep(0.05)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        structlog.reset_defaults()
    assert response.status == 200  # acknowledged: Slack shows no error of its own
    logged = output.getvalue()
    assert "SECRET-CUSTOMER-NIF" not in logged and "12345678Z" not in logged
    [line] = [json.loads(x) for x in logged.splitlines() if '"listener failed"' in x]
    assert line["user"] == "U0BERNAT" and len(line["reference"]) == 8
    assert "Traceback" in line["exception"] and "explode" in line["exception"]


async def test_a_slack_refusal_in_a_listener_is_counted_once(services):
    await registered(services)
    answer = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.com/api/views.open",
        req_args={},
        data={"ok": False, "error": "invalid_blocks"},
        headers={},
        status_code=200,
    )
    error = SlackApiError("refused", answer)
    body = {
        "type": "block_actions",
        "user": {"id": "U0BERNAT"},
        "actions": [{"action_id": "tomatic.busy.add"}],
    }
    client = RecordingClient()
    await handle_error(error, body, {"services": services}, client)
    await handle_error(error, body, {"services": services}, client)  # e.g. reported again
    counted = services.metrics.registry.get_sample_value(
        "tomatic_slack_api_errors_total", {"method": "views.open", "error": "invalid_blocks"}
    )
    assert counted == 1
    assert client.of("chat_postMessage")  # the person still reads a sentence
