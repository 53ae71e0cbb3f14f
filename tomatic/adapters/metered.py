"""Timing and failure counts for an outside system, at its port boundary.

`Metered(adapter, "pbx", metrics)` answers like the adapter it wraps; each of its coroutine
methods reports its duration and, when it raises, the kind of error (its class name) to
`Metrics.outside_call`. Wrapping at the port keeps the adapters and the services unaware.
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any

from tomatic.ports import Metrics

UNTIMED = frozenset({"close"})


class Metered:
    """A port adapter whose coroutine methods are timed and their failures counted."""

    def __init__(self, inner: Any, system: str, metrics: Metrics) -> None:
        self.inner = inner
        self.system = system
        self.metrics = metrics

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.inner, name)
        if name in UNTIMED or not inspect.iscoroutinefunction(value):
            return value
        return self._timed(name, value)

    def _timed(self, name: str, method: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
        @functools.wraps(method)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            error = ""
            try:
                return await method(*args, **kwargs)
            except BaseException as failure:  # cancellations too: the call did not complete
                error = type(failure).__name__
                raise
            finally:
                elapsed = time.perf_counter() - started
                self.metrics.outside_call(self.system, name, error, elapsed)

        return timed
