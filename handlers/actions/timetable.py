"""Buttons of planner runs (Stop, Publish, Discard, Show) and of swap requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from handlers import ids
from handlers.blocks.plan import publish_prompt_blocks
from handlers.blocks.timetable import grid_blocks
from handlers.context import Ctx, Reply
from handlers.interaction import ctx_from_body
from tomatic.services.timetable import AlreadyPublishedError

Step = Callable[[Ctx, str], Awaitable[Reply]]


def week_version(value: str) -> tuple[dt.date, int]:
    """A button value `2026-11-30|3` → (week, version)."""
    week, _, version = value.partition("|")
    return dt.date.fromisoformat(week), int(version)


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


async def stop_run(ctx: Ctx, run_id: str) -> Reply:
    """Stop a planner run."""
    stopped = await ctx.services.plans.stop(await ctx.me(), run_id)
    return Reply(ctx.t("plan.stopping" if stopped else "plan.not_running"))


async def publish(ctx: Ctx, value: str, confirm: bool = False) -> Reply:
    """Publish the version of the button; asks first over a published week."""
    week, version = week_version(value)
    try:
        done = await ctx.services.timetable.publish(await ctx.me(), week, version, confirm)
    except AlreadyPublishedError as error:
        blocks = publish_prompt_blocks(week.isoformat(), version, error.params["version"], ctx.lang)
        return Reply(ctx.t(error.key, **error.params), blocks)
    params = {"week": week.isoformat(), "version": version, "notified": done.notified}
    key = "timetable.republished_reply" if done.replaced else "timetable.published_reply"
    return Reply(ctx.t(key, **params))


async def publish_confirmed(ctx: Ctx, value: str) -> Reply:
    """Publish over a published week."""
    return await publish(ctx, value, confirm=True)


async def discard(ctx: Ctx, value: str) -> Reply:
    """Discard a draft."""
    week, version = week_version(value)
    await ctx.services.timetable.discard(await ctx.me(), week, version)
    return Reply(ctx.t("plan.discarded", week=week.isoformat(), version=version))


async def show(ctx: Ctx, value: str) -> Reply:
    """The version's grid as text."""
    week, version = week_version(value)
    timetable = await ctx.services.timetable.version(week, version)
    names = {p.id: p.display_name for p in await ctx.services.persons.list()}
    blocks = grid_blocks(timetable, names, ctx.lang)
    return Reply(ctx.t("timetable.week", week=week.isoformat()), blocks)


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
    ids.PLAN_STOP: stop_run,
    ids.PLAN_PUBLISH: publish,
    ids.PLAN_PUBLISH_CONFIRM: publish_confirmed,
    ids.PLAN_DISCARD: discard,
    ids.PLAN_SHOW: show,
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
