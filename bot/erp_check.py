"""At start: warn about an ERP reached over plain HTTP, and about mapped fields it lacks.

The field check asks the ERP, so it runs in the background: the service starts at once, and
a slow or absent ERP only costs a log line.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

import structlog
from aiohttp import web

from bot.settings import Settings
from tomatic.domain.errors import CustomerDataError

log = structlog.get_logger("tomatic.erp")


@runtime_checkable
class ErpSchema(Protocol):
    """An ERP adapter that can tell which of its mapped fields the server lacks."""

    async def missing_fields(self) -> list[Any]:
        """Each missing field with `.model`, `.field`, `.setting` and `.essential`."""
        ...


def plain_http_to_remote(url: str | None) -> bool:
    """True for an `http://` URL to a host other than this machine (passwords in clear)."""
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme != "http":
        return False
    host = parts.hostname or ""
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # a name: assume it leaves the machine


async def report_missing_fields(customers: object) -> list[Any]:
    """Log the mapped fields the ERP lacks (essential ones as errors); returns them."""
    if not isinstance(customers, ErpSchema):
        return []
    try:
        missing = await customers.missing_fields()
    except CustomerDataError as error:
        log.warning("erp not checked at start", **error.params)
        return []
    essential = [f"{f.model}.{f.field}" for f in missing if f.essential]
    optional = [f"{f.model}.{f.field}" for f in missing if not f.essential]
    if essential:
        log.error("erp lacks essential fields: calls cannot name the caller", fields=essential)
    if optional:
        log.warning("erp lacks optional fields: call cards leave them out", fields=optional)
    return missing


def erp_startup_ctx(
    settings: Settings, customers: Callable[[], object]
) -> Callable[[web.Application], AsyncIterator[None]]:
    """The `cleanup_ctx` that warns about the ERP at start (in the background)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        if settings.erp != "odoo":
            yield
            return
        if plain_http_to_remote(settings.erp_url):
            log.warning(
                "erp url is plain http to another host: its password travels in clear; use https",
                host=urlsplit(settings.erp_url or "").hostname,
            )
        task = asyncio.create_task(report_missing_fields(customers()))
        yield
        task.cancel()

    return context
