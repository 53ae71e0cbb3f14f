"""Customer card buttons: Open, Details, Invoices and Readings (private replies), Annotate and
Search (modals)."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from handlers import ids
from handlers.blocks.annotate import (
    PICKERS,
    annotate_modal,
    category_options,
    contract_options,
    partner_options,
    suggestions,
)
from handlers.blocks.callinfo import contract_details_blocks, partner_card_blocks
from handlers.blocks.calls import invoices_blocks, readings_blocks, search_modal
from handlers.blocks.customer import partner_summary
from handlers.context import Ctx, Reply
from handlers.interaction import ctx_from_body


async def handle_call_open(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """One customer of a list, in full, seen only by whoever pressed Open."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    await _private(ctx, respond, _partner(ctx, body["actions"][0]["value"]))


async def handle_call_details(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Everything about one contract, seen only by whoever pressed Details."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    await _private(ctx, respond, _contract(ctx, body["actions"][0]["value"]))


async def _partner(ctx: Ctx, erp_id: str) -> Reply:
    await ctx.me()
    partner = await ctx.services.callinfo.partner(erp_id)
    return Reply(partner_summary(partner, ctx.lang), partner_card_blocks(partner, ctx.lang))


async def _contract(ctx: Ctx, number: str) -> Reply:
    await ctx.me()
    contract = await ctx.services.callinfo.contract(number)
    title = ctx.t("callinfo.contract.title", number=contract.number)
    return Reply(title, contract_details_blocks(contract, ctx.lang))


async def handle_call_invoices(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """The contract's latest invoices, seen only by whoever pressed the button."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    contract = body["actions"][0]["value"]
    await _private(ctx, respond, _invoices(ctx, contract))


async def handle_call_readings(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """The contract's latest meter readings, seen only by whoever pressed the button."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    contract = body["actions"][0]["value"]
    await _private(ctx, respond, _readings(ctx, contract))


async def _invoices(ctx: Ctx, contract: str) -> Reply:
    await ctx.me()
    invoices = await ctx.services.callinfo.invoices(contract)
    blocks = invoices_blocks(contract, invoices, ctx.lang)
    return Reply(ctx.t("callinfo.invoices.title", contract=contract), blocks)


async def _readings(ctx: Ctx, contract: str) -> Reply:
    await ctx.me()
    readings = await ctx.services.callinfo.readings(contract)
    blocks = readings_blocks(contract, readings, ctx.lang)
    return Reply(ctx.t("callinfo.readings.title", contract=contract), blocks)


async def _private(ctx: Ctx, respond: Any, work: Awaitable[Reply]) -> None:
    reply = await work
    await respond(
        text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False
    )


async def handle_call_annotate(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Open the annotate modal for the call on the button."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    service = ctx.services.callinfo
    call = await service.call_for(await ctx.me(), body["actions"][0]["value"])
    view = annotate_modal(call, await service.categories(), ctx.lang)
    await client.views_open(trigger_id=ctx.trigger_id, view=view)


async def handle_call_search(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """Open the search modal."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    await client.views_open(trigger_id=ctx.trigger_id, view=search_modal(ctx.lang))


async def handle_call_suggestions(
    ack: Any, body: dict[str, Any], client: Any, context: Any
) -> None:
    """Type-ahead in the annotate form: the categories, customers or contracts matching what
    was typed (Slack waits for these options, so they are the acknowledgement)."""
    ctx = await ctx_from_body(body, client, context)
    service = ctx.services.callinfo
    call = await service.call_for(await ctx.me(), body["view"]["private_metadata"])
    picker = body["action_id"]
    if picker == ids.CALL_CATEGORIES:
        options = category_options(await service.categories(), ctx.lang)
    else:
        options = partner_options(call) if picker == ids.CALL_PARTNER else contract_options(call)
    await ack(**suggestions(options, body.get("value") or "", ctx.lang))


def register(app: Any) -> None:
    """Wire the customer card buttons."""
    app.action(ids.CALL_OPEN)(handle_call_open)
    app.action(ids.CALL_DETAILS)(handle_call_details)
    app.action(ids.CALL_INVOICES)(handle_call_invoices)
    app.action(ids.CALL_READINGS)(handle_call_readings)
    app.action(ids.CALL_ANNOTATE)(handle_call_annotate)
    app.action(ids.CALL_SEARCH)(handle_call_search)
    for picker in PICKERS:
        app.options(picker)(handle_call_suggestions)
