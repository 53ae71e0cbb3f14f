"""Busy list buttons: Add (opens the modal), Remove (updates the list in place), paging."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.busy import busy_modal, parse_remove_value
from handlers.blocks.common import context as context_block
from handlers.blocks.limits import escape
from handlers.blocks.paging import parse_page_value
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
    """Remove the entry (confirmed in Slack's dialog) and redraw the page it was on."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    entry_id, page = parse_remove_value(body["actions"][0]["value"])
    entry = await ctx.services.availability.remove(await ctx.me(), entry_id)
    notice = ctx.t("busy.removed", id=entry.id, reason=escape(entry.reason))
    if on_home(body):  # no message to replace: redraw the Home
        await publish_home(ctx.services, client, ctx.user_id, notice)
        return
    subject = await ctx.services.persons.get(entry.person)
    reply = await busy_reply(ctx, subject, page)
    blocks = [context_block(f":wastebasket: {notice}"), *(reply.blocks or [])]
    await respond(text=notice, blocks=blocks, replace_original=True, response_type="ephemeral")


async def handle_busy_page(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Previous/Next: the list's other page, in place."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    page, subject_id = parse_page_value(body["actions"][0]["value"])
    subject = await ctx.services.persons.get(subject_id)
    reply = await busy_reply(ctx, subject, page)
    await respond(
        text=reply.text, blocks=reply.blocks, replace_original=True, response_type="ephemeral"
    )


def register(app: Any) -> None:
    """Wire the busy actions."""
    app.action(ids.BUSY_ADD)(handle_busy_add)
    app.action(ids.BUSY_REMOVE)(handle_busy_remove)
    app.action(f"{ids.BUSY_PAGE}.previous")(handle_busy_page)
    app.action(f"{ids.BUSY_PAGE}.next")(handle_busy_page)
