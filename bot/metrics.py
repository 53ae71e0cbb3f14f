"""Observability at the edge: `GET /metrics`, and the call-DM and HTTP seams that feed it
(the Slack client counts its own errors: `bot/slack_client.py`).

`/metrics` serves the app's own registry in Prometheus's text format. It is on the same port
as Slack's endpoint, so it is not public: with `TOMATIC_METRICS_TOKEN` set it wants
`Authorization: Bearer <token>`; without, it answers only requests made on this machine
directly (a loopback peer and no proxy's forwarding header), so a reverse proxy in front of
the service does not expose it.
"""

from __future__ import annotations

import hmac

import structlog
from aiohttp import web

from bot.settings import Settings, is_loopback
from bot.verification import REJECTED
from tomatic.domain.calls import Call
from tomatic.domain.customer import SearchResult
from tomatic.ports import CallNotifier, Metrics

log = structlog.get_logger("tomatic.metrics")

PATH = "/metrics"
METRICS = web.AppKey("metrics", Metrics)
TOKEN = web.AppKey("metrics_token", str)
FORWARDING_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP")
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class CountedCallNotifier:
    """A `CallNotifier` that counts each call DM that reached its operator."""

    def __init__(self, inner: CallNotifier, metrics: Metrics) -> None:
        self.inner = inner
        self.metrics = metrics

    async def send_call_dm(self, slack_user_id: str, lang: str, call: Call) -> str:
        """Send the DM: delivered once Slack took it, dropped when it did not (no ref)."""
        ref = await self.inner.send_call_dm(slack_user_id, lang, call)
        self.metrics.ringring("delivered" if ref else "dropped")
        return ref

    async def update_call_dm(
        self, ref: str, lang: str, call: Call, result: SearchResult | None
    ) -> None:
        """Fill the DM in with the customer card."""
        await self.inner.update_call_dm(ref, lang, call, result)


def route_of(request: web.Request) -> str:
    """The route template a request matched (`/calendar/{token}.ics`), never its path."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "unmatched"


def add_metrics_route(app: web.Application, settings: Settings, metrics: Metrics) -> None:
    """Serve `GET /metrics` from `metrics`, protected as the module says."""
    app[METRICS] = metrics
    token = settings.metrics_token
    app[TOKEN] = token.get_secret_value() if token is not None else ""
    app.router.add_get(PATH, serve_metrics)


async def serve_metrics(request: web.Request) -> web.Response:
    """The metrics in Prometheus's text format, to whoever may read them."""
    refusal = refused(request, request.app[TOKEN])
    if refusal is not None:
        request[REJECTED] = refusal[1]
        return web.Response(status=refusal[0], text=refusal[1])
    body = request.app[METRICS].exposition()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


def refused(request: web.Request, token: str) -> tuple[int, str] | None:
    """(status, reason) when the request may not read the metrics, else None."""
    if token:
        header = request.headers.get("Authorization", "")
        given = header[7:].strip() if header.lower().startswith("bearer ") else ""
        if not hmac.compare_digest(given.encode(errors="replace"), token.encode()):
            return 401, "metrics_token_required"
        return None
    if any(name in request.headers for name in FORWARDING_HEADERS):
        return 403, "metrics_through_proxy"
    if not is_loopback(request.remote or ""):
        return 403, "metrics_not_loopback"
    return None
