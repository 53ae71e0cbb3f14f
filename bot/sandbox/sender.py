"""Requests to the bot, signed with the signing secret exactly as Slack signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from urllib.parse import urlencode

import aiohttp

from bot.sandbox.models import BotReply, JsonDict

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def signature(signing_secret: str, timestamp: str, body: str) -> str:
    """Slack's `X-Slack-Signature`: v0= HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def signed_headers(
    signing_secret: str, body: str, content_type: str, now: float | None = None
) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature(signing_secret, timestamp, body),
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    }


class SignedSender:
    """Posts slash commands, interactivity payloads and events to the bot's request URL."""

    def __init__(self, events_url: str, signing_secret: str, timeout_s: float = 15.0) -> None:
        self.events_url = events_url
        self.signing_secret = signing_secret
        self.timeout_s = timeout_s
        self.sent: list[tuple[str, str]] = []  # (content type, body) in order
        self._session: aiohttp.ClientSession | None = None

    async def send_form(self, fields: Mapping[str, str]) -> BotReply:
        return await self.send(urlencode(fields), FORM)

    async def send_payload(self, payload: JsonDict) -> BotReply:
        """An interactivity request: form-encoded `payload=<json>`."""
        return await self.send_form({"payload": json.dumps(payload, ensure_ascii=False)})

    async def send_event(self, envelope: JsonDict) -> BotReply:
        return await self.send(json.dumps(envelope, ensure_ascii=False), JSON)

    async def send(self, body: str, content_type: str) -> BotReply:
        self.sent.append((content_type, body))
        return await self.send_raw(body, signed_headers(self.signing_secret, body, content_type))

    async def send_raw(self, body: str | bytes, headers: Mapping[str, str]) -> BotReply:
        """POST exactly this body and these headers (for forged-signature tests)."""
        session = self._session_for_loop()
        timeout = aiohttp.ClientTimeout(total=self.timeout_s)
        try:
            async with session.post(
                self.events_url, data=body, headers=dict(headers), timeout=timeout
            ) as response:
                return BotReply(response.status, await response.text())
        except (aiohttp.ClientError, TimeoutError) as error:
            return BotReply(0, f"{type(error).__name__}: {error}")

    def _session_for_loop(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
