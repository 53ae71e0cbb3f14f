"""Slack's answers are checked: a refused message or view is an error in the log, naming
what was being shown, and the person gets a short plain-text sentence instead of silence.

`respond()` (a response_url post) does not raise when Slack refuses it: `CheckedRespond`
reads the answer. Web API calls raise `SlackApiError`; `refusal` describes one for the log
(`handlers.errors.handle_error` reports it).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from slack_sdk.errors import SlackApiError

from handlers.commands.registry import SUBCOMMANDS, find
from tomatic.ports import Metrics

log = structlog.get_logger("tomatic.slack")

UNDELIVERABLE = frozenset(
    """ratelimited channel_not_found not_in_channel is_archived account_inactive user_not_found
    user_disabled cannot_dm_bot invalid_auth not_authed token_revoked token_expired
    missing_scope restricted_action fatal_error internal_error service_unavailable
    request_timeout expired_url used_url""".split()
)
"""Errors about where a message goes or about Slack itself: the same content as plain text
would be refused too, so no fallback is tried."""


def method_of(url: str) -> str:
    """`https://slack.com/api/chat.postMessage?x=1` → `chat.postMessage`."""
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def content_refused(code: str) -> bool:
    """Whether Slack refused what was sent (blocks, length…), so plain text may pass."""
    return code not in UNDELIVERABLE


def interaction_name(body: dict[str, Any]) -> str:
    """What the person was doing, to name it in logs: `/tomatic busy`, an action id,
    a view's callback id, or an event type."""
    if body.get("command"):  # the subcommand's own name: a typed word is never logged
        words = str(body.get("text") or "").split()
        entry = find(words[0]) if words else SUBCOMMANDS.get("help")
        return f"{body['command']} {entry.name if entry else 'unknown'}"
    if body.get("actions"):
        return str(body["actions"][0].get("action_id", "action"))
    view = body.get("view") or {}
    if view.get("callback_id"):
        return str(view["callback_id"])
    event = body.get("event") or {}
    return str(event.get("type") or body.get("type") or "request")


def api_error_code(error: SlackApiError) -> str:
    """Slack's error code of a failed Web API call."""
    return str(error.response.get("error") or f"http_{error.response.status_code}")


def refusal(error: SlackApiError) -> dict[str, str]:
    """Log fields of a failed Web API call: the method, Slack's error and the view sent
    (its callback id, or its type for the App Home) when there was one."""
    fields = {"method": method_of(error.response.api_url), "error": api_error_code(error)}
    args = error.response.req_args or {}
    sent = args.get("json") or args.get("data") or {}
    view = sent.get("view") if isinstance(sent, dict) else None
    if isinstance(view, str):
        view = _json(view)
    if isinstance(view, dict):
        fields["view"] = str(view.get("callback_id") or view.get("type") or "")
    return fields


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


class CheckedRespond:
    """`respond()` that notices Slack's refusals: logs them as errors naming the
    interaction and sends the person a short plain-text sentence instead."""

    def __init__(
        self, respond: Any, name: str, user: str, fallback: Callable[[str], Awaitable[str]]
    ) -> None:
        self.respond = respond
        self.name = name
        self.user = user
        self.fallback = fallback

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Post like `respond()`; on a refusal, post the plain-text sentence."""
        response = await self.respond(*args, **kwargs)
        status = getattr(response, "status_code", 200)
        if status == 200:
            return response
        code = _webhook_error(getattr(response, "body", ""), status)
        log.error(
            "slack refused", method="response_url", view=self.name, error=code, user=self.user
        )
        if content_refused(code):
            text = await self.fallback(code)
            await self.respond(text=text, response_type="ephemeral", replace_original=False)
        return response


def _webhook_error(body: str, status: int) -> str:
    """Slack answers a refused response_url post with a word (`invalid_blocks`) or JSON."""
    parsed = _json(body) if body.strip().startswith("{") else None
    if isinstance(parsed, dict) and parsed.get("error"):
        return str(parsed["error"])
    word = body.strip()
    return word if word and " " not in word and len(word) < 64 else f"http_{status}"


def checked(respond: Any, name: str, user: str, fallback: Callable[[str], Awaitable[str]]) -> Any:
    """`respond` wrapped once (None stays None: no response_url)."""
    if respond is None or isinstance(respond, CheckedRespond):
        return respond
    return CheckedRespond(respond, name, user, fallback)


def user_of(body: dict[str, Any]) -> str:
    """The Slack user of a request body (an interaction, a command or an event)."""
    user = body.get("user") or (body.get("event") or {}).get("user") or body.get("user_id", "")
    return str(user.get("id", "") if isinstance(user, dict) else user)


COUNTED = "tomatic_counted"
"""Set on an error once `count_slack_error` has counted it, so no second place counts it."""


def count_slack_error(metrics: Metrics, method: str, error: Exception) -> None:
    """Count a failed Web API call once: by method and Slack's error (or the kind of failure
    when Slack did not answer)."""
    if getattr(error, COUNTED, False):
        return
    code = api_error_code(error) if isinstance(error, SlackApiError) else type(error).__name__
    metrics.slack_error(method, code)
    setattr(error, COUNTED, True)
