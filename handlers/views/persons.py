"""Person modal submissions: edit a profile, create a person."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.common import values_of
from handlers.interaction import acknowledged, ctx_from_body
from tomatic.domain.errors import ValidationError
from tomatic.domain.model import Person

FIELD_BLOCKS = {
    "person.bad_id": "id",
    "person.exists": "id",
    "person.bad_email": "email",
    "person.email_taken": "email",
    "person.bad_extension": "extension",
    "person.extension_taken": "extension",
    "person.bad_color": "color",
    "person.bad_load": "ideal_load",
    "person.bad_group": "groups",
    "person.bad_table": "table",
}


def parse_person_fields(values: dict[str, Any], admin: bool) -> dict[str, Any]:
    """Modal values → service fields, with numbers and lists converted."""
    fields: dict[str, Any] = {
        k: (values.get(k) or "").strip() for k in ("name", "email", "extension", "color")
    }
    fields["table"] = _int(values.get("table"), "person.bad_table", default=-1)
    if admin and "ideal_load" in values:
        fields["ideal_load"] = _int(values.get("ideal_load"), "person.bad_load", default=None)
    if admin and "groups" in values:
        raw = (values.get("groups") or "").replace(",", " ").split()
        fields["groups"] = sorted({g.lower() for g in raw})
    return fields


def _int(raw: Any, key: str, default: int | None) -> int | None:
    text = (raw or "").strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise ValidationError(key, value=text) from None


async def handle_profile_submit(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """Save an edited profile; field errors stay in the modal."""
    ctx = await ctx_from_body(body, client, context)
    view = body["view"]

    async def update() -> Person:
        me = await ctx.me()
        fields = parse_person_fields(values_of(view), me.is_admin)
        return await ctx.services.persons.update(me, view["private_metadata"], fields)

    await acknowledged(ack, ctx, update(), FIELD_BLOCKS, "name")


async def handle_person_create(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """Create a person from the modal (coordinators)."""
    ctx = await ctx_from_body(body, client, context)
    values = values_of(body["view"])

    async def create() -> Person:
        fields = parse_person_fields(values, admin=True)
        return await ctx.services.persons.create(
            await ctx.me(), (values.get("id") or "").strip(), fields
        )

    await acknowledged(ack, ctx, create(), FIELD_BLOCKS, "id")


def register(app: Any) -> None:
    """Wire the person modals."""
    app.view(ids.PROFILE_VIEW)(handle_profile_submit)
    app.view(ids.PERSON_CREATE_VIEW)(handle_person_create)
