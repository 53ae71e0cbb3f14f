"""Building a Ctx from interactive payloads and turning errors into modal field errors."""

from __future__ import annotations

import re
from collections.abc import Awaitable
from typing import Any, TypeVar

from handlers.blocks.limits import FIELD_ERROR, shorten
from handlers.context import Ctx
from tomatic.domain.errors import TomaticError
from tomatic.domain.fields import InvalidFieldsError
from tomatic.domain.model import Person
from tomatic.i18n.formats import localised_params

T = TypeVar("T")
_CODE = re.compile(r"`([^`]*)`")


async def ctx_from_body(body: dict[str, Any], client: Any, context: Any) -> Ctx:
    """The Ctx of a block_actions or view_submission payload."""
    services = context["services"]
    user_id = body["user"]["id"]
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id", ""
    )
    return Ctx(
        services=services,
        user_id=user_id,
        lang=await services.identity.language_of(user_id),
        trigger_id=body.get("trigger_id", ""),
        channel_id=channel or "",
        client=client,
    )


async def editable_subject(ctx: Ctx, body: dict[str, Any]) -> tuple[Person, Person]:
    """(actor, the person the clicked button names) when the actor may edit that person."""
    me = await ctx.me()
    subject = await ctx.services.persons.get(body["actions"][0]["value"])
    ctx.services.identity.require_self_or_admin(me, subject)
    return me, subject


async def acknowledged(
    ack: Any, ctx: Ctx, work: Awaitable[T], fields: dict[str, str], default: str
) -> T | None:
    """Run a modal submission's `work`, then acknowledge it: a domain error goes back onto the
    input it is about (the modal stays open) and None is returned. Slack waits for this ack,
    so `work` is only what decides whether the modal may close."""
    try:
        done = await work
    except TomaticError as error:
        await ack(**field_errors(ctx, error, fields, default))
        return None
    await ack()
    return done


def field_errors(
    ctx: Ctx, error: TomaticError, fields: dict[str, str], default: str
) -> dict[str, Any]:
    """`response_action: errors`: each error under the input block it is about, in plain
    words. `fields` maps error-key prefixes, and the field names an InvalidFieldsError
    reports, to block ids; anything else goes under `default`."""
    if isinstance(error, InvalidFieldsError):
        found = [(fields.get(name, default), each) for name, each in error.fields.items()]
    else:
        block = next((b for prefix, b in fields.items() if error.key.startswith(prefix)), default)
        found = [(block, error)]
    errors: dict[str, str] = {}
    for block, each in found:
        sentence = plain_sentence(ctx.t(each.key, **localised_params(ctx.lang, each.params)))
        errors[block] = f"{errors[block]} {sentence}" if block in errors else sentence
    return {
        "response_action": "errors",
        "errors": {b: shorten(e, FIELD_ERROR) for b, e in errors.items()},
    }


def plain_sentence(text: str) -> str:
    """A catalogue sentence without its Markdown, for the places Slack shows plain text
    (a modal's field errors): `code` becomes “code”, *bold* loses its stars."""
    return _CODE.sub(r"“\1”", text).replace("*", "")
