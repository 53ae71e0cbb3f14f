"""The New link button of `/tomatic calendar`: revoke the address and show the new one."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.views import calendar_blocks
from handlers.interaction import ctx_from_body


async def handle_calendar_renew(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Replace the person's token and redraw the message with the new address."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    token = await ctx.services.views.renew_token(await ctx.me())
    url = ctx.services.views.calendar_url(token)
    blocks = calendar_blocks(url, ctx.lang, renewed=True)
    text = ctx.t("views.calendar.renewed") + f" {url}"
    await respond(text=text, blocks=blocks, replace_original=True, response_type="ephemeral")


def register(app: Any) -> None:
    """Wire the calendar actions."""
    app.action(ids.CALENDAR_RENEW)(handle_calendar_renew)
