"""The aiohttp application: Slack events, health, and (without tokens) the Slack sandbox."""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import structlog
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

import tomatic
from bot.container import build_services
from bot.erp_check import erp_startup_ctx
from bot.jobs import advance_clock_action
from bot.metrics import METRICS, CountedCallNotifier, add_metrics_route, route_of
from bot.routes_callinfo import add_callinfo_routes
from bot.routes_views import add_view_routes
from bot.sandbox_mode import (
    TEAM_CHANNEL,
    mount_sandbox,
    prepare_database,
    refuse_unsafe_sandbox,
    start_demo_planning,
)
from bot.scheduler import scheduler_ctx
from bot.settings import Settings
from bot.slack import ListenerTasks, build_slack_app
from bot.slack_callinfo import SlackCallNotifier
from bot.slack_client import build_client
from bot.slack_directory import SlackUserDirectory
from bot.slack_notifier import SlackNotifier
from bot.verification import REJECTED, SlackRequestVerifier, verify_slack_requests
from tomatic.adapters.prometheus_metrics import PrometheusMetrics
from tomatic.services import Services

log = structlog.get_logger("tomatic.http")

SETTINGS = web.AppKey("settings", Settings)
SERVICES = web.AppKey("services", Services)
BOLT = web.AppKey("bolt", AsyncApp)
LISTENERS = web.AppKey("listeners", ListenerTasks)


def slack_credentials(settings: Settings) -> tuple[str, str, str]:
    """(bot token, signing secret, Web API URL): the real ones, or the sandbox's own."""
    if settings.slack_bot_token is None or settings.slack_signing_secret is None:
        api_url = f"{settings.local_url}/sandbox/api/"
        return f"xoxb-sandbox-{secrets.token_hex(8)}", secrets.token_hex(16), api_url
    token = settings.slack_bot_token.get_secret_value()
    return token, settings.slack_signing_secret.get_secret_value(), settings.slack_api_url


def create_app(
    settings: Settings,
    services: Services | None = None,
    *,
    now: Callable[[], dt.datetime] | None = None,
) -> web.Application:
    """Build the web application; `services` may be given (tests, which then close them),
    else they are built from the settings (on the clock `now`, by default the team's wall
    clock) and closed with the app."""
    if settings.sandbox:
        refuse_unsafe_sandbox(settings)
    token, secret, api_url = slack_credentials(settings)
    verifier = SlackRequestVerifier.for_api(secret, api_url)
    app = web.Application(middlewares=[access_log, verify_slack_requests(verifier)])
    app[SETTINGS] = settings
    metrics = services.metrics if services is not None else PrometheusMetrics()
    client = build_client(token, api_url, settings.slack_rate_factor, metrics)
    directory = SlackUserDirectory(client)
    users = prepare_database(settings) if settings.sandbox else []
    if services is None:
        channel = settings.team_channel or (TEAM_CHANNEL if settings.sandbox else None)
        notifier = SlackNotifier(client, channel, directory, settings.language)
        calls = CountedCallNotifier(SlackCallNotifier(client), metrics)
        services = build_services(
            settings, notifier, directory, call_notifier=calls, metrics=metrics, now=now
        )
        app.on_cleanup.append(_close_services)
    app[SERVICES] = services
    app[LISTENERS] = ListenerTasks()
    app[BOLT] = build_slack_app(client, secret, services, app[LISTENERS])
    add_metrics_route(app, settings, metrics)
    ringring = add_callinfo_routes(app, settings, services.callinfo, metrics)
    add_view_routes(app, services.views)
    app.cleanup_ctx.append(planner_runs_ctx)
    if settings.sandbox:
        actions = [advance_clock_action(services)]
        mount_sandbox(app, settings, token, secret, services, users, ringring.token, actions)
        app.cleanup_ctx.append(demo_week_ctx)
    app.cleanup_ctx.append(scheduler_ctx(services, settings.zone))
    app.cleanup_ctx.append(erp_startup_ctx(settings, lambda: services.callinfo.customers))
    app.cleanup_ctx.append(listeners_ctx)
    if settings.slack_app_token is not None:
        app.cleanup_ctx.append(socket_mode_ctx)
    app.router.add_post("/slack/events", slack_events)
    app.router.add_get("/healthz", healthz)
    return app


async def planner_runs_ctx(app: web.Application) -> AsyncIterator[None]:
    """At start, planner runs a previous process left unfinished (a crash, a restart) are
    marked interrupted, and their messages lose Stop."""
    interrupted = await app[SERVICES].planning.interrupt_orphans()
    if interrupted:
        log.warning("planner runs interrupted by a restart", count=interrupted)
    yield


async def demo_week_ctx(app: web.Application) -> AsyncIterator[None]:
    """The sandbox plans and publishes its demo week in the background, once."""
    start_demo_planning(app, app[SERVICES])
    yield


async def listeners_ctx(app: web.Application) -> AsyncIterator[None]:
    """At stop (no request comes in any more), the listeners still at work finish before
    the scheduler stops and the services close."""
    yield
    cancelled = await app[LISTENERS].drain()
    if cancelled:
        log.warning("listeners cancelled at stop", count=cancelled)


async def socket_mode_ctx(app: web.Application) -> AsyncIterator[None]:
    """With SLACK_APP_TOKEN, receive Slack's requests over Socket Mode instead of HTTP."""
    from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

    app_token = app[SETTINGS].slack_app_token
    handler = AsyncSocketModeHandler(app[BOLT], app_token.get_secret_value() if app_token else "")
    await handler.connect_async()
    log.info("connected to Slack over Socket Mode")
    yield
    await handler.close_async()


async def _close_services(app: web.Application) -> None:
    await app[SERVICES].close()


async def slack_events(request: web.Request) -> web.Response:
    """Every Slack request (commands, interactivity, events) goes through bolt."""
    response = await request.app[BOLT].async_dispatch(await to_bolt_request(request))
    return await to_aiohttp_response(response)


async def healthz(request: web.Request) -> web.Response:
    """Liveness and database check."""
    services = request.app[SERVICES]
    try:
        ok = await services.healthy()
    except Exception:  # the check itself failing means unhealthy, whatever the cause
        ok = False
    body = {
        "status": "ok" if ok else "unavailable",
        "version": tomatic.__version__,
        "database": "ok" if ok else "error",
    }
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
        elapsed = time.perf_counter() - started
        if METRICS in request.app:
            request.app[METRICS].http_request(route_of(request), request.method, status, elapsed)
        fields = {"method": request.method, "path": _loggable(request.path), "status": status}
        if REJECTED in request:
            log.warning("request rejected", **fields, reason=request[REJECTED])
        elif request.path not in ("/healthz", "/metrics") and not request.path.startswith(
            "/sandbox/ui/"
        ):
            log.info("request", **fields, duration_ms=round(elapsed * 1000, 1))
