"""The aiohttp application: Slack events, health, and (without tokens) the Slack sandbox."""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator
from typing import Any

import structlog
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request

import tomatic
from bot.container import Resources, build_services
from bot.erp_check import erp_startup_ctx
from bot.jobs import advance_clock_action
from bot.routes_callinfo import add_callinfo_routes
from bot.routes_views import add_view_routes
from bot.sandbox_mode import (
    DEMO_ACTIONS,
    TEAM_CHANNEL,
    mount_sandbox,
    refuse_unsafe_sandbox,
    start_demo_planning,
)
from bot.scheduler import scheduler_ctx
from bot.settings import Settings
from bot.slack import SlackUserDirectory, build_client, build_slack_app
from bot.slack_notifier import SlackNotifier
from bot.verification import REJECTED, SlackRequestVerifier, verify_slack_requests
from bot.workers import ProcessPoolSolverRunner
from tomatic.services import Services

log = structlog.get_logger("tomatic.http")

SETTINGS = web.AppKey("settings", Settings)
SERVICES = web.AppKey("services", Services)
RESOURCES = web.AppKey("resources", Resources)
BOLT = web.AppKey("bolt", object)
SLACK_CLIENT = web.AppKey("slack_client", object)
SLACK_TOKEN = web.AppKey("slack_token", str)
SLACK_SECRET = web.AppKey("slack_signing_secret", str)


def slack_credentials(settings: Settings) -> tuple[str, str, str]:
    """(bot token, signing secret, Web API URL): the real ones, or the sandbox's own."""
    if not settings.sandbox:
        return (
            settings.slack_bot_token.get_secret_value(),  # type: ignore[union-attr]
            settings.slack_signing_secret.get_secret_value(),  # type: ignore[union-attr]
            settings.slack_api_url,
        )
    api_url = f"{settings.local_url}/sandbox/api/"
    return f"xoxb-sandbox-{secrets.token_hex(8)}", secrets.token_hex(16), api_url


def create_app(settings: Settings, services: Services | None = None) -> web.Application:
    """Build the web application; `services` may be given (tests), else built from settings."""
    if settings.sandbox:
        refuse_unsafe_sandbox(settings)
    token, secret, api_url = slack_credentials(settings)
    verifier = SlackRequestVerifier.for_api(secret, api_url)
    app = web.Application(middlewares=[access_log, verify_slack_requests(verifier)])
    app[SETTINGS] = settings
    client = build_client(token, api_url)
    team_channel = settings.team_channel
    if settings.sandbox:
        app[DEMO_ACTIONS] = [
            *app.get(DEMO_ACTIONS, []),
            advance_clock_action(lambda: app[SERVICES]),
        ]
        mount_sandbox(app, settings, token, secret, lambda: app[SERVICES])
        team_channel = team_channel or TEAM_CHANNEL
    if services is None:
        services, resources = build_services(settings, SlackUserDirectory(client))
        app[RESOURCES] = resources
        app.on_cleanup.append(_close_resources)
    if services.notifier is None:
        services.notifier = SlackNotifier(
            client, team_channel, services.identity.language_of, settings.language
        )
    app[SERVICES] = services
    app[SLACK_CLIENT] = client
    app[BOLT] = build_slack_app(client, secret, services)
    app.cleanup_ctx.append(solver_pool_ctx)
    app.cleanup_ctx.append(scheduler_ctx(SERVICES, settings.zone))
    app.cleanup_ctx.append(
        erp_startup_ctx(settings, lambda: getattr(app[SERVICES].callinfo, "customers", None))
    )
    if settings.slack_app_token is not None:
        app.cleanup_ctx.append(socket_mode_ctx)
    app.router.add_post("/slack/events", slack_events)
    app.router.add_get("/healthz", healthz)
    add_callinfo_routes(app)
    add_view_routes(app)
    app[SLACK_TOKEN] = token
    app[SLACK_SECRET] = secret
    return app


async def solver_pool_ctx(app: web.Application) -> AsyncIterator[None]:
    """The planner's worker processes live as long as the app."""
    services = app[SERVICES]
    runner = ProcessPoolSolverRunner(app[SETTINGS].solver_workers)
    if services.planning is not None and services.planning.runner is None:
        services.planning.runner = runner
    if app[SETTINGS].sandbox and services.planning is not None:
        start_demo_planning(app, services)
    yield
    runner.close()


async def socket_mode_ctx(app: web.Application) -> AsyncIterator[None]:
    """With SLACK_APP_TOKEN, receive Slack's requests over Socket Mode instead of HTTP."""
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    token = app[SETTINGS].slack_app_token.get_secret_value()  # type: ignore[union-attr]
    handler = AsyncSocketModeHandler(app[BOLT], token)  # type: ignore[arg-type]
    await handler.connect_async()
    log.info("connected to Slack over Socket Mode")
    yield
    await handler.close_async()


async def _close_resources(app: web.Application) -> None:
    await app[RESOURCES].close()


async def slack_events(request: web.Request) -> web.Response:
    """Every Slack request (commands, interactivity, events) goes through bolt."""
    bolt = request.app[BOLT]
    response = await bolt.async_dispatch(await to_bolt_request(request))  # type: ignore[attr-defined]
    return await to_aiohttp_response(response)


async def healthz(request: web.Request) -> web.Response:
    """Liveness and database check."""
    services = request.app[SERVICES]
    try:
        ok = await services.healthy()
    except Exception:  # the check itself failing means unhealthy, whatever the cause
        ok = False
    body = {"status": "ok" if ok else "unavailable", "version": tomatic.__version__,
            "database": "ok" if ok else "error"}  # fmt: skip
    return web.json_response(body, status=200 if ok else 503)


def _loggable(path: str) -> str:
    """The path without secrets: calendar tokens are credentials."""
    if path.startswith("/calendar/"):
        return "/calendar/<token>.ics"
    return path


@web.middleware
async def access_log(request: web.Request, handler: Any) -> web.StreamResponse:
    """One line per HTTP request with status and duration; refused ones say why."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as error:
        status = error.status
        raise
    finally:
        fields = {"method": request.method, "path": _loggable(request.path), "status": status}
        if REJECTED in request:
            log.warning("request rejected", **fields, reason=request[REJECTED])
        elif request.path != "/healthz" and not request.path.startswith("/sandbox/ui/"):
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            log.info("request", **fields, duration_ms=duration_ms)
