"""Person modal submissions: edit a profile, create a person."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.common import values_of
from handlers.interaction import acknowledged, ctx_from_body
from tomatic.domain.model import Person

FIELDS = ("id", "name", "email", "extension", "table", "color", "ideal_load", "groups")
FIELD_BLOCKS = {name: name for name in FIELDS}
"""The person modal's input blocks are named after the fields they edit."""
TEXT_FIELDS = ("name", "email", "extension", "color")


def parse_person_fields(values: dict[str, Any]) -> dict[str, Any]:
    """The fields the modal holds → service fields: numbers converted when they are numbers
    (the service names what is not), groups as a sorted list. Fields the modal does not
    hold (an operator's form has no extension, load or groups) are left out: unchanged."""
    fields: dict[str, Any] = {k: (values.get(k) or "").strip() for k in TEXT_FIELDS if k in values}
    if "table" in values:
        fields["table"] = _number(values.get("table"), default=-1)
    if "ideal_load" in values:
        fields["ideal_load"] = _number(values.get("ideal_load"), default=None)
    if "groups" in values:
        raw = (values.get("groups") or "").replace(",", " ").split()
        fields["groups"] = sorted({g.lower() for g in raw})
    return fields


def _number(raw: Any, default: int | None) -> int | str | None:
    text = (raw or "").strip()
    if not text:
        return default
    return int(text) if text.isascii() and text.lstrip("-").isdigit() else text


async def handle_profile_submit(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """Save an edited profile; every wrong field is named in the modal at once."""
    ctx = await ctx_from_body(body, client, context)
    view = body["view"]

    async def update() -> Person:
        me = await ctx.me()
        fields = parse_person_fields(values_of(view))
        return await ctx.services.persons.update(me, view["private_metadata"], fields)

    await acknowledged(ack, ctx, update(), FIELD_BLOCKS, "name")


async def handle_person_create(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """Create a person from the modal (coordinators)."""
    ctx = await ctx_from_body(body, client, context)
    values = values_of(body["view"])

    async def create() -> Person:
        fields = parse_person_fields(values)
        person_id = (values.get("id") or "").strip().lower()
        return await ctx.services.persons.create(await ctx.me(), person_id, fields)

    await acknowledged(ack, ctx, create(), FIELD_BLOCKS, "id")


def register(app: Any) -> None:
    """Wire the person modals."""
    app.view(ids.PERSON_CREATE_VIEW)(handle_person_create)
    app.view(ids.PROFILE_VIEW)(handle_profile_submit)
