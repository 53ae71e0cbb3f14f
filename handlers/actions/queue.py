"""Queue board controls: Pause/Resume per member, Add someone, Refresh, Previous/Next; the
board updates in place, on the page of the member acted on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from handlers import ids
from handlers.blocks.paging import parse_page_value
from handlers.blocks.queue import Viewer, queue_board_blocks
from handlers.context import Ctx
from handlers.events.app_home import publish_home
from handlers.interaction import ctx_from_body
from tomatic.services.queue import BoardEntry


@dataclass
class Shown:
    """What to draw: the board, and which page (a page number, or the page of `focus`)."""

    board: list[BoardEntry]
    page: int | None = None
    focus: str = ""


Operation = Callable[[Ctx, dict[str, Any]], Awaitable[Shown]]


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
    """Redraw the board with fresh states, on the same page."""
    await ack()
    await redraw(body, client, context, respond, current_board)


async def handle_queue_page(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Previous/Next: the board on another page."""
    await ack()
    await redraw(body, client, context, respond, other_page)


async def pause_member(ctx: Ctx, action: dict[str, Any]) -> Shown:
    """Pause the extension in the button's value."""
    change = await ctx.services.queue.pause(await ctx.me(), action["value"])
    return Shown(change.board, focus=change.subject.extension)


async def resume_member(ctx: Ctx, action: dict[str, Any]) -> Shown:
    """Resume the extension in the button's value."""
    change = await ctx.services.queue.resume(await ctx.me(), action["value"])
    return Shown(change.board, focus=change.subject.extension)


async def add_member(ctx: Ctx, action: dict[str, Any]) -> Shown:
    """Add the selected Slack user."""
    change = await ctx.services.queue.add(await ctx.me(), action["selected_user"])
    return Shown(change.board, focus=change.subject.extension)


async def current_board(ctx: Ctx, action: dict[str, Any]) -> Shown:
    """The board, on the page the Refresh button was on."""
    value = str(action.get("value", ""))
    page = int(value) if value.isascii() and value.isdigit() else 0
    return Shown(await ctx.services.queue.board(), page=page)


async def other_page(ctx: Ctx, action: dict[str, Any]) -> Shown:
    """The board on the page the pager button names."""
    page, _ = parse_page_value(str(action.get("value", "")))
    return Shown(await ctx.services.queue.board(), page=page)


async def redraw(
    body: dict[str, Any], client: Any, context: Any, respond: Any, operation: Operation
) -> None:
    """Run one queue operation and replace the board (errors come in a separate ephemeral)."""
    ctx = await ctx_from_body(body, client, context)
    viewer = Viewer.of(await ctx.me())
    shown = await operation(ctx, body["actions"][0])
    when = ctx.services.now()
    page, focus = shown.page, shown.focus
    blocks = queue_board_blocks(shown.board, ctx.lang, viewer, page=page, focus=focus, updated=when)
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
    app.action(f"{ids.QUEUE_PAGE}.previous")(handle_queue_page)
    app.action(f"{ids.QUEUE_PAGE}.next")(handle_queue_page)
