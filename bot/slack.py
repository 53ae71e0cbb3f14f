"""The slack-bolt AsyncApp: services injected, acknowledgements kept, answers checked."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from handlers import register_listeners
from handlers.errors import handle_error, refused_sentence
from handlers.refusals import checked, interaction_name, user_of
from tomatic.services import Services

LISTENER_DRAIN_S = 10.0
"""How long stopping waits for listeners still at work (an ERP question takes at most 4 s)."""


class ListenerTasks:
    """The listeners still working after acknowledging: bolt runs each in a task of its own
    and forgets it, so stopping the service would close the database and the adapters under
    them ("cannot schedule new futures after shutdown"). Stopping drains them first."""

    def __init__(self) -> None:
        self._running: set[asyncio.Task[Any]] = set()

    def track(self) -> None:
        """Remember the task running now (a listener, as it acknowledges)."""
        task = asyncio.current_task()
        if task is not None and task not in self._running:
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def drain(self, timeout: float = LISTENER_DRAIN_S) -> int:
        """Wait up to `timeout` seconds for the listeners at work, then cancel the late ones;
        how many had to be cancelled."""
        pending = {task for task in self._running if not task.done()}
        if not pending:
            return 0
        _, late = await asyncio.wait(pending, timeout=timeout)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
        return len(late)


class KeptAck(AsyncAck):
    """bolt's `ack`, except that an acknowledgement once given stays given.

    Without `process_before_response`, bolt runs the listener in a task and polls
    `ack.response` every 10 ms; when the listener fails right after acknowledging, bolt's
    error path writes None over the response before the poll sees it, and Slack gets a 404
    instead of the acknowledgement (slack-bolt 1.30, `AsyncioListenerRunner.run`).
    """

    def __init__(self, listeners: ListenerTasks | None = None) -> None:
        self._given: BoltResponse | None = None
        self._listeners = listeners
        super().__init__()

    async def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        """Acknowledge, and count the listener as at work until it returns."""
        if self._listeners is not None:
            self._listeners.track()
        return await super().__call__(*args, **kwargs)

    @property
    def response(self) -> BoltResponse | None:
        """The acknowledgement, once given."""
        return self._given

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        if value is not None or self._given is None:
            self._given = value


def build_slack_app(
    client: AsyncWebClient,
    signing_secret: str,
    services: Services,
    listeners: ListenerTasks | None = None,
) -> AsyncApp:
    """The bolt app: signatures verified, services injected, every listener registered.

    Slack gets its acknowledgement as soon as a listener calls `ack()` (which each does
    first; modal submissions once their fields are checked) while the listener goes on, in
    `listeners` until it returns; every failure goes to the one error handler.
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
        context["ack"] = KeptAck(listeners)
        user = user_of(body)
        context["respond"] = checked(
            context.respond, interaction_name(body), user, refused_sentence(services, user)
        )
        await next()

    app.error(handle_error)
    register_listeners(app)
    return app
