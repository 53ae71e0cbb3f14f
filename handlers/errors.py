"""The safety net: the one place where a failed interaction becomes a sentence for the user.

Listeners let errors go: bolt hands them to `handle_error`, for commands, buttons, modals,
type-ahead menus and events alike. Domain errors (`TomaticError`) are the user's sentence in
their language; a Web API call Slack refused (`invalid_blocks`…) is an error in the log naming
the view, and a short plain-text sentence for the user. Anything else gets a short reference:
the user reads "something went wrong, reference X", and one log line carries the user, the
listener, the reference and the traceback (whose messages `bot.logs` scrubs), never what the
user typed.

The sentence goes where the user is looking: a private reply to a command or a message
button, the App Home for its buttons and for the Home itself, a DM after a modal has closed,
the menu itself for a type-ahead. A request that failed before it was acknowledged is
acknowledged here, so Slack never shows its own error on top.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError

from handlers.blocks.common import plain
from handlers.blocks.home import fallback_home_view
from handlers.blocks.limits import OPTION_TEXT, escape_once, shorten
from handlers.commands.slash import command_name
from handlers.events.app_home import on_home, publish_home
from handlers.refusals import api_error_code, count_slack_error, refusal, user_of
from tomatic.domain.errors import PbxUnreachableError, TomaticError
from tomatic.i18n import t
from tomatic.i18n.formats import localised_params
from tomatic.services import Services

log = structlog.get_logger("tomatic.slack")


def new_reference() -> str:
    """A short code the user can quote and the log can be searched for."""
    return secrets.token_hex(4)


def error_text(lang: str, error: Exception, reference: str = "") -> str:
    """A failure as the sentence a user reads."""
    if isinstance(error, TomaticError):
        params = localised_params(lang, error.params)
        inert = {key: escape_once(v) if isinstance(v, str) else v for key, v in params.items()}
        return ":warning: " + t(lang, error.key, **inert)
    if isinstance(error, SlackApiError):
        return ":warning: " + t(lang, "slack.refused", error=api_error_code(error))
    return t(lang, "error.unexpected", reference=reference)


def refused_sentence(services: Services, user: str) -> Callable[[str], Awaitable[str]]:
    """What `user` reads when Slack refused to show them something (for `CheckedRespond`)."""

    async def sentence(code: str) -> str:
        services.metrics.slack_error("response_url", code)
        lang = await services.identity.language_of(user) if user else services.language
        return ":warning: " + t(lang, "slack.refused", error=code)

    return sentence


def listener_of(body: dict[str, Any]) -> tuple[str, str]:
    """(kind, name) of what failed: the subcommand, action, view, menu or event — our own
    names only, never the text that came with it."""
    if "command" in body:
        return "command", command_name((body.get("text") or "help").split(" ", 1)[0])
    kind = str(body.get("type") or "unknown")
    if kind in ("block_actions", "block_suggestion"):
        found = (body.get("actions") or [{}])[0].get("action_id") or body.get("action_id")
        return kind, str(found or "")
    if kind in ("view_submission", "view_closed"):
        return kind, str((body.get("view") or {}).get("callback_id", ""))
    if kind == "event_callback":
        return "event", str((body.get("event") or {}).get("type", ""))
    return kind, str(body.get("callback_id", ""))


def report(error: Exception, user: str, kind: str, name: str) -> str:
    """One log line about the failure; the reference of an unexpected one ("" otherwise)."""
    where = {"user": user, "kind": kind, "listener": name}
    if isinstance(error, SlackApiError):
        log.error("slack refused", **{**where, "view": name, **refusal(error)})
    elif isinstance(error, PbxUnreachableError):  # the host is for the log, not for people
        log.warning("pbx unreachable", **where, **error.params)
    elif isinstance(error, TomaticError):
        log.info("refused", **where, reason=error.key)
    else:
        reference = new_reference()
        kind_of = type(error).__name__
        log.error("listener failed", **where, reference=reference, error=kind_of, exc_info=error)
        return reference
    return ""


async def handle_error(
    error: Exception,
    body: dict[str, Any],
    context: Any,
    client: Any,
    respond: Any = None,
    response: BoltResponse | None = None,
) -> BoltResponse | None:
    """Bolt's error handler: log, tell the user, and acknowledge what was not acknowledged."""
    user = user_of(body)
    kind, name = listener_of(body)
    reference = report(error, user, kind, name)
    services: Services | None = context.get("services")
    if services is not None and isinstance(error, SlackApiError):
        count_slack_error(services.metrics, refusal(error)["method"], error)
    if services is None or not user:
        return acknowledgement(kind, "") if response is not None else None
    text = error_text(await services.identity.language_of(user), error, reference)
    try:
        if kind != "block_suggestion":  # a menu answers with the sentence (below)
            await tell(error, body, client, respond, services, user, text)
    except Exception as failure:  # the net must hold even when Slack refuses the sentence
        log.error(
            "could not tell the user",
            user=user,
            kind=kind,
            listener=name,
            reference=reference,
            error=type(failure).__name__,
        )
    return acknowledgement(kind, text) if response is not None else None


async def tell(
    error: Exception,
    body: dict[str, Any],
    client: Any,
    respond: Any,
    services: Services,
    user: str,
    text: str,
) -> None:
    """Put the sentence where the user is looking."""
    refused_home = isinstance(error, SlackApiError) and refusal(error)["method"] == "views.publish"
    if refused_home:
        await client.views_publish(user_id=user, view=fallback_home_view(text))
    elif on_home(body) or (body.get("event") or {}).get("type") == "app_home_opened":
        await home_notice(services, client, user, text)
    elif respond is not None and (body.get("response_url") or body.get("response_urls")):
        await respond(text=text, response_type="ephemeral", replace_original=False)
    elif body.get("type") == "view_submission" or isinstance(error, SlackApiError):
        await client.chat_postMessage(channel=user, text=text)


async def home_notice(services: Services, client: Any, user: str, text: str) -> None:
    """The Home redrawn with the sentence on it; the sentence alone when the Home itself is
    what fails to draw."""
    try:
        await publish_home(services, client, user, text)
    except Exception as failure:
        log.error("home could not be drawn", user=user, error=type(failure).__name__)
        await client.views_publish(user_id=user, view=fallback_home_view(text))


def acknowledgement(kind: str, text: str) -> BoltResponse:
    """The answer Slack still waits for: a type-ahead gets the sentence as its only (inert)
    choice, anything else a plain 200 (the sentence went its own way)."""
    if kind != "block_suggestion":
        return BoltResponse(status=200, body="")
    choice = {"text": plain(shorten(text, OPTION_TEXT)), "value": "error"}
    return BoltResponse(status=200, body={"options": [choice]})
