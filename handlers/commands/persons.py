"""`/tomatic me`, `/tomatic persons`, `/tomatic person add|edit|show|remove <id>`."""

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

VERBS = {
    "add": "add",
    "afegeix": "add",
    "añade": "add",
    "nova": "add",
    "nueva": "add",
    "edit": "edit",
    "edita": "edit",
    "show": "show",
    "mostra": "show",
    "muestra": "show",
    "remove": "remove",
    "elimina": "remove",
    "esborra": "remove",
    "borra": "remove",
}


@subcommand("me", "jo", "yo", "profile", "perfil", example="/tomatic me")
async def handle_me(ctx: Ctx) -> Reply:
    """My profile card with an Edit button."""
    me = await ctx.me()
    return Reply(me.display_name, profile_blocks(me, ctx.lang, can_edit=True))


@subcommand(
    "persons", "people", "team", "persones", "equip", "personas", example="/tomatic persons"
)
async def handle_persons(ctx: Ctx) -> Reply:
    """The team, a page at a time."""
    await ctx.me()
    people = await ctx.services.persons.list()
    return Reply(ctx.t("person.team_title", count=len(people)), persons_blocks(people, ctx.lang))


@subcommand("person", "persona", example="/tomatic person add anna", admin=True)
async def handle_person(ctx: Ctx) -> Reply | None:
    """One person: show (anyone), edit (oneself or coordinators), add and remove
    (coordinators: a form, a confirmation)."""
    me = await ctx.me()
    action = VERBS.get(ctx.args[0].lower()) if ctx.args else None
    if len(ctx.args) != 2 or action is None:
        raise ValidationError("person.usage")
    if action == "add":
        ctx.services.identity.require_admin(me, "person.refused.create")
        person_id = await ctx.services.persons.check_new_id(ctx.args[1].lower())
        view = person_modal(None, ctx.lang, admin=True)
        view["blocks"][0]["element"]["initial_value"] = person_id
        await ctx.client.views_open(trigger_id=ctx.trigger_id, view=view)
        return None
    subject = await ctx.services.identity.target(ctx.args[1], me)
    if action == "show":
        can_edit = me.may_act_for(subject.id)
        return Reply(subject.display_name, profile_blocks(subject, ctx.lang, can_edit))
    if action == "edit":
        ctx.services.identity.require_self_or_admin(me, subject, "person.refused.other")
        view = person_modal(subject, ctx.lang, admin=me.is_admin)
        await ctx.client.views_open(trigger_id=ctx.trigger_id, view=view)
        return None
    ctx.services.identity.require_admin(me, "person.refused.remove")
    return Reply(ctx.t("person.remove_title"), remove_confirmation_blocks(subject, ctx.lang))
