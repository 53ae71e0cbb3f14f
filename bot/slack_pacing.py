"""Keeping within Slack's rate limits: calls paced per method tier, 429s honoured for everyone.

Slack limits each method per workspace (tiers of about 20, 50 or 100 calls a minute) and
`chat.postMessage` to about one message a second per channel, with a workspace-wide budget
on top. `SlackPacer` keeps one token bucket per method (and per channel for messages), so a
burst goes out at once and a long run (a publish to 300 people) settles at the tier's rate.
Bulk sends leave part of each bucket to everything else, so that a call card or a command's
modal never waits behind a publish. When Slack answers 429 anyway, `RateLimitRetry` waits
`Retry-After` and tells the pacer, which then holds every call of that method (of messages:
to that channel) for as long.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import structlog
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from handlers.refusals import method_of

log = structlog.get_logger("tomatic.slack")

PER_MINUTE = {"tier2": 20, "tier3": 50, "tier4": 100, "messages": 240}
"""Calls a minute we allow ourselves: Slack's published tiers, and for `chat.postMessage`
a workspace-wide budget of four messages a second."""
BURST = {"tier2": 4, "tier3": 10, "tier4": 20, "messages": 20}
METHOD_TIERS = {
    "chat.postMessage": "messages",
    "files.getUploadURLExternal": "tier2",
    "files.completeUploadExternal": "tier2",
    "users.list": "tier2",
    "users.info": "tier4",
    "views.open": "tier4",
    "views.publish": "tier4",
    "views.update": "tier4",
    "views.push": "tier4",
    "auth.test": "tier4",
}
DEFAULT_TIER = "tier3"  # users.lookupByEmail, conversations.*, chat.update, chat.postEphemeral…
CHANNEL_PER_SECOND, CHANNEL_BURST = 1.0, 3
BULK_SHARE = 0.75
"""Bulk sends may use this share of a bucket; the rest is kept for one-off calls."""
MAX_CHANNEL_BUCKETS = 2000
EPSILON = 1e-9  # a token short by rounding error is a whole token

_BULK: ContextVar[bool] = ContextVar("slack_bulk", default=False)
_CHANNEL: ContextVar[str | None] = ContextVar("slack_channel", default=None)


@contextmanager
def calling(channel: str | None) -> Iterator[None]:
    """The channel of the call being made (in this task), for a 429 to hold only it."""
    token = _CHANNEL.set(channel)
    try:
        yield
    finally:
        _CHANNEL.reset(token)


def hold_key(method: str, channel: str | None) -> str:
    """What a 429 holds: one channel for messages (Slack limits them per channel; our own
    pacing keeps the workspace budget), else the whole method."""
    return f"{method} {channel}" if method == "chat.postMessage" and channel else method


@contextmanager
def bulk_sending() -> Iterator[None]:
    """Calls made inside (in this task) are bulk: they leave room for one-off calls."""
    token = _BULK.set(True)
    try:
        yield
    finally:
        _BULK.reset(token)


class TokenBucket:
    """`burst` calls at once, then `per_second` calls a second."""

    def __init__(self, per_second: float, burst: int, clock: Callable[[], float]) -> None:
        self.per_second = per_second
        self.burst = burst
        self.tokens = float(burst)
        self.clock = clock
        self.stamp = clock()

    def wait_time(self, keep: float = 0.0) -> float:
        """Seconds until a call may go while leaving `keep` tokens in the bucket."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.per_second)
        self.stamp = now
        missing = 1 + keep - self.tokens
        return missing / self.per_second if missing > EPSILON else 0.0

    def take(self) -> None:
        """Spend one call."""
        self.tokens -= 1

    @property
    def idle(self) -> bool:
        """Full again: forgetting it changes nothing."""
        self.wait_time()
        return self.tokens >= self.burst


class SlackPacer:
    """Waits before each Web API call until Slack's limits allow it.

    `factor` multiplies the rates (above 1 for a local stand-in or raised limits).
    """

    def __init__(
        self,
        factor: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.factor = factor
        self.clock = clock
        self.sleep = sleep
        self._methods: dict[str, TokenBucket] = {}
        self._channels: dict[str, TokenBucket] = {}
        self._held_until: dict[str, float] = {}

    async def acquire(self, method: str, channel: str | None = None) -> None:
        """Return when a call of `method` (to `channel`, for messages) may go out."""
        bulk = _BULK.get()
        buckets = [self._method_bucket(method)]
        if method == "chat.postMessage" and channel:
            buckets.append(self._channel_bucket(channel))
        while True:
            waits = [self.held_for(hold_key(method, channel))]
            waits += [b.wait_time(b.burst * (1 - BULK_SHARE) if bulk else 0.0) for b in buckets]
            wait = max(waits)
            if wait <= 0:
                for bucket in buckets:
                    bucket.take()
                return
            await self.sleep(wait)

    def hold(self, key: str, seconds: float) -> None:
        """Slack said 429: no call of `key` (see `hold_key`) goes out for `seconds`."""
        until = self.clock() + seconds
        self._held_until[key] = max(until, self._held_until.get(key, 0.0))
        log.warning("slack rate limited", held=key, retry_after=seconds)

    def held_for(self, key: str) -> float:
        """Seconds left of a 429 hold on `key` (0 when none)."""
        return max(0.0, self._held_until.get(key, 0.0) - self.clock())

    def _method_bucket(self, method: str) -> TokenBucket:
        if method not in self._methods:
            tier = METHOD_TIERS.get(method, DEFAULT_TIER)
            rate = PER_MINUTE[tier] / 60 * self.factor
            self._methods[method] = TokenBucket(rate, BURST[tier], self.clock)
        return self._methods[method]

    def _channel_bucket(self, channel: str) -> TokenBucket:
        if channel not in self._channels:
            if len(self._channels) >= MAX_CHANNEL_BUCKETS:
                self._channels = {c: b for c, b in self._channels.items() if not b.idle}
            rate = CHANNEL_PER_SECOND * self.factor
            self._channels[channel] = TokenBucket(rate, CHANNEL_BURST, self.clock)
        return self._channels[channel]


def retry_after(response: HttpResponse) -> float:
    """Slack's `Retry-After` in seconds (1 when missing or unreadable)."""
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return max(0.0, float(values[0]))
            except ValueError:
                break
    return 1.0


class RateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """On 429: hold the method (or the message's channel) in the pacer for `Retry-After`
    seconds, wait, try again."""

    def __init__(self, pacer: SlackPacer, max_retry_count: int = 5) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.pacer = pacer

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        """Wait out the hold (shared with every other caller of the method)."""
        if response is None:
            raise error or RuntimeError("rate-limit retry without a response")
        key = hold_key(method_of(request.url), _CHANNEL.get())
        self.pacer.hold(key, retry_after(response))
        state.next_attempt_requested = True
        while (wait := self.pacer.held_for(key)) > 0:
            await self.pacer.sleep(wait)
        state.increment_current_attempt()
