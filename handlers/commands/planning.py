"""`/tomatic plan|publish|replan|fairness`: planning weeks and the fairness ledger."""

from __future__ import annotations

import datetime as dt

from handlers.blocks.fairness import fairness_blocks, fairness_title
from handlers.blocks.limits import escape, shorten
from handlers.blocks.messages import render
from handlers.blocks.plan import (
    publish_prompt_blocks,
    published_text,
    replan_blocks,
    replan_text,
    started_text,
)
from handlers.commands.registry import subcommand
from handlers.commands.slash import ECHO_LIMIT
from handlers.context import Ctx, Reply
from tomatic.domain.dates import read_day, read_week
from tomatic.domain.errors import ValidationError
from tomatic.domain.fairness import MAX_WEEKS
from tomatic.domain.model import monday_of
from tomatic.i18n.formats import localised_params
from tomatic.services.timetable import AlreadyPublishedError


def next_week(ctx: Ctx) -> dt.date:
    """The week a command names (`next`, `2026-W50`, a date in it…); next week by default."""
    today = ctx.services.now().date()
    word = ctx.args[0] if ctx.args else None
    return read_week(word, today, monday_of(today) + dt.timedelta(days=7))


async def names_of(ctx: Ctx) -> dict[str, str]:
    """Display names by person id."""
    return {p.id: p.display_name for p in await ctx.services.persons.list()}


@subcommand("plan", "planifica", "planificar", example="/tomatic plan next", admin=True)
async def handle_plan(ctx: Ctx) -> Reply:
    """Start the planner for a week (default: next week); progress comes by DM. A week
    being planned already shows that run."""
    week = next_week(ctx)
    started = await ctx.services.plans.start(await ctx.me(), week, ctx.lang)
    if started.already:
        payload = await ctx.services.plans.payload(started.run)
        _, blocks = render("plan.progress", payload, ctx.lang)
        return Reply(started_text(started, ctx.lang), [*(blocks or [])])
    return Reply(started_text(started, ctx.lang))


@subcommand("publish", "publica", "publicar", example="/tomatic publish next", admin=True)
async def handle_publish(ctx: Ctx) -> Reply:
    """Publish a week's draft (default: next week); asks first over a published week."""
    week = next_week(ctx)
    try:
        done = await ctx.services.timetable.publish(await ctx.me(), week)
    except AlreadyPublishedError as error:
        p = error.params
        text = ctx.t(error.key, **localised_params(ctx.lang, p))
        return Reply(text, publish_prompt_blocks(p["week"], p["new"], p["version"], ctx.lang))
    return Reply(published_text(done, ctx.lang))


def replan_start(ctx: Ctx) -> dt.date | None:
    """The first day to re-plan: a day (`tomorrow`, `dimecres`, `2026-12-02`…), else a week
    (`next`: from its Monday); None for the next day not begun."""
    if not ctx.args:
        return None
    today = ctx.services.now().date()
    try:
        day, used = read_day(ctx.args, today)
    except ValidationError as not_a_day:
        try:
            week = read_week(ctx.args[0], today)
        except ValidationError:
            raise not_a_day from None
        return None if week <= today < week + dt.timedelta(days=7) else week
    if used != len(ctx.args):
        raise ValidationError("replan.usage")
    return day.next_from(today)


@subcommand("replan", "replanifica", "replanificar", example="/tomatic replan tomorrow", admin=True)
async def handle_replan(ctx: Ctx) -> Reply:
    """Re-plan the rest of a published week from a day (default: the next day not begun)."""
    result = await ctx.services.replan.replan(await ctx.me(), replan_start(ctx), lang=ctx.lang)
    blocks = replan_blocks(result, ctx.services.config.hours, await names_of(ctx), ctx.lang)
    return Reply(replan_text(result, ctx.lang), blocks)


@subcommand("fairness", "equitat", "equidad", example="/tomatic fairness 8", admin=True)
async def handle_fairness(ctx: Ctx) -> Reply:
    """Each person's discomfort over the last weeks (default: the planner's look back)."""
    weeks = None
    if ctx.args:
        word = ctx.args[0]
        if not (word.isascii() and word.isdigit()) or len(ctx.args) > 1:
            typed = escape(shorten(" ".join(ctx.args).replace("`", "'"), ECHO_LIMIT))
            raise ValidationError("fairness.bad_weeks", value=typed, max=MAX_WEEKS)
        weeks = int(word)
    report = await ctx.services.fairness.report(await ctx.me(), weeks)
    return Reply(fairness_title(report, ctx.lang), fairness_blocks(report, ctx.lang))
