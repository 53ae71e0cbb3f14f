"""Async access to the synchronous stores, all calls on the one database thread."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any


class Runner:
    """Anything with `async run(fn, *args)` (the database thread, or inline in tests)."""

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:  # pragma: no cover
        """Run `fn(*args)` where the database lives."""
        raise NotImplementedError


class Threaded:
    """Wraps a sync store so that each method becomes a coroutine run by `runner`."""

    def __init__(self, target: Any, runner: Any) -> None:
        self._target = target
        self._runner = runner

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        method = getattr(self._target, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            return await self._runner.run(lambda: method(*args, **kwargs))

        return call

    @property
    def sync(self) -> Any:
        """The wrapped store itself, for code already on the database thread."""
        return self._target
