"""The slack-bolt AsyncApp and the Slack side of our ports."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers import register_listeners
from handlers.errors import handle_error
from tomatic.services import Services

log = structlog.get_logger("tomatic.slack")


@dataclass
class SlackUser:
    """What `users.info` tells about a user."""

    user_id: str
    email: str
    locale: str
    real_name: str


class SlackUserDirectory:
    """`users.info` with locale, cached per user for the life of the process."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._cache: dict[str, SlackUser | None] = {}

    async def lookup(self, user_id: str) -> SlackUser | None:
        """The user's e-mail, locale and name; None if Slack does not know them."""
        if user_id in self._cache:
            return self._cache[user_id]
        try:
            response = await self.client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            log.warning("users.info failed", user=user_id, error=error.response.get("error"))
            return None
        user = response["user"]
        info = SlackUser(
            user_id=user_id,
            email=(user.get("profile") or {}).get("email", ""),
            locale=user.get("locale", ""),
            real_name=user.get("real_name") or user.get("name", ""),
        )
        self._cache[user_id] = info
        return info


def build_client(token: str, api_url: str) -> AsyncWebClient:
    """The Web API client (pointed at Slack, or at the local sandbox)."""
    return AsyncWebClient(token=token, base_url=api_url)


class KeptAck(AsyncAck):
    """bolt's `ack`, except that an acknowledgement once given stays given.

    Without `process_before_response`, bolt runs the listener in a task and polls
    `ack.response` every 10 ms; when the listener fails right after acknowledging, bolt's
    error path writes None over the response before the poll sees it, and Slack gets a 404
    instead of the acknowledgement (slack-bolt 1.30, `AsyncioListenerRunner.run`).
    """

    def __init__(self) -> None:
        self._given: BoltResponse | None = None
        super().__init__()

    @property
    def response(self) -> BoltResponse | None:
        """The acknowledgement, once given."""
        return self._given

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        if value is not None or self._given is None:
            self._given = value


def build_slack_app(client: AsyncWebClient, signing_secret: str, services: Services) -> AsyncApp:
    """The bolt app: signatures verified, services injected, every listener registered.

    Slack gets its acknowledgement as soon as a listener calls `ack()` (which each does
    first; modal submissions once their fields are checked) while the listener goes on;
    every failure goes to the one error handler.
    """
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        request_verification_enabled=True,
        raise_error_for_unhandled_request=False,
        process_before_response=False,
    )

    @app.middleware
    async def inject_services(
        context: AsyncBoltContext,
        next: Callable[[], Awaitable[None]],  # noqa: A002 - bolt's name
    ) -> None:
        context["services"] = services
        context["ack"] = KeptAck()
        await next()

    app.error(handle_error)
    register_listeners(app)
    return app
