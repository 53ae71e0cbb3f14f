"""Who may use the sandbox: this machine, and for the page's routes, the page itself.

Every route refuses a `Host` that is not loopback (DNS rebinding) and an `Origin` that is
not the sandbox's own (cross-site requests). The page's `ui/` routes also need the key
printed at start (header `X-Sandbox-Key`), and their POSTs a same-origin `Origin` and a JSON
body, which a cross-site form or `text/plain` fetch cannot send. A refusal is a JSON error,
and the sandbox's owner hears of it through `on_refused(request, reason)` (to log it).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

KEY_HEADER = "X-Sandbox-Key"
OnRefused = Callable[[web.Request, str], None]


def loopback_host(host_header: str) -> bool:
    """Whether a `Host` header names this machine: localhost, 127.0.0.0/8 or ::1."""
    try:
        name = urlsplit(f"//{host_header}").hostname or ""
        return name == "localhost" or ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def own_origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def refuse(request: web.Request, status: int, reason: str, on_refused: OnRefused) -> web.Response:
    on_refused(request, reason)
    return web.json_response({"ok": False, "error": reason}, status=status)


def same_machine_only(on_refused: OnRefused) -> Any:
    """Middleware for every sandbox route: a loopback Host, and no Origin but our own."""

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        if not loopback_host(request.host):
            return refuse(request, 403, "foreign_host", on_refused)
        origin = request.headers.get("Origin")
        if origin is not None and origin != own_origin(request):
            return refuse(request, 403, "cross_origin", on_refused)
        return await handler(request)

    return guard


def page_refusal(request: web.Request, key: str) -> tuple[int, str] | None:
    """(status, reason) when a `ui/` request does not come from the sandbox page; else None."""
    if request.method == "POST":
        if request.headers.get("Origin") != own_origin(request):
            return 403, "cross_origin"
        if request.content_type != "application/json":
            return 415, "not_json"
    given = request.headers.get(KEY_HEADER, "")
    if not hmac.compare_digest(given.encode(errors="replace"), key.encode()):
        return 401, "bad_sandbox_key"
    return None
