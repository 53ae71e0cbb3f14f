"""The slack-bolt AsyncApp and the Slack side of our ports."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

import structlog
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers import register_listeners
from tomatic.domain.errors import PbxUnreachableError, TomaticError
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
        process_before_response=True,
    )

    @app.middleware
    async def inject_services(context: Any, next: Any) -> None:  # noqa: A002 - bolt's name
        context["services"] = services
        await next()

    async def handle_error(error: Exception, body: dict[str, Any], respond: Any = None) -> None:
        """Domain errors become a private sentence; anything else is logged and apologised for."""
        user = (body.get("user") or {}).get("id") or body.get("user_id", "")
        if isinstance(error, PbxUnreachableError):  # the host is for the log, not for people
            log.warning("pbx unreachable", user=user, **error.params)
        elif isinstance(error, TomaticError):
            log.info("refused", user=user, reason=error.key)
        else:
            log.error("listener failed", user=user, error=type(error).__name__, exc_info=error)
        if respond is None or not (body.get("response_url") or body.get("response_urls")):
            return
        lang = await services.identity.language_of(user) if user else services.language
        text = (
            ":warning: " + t(lang, error.key, **error.params)
            if isinstance(error, TomaticError)
            else t(lang, "error.unexpected")
        )
        await respond(text=text, response_type="ephemeral", replace_original=False)

    app.error(handle_error)
    register_listeners(LazyRegistrar(app, handle_error, services))
    return app


async def _ack_now(ack: Any) -> None:
    await ack()


class LazyRegistrar:
    """Registers commands, actions and events as bolt lazy listeners: Slack gets its
    acknowledgement at once and the work runs in a task (no polling for ack()).
    View submissions stay inline, since their ack may carry field errors."""

    def __init__(self, app: AsyncApp, on_error: Any, services: Services) -> None:
        self._app = app
        self._on_error = on_error
        self._services = services

    def command(self, *args: Any, **kwargs: Any) -> Any:
        """Like `app.command`, lazily."""
        return self._lazy(self._app.command(*args, **kwargs))

    def action(self, *args: Any, **kwargs: Any) -> Any:
        """Like `app.action`, lazily."""
        return self._lazy(self._app.action(*args, **kwargs))

    def event(self, *args: Any, **kwargs: Any) -> Any:
        """Like `app.event`, lazily."""
        return self._lazy(self._app.event(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)

    def _lazy(self, decorator: Any) -> Any:
        def register(function: Any) -> Any:
            decorator(ack=_ack_now, lazy=[self._guarded(function)])
            return function

        return register

    def _guarded(self, function: Any) -> Any:
        """Lazy work reports its failures like inline listeners do."""
        own = inspect.signature(function)
        names = set(own.parameters)
        extra = [
            inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY)
            for n in ("body", "respond", "context")
            if n not in names
        ]
        on_error = self._on_error

        services = self._services

        async def run(**kwargs: Any) -> None:
            kwargs["context"]["services"] = services  # lazy requests carry a fresh context
            try:
                await function(**{k: v for k, v in kwargs.items() if k in names})
            except Exception as error:
                await on_error(error, kwargs.get("body") or {}, kwargs.get("respond"))

        run.__name__ = function.__name__
        run.__qualname__ = function.__qualname__
        run.__signature__ = own.replace(parameters=[*own.parameters.values(), *extra])  # type: ignore[attr-defined]
        return run
