"""The slack-bolt AsyncApp: services injected, Slack's answers checked, listeners lazy."""

from __future__ import annotations

import inspect
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_checks import ErrorReporter, checked, interaction_name, user_of
from handlers import register_listeners
from tomatic.services import Services


def build_slack_app(client: AsyncWebClient, signing_secret: str, services: Services) -> AsyncApp:
    """The bolt app: signatures verified, services injected, every listener registered."""
    app = AsyncApp(
        client=client,
        signing_secret=signing_secret,
        request_verification_enabled=True,
        raise_error_for_unhandled_request=False,
        process_before_response=True,
    )

    reporter = ErrorReporter(services)

    @app.middleware
    async def inject_services(context: Any, body: dict[str, Any], next: Any) -> None:  # noqa: A002 - bolt's name
        context["services"] = services
        context["respond"] = checked(
            context.respond, interaction_name(body), user_of(body), _fallback(reporter, body)
        )
        await next()

    async def handle_error(
        error: Exception, body: dict[str, Any], respond: Any = None, client: Any = None
    ) -> None:
        """See ErrorReporter."""
        await reporter(error, body, respond, client)

    app.error(handle_error)
    register_listeners(LazyRegistrar(app, handle_error, services, reporter))
    return app


def _fallback(reporter: ErrorReporter, body: dict[str, Any]) -> Any:
    async def text(code: str) -> str:
        return await reporter.refused_text(user_of(body), code)

    return text


async def _ack_now(ack: Any) -> None:
    await ack()


class LazyRegistrar:
    """Registers commands, actions and events as bolt lazy listeners: Slack gets its
    acknowledgement at once and the work runs in a task (no polling for ack()).
    View submissions stay inline, since their ack may carry field errors."""

    def __init__(
        self, app: AsyncApp, on_error: Any, services: Services, reporter: ErrorReporter
    ) -> None:
        self._app = app
        self._on_error = on_error
        self._services = services
        self._reporter = reporter

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
        extra = [  # positional-or-keyword: bolt only injects what getfullargspec().args lists
            inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None)
            for n in ("body", "respond", "context", "client")
            if n not in names
        ]
        on_error, services, reporter = self._on_error, self._services, self._reporter

        async def run(**kwargs: Any) -> None:
            kwargs["context"]["services"] = services  # lazy requests carry a fresh context
            body = kwargs.get("body") or {}
            name, user = interaction_name(body), user_of(body)
            kwargs["respond"] = checked(
                kwargs.get("respond"), name, user, _fallback(reporter, body)
            )
            try:
                await function(**{k: v for k, v in kwargs.items() if k in names})
            except Exception as error:
                await on_error(error, body, kwargs.get("respond"), kwargs.get("client"))

        run.__name__ = function.__name__
        run.__qualname__ = function.__qualname__
        run.__signature__ = own.replace(parameters=[*own.parameters.values(), *extra])  # type: ignore[attr-defined]
        return run
