"""The `/tomatic …` slash command: parse, dispatch, answer privately."""

from __future__ import annotations

import time
from typing import Any

import structlog

from handlers.blocks.limits import escape, shorten
from handlers.commands import registry
from handlers.context import Ctx, Reply
from tomatic.domain.errors import NotRegisteredError, TomaticError

log = structlog.get_logger("tomatic.command")

ECHO_LIMIT = 30  # characters of an unknown word quoted back to its writer


async def handle_tomatic(
    ack: Any, command: dict[str, Any], respond: Any, client: Any, context: Any
) -> None:
    """Acknowledge at once, then run the subcommand and respond ephemerally."""
    await ack()
    started = time.perf_counter()
    services = context["services"]
    text = (command.get("text") or "").strip()
    words = text.split()
    ctx = Ctx(
        services=services,
        user_id=command["user_id"],
        lang=await services.identity.language_of(command["user_id"]),
        args=words[1:],
        rest=text[len(words[0]) :].strip() if words else "",
        trigger_id=command.get("trigger_id", ""),
        channel_id=command.get("channel_id", ""),
        client=client,
    )
    word = words[0] if words else "help"
    name = command_name(word)
    outcome = "failed"
    try:
        reply, outcome = await run(ctx, word)
        if reply is not None:
            await respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral")
    except NotRegisteredError:
        outcome = "not_registered"
        raise
    except TomaticError:
        outcome = "refused"
        raise
    finally:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        log.info(
            "command", user=ctx.user_id, command=name, outcome=outcome, duration_ms=duration_ms
        )
        services.metrics.command(name, outcome)


def command_name(word: str) -> str:
    """The canonical name of a typed subcommand, or `unknown` (a typed word is never logged)."""
    entry = registry.find(word)
    return entry.name if entry is not None else "unknown"


async def run(ctx: Ctx, word: str) -> tuple[Reply | None, str]:
    """Dispatch one subcommand (errors are the error handler's: `handlers.errors`).

    Only registered people get past `help`: a stranger is told to ask a coordinator
    (NotRegisteredError) whatever they type, and learns nothing about the team.
    """
    entry = registry.find(word)
    if entry is None or entry.name != "help":
        await ctx.me()
    if entry is None:
        return unknown_reply(ctx, word), "unknown"
    return await entry.handler(ctx), "ok"


def unknown_reply(ctx: Ctx, word: str) -> Reply:
    """ "I don't know `x`", with the closest subcommand in any language when there is one."""
    typed = escape(shorten(word.replace("`", "'"), ECHO_LIMIT))
    close = registry.suggest(word)
    if close is None:
        return Reply(ctx.t("help.unknown", word=typed))
    return Reply(ctx.t("help.did_you_mean", word=typed, suggestion=close))
