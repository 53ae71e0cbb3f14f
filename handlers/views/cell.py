"""The cell form: its Who type-ahead, and its submission (the rules of `/tomatic set`, refusals
shown on the field they are about)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.cell import NOBODY_VALUE, who_options
from handlers.blocks.common import values_of
from handlers.blocks.paging import menu_answer
from handlers.blocks.turns import change_line
from handlers.interaction import acknowledged, ctx_from_body
from tomatic.domain.model import date_of
from tomatic.domain.timetable import CellChange

FIELD_BLOCKS = {
    "timetable.bad_day": ids.CELL_DAY,
    "timetable.holiday": ids.CELL_DAY,
    "dates.": ids.CELL_DAY,
    "timetable.bad_hour": ids.CELL_TURN,
    "timetable.rule.over": ids.CELL_TURN,
    "timetable.bad_line": ids.CELL_LINE,
    "timetable.not_a_line": ids.CELL_LINE,
    "timetable.none": ids.CELL_WEEK,
    "timetable.no_version": ids.CELL_WEEK,
}


async def handle_cell_who_options(
    ack: Any, body: dict[str, Any], client: Any, context: Any
) -> None:
    """Who, typed ahead: the people matching what is typed (coordinators only)."""
    ctx = await ctx_from_body(body, client, context)
    me = await ctx.services.identity.find(ctx.user_id)
    people = []
    if me is not None and me.is_admin:
        people = [p for p in await ctx.services.persons.list() if p.ideal_load is not None]
    await ack(**menu_answer(who_options(people, str(body.get("value") or ""), ctx.lang), ctx.lang))


async def handle_cell_submit(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """Change the cell; DM the coordinator what changed."""
    ctx = await ctx_from_body(body, client, context)
    values = values_of(body["view"])
    week = dt.date.fromisoformat(values[ids.CELL_WEEK])
    date = date_of(week, values[ids.CELL_DAY])
    cell = (values[ids.CELL_TURN], values[ids.CELL_LINE])
    who = values[ids.CELL_WHO] or NOBODY_VALUE

    async def change_cell() -> CellChange:
        return await ctx.services.cells.set_cell(await ctx.me(), date, *cell, who)

    change = await acknowledged(ack, ctx, change_cell(), FIELD_BLOCKS, ids.CELL_WHO)
    if change is None:
        return
    names = {p.id: p.display_name for p in await ctx.services.persons.list()}
    line = change_line(change, ctx.services.config.hours, names, ctx.lang, week=week)
    await client.chat_postMessage(
        channel=ctx.user_id, text=ctx.t("timetable.set_done", change=line)
    )


def register(app: Any) -> None:
    """Wire the cell modal and its type-ahead."""
    app.view(ids.CELL_VIEW)(handle_cell_submit)
    app.options(ids.CELL_WHO)(handle_cell_who_options)
