"""`/tomatic me`, `/tomatic persons`, `/tomatic person add|edit|remove <id>`."""

from __future__ import annotations

from handlers.blocks.persons import (
    person_modal,
    persons_blocks,
    profile_blocks,
    remove_confirmation_blocks,
)
from handlers.commands.registry import subcommand
from handlers.context import Ctx, Reply
from tomatic.domain.errors import ValidationError


@subcommand("me", "jo", "yo", "profile", "perfil", example="/tomatic me")
async def handle_me(ctx: Ctx) -> Reply:
    """My profile card with an Edit button."""
    me = await ctx.me()
    return Reply(me.display_name, profile_blocks(me, ctx.lang, can_edit=True))


@subcommand(
    "persons", "people", "team", "persones", "equip", "personas", example="/tomatic persons"
)
async def handle_persons(ctx: Ctx) -> Reply:
    """The team."""
    await ctx.me()
    people = await ctx.services.persons.list()
    return Reply(ctx.t("person.team_title", count=len(people)), persons_blocks(people, ctx.lang))


@subcommand("person", "persona", example="/tomatic person add anna", admin=True)
async def handle_person(ctx: Ctx) -> Reply | None:
    """Admin operations on one person: add, edit, remove (modals and a confirmation)."""
    me = await ctx.me()
    if len(ctx.args) != 2 or ctx.args[0].lower() not in ("add", "edit", "remove", "show"):
        raise ValidationError("person.usage")
    action, person_id = ctx.args[0].lower(), ctx.args[1].lower()
    if action == "show":
        subject = await ctx.services.identity.target(person_id, me)
        can_edit = me.is_admin or me.id == subject.id
        return Reply(subject.display_name, profile_blocks(subject, ctx.lang, can_edit))
    ctx.services.identity.require_admin(me)
    if action == "add":
        view = person_modal(None, ctx.lang, admin=True)
        view["blocks"][0]["element"]["initial_value"] = person_id
        await ctx.client.views_open(trigger_id=ctx.trigger_id, view=view)
        return None
    subject = await ctx.services.identity.target(person_id, me)
    if action == "edit":
        view = person_modal(subject, ctx.lang, admin=True)
        await ctx.client.views_open(trigger_id=ctx.trigger_id, view=view)
        return None
    return Reply(ctx.t("person.remove_title"), remove_confirmation_blocks(subject, ctx.lang))
