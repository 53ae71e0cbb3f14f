"""`/api/info/ringring`: the PBX tells us a phone is ringing at an extension.

The answer goes back at once (the PBX waits about a second); the operator's DM and
the customer search run in a background task, at most TOMATIC_RINGRING_MAX_IN_FLIGHT at
a time (beyond that: 503, nothing recorded). Requests carry `TOMATIC_RINGRING_TOKEN` as
`?token=` or `Authorization: Bearer`; the sandbox makes up its own token. HEAD only checks
the token: it has no side effects.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

import structlog
from aiohttp import web

from bot.settings import Settings
from bot.verification import REJECTED
from tomatic.domain.calls import caller_phone, extension_number, pbx_call_id
from tomatic.domain.errors import ValidationError
from tomatic.ports import Metrics
from tomatic.services.callinfo import CallInfoService

log = structlog.get_logger("tomatic.ringring")
PATH = "/api/info/ringring"
SHUTDOWN_WAIT_S = 5.0


@dataclass
class RingRing:
    """What the endpoint needs: the token, the service and the calls being handled."""

    token: str | None
    service: CallInfoService
    max_in_flight: int = 20
    metrics: Metrics | None = None
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    @property
    def full(self) -> bool:
        """As many calls are being handled as the settings allow."""
        return len(self.tasks) >= self.max_in_flight

    def start(self, work: Coroutine[Any, Any, Any]) -> None:
        """Run `work` in the background, keeping a reference until it ends."""
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("incoming call failed", error=type(task.exception()).__name__)
            self.dropped()

    def dropped(self) -> None:
        """Count a call nobody will hear about (refused when full, or failed)."""
        if self.metrics is not None:
            self.metrics.ringring("dropped")


RINGRING = web.AppKey("ringring", RingRing)


def add_callinfo_routes(
    app: web.Application,
    settings: Settings,
    service: CallInfoService,
    metrics: Metrics | None = None,
) -> RingRing:
    """Add the ringring endpoint; returns its state (`token`: what the PBX must send)."""
    limit = settings.ringring_max_in_flight
    state = RingRing(ringring_token(settings), service, limit, metrics)
    app[RINGRING] = state
    app.router.add_get(PATH, ringring, allow_head=False)
    app.router.add_route("HEAD", PATH, ringring_head)
    app.router.add_post(PATH, ringring)
    app.on_shutdown.append(_finish_calls)
    return state


def ringring_token(settings: Settings) -> str | None:
    """The configured token; a random one in the sandbox; None (refuse all) otherwise."""
    if settings.ringring_token is not None and settings.ringring_token.get_secret_value():
        return settings.ringring_token.get_secret_value()
    if settings.sandbox:
        return secrets.token_urlsafe(24)
    log.warning("TOMATIC_RINGRING_TOKEN is not configured: incoming-call notifications refused")
    return None


async def ringring(request: web.Request) -> web.Response:
    """Validate, answer `{"result": "ok"}` and notify the operator in the background."""
    state = request.app[RINGRING]
    if not _authorised(request, state.token):
        request[REJECTED] = "bad_token"
        return _error(401, "unauthorized")
    params = await _params(request)
    if params is None:
        return _error(400, "bad_body")
    try:
        phone = caller_phone(params.get("phone", ""))
        extension = extension_number(params.get("ext") or params.get("extension") or "")
        call_id = pbx_call_id(params.get("callid"))
    except ValidationError as error:
        return _error(400, error.key.removeprefix("callinfo."))
    if state.full:
        request[REJECTED] = "too_many_calls_in_flight"
        state.dropped()
        return _error(503, "busy")
    state.start(state.service.notify_incoming_call(phone, extension, call_id))
    return web.json_response({"result": "ok"})


async def ringring_head(request: web.Request) -> web.Response:
    """HEAD: the token is checked and nothing else happens (monitors may probe freely)."""
    if not _authorised(request, request.app[RINGRING].token):
        request[REJECTED] = "bad_token"
        return web.Response(status=401)
    return web.Response(status=200)


async def _params(request: web.Request) -> dict[str, str] | None:
    """Query string, overlaid with the form or JSON body; None for an unreadable body."""
    params = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    try:
        body = (
            await request.json()
            if request.content_type == "application/json"
            else await request.post()
        )
    except ValueError:
        return None
    if not hasattr(body, "items"):
        return None
    return params | {str(k): str(v) for k, v in body.items()}


def _authorised(request: web.Request, expected: str | None) -> bool:
    if expected is None:
        return False
    given = request.query.get("token", "")
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
    return hmac.compare_digest(given.encode(errors="replace"), expected.encode())


def _error(status: int, code: str) -> web.Response:
    return web.json_response({"result": "error", "error": code}, status=status)


async def _finish_calls(app: web.Application) -> None:
    """Give calls in progress a moment to finish, then cancel the rest."""
    tasks = set(app[RINGRING].tasks)
    if not tasks:
        return
    _, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_WAIT_S)
    for task in pending:
        task.cancel()
