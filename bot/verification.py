"""Slack's requests are verified here, before bolt sees them.

A request to `/slack/events` gets 401 unless its timestamp is a plain recent integer, its
signature is Slack's `v0=` HMAC of exactly these bytes, and every `response_url` it names
points at Slack (or at the configured stand-in, the origin of SLACK_API_URL). Nothing of a
refused request is used or logged: the access log line says the path and the reason.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiohttp import web

EVENTS_PATH = "/slack/events"
REJECTED = web.RequestKey("rejected", str)  # why a request was refused, for the access log
MAX_AGE_S = 5 * 60
SLACK_DOMAINS = ("slack.com", "slack-gov.com")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")

Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL; None if it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def is_slack_url(url: str, stand_in: Origin | None = None) -> bool:
    """Whether `url` is Slack's (https on slack.com or slack-gov.com) or the stand-in's."""
    origin = origin_of(url)
    if origin is None:
        return False
    scheme, host, port = origin
    on_slack = any(host == domain or host.endswith("." + domain) for domain in SLACK_DOMAINS)
    return (on_slack and scheme == "https" and port == 443) or origin == stand_in


@dataclass(frozen=True)
class SlackRequestVerifier:
    """Decides whether a request comes from Slack: `rejection()` is None, or the reason."""

    signing_secret: bytes
    stand_in: Origin | None = None
    clock: Callable[[], float] = time.time

    @classmethod
    def for_api(cls, signing_secret: str, api_url: str) -> SlackRequestVerifier:
        """A verifier for this secret, accepting response URLs on SLACK_API_URL's origin."""
        return cls(signing_secret.encode(), origin_of(api_url))

    def rejection(self, headers: Mapping[str, str], body: bytes, charset: str | None) -> str | None:
        """Why this request is refused, or None when Slack sent it."""
        reason = self._signature_problem(headers, body)
        if reason is not None:
            return reason
        if (charset or "utf-8").lower() != "utf-8":
            return "bad_charset"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return "bad_encoding"
        for url in response_urls(text):
            if not (isinstance(url, str) and is_slack_url(url, self.stand_in)):
                return "foreign_response_url"
        return None

    def _signature_problem(self, headers: Mapping[str, str], body: bytes) -> str | None:
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not _TIMESTAMP.fullmatch(timestamp):
            return "bad_timestamp"
        if abs(self.clock() - int(timestamp)) > MAX_AGE_S:
            return "stale_timestamp"
        if not _SIGNATURE.fullmatch(signature):
            return "bad_signature"
        base = b"v0:" + timestamp.encode() + b":" + body
        expected = "v0=" + hmac.new(self.signing_secret, base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            return "bad_signature"
        return None


def response_urls(body: str) -> list[Any]:
    """Every `response_url` a request body names: a form field, or any key at any depth of
    a JSON body or of an interactivity `payload`."""
    form = parse_qs(body, keep_blank_values=True)
    found: list[Any] = list(form.get("response_url", []))
    for document in [*form.get("payload", []), body]:
        found += _json_values(document, "response_url")
    return found


def _json_values(document: str, key: str) -> Iterator[Any]:
    try:
        pending = [json.loads(document)]
    except (ValueError, RecursionError):
        return
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if key in node:
                yield node[key]
            pending += node.values()
        elif isinstance(node, list):
            pending += node


def verify_slack_requests(verifier: SlackRequestVerifier) -> Any:
    """aiohttp middleware: refuse unverified POSTs to /slack/events with 401."""

    @web.middleware
    async def verify_slack(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path != EVENTS_PATH or request.method != "POST":
            return await handler(request)
        body = await request.read()
        reason = verifier.rejection(request.headers, body, request.charset)
        if reason is not None:
            request[REJECTED] = reason
            return web.json_response({"error": "invalid request"}, status=401)
        return await handler(request)

    return verify_slack
