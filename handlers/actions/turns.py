"""Previous/Next of the timetable's long lists: the change log and the forced turns."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.paging import parse_page_value
from handlers.blocks.turns import changes_blocks, forced_blocks
from handlers.commands.turns import names_of
from handlers.context import Ctx, Reply
from handlers.interaction import ctx_from_body


async def changes_page(ctx: Ctx, number: int, week: str) -> Reply:
    """Another page of a week's change log."""
    monday = dt.date.fromisoformat(week)
    changes = await ctx.services.timetable.log(monday)
    hours, names = ctx.services.config.hours, await names_of(ctx)
    blocks = changes_blocks(monday, changes, hours, names, ctx.lang, number)
    return Reply(blocks[0]["text"]["text"], blocks)


async def forced_page(ctx: Ctx, number: int, _state: str) -> Reply:
    """Another page of the forced turns."""
    rows = await ctx.services.cells.forced()
    hours, names = ctx.services.config.hours, await names_of(ctx)
    return Reply(ctx.t("forced.title"), forced_blocks(rows, hours, names, ctx.lang, number))


PAGES = {ids.CHANGES_PAGE: changes_page, ids.FORCED_PAGE: forced_page}


async def handle_page(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Redraw the list at the page the button names, in place."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    await ctx.me()
    action = body["actions"][0]
    prefix = action["action_id"].rsplit(".", 1)[0]
    number, state = parse_page_value(action.get("value", ""))
    reply = await PAGES[prefix](ctx, number, state)
    await respond(text=reply.text, blocks=reply.blocks, replace_original=True)


def register(app: Any) -> None:
    """Wire the pagers."""
    for prefix in PAGES:
        for direction in ("previous", "next"):
            app.action(f"{prefix}.{direction}")(handle_page)
