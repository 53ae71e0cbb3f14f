"""The busy modal submission."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.common import values_of
from handlers.blocks.limits import escape
from handlers.commands.busy import busy_reply, clash_note
from handlers.events.app_home import publish_home
from handlers.interaction import acknowledged, ctx_from_body
from tomatic.domain.model import BusyEntry, Person
from tomatic.services.availability import BusyForm

FIELD_BLOCKS = {
    "day": ids.BUSY_DAY,
    "date": ids.BUSY_DATE,
    "turns": ids.BUSY_TURNS,
    "reason": ids.BUSY_REASON,
    "busy.duplicate": ids.BUSY_TURNS,
}
"""The form's fields (and the repeat refusal) → the input blocks their errors go under."""


def form_from_values(values: dict[str, Any]) -> BusyForm:
    """The modal's values, unchecked (the service checks every field)."""
    return BusyForm(
        day=values.get(ids.BUSY_DAY) or "all",
        date=values.get(ids.BUSY_DATE) or "",
        turns=[str(v) for v in values.get(ids.BUSY_TURNS) or []],
        optional=values.get(ids.BUSY_OPTIONAL) != "no",
        reason=values.get(ids.BUSY_REASON) or "",
    )


async def handle_busy_submit(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """Store the entry, then show the updated list where the modal was opened."""
    ctx = await ctx_from_body(body, client, context)
    subject_id, _, channel = body["view"]["private_metadata"].partition("|")

    async def add() -> tuple[Person, BusyEntry]:
        subject = await ctx.services.persons.get(subject_id)
        form = form_from_values(values_of(body["view"]))
        return subject, await ctx.services.availability.add_from_form(await ctx.me(), subject, form)

    added = await acknowledged(ack, ctx, add(), FIELD_BLOCKS, ids.BUSY_REASON)
    if added is None:
        return
    subject, entry = added
    reply = await busy_reply(ctx, subject)
    text = ctx.t("busy.added", name=escape(subject.display_name))
    text += await clash_note(ctx, subject, entry)
    if channel:
        await client.chat_postEphemeral(
            channel=channel, user=ctx.user_id, text=text, blocks=reply.blocks
        )
    else:  # opened from the App Home
        await publish_home(ctx.services, client, ctx.user_id, text)


def register(app: Any) -> None:
    """Wire the busy modal."""
    app.view(ids.BUSY_VIEW)(handle_busy_submit)
