"""`/tomatic stats [day|week] [last|YYYY-MM-DD]`: the calls of a day or a week."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from handlers.blocks.stats import stats_blocks, stats_title
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.domain.stats_period import PeriodKind
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
    shared = False
    if report.period.kind == PeriodKind.WEEK and report.stats.measured:
        await share_chart(ctx, report)
        shared = True
    return Reply(stats_title(report, ctx.lang), stats_blocks(report, ctx.lang, shared))


async def share_chart(ctx: Ctx, report: StatsReport) -> None:
    """Upload the chart where the command was typed, or to the user's DM when refused."""
    png = await ctx.services.stats.chart(report, ctx.lang)
    first, last = report.period.first.isoformat(), report.period.last.isoformat()
    filename = f"calls-{first}.png"
    title = ctx.t("stats.chart_file", first=first, last=last)
    try:
        await ctx.services.notifier.upload(ctx.channel_id or ctx.user_id, filename, png, title, "")
    except SlackApiError:  # e.g. not_in_channel: the bot was never invited there
        await ctx.services.notifier.upload(ctx.user_id, filename, png, title, "")
