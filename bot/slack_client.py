"""The Slack Web API client: paced within Slack's rate tiers, retrying 429s and lost connections."""

from __future__ import annotations

from typing import Any

from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.slack_pacing import RateLimitRetry, SlackPacer, calling
from handlers.refusals import count_slack_error
from tomatic.ports import Metrics

CONNECTION_RETRIES = 2
RATE_LIMIT_RETRIES = 5


class PacedWebClient(AsyncWebClient):
    """An AsyncWebClient whose every call waits for its turn in a `SlackPacer`; with
    `metrics`, each call that fails is counted by method and Slack's error."""

    def __init__(self, *, pacer: SlackPacer, metrics: Metrics | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pacer = pacer
        self.metrics = metrics

    async def api_call(self, api_method: str, **kwargs: Any) -> AsyncSlackResponse:
        """Wait for the pacer, then call Slack (429s and dropped connections are retried)."""
        channel = _channel_of(kwargs)
        await self.pacer.acquire(api_method, channel)
        try:
            with calling(channel):
                return await super().api_call(api_method, **kwargs)
        except Exception as error:  # Slack's `ok: false`, or no answer at all
            if self.metrics is not None:
                count_slack_error(self.metrics, api_method, error)
            raise


def _channel_of(kwargs: dict[str, Any]) -> str | None:
    for part in ("json", "data", "params"):
        args = kwargs.get(part)
        if isinstance(args, dict) and args.get("channel"):
            return str(args["channel"])
    return None


def build_client(
    token: str, api_url: str, rate_factor: float = 1.0, metrics: Metrics | None = None
) -> PacedWebClient:
    """The Web API client (pointed at Slack, or at a local stand-in).

    Listeners get bolt's own per-request client, which shares these retry handlers: their
    429s are honoured too, and hold the method for the paced calls.
    """
    pacer = SlackPacer(rate_factor)
    return PacedWebClient(
        token=token,
        base_url=api_url,
        pacer=pacer,
        metrics=metrics,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
            RateLimitRetry(pacer, max_retry_count=RATE_LIMIT_RETRIES),
        ],
    )
