"""Buttons of planner runs and re-plans (Stop, Show, Publish, Discard) and the pagers of the
re-plan changes, the fairness ledger and a run's penalties.

A button on a private reply (a re-plan's changes, a page of the ledger or of penalties)
replaces that reply: nothing stale stays on screen. A button on a run's DM answers privately
(its penalties' Next: the next page as a private reply); the DM itself is brought up to date
by the run's watcher (published, discarded…).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from handlers import ids
from handlers.blocks.common import section
from handlers.blocks.fairness import fairness_blocks, fairness_title
from handlers.blocks.paging import parse_page_value
from handlers.blocks.plan import (
    publish_prompt_blocks,
    published_text,
    replan_blocks,
    replan_page_state,
    replan_text,
)
from handlers.blocks.planning_summary import penalty_blocks
from handlers.blocks.timetable import grid_blocks
from handlers.context import Ctx, Reply
from handlers.interaction import ctx_from_body
from tomatic.domain.errors import ValidationError
from tomatic.domain.timetable import Timetable
from tomatic.i18n.formats import date_text, localised_params, monday_text
from tomatic.services.timetable import AlreadyPublishedError

Step = Callable[[Ctx, str], Awaitable[Reply]]


def week_version(value: str) -> tuple[dt.date, int]:
    """A button value `2026-11-30|3` → (week, version)."""
    week, _, version = value.partition("|")
    if not (version.isascii() and version.isdigit()):
        raise ValidationError("plan.bad_button")
    try:
        return dt.date.fromisoformat(week), int(version)
    except ValueError:
        raise ValidationError("plan.bad_button") from None


def listener(step: Step, replaces: bool = False) -> Callable[..., Awaitable[None]]:
    """A bolt action listener: ack, run `step` with the button's value, answer privately;
    `replaces`: the answer takes the place of the private message the button was on."""

    async def handle(
        ack: Any, body: dict[str, Any], client: Any, context: Any, respond: Any
    ) -> None:
        await ack()
        ctx = await ctx_from_body(body, client, context)
        reply = await step(ctx, body["actions"][0].get("value", ""))
        ephemeral = bool((body.get("container") or {}).get("is_ephemeral"))
        await respond(
            text=reply.text,
            blocks=reply.blocks,
            response_type="ephemeral",
            replace_original=replaces and ephemeral,
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
        blocks = publish_prompt_blocks(week, version, error.params["version"], ctx.lang)
        return Reply(ctx.t(error.key, **localised_params(ctx.lang, error.params)), blocks)
    return Reply(published_text(done, ctx.lang))


async def publish_confirmed(ctx: Ctx, value: str) -> Reply:
    """Publish over a published week: the version the button names (`2026-11-30|3|2`: 2)
    is the one the coordinator saw and agreed to replace; another one published since is
    not replaced without asking again."""
    *ref, replacing = value.split("|")
    if len(ref) != 2:  # a button of before the replaced version was named
        return await publish(ctx, value, confirm=True)
    week, _ = week_version("|".join(ref))
    published = await ctx.services.timetable.published(week)
    agreed = published is not None and str(published[0]) == replacing
    return await publish(ctx, "|".join(ref), confirm=agreed)


async def discard(ctx: Ctx, value: str) -> Reply:
    """Discard a draft (Slack asked for confirmation first)."""
    week, version = week_version(value)
    await ctx.services.timetable.discard(await ctx.me(), week, version)
    return Reply(ctx.t("plan.discarded", week=date_text(ctx.lang, week), version=version))


async def names(ctx: Ctx) -> dict[str, str]:
    """Display names by person id."""
    return {p.id: p.display_name for p in await ctx.services.persons.list()}


async def show(ctx: Ctx, value: str) -> Reply:
    """A version's grid (coordinators: drafts are theirs)."""
    week, version = week_version(value)
    return await shown(ctx, await ctx.services.plans.version(await ctx.me(), week, version))


async def show_best(ctx: Ctx, run_id: str) -> Reply:
    """The best timetable a run has found so far (coordinators)."""
    return await shown(ctx, await ctx.services.plans.best(await ctx.me(), run_id))


async def shown(ctx: Ctx, timetable: Timetable) -> Reply:
    """The grid as text; too big for that (a contact centre's week), its image by DM."""
    title = ctx.t("timetable.week", week=date_text(ctx.lang, timetable.week))
    blocks = grid_blocks(timetable, await names(ctx), ctx.lang)
    if is_code(blocks):
        return Reply(title, blocks)
    png = await ctx.services.views.image_of(timetable, ctx.lang)
    filename = f"tomatic-{timetable.week.isoformat()}-draft.png"
    await ctx.services.notifier.upload(ctx.user_id, filename, png, title, "")
    return Reply(title, [section(ctx.t("plan.shown_as_image", lines=timetable.lines))])


def is_code(blocks: list[dict[str, Any]]) -> bool:
    """Whether `grid_blocks` gave the grid itself (code blocks), not a sentence."""
    return bool(blocks) and all(b.get("text", {}).get("text", "").startswith("```") for b in blocks)


async def replan_page(ctx: Ctx, value: str) -> Reply:
    """Another page of a re-plan's changes."""
    number, state = parse_page_value(value)
    found = replan_page_state(state)
    if found is None:
        raise ValidationError("plan.bad_button")
    result = await ctx.services.replan.changes(await ctx.me(), *found)
    blocks = replan_blocks(result, ctx.services.config.hours, await names(ctx), ctx.lang, number)
    return Reply(replan_text(result, ctx.lang), blocks)


async def fairness_page(ctx: Ctx, value: str) -> Reply:
    """Another page of the fairness ledger."""
    number, state = parse_page_value(value)
    weeks = int(state) if state.isascii() and state.isdigit() else None
    report = await ctx.services.fairness.report(await ctx.me(), weeks)
    return Reply(fairness_title(report, ctx.lang), fairness_blocks(report, ctx.lang, number))


async def penalties_page(ctx: Ctx, value: str) -> Reply:
    """Another page of a run's penalties (coordinators)."""
    number, run_id = parse_page_value(value)
    payload = await ctx.services.plans.summary(await ctx.me(), run_id)
    week = monday_text(ctx.lang, payload["week"])
    title = ctx.t("plan.penalties_of", week=week, run=run_id)
    return Reply(title, [section(title), *penalty_blocks(payload, ctx.lang, number)])


STEPS: dict[str, tuple[Step, bool]] = {
    ids.PLAN_STOP: (stop_run, False),
    ids.PLAN_PUBLISH: (publish, True),
    ids.PLAN_PUBLISH_CONFIRM: (publish_confirmed, True),
    ids.PLAN_DISCARD: (discard, True),
    ids.PLAN_SHOW: (show, False),
    ids.PLAN_SHOW_BEST: (show_best, False),
    f"{ids.REPLAN_PAGE}.previous": (replan_page, True),
    f"{ids.REPLAN_PAGE}.next": (replan_page, True),
    f"{ids.FAIRNESS_PAGE}.previous": (fairness_page, True),
    f"{ids.FAIRNESS_PAGE}.next": (fairness_page, True),
    f"{ids.PLAN_PENALTIES_PAGE}.previous": (penalties_page, True),
    f"{ids.PLAN_PENALTIES_PAGE}.next": (penalties_page, True),
}


def register(app: Any) -> None:
    """Wire the planning buttons."""
    for action_id, (step, replaces) in STEPS.items():
        app.action(action_id)(listener(step, replaces))
