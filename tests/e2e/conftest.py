"""The real service on 127.0.0.1, talking to the Slack sandbox as its Slack."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from aiohttp import web

from bot.app import SERVICES, create_app
from bot.sandbox import Sandbox, SandboxUser
from tests.conftest import make_settings
from tomatic.adapters.sqlite.db import open_database
from tomatic.services import Services

TOKEN = "xoxb-e2e-token"
SECRET = "e2e5ec7e7e2e5ec7e7e2e5ec7e7e2e5e"  # Slack's shape: 32 hex digits
USERS = [
    SandboxUser(id="U0ANNA", name="anna", real_name="Anna Puig", email="anna@example.coop",
                locale="ca-ES", is_admin=True),
    SandboxUser(id="U0BERNAT", name="bernat", real_name="Bernat Roig", email="bernat@example.coop",
                locale="es-ES"),
    SandboxUser(id="U0CARLA", name="carla", real_name="Carla Vidal", email="carla@example.coop"),
    SandboxUser(id="U0STRANGER", name="stranger", real_name="Who Knows", email="who@else.org"),
]  # fmt: skip


@dataclass
class Stack:
    """The bot and its Slack, with ways to restart the bot on the same database."""

    tmp: Path
    sandbox: Sandbox
    api_url: str
    overrides: dict[str, Any] = field(default_factory=dict)
    now: Callable[[], dt.datetime] | None = None  # the team's clock (default: the wall clock)
    runner: web.AppRunner | None = None
    app: web.Application | None = None
    url: str = ""
    connection: sqlite_utils.Database | None = None

    @property
    def services(self) -> Services:
        assert self.app is not None, "the stack is not started"
        return self.app[SERVICES]

    @property
    def db(self) -> sqlite_utils.Database:
        """The bot's database, through a connection of the test's own (seed it, inspect it)."""
        if self.connection is None:
            self.connection = open_database(self.tmp / "tomatic.db")
        return self.connection

    async def start(self) -> None:
        settings = make_settings(
            self.tmp, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=self.api_url, TOMATIC_TEAM_CHANNEL="C0TEAM", **self.overrides,
        )  # fmt: skip
        self.app = create_app(settings, now=self.now)
        self.runner = web.AppRunner(self.app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        self.sandbox.sender.events_url = f"{self.url}/slack/events"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def command(self, user: str, text: str) -> list[str]:
        """Run `/tomatic text` as `user`; the texts of the ephemeral replies it produced."""
        before = len(self.sandbox.ephemerals(user))
        reply = await self.sandbox.slash_command(user, "/tomatic", text)
        assert reply.status == 200, reply
        await self.sandbox.wait_for(lambda: len(self.sandbox.ephemerals(user)) > before, timeout=5)
        return [_all_text(m) for m in self.sandbox.ephemerals(user)[before:]]


def _all_text(message: Any) -> str:
    parts = [getattr(message, "text", "") or ""]
    parts += [str(b) for b in getattr(message, "blocks", None) or []]
    return "\n".join(parts)


@pytest.fixture
async def stack(tmp_path: Path) -> AsyncIterator[Stack]:
    sandbox = Sandbox(
        bot_token=TOKEN, signing_secret=SECRET, events_url="http://127.0.0.1:9/", users=USERS
    )
    async with sandbox.serve() as base_url:
        running = Stack(tmp=tmp_path, sandbox=sandbox, api_url=base_url + "api/")
        await running.start()
        try:
            yield running
        finally:
            await running.stop()
            if running.connection is not None:
                running.connection.conn.close()
    with contextlib.suppress(Exception):
        await sandbox.close()


@pytest.fixture
async def team(stack: Stack) -> Stack:
    """Anna (coordinator) and Bernat, registered by e-mail; Carla and the stranger are not."""
    persons = stack.services.persons
    await persons.create(None, "anna", {"name": "Anna Puig", "email": "anna@example.coop",
                                         "extension": "3001", "groups": ["admin"]})  # fmt: skip
    await persons.create(None, "bernat", {"name": "Bernat Roig", "email": "bernat@example.coop",
                                           "extension": "3002", "ideal_load": 3})  # fmt: skip
    return stack
