"""`/tomatic says <text>` (coordinators) and `/tomatic stats [date]`."""

from __future__ import annotations

import datetime as dt

from handlers.blocks.operations import stats_blocks, stats_line
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.services.outcomes import stats_payload


@subcommand("says", "diu", "dice", example="/tomatic says Good morning, team!", admin=True)
async def handle_says(ctx: Ctx) -> Reply:
    """Post as Tomàtic in the team channel."""
    outcome = await ctx.services.operations.say(await ctx.me(), ctx.rest)
    return Reply(ctx.t(outcome.key, **outcome.params))


@subcommand(
    "stats",
    "estadistiques",
    "estadístiques",
    "estadisticas",
    "estadísticas",
    example="/tomatic stats 2026-11-30",
)
async def handle_stats(ctx: Ctx) -> Reply:
    """The calls of a day (today by default)."""
    await ctx.me()
    try:
        date = dt.date.fromisoformat(ctx.args[0]) if ctx.args else ctx.services.now().date()
    except ValueError:
        return Reply(ctx.t("operations.stats_usage"))
    payload = stats_payload(date, await ctx.services.operations.day_stats(date))
    return Reply(stats_line(payload, ctx.lang), stats_blocks(payload, ctx.lang))
