"""The slack-bolt AsyncApp and the Slack side of our ports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers import register_listeners
from tomatic.i18n import t
from tomatic.services import Services

log = structlog.get_logger("tomatic.slack")


@dataclass
class SlackUser:
    """What `users.info` tells about a user."""

    user_id: str
    email: str
    locale: str
    real_name: str


class SlackUserDirectory:
    """`users.info` with locale, cached per user for the life of the process."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._cache: dict[str, SlackUser | None] = {}

    async def lookup(self, user_id: str) -> SlackUser | None:
        """The user's e-mail, locale and name; None if Slack does not know them."""
        if user_id in self._cache:
            return self._cache[user_id]
        try:
            response = await self.client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            log.warning("users.info failed", user=user_id, error=error.response.get("error"))
            return None
        user = response["user"]
        info = SlackUser(
            user_id=user_id,
            email=(user.get("profile") or {}).get("email", ""),
            locale=user.get("locale", ""),
            real_name=user.get("real_name") or user.get("name", ""),
        )
        self._cache[user_id] = info
        return info


def build_client(token: str, api_url: str) -> AsyncWebClient:
    """The Web API client (pointed at Slack, or at the local sandbox)."""
    return AsyncWebClient(token=token, base_url=api_url)


def build_slack_app(client: AsyncWebClient, signing_secret: str, services: Services) -> AsyncApp:
    """The bolt app: signatures verified, services injected, every listener registered."""
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        request_verification_enabled=True,
        raise_error_for_unhandled_request=False,
    )

    @app.middleware
    async def inject_services(context: Any, next: Any) -> None:  # noqa: A002 - bolt's name
        context["services"] = services
        await next()

    @app.error
    async def handle_error(error: Exception, body: dict[str, Any], respond: Any = None) -> None:
        user = (body.get("user") or {}).get("id") or body.get("user_id", "")
        log.exception("listener failed", user=user, error=type(error).__name__)
        if respond is not None and (body.get("response_url") or body.get("response_urls")):
            lang = await services.identity.language_of(user) if user else services.language
            await respond(text=t(lang, "error.unexpected"), response_type="ephemeral")

    register_listeners(app)
    return app
