"""`/tomatic search <text>` and `/tomatic calls`: customer search and my latest calls."""

from __future__ import annotations

from handlers.blocks.callinfo import search_result_blocks, search_title
from handlers.blocks.calls import calls_list_blocks
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply


@subcommand("search", "cerca", "busca", example="/tomatic search nif:12345678Z")
async def handle_search(ctx: Ctx) -> Reply:
    """Search customers; the card comes back only to whoever asked."""
    await ctx.me()  # customer data is for registered operators only
    result = await ctx.services.callinfo.search(" ".join(ctx.args))
    return Reply(search_title(result, ctx.lang), search_result_blocks(result, ctx.lang))


@subcommand("calls", "trucades", "llamadas", example="/tomatic calls")
async def handle_calls(ctx: Ctx) -> Reply:
    """My latest calls, each with an Annotate button."""
    me = await ctx.me()
    calls = await ctx.services.callinfo.recent_calls(me)
    return Reply(ctx.t("callinfo.calls.title"), calls_list_blocks(calls, ctx.lang))
