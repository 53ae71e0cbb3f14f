"""A local HTTP server that records every request it receives (a response_url target)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Listener:
    """Answers 200 to anything on 127.0.0.1 and keeps (method, path, body) of each request."""

    url: str = ""
    requests: list[tuple[str, str, bytes]] = field(default_factory=list)

    async def record(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path, await request.read()))
        return web.json_response({"ok": True})


@asynccontextmanager
async def listening() -> AsyncIterator[Listener]:
    """Serve a Listener on a free port of 127.0.0.1 for the duration of the block."""
    listener = Listener()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", listener.record)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    listener.url = f"http://127.0.0.1:{runner.addresses[0][1]}/"
    try:
        yield listener
    finally:
        await runner.cleanup()
