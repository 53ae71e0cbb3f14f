"""`/tomatic timetable [week]` (the image, a text grid and a private link) and `/tomatic calendar`."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from handlers.blocks.views import calendar_blocks, timetable_blocks
from handlers.commands.registry import subcommand
from handlers.commands.turns import handle_changes
from handlers.context import Ctx, Reply
from tomatic.services.views import WeekSnapshot


@subcommand("timetable", "graella", "horario", "horari", example="/tomatic timetable next")
async def handle_timetable(ctx: Ctx) -> Reply | None:
    """Share the week's image where the command was typed; answer with text and a link.
    `/tomatic timetable log [week]` is the week's change log."""
    if ctx.args and ctx.args[0].lower() in ("log", "registre", "registro"):
        ctx.args = ctx.args[1:]
        return await handle_changes(ctx)
    me = await ctx.me()
    snapshot = await ctx.services.views.snapshot(me, ctx.args[0] if ctx.args else None, ctx.lang)
    await share_image(ctx, snapshot)
    return Reply(snapshot.title, timetable_blocks(snapshot, ctx.lang))


async def share_image(ctx: Ctx, snapshot: WeekSnapshot) -> None:
    """Upload the PNG to the command's channel, or to the user's DM when that is refused."""
    filename = f"timetable-{snapshot.week.isoformat()}.png"
    title = ctx.t("views.shared", date=f"{snapshot.week:%d/%m/%Y}")
    where = ctx.channel_id or ctx.user_id
    try:
        await ctx.services.notifier.upload(where, filename, snapshot.png, title, "")
    except SlackApiError:  # e.g. not_in_channel: the bot was never invited there
        await ctx.services.notifier.upload(ctx.user_id, filename, snapshot.png, title, "")


@subcommand("calendar", "calendari", "calendario", example="/tomatic calendar")
async def handle_calendar(ctx: Ctx) -> Reply:
    """The person's private calendar address with a New link button."""
    me = await ctx.me()
    token = await ctx.services.views.calendar_token(me)
    url = ctx.services.views.calendar_url(token)
    return Reply(ctx.t("views.calendar.title") + f": {url}", calendar_blocks(url, ctx.lang))
