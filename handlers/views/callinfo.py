"""The search and annotate modals' submissions; answers go to the user's DM only."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.callinfo import call_time, search_result_blocks, search_title
from handlers.blocks.common import values_of
from handlers.events.app_home import publish_home
from handlers.interaction import acknowledged, ctx_from_body
from tomatic.domain.calls import Call
from tomatic.domain.customer_search import guess_search_field

ANNOTATE_FIELDS = {
    "callinfo.unknown_partner": ids.CALL_PARTNER,
    "callinfo.unknown_contract": ids.CALL_CONTRACT,
    "callinfo.long_comment": ids.CALL_COMMENT,
}


async def handle_call_search_submit(
    ack: Any, body: dict[str, Any], client: Any, context: Any
) -> None:
    """Check the text, close the modal, then DM the results to whoever searched."""
    ctx = await ctx_from_body(body, client, context)
    text = values_of(body["view"]).get(ids.CALL_SEARCH_TEXT) or ""

    async def check() -> tuple[str, str]:
        await ctx.me()
        return guess_search_field(text)

    if await acknowledged(ack, ctx, check(), {}, ids.CALL_SEARCH_TEXT) is None:
        return
    result = await ctx.services.callinfo.search(text)
    blocks = search_result_blocks(result, ctx.lang)
    title = search_title(result, ctx.lang)
    await client.chat_postMessage(channel=ctx.user_id, text=title, blocks=blocks)


async def handle_call_annotate_submit(
    ack: Any, body: dict[str, Any], client: Any, context: Any
) -> None:
    """Store the annotation (field errors stay in the modal), then confirm by DM."""
    ctx = await ctx_from_body(body, client, context)
    values = values_of(body["view"])
    partner = values.get(ids.CALL_PARTNER)

    async def annotate() -> Call:
        return await ctx.services.callinfo.annotate(
            await ctx.me(),
            body["view"]["private_metadata"],
            values.get(ids.CALL_CATEGORIES) or [],
            int(partner) if partner else None,
            values.get(ids.CALL_CONTRACT) or "",
            values.get(ids.CALL_COMMENT) or "",
        )

    call = await acknowledged(ack, ctx, annotate(), ANNOTATE_FIELDS, ids.CALL_CATEGORIES)
    if call is None:
        return
    text = ":white_check_mark: " + ctx.t("callinfo.annotated", time=call_time(call))
    await client.chat_postMessage(channel=ctx.user_id, text=text)
    await publish_home(ctx.services, client, ctx.user_id)  # its calls to annotate changed


def register(app: Any) -> None:
    """Wire the call-info modals."""
    app.view(ids.CALL_SEARCH_VIEW)(handle_call_search_submit)
    app.view(ids.CALL_ANNOTATE_VIEW)(handle_call_annotate_submit)
