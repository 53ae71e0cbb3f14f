"""Timetable images drawn off the event loop, once per drawing.

Monday morning everyone asks for the same week: the image of one drawing model (same week,
people, names, colours and language) is drawn once, however many ask for it at the same time,
and kept for the next ones. Drawing runs in a thread, a few at a time, so that the event loop
keeps acknowledging everyone else's commands.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Callable

from tomatic.domain.render_grid import Grid

Painter = Callable[[Grid], bytes]
PAINTERS = 2
"""Images drawn at once; more requests wait their turn."""
KEPT = 8
"""Images kept for the next requests (a 40-line week is about a megabyte)."""


def grid_key(grid: Grid) -> str:
    """A fingerprint of everything an image shows (run in a thread: big grids are long)."""
    return hashlib.sha256(repr(grid).encode()).hexdigest()


class ImageCache:
    """The painter's PNGs, drawn in threads, each drawing model once."""

    def __init__(self, painter: Painter | None) -> None:
        self.painter = painter
        self._drawing = asyncio.Semaphore(PAINTERS)
        self._images: OrderedDict[str, asyncio.Future[bytes]] = OrderedDict()

    async def image(self, grid: Grid) -> bytes:
        """The PNG of `grid` (b"" without a painter)."""
        if self.painter is None:
            return b""
        key = await asyncio.to_thread(grid_key, grid)
        found = self._images.get(key)
        if found is None:
            found = asyncio.get_running_loop().create_future()
            self._images[key] = found
            await self._draw(key, grid, found)
        if key in self._images:
            self._images.move_to_end(key)
        while len(self._images) > KEPT:
            self._images.popitem(last=False)
        return await asyncio.shield(found)

    async def _draw(self, key: str, grid: Grid, result: asyncio.Future[bytes]) -> None:
        assert self.painter is not None
        try:
            async with self._drawing:
                result.set_result(await asyncio.to_thread(self.painter, grid))
        except Exception as error:  # every waiter gets it; the next request draws again
            result.set_exception(error)
        finally:
            if not result.done():  # the drawing request was cancelled: so are its waiters
                result.cancel()
            if result.cancelled() or result.exception() is not None:
                self._images.pop(key, None)
