"""Issue 15, as a property: whatever headers and body reach /slack/events unverified, the
real app never answers 5xx and never calls out (neither Slack's Web API nor a response_url).

The app, its Slack stand-in and a response_url listener run on 127.0.0.1 in a thread of
their own, so that hypothesis drives plain blocking HTTP requests at them.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import threading
import time
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import create_app
from tests.conftest import make_settings
from tests.support.listener import Listener, listening

SECRET = "c0ffee00c0ffee00c0ffee00c0ffee00"


class LiveApp:
    """The service (Slack tokens set, Web API at a recording stand-in) in a background loop."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.loop = asyncio.new_event_loop()
        self.stack = AsyncExitStack()
        self.port = 0
        self.slack: Listener
        self.hook: Listener

    async def start(self) -> None:
        self.slack = await self.stack.enter_async_context(listening())
        self.hook = await self.stack.enter_async_context(listening())
        settings = make_settings(
            self.tmp,
            SLACK_BOT_TOKEN="xoxb-property",
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=self.slack.url + "api/",
        )
        runner = web.AppRunner(create_app(settings))
        await runner.setup()
        self.stack.push_async_callback(runner.cleanup)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner.addresses[0][1]

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=30)

    def post(self, headers: dict[str, bytes], body: bytes) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("POST", "/slack/events", body=body, headers=headers)
            return connection.getresponse().status
        finally:
            connection.close()


@contextmanager
def live_app(tmp: Path) -> Iterator[LiveApp]:
    app = LiveApp(tmp)
    thread = threading.Thread(target=app.loop.run_forever, daemon=True)
    thread.start()
    try:
        app.run(app.start())
        yield app
    finally:
        app.run(app.stack.aclose())
        app.loop.call_soon_threadsafe(app.loop.stop)
        thread.join(timeout=10)
        app.loop.close()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[LiveApp]:
    with live_app(tmp_path) as running:
        yield running


header_value = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
content_types = st.sampled_from(
    ["application/x-www-form-urlencoded", "application/json", "text/plain", "", "multipart/x"]
)


def hmac_signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@st.composite
def unverified_requests(draw: st.DrawFn, hook_url: str) -> tuple[dict[str, bytes], bytes]:
    """Headers and body of a request Slack did not sign as it stands."""
    fields = draw(
        st.dictionaries(st.sampled_from(["command", "text", "payload", "x"]), header_value)
    )
    form = urlencode(fields | {"response_url": hook_url}).encode()
    body = draw(st.one_of(st.binary(max_size=3000), st.just(form)))
    now = int(time.time())
    offset = st.integers(-(10**6), 10**6).map(lambda seconds: str(now + seconds))
    timestamp = draw(st.one_of(header_value, offset))
    kind = draw(st.sampled_from(["garbage", "wrong secret", "right secret, stale or malformed"]))
    if kind == "garbage":
        signature = draw(header_value)
    elif kind == "wrong secret":
        signature = hmac_signature("f" * 32, timestamp, body)
    else:
        if timestamp.isascii() and timestamp.isdigit() and abs(int(timestamp) - now) < 400:
            timestamp = str(now - 3600)
        signature = hmac_signature(SECRET, timestamp, body)
    headers = {
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
        "Content-Type": draw(content_types),
    }
    return {name: value.encode() for name, value in headers.items()}, body


def test_unverified_requests_never_get_5xx_and_never_call_out(app: LiveApp) -> None:
    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(request=unverified_requests(app.hook.url + "hook"))
    def property_holds(request: tuple[dict[str, bytes], bytes]) -> None:
        headers, body = request
        status = app.post(headers, body)
        assert status < 500
        assert status == 401 or status in (400, 413)

    property_holds()
    time.sleep(0.3)  # any background work would have called out by now
    assert app.hook.requests == []
    assert app.slack.requests == []
