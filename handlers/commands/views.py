"""`/tomatic timetable [week]` (the image, a text grid and a private link) and `/tomatic calendar`."""

from __future__ import annotations

from handlers.blocks.views import calendar_blocks, timetable_blocks
from handlers.commands.registry import subcommand
from handlers.commands.turns import handle_changes
from handlers.context import Ctx, Reply
from tomatic.i18n.formats import date_text
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
    shared = await share_image(ctx, snapshot)
    return Reply(snapshot.title, timetable_blocks(snapshot, ctx.lang, shared))


async def share_image(ctx: Ctx, snapshot: WeekSnapshot) -> bool:
    """Upload the PNG to the command's channel, or to the user's DM when that is refused
    (`not_in_channel`: the bot was never invited there); whether it was shared."""
    if not snapshot.png:
        return False
    filename = f"timetable-{snapshot.week.isoformat()}.png"
    title = ctx.t("views.shared", date=date_text(ctx.lang, snapshot.week))
    notifier, where = ctx.services.notifier, ctx.channel_id or ctx.user_id
    if await notifier.upload(where, filename, snapshot.png, title, ""):
        return True
    return where != ctx.user_id and await notifier.upload(
        ctx.user_id, filename, snapshot.png, title, ""
    )


@subcommand("calendar", "calendari", "calendario", example="/tomatic calendar")
async def handle_calendar(ctx: Ctx) -> Reply:
    """The person's private calendar address with a New link button."""
    me = await ctx.me()
    token = await ctx.services.views.calendar_token(me)
    url = ctx.services.views.calendar_url(token)
    return Reply(ctx.t("views.calendar.title") + f": {url}", calendar_blocks(url, ctx.lang))
