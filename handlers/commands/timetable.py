"""`/tomatic who|mine|set|changes|swap|forced` (planning weeks: `commands/planning.py`)."""

from __future__ import annotations

import datetime as dt

from handlers.blocks.cell import cell_modal
from handlers.blocks.timetable import (
    change_line,
    changes_blocks,
    forced_blocks,
    mine_blocks,
    who_blocks,
)
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.domain.errors import ValidationError
from tomatic.domain.model import monday_of


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


def split_week(ctx: Ctx) -> tuple[dt.date, list[str]]:
    """An optional leading date (its week), else this week; and the remaining words."""
    if ctx.args and ctx.args[0][:1].isdigit() and "-" in ctx.args[0]:
        return monday_of(parse_date(ctx.args[0])), ctx.args[1:]
    return monday_of(ctx.services.now().date()), list(ctx.args)


async def names_of(ctx: Ctx) -> dict[str, str]:
    """Display names by person id."""
    return {p.id: p.display_name for p in await ctx.services.persons.list()}


@subcommand("who", "qui", "quien", "torn", "turno", example="/tomatic who")
async def handle_who(ctx: Ctx) -> Reply:
    """Who is on the phones now and next."""
    found = await ctx.services.timetable.who()
    return Reply(ctx.t("timetable.who_title"), who_blocks(found, ctx.lang))


@subcommand("mine", "meus", "mios", "torns", "turnos", example="/tomatic mine")
async def handle_mine(ctx: Ctx) -> Reply:
    """My turns this week and next."""
    turns = await ctx.services.timetable.mine(await ctx.me())
    return Reply(ctx.t("timetable.mine_title"), mine_blocks(turns, ctx.lang))


@subcommand("set", "canvia", "cambia", example="/tomatic set dl 09:00 2 anna", admin=True)
async def handle_set(ctx: Ctx) -> Reply | None:
    """Put a person (or nobody) on one cell: `[week] <day> <hour> <line> <person|nobody>`;
    without arguments, a form with every choice as a menu."""
    if not ctx.args:
        await open_cell_modal(ctx)
        return None
    week, words = split_week(ctx)
    if len(words) != 4 or not words[2].isdigit():
        return Reply(ctx.t("timetable.set_usage"))
    change = await ctx.services.cells.set_cell(
        await ctx.me(), week, words[0], words[1], int(words[2]), words[3]
    )
    hours = ctx.services.config.hours
    return Reply(
        ctx.t(
            "timetable.set_done", change=change_line(change, hours, await names_of(ctx), ctx.lang)
        )
    )


async def open_cell_modal(ctx: Ctx) -> None:
    """The cell form, for this week and next (coordinators)."""
    ctx.services.identity.require_admin(await ctx.me())
    this_week = monday_of(ctx.services.now().date())
    weeks = [this_week, this_week + dt.timedelta(days=7)]
    people = [p for p in await ctx.services.persons.list() if p.ideal_load is not None]
    view = cell_modal(weeks, ctx.services.config, people, ctx.lang)
    await ctx.client.views_open(trigger_id=ctx.trigger_id, view=view)


@subcommand("changes", "canvis", "cambios", example="/tomatic changes 2026-11-30")
async def handle_changes(ctx: Ctx) -> Reply:
    """A week's change log (default: this week)."""
    week = week_arg(ctx, 0)
    changes = await ctx.services.timetable.log(week)
    blocks = changes_blocks(week, changes, ctx.services.config.hours, await names_of(ctx), ctx.lang)
    return Reply(ctx.t("timetable.changes_title", week=week.isoformat()), blocks)


@subcommand("swap", "intercanvi", "cambio", example="/tomatic swap dj 10:15")
async def handle_swap(ctx: Ctx) -> Reply:
    """Offer my next turn at <day> <hour> to the team."""
    if len(ctx.args) != 2:
        return Reply(ctx.t("swap.usage"))
    request = await ctx.services.swaps.request(await ctx.me(), *ctx.args)
    return Reply(ctx.t("swap.requested", n=len(request.candidates)))


@subcommand("forced", "fixos", "fijos", example="/tomatic forced add dl 09:00 1 anna")
async def handle_forced(ctx: Ctx) -> Reply:
    """Show the forced-turns template; `add <day> <hour> <line> <person>`, `remove <day> <hour> <line>`."""
    verb, words = (ctx.args[0].lower(), ctx.args[1:]) if ctx.args else ("", [])
    service = ctx.services.cells
    if verb in ("add", "afegeix", "añade") and len(words) == 4 and words[2].isdigit():
        rows = await service.set_forced(await ctx.me(), words[0], words[1], int(words[2]), words[3])
    elif verb in ("remove", "treu", "quita") and len(words) == 3 and words[2].isdigit():
        rows = await service.set_forced(await ctx.me(), words[0], words[1], int(words[2]), None)
    elif verb:
        return Reply(ctx.t("forced.usage"))
    else:
        rows = await service.forced()
    hours = ctx.services.config.hours
    return Reply(ctx.t("forced.title"), forced_blocks(rows, hours, await names_of(ctx), ctx.lang))
