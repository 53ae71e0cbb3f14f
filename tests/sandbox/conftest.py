"""Fixtures for testing the Slack sandbox on its own, served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from yarl import URL

from bot.sandbox import Sandbox, SandboxUser

BOT_TOKEN = "xoxb-sandbox-test"
SIGNING_SECRET = "sandbox-signing-secret"


def make_users() -> list[SandboxUser]:
    return [
        SandboxUser(
            id="U0ANNA",
            name="anna",
            real_name="Anna Puig",
            email="anna@example.org",
            locale="ca-ES",
            is_admin=True,
        ),
        SandboxUser(
            id="U0BERNAT", name="bernat", real_name="Bernat Soler", email="bernat@example.org"
        ),
    ]


def page_headers(box: Sandbox) -> dict[str, str]:
    """What the sandbox page sends with its `ui/` requests: the key and its own origin."""
    origin = str(URL(box.response_url_base()).origin())
    return {"X-Sandbox-Key": box.ui_key, "Origin": origin}


def make_sandbox(events_url: str = "http://127.0.0.1:9/slack/events") -> Sandbox:
    return Sandbox(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        events_url=events_url,
        users=make_users(),
    )


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    box = make_sandbox()
    yield box
    await box.close()


@pytest.fixture
async def base_url(sandbox: Sandbox) -> AsyncIterator[str]:
    async with sandbox.serve() as url:
        yield url


@pytest.fixture
async def client(base_url: str) -> AsyncIterator[AsyncWebClient]:
    web_client = AsyncWebClient(token=BOT_TOKEN, base_url=base_url + "api/")
    yield web_client
    if web_client.session is not None:
        await web_client.session.close()
