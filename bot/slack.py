"""The slack-bolt AsyncApp: services injected, acknowledgements kept, answers checked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from handlers import register_listeners
from handlers.errors import handle_error, refused_sentence
from handlers.refusals import checked, interaction_name, user_of
from tomatic.services import Services


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
        body: dict[str, Any],
        next: Callable[[], Awaitable[None]],  # noqa: A002 - bolt's name
    ) -> None:
        context["services"] = services
        context["ack"] = KeptAck()
        user = user_of(body)
        context["respond"] = checked(
            context.respond, interaction_name(body), user, refused_sentence(services, user)
        )
        await next()

    app.error(handle_error)
    register_listeners(app)
    return app
