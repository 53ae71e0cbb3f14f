"""The one error handler: where the sentence goes, and bolt acknowledging a listener that fails."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import AsyncMock
from urllib.parse import urlencode

from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest
from structlog.testing import capture_logs

from bot.sandbox import signed_headers
from bot.slack import build_slack_app
from bot.slack_client import build_client
from handlers.errors import error_text, handle_error
from tests.fakes import RecordingClient
from tests.support.slack import RESPONSE_URL
from tomatic.domain.errors import PermissionDeniedError, ValidationError
from tomatic.domain.swaps import CellRuleError
from tomatic.i18n import t

SECRET = "test-signing-secret"


async def registered(services) -> None:
    await services.persons.create(None, "bernat", {"name": "Bernat", "slack_user_id": "U0BERNAT"})


async def test_a_refusal_answers_privately_with_its_sentence(services):
    await registered(services)
    respond = AsyncMock()
    body = {"user_id": "U0BERNAT", "response_url": RESPONSE_URL}
    await handle_error(PermissionDeniedError(), body, {"services": services}, None, respond)
    respond.assert_awaited_once_with(
        text=":warning: " + t("en", "error.admins_only"),
        response_type="ephemeral",
        replace_original=False,
    )


async def test_a_refusal_from_the_app_home_redraws_the_home_with_it(services):
    await registered(services)
    client = RecordingClient()
    body = {"user": {"id": "U0BERNAT"}, "view": {"type": "home"}, "actions": [{}]}
    await handle_error(PermissionDeniedError(), body, {"services": services}, client)
    [published] = client.of("views_publish")
    assert published["user_id"] == "U0BERNAT"
    assert t("en", "error.admins_only") in str(published["view"])


async def test_a_failure_after_a_modal_closed_comes_by_dm(services):
    await registered(services)
    client = RecordingClient()
    body = {"type": "view_submission", "user": {"id": "U0BERNAT"}, "view": {}}
    await handle_error(PermissionDeniedError(), body, {"services": services}, client)
    assert client.of("chat_postMessage") == [
        {"channel": "U0BERNAT", "text": ":warning: " + t("en", "error.admins_only")}
    ]


async def test_an_unexpected_failure_is_logged_and_apologised_for_with_a_reference(services):
    respond = AsyncMock()
    body = {
        "command": "/tomatic",
        "text": "cua SECRET",
        "user_id": "U0BERNAT",
        "response_url": RESPONSE_URL,
    }
    with capture_logs() as logs:
        await handle_error(KeyError("x"), body, {"services": services}, None, respond)
    [entry] = [e for e in logs if e["event"] == "listener failed"]
    assert entry["error"] == "KeyError" and entry["exc_info"]
    assert (entry["user"], entry["kind"], entry["listener"]) == ("U0BERNAT", "command", "queue")
    reference = entry["reference"]
    assert len(reference) == 8
    assert respond.await_args.kwargs["text"] == t("en", "error.unexpected", reference=reference)
    assert "SECRET" not in repr(logs)


def command_request(text: str, command: str = "/boom") -> AsyncBoltRequest:
    form = {"command": command, "text": text, "user_id": "U0BERNAT", "team_id": "T0",
            "channel_id": "C0", "trigger_id": "1.2"}  # fmt: skip
    body = urlencode(form)
    headers = signed_headers(SECRET, body, "application/x-www-form-urlencoded")
    return AsyncBoltRequest(body=body, headers={k.lower(): [v] for k, v in headers.items()})


async def slack_web_api(request: web.Request) -> web.Response:
    """Just enough of Slack for bolt to start: auth.test."""
    return web.json_response({"ok": True, "user_id": "UBOT", "team_id": "T0", "bot_id": "B0"})


async def test_a_listener_that_fails_right_after_acknowledging_is_still_acknowledged(
    services, aiohttp_server
):
    slack = web.Application()
    slack.router.add_post("/api/{method}", slack_web_api)
    server = await aiohttp_server(slack)
    app = build_slack_app(
        build_client("xoxb-test", str(server.make_url("/api/"))), SECRET, services
    )
    failed: list[str] = []

    async def boom(ack: Any, command: dict[str, Any]) -> None:
        await ack()
        failed.append(command["text"])
        raise PermissionDeniedError()

    app.command("/boom")(boom)
    responses = [await app.async_dispatch(command_request(str(n))) for n in range(30)]
    await asyncio.sleep(0.05)
    assert {r.status for r in responses} == {200}
    assert len(failed) == 30


def test_stored_text_in_a_refusal_is_escaped_and_slacks_own_escapes_are_kept():
    evil = "<!channel> <https://evil.example/login|Session expired> & co"
    refusal = CellRuleError("timetable.rule.busy", who=evil, reason=evil)
    text = error_text("ca", refusal)
    assert "<!channel>" not in text and "<https://" not in text
    assert (
        text.count("&lt;!channel&gt; &lt;https://evil.example/login|Session expired&gt; &amp; co")
        == 2
    )
    typed = ValidationError("dates.bad_day", value="&lt;b&gt; &amp;")  # as Slack sends it
    assert "`&lt;b&gt; &amp;`" in error_text("en", typed)
