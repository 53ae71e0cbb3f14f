"""Buttons of swap requests (planner runs' buttons: `actions/plan.py`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from handlers import ids
from handlers.context import Ctx, Reply
from handlers.interaction import ctx_from_body

Step = Callable[[Ctx, str], Awaitable[Reply]]


def listener(step: Step, replace: bool = False) -> Callable[..., Awaitable[None]]:
    """A bolt action listener: ack, run `step` with the button's value, answer privately
    (in place of the message clicked, when `replace`: its button would be stale)."""

    async def handle(
        ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
    ) -> None:
        await ack()
        ctx = await ctx_from_body(body, client, context)
        reply = await step(ctx, body["actions"][0].get("value", ""))
        await respond(
            text=reply.text,
            blocks=reply.blocks,
            response_type="ephemeral",
            replace_original=replace,
        )

    handle.__name__ = f"handle_{step.__name__}"
    return handle


async def take(ctx: Ctx, request_id: str) -> Reply:
    """Take an offered turn."""
    await ctx.services.swaps.take(await ctx.me(), request_id)
    return Reply(ctx.t("swap.taken_reply"))


async def withdraw(ctx: Ctx, request_id: str) -> Reply:
    """Withdraw my offer."""
    await ctx.services.swaps.withdraw(await ctx.me(), request_id)
    return Reply(ctx.t("swap.withdrawn_reply"))


async def approve(ctx: Ctx, request_id: str) -> Reply:
    """Approve an offer (coordinators)."""
    await ctx.services.swaps.approve(await ctx.me(), request_id)
    return Reply(ctx.t("swap.approved_reply"))


STEPS: dict[str, Step] = {
    ids.SWAP_TAKE: take,
    ids.SWAP_WITHDRAW: withdraw,
    ids.SWAP_APPROVE: approve,
}


REPLACING = {ids.SWAP_WITHDRAW}
"""Buttons answered in place: Withdraw sits on the requester's own reply."""


def register(app: Any) -> None:
    """Wire the timetable buttons."""
    for action_id, step in STEPS.items():
        app.action(action_id)(listener(step, replace=action_id in REPLACING))
