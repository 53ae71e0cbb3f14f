"""Queue board controls: Pause/Resume per member, Add someone, Refresh; the board updates in place."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from handlers import ids
from handlers.blocks.queue import queue_board_blocks
from handlers.context import Ctx
from handlers.events.app_home import publish_home
from handlers.interaction import ctx_from_body
from tomatic.services.queue import BoardEntry

Operation = Callable[[Ctx, dict[str, Any]], Awaitable[list[BoardEntry]]]


async def handle_queue_pause(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Pause the member whose button was pressed."""
    await ack()
    await redraw(body, client, context, respond, pause_member)


async def handle_queue_resume(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Resume the member whose button was pressed."""
    await ack()
    await redraw(body, client, context, respond, resume_member)


async def handle_queue_add(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Add the Slack user picked in the menu."""
    await ack()
    await redraw(body, client, context, respond, add_member)


async def handle_queue_refresh(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Redraw the board with fresh states."""
    await ack()
    await redraw(body, client, context, respond, current_board)


async def pause_member(ctx: Ctx, action: dict[str, Any]) -> list[BoardEntry]:
    """Pause the extension in the button's value."""
    return (await ctx.services.queue.pause(await ctx.me(), action["value"])).board


async def resume_member(ctx: Ctx, action: dict[str, Any]) -> list[BoardEntry]:
    """Resume the extension in the button's value."""
    return (await ctx.services.queue.resume(await ctx.me(), action["value"])).board


async def add_member(ctx: Ctx, action: dict[str, Any]) -> list[BoardEntry]:
    """Add the selected Slack user."""
    return (await ctx.services.queue.add(await ctx.me(), action["selected_user"])).board


async def current_board(ctx: Ctx, action: dict[str, Any]) -> list[BoardEntry]:
    """Just the board."""
    return await ctx.services.queue.board()


async def redraw(
    body: dict[str, Any], client: Any, context: Any, respond: Any, operation: Operation
) -> None:
    """Run one queue operation and replace the board (errors come in a separate ephemeral)."""
    ctx = await ctx_from_body(body, client, context)
    entries = await operation(ctx, body["actions"][0])
    blocks = queue_board_blocks(entries, ctx.lang, ctx.services.now())
    await respond(
        text=ctx.t("queue.title"), blocks=blocks, replace_original=True, response_type="ephemeral"
    )
    await publish_home(ctx.services, client, ctx.user_id)  # my Home shows the queue too


def register(app: Any) -> None:
    """Wire the queue board controls."""
    app.action(ids.QUEUE_PAUSE)(handle_queue_pause)
    app.action(ids.QUEUE_RESUME)(handle_queue_resume)
    app.action(ids.QUEUE_ADD)(handle_queue_add)
    app.action(ids.QUEUE_REFRESH)(handle_queue_refresh)
