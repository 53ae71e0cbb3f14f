"""Running listeners as bolt does in tests: ack, the listener, and its failures handed to the
one error handler (`handlers.errors.handle_error`)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any
from unittest.mock import AsyncMock

from handlers.commands.slash import handle_tomatic
from handlers.errors import handle_error

RESPONSE_URL = "https://hooks.slack.com/commands/T0SANDBOX/1/x"
"""Where Slack lets a command or a message button answer privately."""


async def as_bolt(
    work: Awaitable[Any], body: dict[str, Any], context: Any, client: Any, respond: Any = None
) -> None:
    """Await a listener's call; a failure goes to the error handler, as bolt sends it."""
    try:
        await work
    except Exception as error:
        await handle_error(error, body, context, client, respond)


async def slash_reply(
    services: Any, text: str, user: str, *, channel: str = "C0TEAM", client: Any = None
) -> dict[str, Any]:
    """Run `/tomatic text` as `user`, as bolt would: acknowledged once; the private reply."""
    ack, respond = AsyncMock(), AsyncMock()
    command = {"text": text, "user_id": user, "channel_id": channel, "trigger_id": "T1",
               "response_url": RESPONSE_URL}  # fmt: skip
    context = {"services": services}
    await as_bolt(
        handle_tomatic(ack, command, respond, client, context), command, context, client, respond
    )
    ack.assert_awaited_once()
    return respond.await_args.kwargs
