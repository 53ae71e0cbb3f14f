"""The `/tomatic …` slash command: parse, dispatch, answer privately."""

from __future__ import annotations

import time
from typing import Any

import structlog

from handlers.commands import registry
from handlers.context import Ctx, Reply
from tomatic.domain.errors import TomaticError

log = structlog.get_logger("tomatic.command")


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
    name = words[0] if words else "help"
    outcome = "failed"
    try:
        reply, outcome = await run(ctx, name)
        if reply is not None:
            await respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral")
    except TomaticError as error:
        outcome = error.key
        raise
    finally:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        log.info(
            "command", user=ctx.user_id, command=name, outcome=outcome, duration_ms=duration_ms
        )


async def run(ctx: Ctx, name: str) -> tuple[Reply | None, str]:
    """Dispatch one subcommand (errors are the error handler's: `handlers.errors`)."""
    entry = registry.find(name)
    if entry is None:
        return Reply(ctx.t("help.unknown", word=name)), "unknown"
    return await entry.handler(ctx), "ok"
