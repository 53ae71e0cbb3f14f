"""Profile Edit button, person removal confirmation, paging through the team."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.limits import escape
from handlers.blocks.paging import parse_page_value
from handlers.blocks.persons import person_modal, persons_blocks
from handlers.interaction import ctx_from_body, editable_subject
from tomatic.i18n.formats import day_text


async def handle_profile_edit(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Open the profile modal for the person on the card."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    me, subject = await editable_subject(ctx, body)
    await client.views_open(
        trigger_id=ctx.trigger_id, view=person_modal(subject, ctx.lang, me.is_admin)
    )


async def handle_person_remove(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Delete the person after the confirmation dialog; say which of their published turns
    are still to come (nobody will take them until a coordinator re-plans or sets them)."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    subject = await ctx.services.persons.get(body["actions"][0]["value"])
    coming = [turn for turn in await ctx.services.timetable.mine(subject) if not turn.past]
    removed = await ctx.services.persons.remove(await ctx.me(), subject.id)
    text = ctx.t("person.removed", name=escape(removed.display_name), id=removed.id)
    if coming:
        first = f"{day_text(ctx.lang, coming[0].date)} {coming[0].label}"
        text += " " + ctx.t("person.removed_turns", n=len(coming), first=first)
    await respond(text=text, response_type="ephemeral", replace_original=True)


async def handle_persons_page(
    ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
) -> None:
    """Previous/Next through the team list, in place."""
    await ack()
    ctx = await ctx_from_body(body, client, context)
    await ctx.me()
    page, _ = parse_page_value(body["actions"][0]["value"])
    people = await ctx.services.persons.list()
    text = ctx.t("person.team_title", count=len(people))
    blocks = persons_blocks(people, ctx.lang, page)
    await respond(text=text, blocks=blocks, replace_original=True, response_type="ephemeral")


def register(app: Any) -> None:
    """Wire the person actions."""
    app.action(ids.PROFILE_EDIT)(handle_profile_edit)
    app.action(ids.PERSON_REMOVE_CONFIRM)(handle_person_remove)
    app.action(f"{ids.PERSONS_PAGE}.previous")(handle_persons_page)
    app.action(f"{ids.PERSONS_PAGE}.next")(handle_persons_page)
