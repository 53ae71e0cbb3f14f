"""`/tomatic stats [day|week] [last|YYYY-MM-DD]`: the calls of a day or a week."""

from __future__ import annotations

from handlers.blocks.stats import stats_blocks, stats_title
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.domain.stats_period import PeriodKind
from tomatic.i18n.formats import date_text
from tomatic.services.stats import StatsReport


@subcommand(
    "stats",
    "estadistiques",
    "estadístiques",
    "estadisticas",
    "estadísticas",
    example="/tomatic stats week",
)
async def handle_stats(ctx: Ctx) -> Reply:
    """A day's (default today) or a week's calls; a week's come with a chart."""
    await ctx.me()
    report = await ctx.services.stats.report(ctx.args)
    shared = None
    if report.period.kind == PeriodKind.WEEK and report.stats.measured:
        shared = await share_chart(ctx, report)
    return Reply(stats_title(report, ctx.lang), stats_blocks(report, ctx.lang, shared))


async def share_chart(ctx: Ctx, report: StatsReport) -> bool:
    """Upload the chart where the command was typed, or to the user's DM when refused
    (`not_in_channel`: the bot was never invited there); whether it was shared."""
    png = await ctx.services.stats.chart(report, ctx.lang)
    period = report.period
    filename = f"calls-{period.first.isoformat()}.png"
    first, last = date_text(ctx.lang, period.first), date_text(ctx.lang, period.last)
    title = ctx.t("stats.chart_file", first=first, last=last)
    notifier, where = ctx.services.notifier, ctx.channel_id or ctx.user_id
    if await notifier.upload(where, filename, png, title, ""):
        return True
    return where != ctx.user_id and await notifier.upload(ctx.user_id, filename, png, title, "")
