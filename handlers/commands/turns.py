"""`/tomatic who|mine|set|changes|swap|forced`: days and weeks read by `tomatic.domain.dates`,
so `dc`, `dimecres`, `wed`, `next wed` and `2026-12-09` mean the same in every command."""

from __future__ import annotations

import datetime as dt

from handlers.blocks import notices  # noqa: F401 - registers the change notices' renderers
from handlers.blocks.cell import cell_modal
from handlers.blocks.timetable import swap_offered_blocks
from handlers.blocks.turns import (
    change_line,
    changes_blocks,
    forced_blocks,
    mine_blocks,
    who_blocks,
)
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.domain.dates import read_day, read_week
from tomatic.domain.errors import ValidationError
from tomatic.domain.model import date_of, monday_of
from tomatic.i18n.formats import day_text

ADD_WORDS = ("add", "afegeix", "añade", "afegir", "añadir")
REMOVE_WORDS = ("remove", "treu", "quita", "treure", "quitar")


async def names_of(ctx: Ctx) -> dict[str, str]:
    """Display names by person id."""
    return {p.id: p.display_name for p in await ctx.services.persons.list()}


@subcommand("who", "qui", "quien", "torn", "turno", example="/tomatic who")
async def handle_who(ctx: Ctx) -> Reply:
    """Who is on the phones now and next."""
    await ctx.me()
    found = await ctx.services.timetable.who()
    return Reply(ctx.t("timetable.who_title"), who_blocks(found, ctx.lang))


@subcommand("mine", "meus", "mios", "torns", "turnos", example="/tomatic mine")
async def handle_mine(ctx: Ctx) -> Reply:
    """My turns this week and next."""
    turns = await ctx.services.timetable.mine(await ctx.me())
    return Reply(ctx.t("timetable.mine_title"), mine_blocks(turns, ctx.lang))


def cell_words(words: list[str], today: dt.date) -> tuple[dt.date, list[str]]:
    """`[week] <day> <hour> <line> <who>` → the date meant and `[hour, line, who]`.

    A day alone is its next occurrence (`dc`, `next wed`, `2026-12-09`); after a week (`next`,
    any date in it) it is that week's weekday.
    """
    try:
        day, used = read_day(words, today)
    except ValidationError:
        if len(words) < 5:
            raise
        day, used = None, 0
    if day is not None and len(words) - used == 3:
        return day.next_from(today), words[used:]
    if len(words) < 5:
        raise ValidationError("timetable.set_usage")
    week = read_week(words[0], today)
    day, used = read_day(words[1:], today)
    if len(words) - 1 - used != 3:
        raise ValidationError("timetable.set_usage")
    return day.in_week(week), words[1 + used :]


@subcommand("set", "canvia", "cambia", example="/tomatic set dc 09:00 2 anna", admin=True)
async def handle_set(ctx: Ctx) -> Reply | None:
    """Put a person (or nobody) on one cell: `[week] <day> <hour> <line> <person|nobody>`;
    without arguments, a form with every choice as a menu."""
    if not ctx.args:
        await open_cell_modal(ctx)
        return None
    me = await ctx.me()
    ctx.services.identity.require_admin(me, "timetable.denied.set")
    date, (hour, line, who) = cell_words(ctx.args, ctx.services.now().date())
    change = await ctx.services.cells.set_cell(me, date, hour, line, who)
    hours = ctx.services.config.hours
    done = change_line(change, hours, await names_of(ctx), ctx.lang, week=monday_of(date))
    return Reply(ctx.t("timetable.set_done", change=done))


async def open_cell_modal(ctx: Ctx) -> None:
    """The cell form, for this week and next (coordinators)."""
    ctx.services.identity.require_admin(await ctx.me(), "timetable.denied.set")
    this_week = monday_of(ctx.services.now().date())
    weeks = [this_week, this_week + dt.timedelta(days=7)]
    people = [p for p in await ctx.services.persons.list() if p.ideal_load is not None]
    view = cell_modal(weeks, ctx.services.config, people, ctx.lang)
    await ctx.client.views_open(trigger_id=ctx.trigger_id, view=view)


@subcommand("changes", "canvis", "cambios", example="/tomatic changes next")
async def handle_changes(ctx: Ctx) -> Reply:
    """A week's change log (default: this week), newest first, paged."""
    await ctx.me()
    today = ctx.services.now().date()
    week = read_week(ctx.args[0] if ctx.args else None, today)
    changes = await ctx.services.timetable.log(week)
    blocks = changes_blocks(week, changes, ctx.services.config.hours, await names_of(ctx), ctx.lang)
    return Reply(blocks[0]["text"]["text"], blocks)


@subcommand("swap", "intercanvi", "cambio", example="/tomatic swap dc 10:15")
async def handle_swap(ctx: Ctx) -> Reply:
    """Offer my turn of <day> <hour> to the team (any future published turn)."""
    if not ctx.args:
        return Reply(ctx.t("swap.usage"))
    day, used = read_day(ctx.args, ctx.services.now().date())
    if len(ctx.args) - used != 1:
        return Reply(ctx.t("swap.usage"))
    request = await ctx.services.swaps.request(await ctx.me(), day, ctx.args[used])
    hours = ctx.services.config.hours
    turn = f"{day_text(ctx.lang, date_of(request.week, request.day))} {hours[request.hour]}"
    text = ctx.t("swap.requested", turn=turn, n=len(request.candidates))
    return Reply(text, swap_offered_blocks(request.id, text, ctx.lang))


@subcommand("forced", "fixos", "fijos", example="/tomatic forced add dl 09:00 1 anna")
async def handle_forced(ctx: Ctx) -> Reply:
    """Show the forced-turns template; `add <day> <hour> <line> <person>`,
    `remove <day> <hour> <line>` (the day a weekday: the template repeats every week)."""
    verb, words = (ctx.args[0].lower(), ctx.args[1:]) if ctx.args else ("", [])
    if verb and (verb not in ADD_WORDS + REMOVE_WORDS or not words):
        return Reply(ctx.t("forced.usage"))
    if verb:
        day, used = read_day(words, ctx.services.now().date())
        rest = words[used:]
        if len(rest) != (3 if verb in ADD_WORDS else 2):
            return Reply(ctx.t("forced.usage"))
        if day.weekday is None:
            raise ValidationError("forced.weekday_only", value=day.text)
        who = rest[2] if verb in ADD_WORDS else None
        me = await ctx.me()
        rows = await ctx.services.cells.set_forced(me, day.weekday, rest[0], rest[1], who)
    else:
        rows = await ctx.services.cells.forced()
    hours = ctx.services.config.hours
    return Reply(ctx.t("forced.title"), forced_blocks(rows, hours, await names_of(ctx), ctx.lang))
