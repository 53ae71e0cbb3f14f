"""The Slack sandbox: a workspace, a signed sender, the Web API and a browser page, in one object."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from aiohttp import web

from bot.sandbox.driver import BotDriver
from bot.sandbox.faults import Faults
from bot.sandbox.guard import OnRefused, same_machine_only
from bot.sandbox.models import DemoAction, JsonDict, Message, SandboxUser, View
from bot.sandbox.sender import SignedSender
from bot.sandbox.state import Identity, Workspace
from bot.sandbox.ui import UiRoutes
from bot.sandbox.webapi import WebApi

T = TypeVar("T")


class Sandbox(BotDriver):
    """A stand-in for Slack that talks to the bot at `events_url` and serves `web_app()`."""

    def __init__(
        self,
        *,
        bot_token: str,
        signing_secret: str,
        events_url: str,
        users: list[SandboxUser],
        team_channel: str = "C0TEAM",
        team_channel_name: str = "equip",
        team_id: str = "T0SANDBOX",
        bot_user_id: str = "U0TOMATIC",
        bot_id: str = "B0TOMATIC",
        app_id: str = "A0TOMATIC",
        demo_actions: list[DemoAction] | None = None,
        base_url: str | None = None,
        ui_key: str | None = None,
        on_refused: OnRefused | None = None,
    ) -> None:
        identity = Identity(team_id, "tomatic-sandbox", bot_user_id, bot_id, app_id, team_channel)
        self.workspace = Workspace(identity, users, team_channel_name)
        self.sender = SignedSender(events_url, signing_secret)
        self.bot_token = bot_token
        self.demo_actions = {action.id: action for action in demo_actions or []}
        self.problems: list[str] = []
        self.ui_key = ui_key or secrets.token_urlsafe(24)  # the page's, printed with its URL
        self.on_refused: OnRefused = on_refused or (lambda _request, _reason: None)
        self._fixed_base_url = base_url
        self._seen_base_url: str | None = None

    # where the sandbox is reachable (for response_url and file links)

    @property
    def base_url(self) -> str | None:
        """The sandbox root URL ending in "/", e.g. http://127.0.0.1:8080/sandbox/."""
        return self._fixed_base_url or self._seen_base_url

    @base_url.setter
    def base_url(self, value: str) -> None:
        self._fixed_base_url = value if value.endswith("/") else value + "/"

    def remember_base_url(self, url: str, *, from_bot: bool) -> None:
        if from_bot or self._seen_base_url is None:
            self._seen_base_url = url

    @property
    def page_url(self) -> str:
        """The browser page's address, carrying the key its `ui/` routes require."""
        return f"{self.response_url_base()}#key={self.ui_key}"

    def response_url_base(self) -> str:
        if self.base_url is None:
            raise RuntimeError(
                "Sandbox.base_url is unknown: pass base_url= or use `async with serve()`"
            )
        return self.base_url

    # the aiohttp application

    def web_app(self) -> web.Application:
        """Web API under api/, response URLs under hooks/, files under files/, the page at /."""
        app = web.Application(
            client_max_size=60 * 1024 * 1024, middlewares=[same_machine_only(self.on_refused)]
        )
        WebApi(self.workspace, self.bot_token, self.remember_base_url).add_routes(app)
        UiRoutes(self).add_routes(app)
        app.on_shutdown.append(self._wake_pollers)
        app.on_cleanup.append(self._close_sender)
        return app

    async def _wake_pollers(self, _app: web.Application) -> None:
        self.workspace.closing = True
        self.workspace.touch()

    async def _close_sender(self, _app: web.Application) -> None:
        await self.sender.close()

    @asynccontextmanager
    async def serve(self, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
        """Serve `web_app()` standalone; yields (and sets) the base URL."""
        runner = web.AppRunner(self.web_app(), shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_port = runner.addresses[0][1]
        base_url = self.base_url = f"http://{host}:{bound_port}/"
        try:
            yield base_url
        finally:
            await runner.cleanup()

    async def close(self) -> None:
        await self.sender.close()

    # what people and tests can see

    @property
    def calls(self) -> list[tuple[str, JsonDict]]:
        """(method, arguments) of every Web API call (and response_url post) the bot made."""
        return self.workspace.calls

    @property
    def refusals(self) -> list[tuple[str, JsonDict]]:
        """(method, answer) of every Web API call and response_url post Slack would have
        refused (`invalid_blocks`, `channel_not_found`…), armed faults aside (`faults.refused`)."""
        return self.workspace.refusals

    @property
    def faults(self) -> Faults:
        """Arm 429s or refusals for chosen calls: `sandbox.faults.rate_limit("chat.postMessage")`."""
        return self.workspace.faults

    def add_user(self, user: SandboxUser) -> None:
        """A new account appears in the workspace."""
        self.workspace.add_user(user)

    @property
    def team_channel(self) -> str:
        return self.workspace.identity.team_channel

    def dm_channel(self, user_id: str) -> str:
        return self.workspace.resolve_channel(user_id).id  # type: ignore[union-attr]

    def messages(self, channel_id: str | None = None) -> list[Message]:
        """Messages everybody sees in a channel (the team channel by default), oldest first."""
        return self.workspace.channel_messages(channel_id or self.team_channel)

    def dms(self, user_id: str) -> list[Message]:
        """Non-ephemeral messages in the DM between the user and the bot."""
        return self.workspace.channel_messages(self.dm_channel(user_id))

    def ephemerals(self, user_id: str, channel_id: str | None = None) -> list[Message]:
        """Messages only this user sees ("Only visible to you"), oldest first."""
        return self.workspace.ephemerals(user_id, channel_id)

    def modal(self, user_id: str) -> View | None:
        """The modal on top of the user's stack, if any."""
        return self.workspace.modal(user_id)

    def modal_stack(self, user_id: str) -> list[View]:
        return [self.workspace.views[v] for v in self.workspace.modal_stacks.get(user_id, [])]

    def home(self, user_id: str) -> View | None:
        """The App Home view published for the user, if any."""
        return self.workspace.home(user_id)

    async def wait_for(self, probe: Callable[[], T], timeout: float = 3.0) -> T:
        """The first truthy result of `probe()`, re-evaluated on each change; TimeoutError after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            since = self.workspace.version
            result = probe()
            if result:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {timeout}s")
            await self.workspace.wait_changed(since, min(remaining, 0.2))

    async def settle(self, quiet_s: float = 0.15, timeout: float = 3.0) -> None:
        """Wait until nothing has changed for `quiet_s` (the bot's background work is done)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            since = self.workspace.version
            await asyncio.sleep(quiet_s)
            if self.workspace.version == since:
                return
