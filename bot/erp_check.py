"""At start: report the mapped fields the ERP lacks (a plain-http ERP URL is one of the
settings' own start-up warnings, `Settings.startup_warnings`).

The check asks the ERP, so it runs in the background: the service starts at once, and a slow
or absent ERP only costs a log line.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

import structlog
from aiohttp import web

from bot.settings import Settings, is_loopback
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
    return parts.scheme == "http" and not is_loopback(parts.hostname or "")


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
    """The `cleanup_ctx` that checks the ERP's fields at start (in the background)."""

    async def context(app: web.Application) -> AsyncIterator[None]:
        if settings.erp != "odoo":
            yield
            return
        task = asyncio.create_task(report_missing_fields(customers()))
        yield
        task.cancel()

    return context
