"""Scripted Slack failures: 429 with Retry-After, or an `ok: false` error, for chosen calls.

Tests (and benchmarks) arm a fault for a Web API method, or for `response_url` posts; the
next matching calls get Slack's failure answer instead of being carried out, and are
recorded in `refused` rather than in the workspace's `calls`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.sandbox.models import JsonDict

RESPONSE_URL = "response_url"
"""The pseudo-method of posts to a response_url."""

Match = Callable[[JsonDict], bool]


@dataclass
class Fault:
    """`times` answers of `error` to calls of `method` whose arguments satisfy `match`."""

    method: str
    error: str
    times: int
    retry_after: int | None = None
    match: Match | None = None

    @property
    def status(self) -> int:
        """HTTP status of the answer: 429 for rate limits; for response_url posts Slack
        answers refusals with a 4xx; Web API errors come with 200."""
        if self.retry_after is not None:
            return 429
        return 400 if self.method == RESPONSE_URL else 200

    @property
    def headers(self) -> dict[str, str]:
        """`Retry-After` for rate limits."""
        return {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}

    def body(self) -> JsonDict:
        return {"ok": False, "error": self.error}


@dataclass
class Faults:
    """The armed faults, and every call they answered: (method, arguments, error)."""

    armed: list[Fault] = field(default_factory=list)
    refused: list[tuple[str, JsonDict, str]] = field(default_factory=list)

    def rate_limit(
        self, method: str, times: int = 1, retry_after: int = 1, match: Match | None = None
    ) -> Fault:
        """The next `times` matching calls of `method` get HTTP 429 with `Retry-After`."""
        return self._arm(Fault(method, "ratelimited", times, retry_after, match))

    def refuse(
        self, method: str, error: str = "invalid_blocks", times: int = 1, match: Match | None = None
    ) -> Fault:
        """The next `times` matching calls of `method` answer `{"ok": false, "error": error}`."""
        return self._arm(Fault(method, error, times, None, match))

    def take(self, method: str, args: JsonDict) -> Fault | None:
        """The fault answering this call, if one is armed for it (using up one of its times)."""
        for fault in self.armed:
            if fault.method == method and (fault.match is None or fault.match(args)):
                fault.times -= 1
                if fault.times <= 0:
                    self.armed.remove(fault)
                self.refused.append((method, args, fault.error))
                return fault
        return None

    def _arm(self, fault: Fault) -> Fault:
        if fault.times < 1:
            raise ValueError("a fault answers at least one call")
        self.armed.append(fault)
        return fault
