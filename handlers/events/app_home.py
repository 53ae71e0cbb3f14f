"""App Home: published when opened, on Refresh and after each of my actions from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

from handlers import ids
from handlers.blocks.home import home_view
from handlers.blocks.plan import started_text
from handlers.context import Ctx
from handlers.interaction import ctx_from_body
from tomatic.domain.errors import ValidationError
from tomatic.i18n.formats import localised_params

HomeAction = Callable[[Ctx, str], Awaitable[str]]
"""A Home button's operation: (the interaction, the button's value) → the Home's notice."""


async def publish_home(services: Any, client: Any, user_id: str, notice: str = "") -> None:
    """Render and publish one user's Home tab (call it after anything that changes it)."""
    lang = await services.identity.language_of(user_id)
    dashboard = await services.home.dashboard(user_id)
    await client.views_publish(
        user_id=user_id, view=home_view(dashboard, services.config, lang, notice)
    )


def on_home(body: dict[str, Any]) -> bool:
    """Whether an action came from a button on the App Home (which has no response_url)."""
    return (body.get("view") or {}).get("type") == "home"


async def handle_app_home_opened(event: dict[str, Any], client: Any, context: Any) -> None:
    """Refresh the Home tab each time it is opened."""
    if event.get("tab", "home") == "home":
        await publish_home(context["services"], client, event["user"])


async def handle_home_refresh(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """The Refresh button."""
    await ack()
    await publish_home(context["services"], client, body["user"]["id"])


async def pause_me(ctx: Ctx, value: str) -> str:
    """Pause myself."""
    await ctx.services.home.pause_me(await ctx.me())
    return ""


async def resume_me(ctx: Ctx, value: str) -> str:
    """Resume myself."""
    await ctx.services.home.resume_me(await ctx.me())
    return ""


async def plan_week(ctx: Ctx, value: str) -> str:
    """Coordinators: plan the week of the button as `/tomatic plan` does (its run followed
    live in their DM, with Stop, then Publish and Discard)."""
    week = week_of_button(value)
    started = await ctx.services.plans.start(await ctx.me(), week, ctx.lang)
    return started_text(started, ctx.lang, already="plan.running")


def week_of_button(value: str) -> dt.date:
    """The Monday a Home button names (`2026-11-30`)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError("plan.bad_button") from None


async def publish_next_week(ctx: Ctx, value: str) -> str:
    """Coordinators: publish next week's draft."""
    outcome = await ctx.services.operations.publish_next_week(await ctx.me(), ctx.services.now())
    return ctx.t(outcome.key, **localised_params(ctx.lang, outcome.params))


async def reload_queue(ctx: Ctx, value: str) -> str:
    """Coordinators: load the running turn into the queue now."""
    outcome = await ctx.services.operations.reload_queue(await ctx.me(), ctx.services.now())
    params = dict(outcome.params)
    if "error_params" in params:  # the PBX failed the load: its error in words
        params["error"] = ctx.t(str(params["error"]), **params.pop("error_params"))
    return ctx.t(outcome.key, **params)


def home_action(operation: HomeAction) -> Callable[..., Awaitable[None]]:
    """A Home button listener: ack, run `operation`, publish the Home with its notice."""

    async def listener(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
        await ack()
        ctx = await ctx_from_body(body, client, context)
        notice = await operation(ctx, (body.get("actions") or [{}])[0].get("value") or "")
        await publish_home(ctx.services, client, ctx.user_id, notice)

    return listener


def register(app: Any) -> None:
    """Wire the Home tab listeners."""
    app.event("app_home_opened")(handle_app_home_opened)
    app.action(ids.HOME_REFRESH)(handle_home_refresh)
    app.action(ids.HOME_PAUSE)(home_action(pause_me))
    app.action(ids.HOME_RESUME)(home_action(resume_me))
    app.action(ids.HOME_PLAN)(home_action(plan_week))
    app.action(ids.HOME_PUBLISH)(home_action(publish_next_week))
    app.action(ids.HOME_RELOAD_QUEUE)(home_action(reload_queue))
