"""`/tomatic says <text>` (coordinators)."""

from __future__ import annotations

from handlers.blocks import announce  # noqa: F401 - renders what `says` posts
from handlers.blocks import operations as day_messages  # noqa: F401 - registers renderers
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply


@subcommand("says", "diu", "dice", example="/tomatic says Good morning, team!", admin=True)
async def handle_says(ctx: Ctx) -> Reply:
    """Post as Tomàtic in the team channel."""
    outcome = await ctx.services.operations.say(await ctx.me(), ctx.rest)
    return Reply(ctx.t(outcome.key, **outcome.params))
