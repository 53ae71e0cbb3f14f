"""Busy list buttons: Add (opens the modal) and Remove (updates the list in place)."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.busy import busy_modal
from handlers.blocks.common import context as context_block
from handlers.commands.busy import busy_reply
from handlers.events.app_home import on_home, publish_home
from handlers.interaction import ctx_from_body, editable_subject


async def handle_busy_add(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Open the busy modal for the list's person."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    _, subject = await editable_subject(ctx, body)
    view = busy_modal(subject, ctx.services.config, ctx.lang)
    view["private_metadata"] = f"{subject.id}|{ctx.channel_id}"
    await client.views_open(trigger_id=ctx.trigger_id, view=view)


async def handle_busy_remove(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Remove the entry and redraw the list it was in."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    entry = await ctx.services.availability.remove(await ctx.me(), body["actions"][0]["value"])
    subject = await ctx.services.persons.get(entry.person)
    reply = await busy_reply(ctx, subject)
    notice = ctx.t("busy.removed", id=entry.id, reason=entry.reason)
    if on_home(body):  # no message to replace: redraw the Home
        await publish_home(ctx.services, client, ctx.user_id, notice)
        return
    blocks = [context_block(f":wastebasket: {notice}"), *(reply.blocks or [])]
    await respond(text=notice, blocks=blocks, replace_original=True, response_type="ephemeral")


def register(app: Any) -> None:
    """Wire the busy actions."""
    app.action(ids.BUSY_ADD)(handle_busy_add)
    app.action(ids.BUSY_REMOVE)(handle_busy_remove)
