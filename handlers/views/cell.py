"""Submitting the cell modal: the same rules as `/tomatic set`, refusals shown on the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.cell import NOBODY_VALUE
from handlers.blocks.common import values_of
from handlers.blocks.timetable import change_line
from handlers.interaction import ctx_from_body, field_errors
from tomatic.domain.errors import TomaticError

FIELD_BLOCKS = {
    "timetable.bad_day": ids.CELL_DAY,
    "timetable.holiday": ids.CELL_DAY,
    "timetable.bad_hour": ids.CELL_TURN,
    "timetable.bad_line": ids.CELL_LINE,
    "timetable.none": ids.CELL_WEEK,
    "timetable.no_version": ids.CELL_WEEK,
}


async def handle_cell_submit(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """Change the cell; DM the coordinator what changed."""
    ctx = await ctx_from_body(body, client, context)
    values = values_of(body["view"])
    try:
        me = await ctx.me()
        change = await ctx.services.cells.set_cell(
            me, dt.date.fromisoformat(values[ids.CELL_WEEK]), values[ids.CELL_DAY],
            values[ids.CELL_TURN], int(values[ids.CELL_LINE]), values[ids.CELL_WHO] or NOBODY_VALUE,
        )  # fmt: skip
    except TomaticError as error:
        await ack(**field_errors(ctx, error, FIELD_BLOCKS, ids.CELL_WHO))
        return
    await ack()
    names = {p.id: p.display_name for p in await ctx.services.persons.list()}
    line = change_line(change, ctx.services.config.hours, names, ctx.lang)
    await client.chat_postMessage(
        channel=ctx.user_id, text=ctx.t("timetable.set_done", change=line)
    )


def register(app: Any) -> None:
    """Wire the cell modal."""
    app.view(ids.CELL_VIEW)(handle_cell_submit)
