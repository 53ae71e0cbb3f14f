"""The public URL answers `/healthz` (through the reverse proxy, when there is one)."""

from __future__ import annotations

import aiohttp

from bot.doctor.report import Check, failed, passed
from bot.settings import Settings

TIMEOUT = aiohttp.ClientTimeout(total=8)


async def check_public_url(settings: Settings) -> Check:
    """GET {TOMATIC_PUBLIC_URL}/healthz answers 200 with status ok."""
    if not settings.public_url:
        return failed("public_url", "unset", url=settings.base_url)
    url = settings.base_url
    try:
        async with (
            aiohttp.ClientSession(timeout=TIMEOUT) as http,
            http.get(f"{url}/healthz", allow_redirects=True) as response,
        ):
            body = await response.json(content_type=None) if response.status == 200 else {}
            status = response.status
    except (TimeoutError, aiohttp.ClientError, ValueError) as error:
        return failed("public_url", "bad", url=url, reason=str(error) or type(error).__name__)
    if status != 200 or not isinstance(body, dict) or body.get("status") != "ok":
        return failed("public_url", "bad", url=url, reason=f"HTTP {status}")
    return passed("public_url", url=url, version=body.get("version", "?"))
