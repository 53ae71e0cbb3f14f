"""`/tomatic plan|publish|replan|fairness`: planning weeks and the fairness ledger."""

from __future__ import annotations

import datetime as dt

from handlers.blocks.fairness import fairness_blocks
from handlers.blocks.limits import escape, shorten
from handlers.blocks.messages import render
from handlers.blocks.plan import publish_prompt_blocks, replan_blocks
from handlers.commands.registry import subcommand
from handlers.commands.slash import ECHO_LIMIT
from handlers.context import Ctx, Reply
from tomatic.domain.dates import read_day, read_week
from tomatic.domain.errors import ValidationError
from tomatic.domain.fairness import MAX_WEEKS
from tomatic.domain.model import monday_of
from tomatic.i18n.formats import date_text
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
        text = ctx.t("plan.already", week=week.isoformat(), run=started.run.id)
        return Reply(text, [*(blocks or [])])
    key = "plan.started_dm" if started.followed else "plan.started"
    return Reply(ctx.t(key, week=week.isoformat(), run=started.run.id))


@subcommand("publish", "publica", "publicar", example="/tomatic publish next", admin=True)
async def handle_publish(ctx: Ctx) -> Reply:
    """Publish a week's draft (default: next week); asks first over a published week."""
    week = next_week(ctx)
    try:
        done = await ctx.services.timetable.publish(await ctx.me(), week)
    except AlreadyPublishedError as error:
        p = error.params
        text = ctx.t(error.key, **p)
        return Reply(text, publish_prompt_blocks(p["week"], p["new"], p["version"], ctx.lang))
    params = {"week": week.isoformat(), "version": done.version, "notified": done.notified}
    key = "timetable.republished_reply" if done.replaced else "timetable.published_reply"
    return Reply(ctx.t(key, **params))


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
    params = {"week": result.week.isoformat(), "n": len(result.changes), "holes": result.holes}
    return Reply(ctx.t("replan.result", **params), blocks)


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
    first, last = date_text(ctx.lang, report.weeks[0]), date_text(ctx.lang, report.weeks[-1])
    title = ctx.t("fairness.title", weeks=len(report.weeks), first=first, last=last)
    return Reply(title, fairness_blocks(report, ctx.lang))
