"""`/tomatic plan|publish|replan` (the others of the timetable: `handlers.commands.turns`)."""

from __future__ import annotations

import datetime as dt

from handlers.blocks.plan import publish_prompt_blocks, replan_blocks
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.domain.errors import ValidationError
from tomatic.domain.model import monday_of
from tomatic.services.timetable import AlreadyPublishedError


def parse_date(word: str) -> dt.date:
    """A typed YYYY-MM-DD date."""
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        raise ValidationError("timetable.bad_week", value=word) from None


def week_arg(ctx: Ctx, weeks_ahead: int) -> dt.date:
    """The Monday of the date in the first argument, else of this week plus `weeks_ahead`."""
    if ctx.args:
        return monday_of(parse_date(ctx.args[0]))
    return monday_of(ctx.services.now().date()) + dt.timedelta(days=7 * weeks_ahead)


async def names_of(ctx: Ctx) -> dict[str, str]:
    """Display names by person id."""
    return {p.id: p.display_name for p in await ctx.services.persons.list()}


@subcommand("plan", "planifica", "planificar", example="/tomatic plan 2026-11-30", admin=True)
async def handle_plan(ctx: Ctx) -> Reply:
    """Start the planner for a week (default: next week); progress comes by DM."""
    week = week_arg(ctx, 1)
    started = await ctx.services.plans.start(await ctx.me(), week, ctx.lang)
    key = "plan.started_dm" if started.followed else "plan.started"
    return Reply(ctx.t(key, week=week.isoformat(), run=started.run.id))


@subcommand("publish", "publica", "publicar", example="/tomatic publish 2026-11-30", admin=True)
async def handle_publish(ctx: Ctx) -> Reply:
    """Publish a week's draft (default: next week); asks first over a published week."""
    week = week_arg(ctx, 1)
    try:
        done = await ctx.services.timetable.publish(await ctx.me(), week)
    except AlreadyPublishedError as error:
        p = error.params
        text = ctx.t(error.key, **p)
        return Reply(text, publish_prompt_blocks(p["week"], p["new"], p["version"], ctx.lang))
    key = "timetable.republished_reply" if done.replaced else "timetable.published_reply"
    return Reply(
        ctx.t(
            key,
            week=week.isoformat(),
            version=done.version,
            notified=done.notified,
        )
    )


@subcommand(
    "replan", "replanifica", "replanificar", example="/tomatic replan 2026-12-02", admin=True
)
async def handle_replan(ctx: Ctx) -> Reply:
    """Re-plan the rest of a published week from a date (default: the next day not begun)."""
    start = parse_date(ctx.args[0]) if ctx.args else None
    result = await ctx.services.replan.replan(await ctx.me(), start, lang=ctx.lang)
    blocks = replan_blocks(result, ctx.services.config.hours, await names_of(ctx), ctx.lang)
    return Reply(
        ctx.t(
            "replan.result", week=result.week.isoformat(), n=len(result.changes), holes=result.holes
        ),
        blocks,
    )
