"""App Home: published when opened, on Refresh and after each of my actions from it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from handlers import ids
from handlers.blocks.home import home_view
from handlers.context import Ctx
from handlers.interaction import ctx_from_body

HomeAction = Callable[[Ctx], Awaitable[str]]


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


async def pause_me(ctx: Ctx) -> str:
    """Pause myself."""
    await ctx.services.home.pause_me(await ctx.me())
    return ""


async def resume_me(ctx: Ctx) -> str:
    """Resume myself."""
    await ctx.services.home.resume_me(await ctx.me())
    return ""


async def plan_next_week(ctx: Ctx) -> str:
    """Coordinators: start planning next week."""
    outcome = await ctx.services.operations.plan_next_week(await ctx.me(), ctx.services.now())
    return ctx.t(outcome.key, **outcome.params)


async def publish_next_week(ctx: Ctx) -> str:
    """Coordinators: publish next week's draft."""
    outcome = await ctx.services.operations.publish_next_week(await ctx.me(), ctx.services.now())
    return ctx.t(outcome.key, **outcome.params)


async def reload_queue(ctx: Ctx) -> str:
    """Coordinators: load the running turn into the queue now."""
    outcome = await ctx.services.operations.reload_queue(await ctx.me(), ctx.services.now())
    return ctx.t(outcome.key, **outcome.params)


def home_action(operation: HomeAction) -> Callable[..., Awaitable[None]]:
    """A Home button listener: ack, run `operation`, publish the Home with its notice."""

    async def listener(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
        await ack()
        ctx = await ctx_from_body(body, client, context)
        notice = await operation(ctx)
        await publish_home(ctx.services, client, ctx.user_id, notice)

    return listener


def register(app: Any) -> None:
    """Wire the Home tab listeners."""
    app.event("app_home_opened")(handle_app_home_opened)
    app.action(ids.HOME_REFRESH)(handle_home_refresh)
    app.action(ids.HOME_PAUSE)(home_action(pause_me))
    app.action(ids.HOME_RESUME)(home_action(resume_me))
    app.action(ids.HOME_PLAN)(home_action(plan_next_week))
    app.action(ids.HOME_PUBLISH)(home_action(publish_next_week))
    app.action(ids.HOME_RELOAD_QUEUE)(home_action(reload_queue))
