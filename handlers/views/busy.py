"""The busy modal submission."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.common import values_of
from handlers.commands.busy import busy_reply
from handlers.events.app_home import publish_home
from handlers.interaction import acknowledged, ctx_from_body
from tomatic.domain.availability import bitmap_from_indices
from tomatic.domain.errors import ValidationError
from tomatic.domain.model import WEEKDAYS, BusyEntry, Person

FIELD_BLOCKS = {
    "busy.bad_date": ids.BUSY_DATE,
    "busy.need_date": ids.BUSY_DATE,
    "busy.past_date": ids.BUSY_DATE,
    "busy.weekend_date": ids.BUSY_DATE,
    "busy.no_turns": ids.BUSY_TURNS,
    "busy.no_reason": ids.BUSY_REASON,
    "busy.long_reason": ids.BUSY_REASON,
}


def entry_from_values(values: dict[str, Any], person: str, turns: int) -> BusyEntry:
    """Modal values → a BusyEntry (not yet validated by the service)."""
    day = values.get(ids.BUSY_DAY) or "all"
    date = None
    if day == "date":
        if not values.get(ids.BUSY_DATE):
            raise ValidationError("busy.need_date")
        date = dt.date.fromisoformat(values[ids.BUSY_DATE])
        if date.weekday() > 4:
            raise ValidationError("busy.weekend_date", value=date.isoformat())
    indices = [int(i) for i in values.get(ids.BUSY_TURNS) or []]
    if not indices:
        raise ValidationError("busy.no_turns", value="")
    return BusyEntry(
        person=person,
        weekday=day if day in WEEKDAYS else None,
        date=date,
        turns=bitmap_from_indices(indices, turns),
        optional=values.get(ids.BUSY_OPTIONAL) != "no",
        reason=(values.get(ids.BUSY_REASON) or "").strip(),
    )


async def handle_busy_submit(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """Store the entry, then show the updated list where the modal was opened."""
    ctx = await ctx_from_body(body, client, context)
    subject_id, _, channel = body["view"]["private_metadata"].partition("|")

    async def add() -> Person:
        subject = await ctx.services.persons.get(subject_id)
        entry = entry_from_values(values_of(body["view"]), subject.id, ctx.services.config.turns)
        await ctx.services.availability.add(await ctx.me(), subject, entry)
        return subject

    subject = await acknowledged(ack, ctx, add(), FIELD_BLOCKS, ids.BUSY_REASON)
    if subject is None:
        return
    reply = await busy_reply(ctx, subject)
    text = ctx.t("busy.added", name=subject.display_name)
    if channel:
        await client.chat_postEphemeral(
            channel=channel, user=ctx.user_id, text=text, blocks=reply.blocks
        )
    else:  # opened from the App Home
        await publish_home(ctx.services, client, ctx.user_id, text)


def register(app: Any) -> None:
    """Wire the busy modal."""
    app.view(ids.BUSY_VIEW)(handle_busy_submit)
