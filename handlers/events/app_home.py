"""App Home: rendered when opened and on Refresh."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.home import home_view


async def publish_home(services: Any, client: Any, user_id: str) -> None:
    """Render and publish one user's Home tab."""
    lang = await services.identity.language_of(user_id)
    person = await services.identity.find(user_id)
    entries = await services.availability.list(person) if person else []
    sections = []
    for provider in services.extra.get("home_sections", []):
        sections.append(await provider(person, lang)) if person else None
    view = home_view(person, entries, services.config, lang, [s for s in sections if s])
    await client.views_publish(user_id=user_id, view=view)


async def handle_app_home_opened(event: dict[str, Any], client: Any, context: Any) -> None:
    """Refresh the Home tab each time it is opened."""
    if event.get("tab", "home") == "home":
        await publish_home(context["services"], client, event["user"])


async def handle_home_refresh(ack: Any, body: dict[str, Any], client: Any, context: Any) -> None:
    """The Refresh button."""
    await ack()
    await publish_home(context["services"], client, body["user"]["id"])


def register(app: Any) -> None:
    """Wire the Home tab listeners."""
    app.event("app_home_opened")(handle_app_home_opened)
    app.action(ids.HOME_REFRESH)(handle_home_refresh)
