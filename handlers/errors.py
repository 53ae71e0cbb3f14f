"""The one place where a failed interaction becomes a sentence for the user.

Listeners let errors go: bolt hands them to `handle_error`. Domain errors (`TomaticError`) are
the user's sentence in their language; anything else is logged with its traceback and
apologised for. The sentence goes where the user is looking: a private reply to a command or
a button, the App Home for its buttons, a DM after a modal has closed.
"""

from __future__ import annotations

from typing import Any

import structlog

from handlers.events.app_home import on_home, publish_home
from tomatic.domain.errors import PbxUnreachableError, TomaticError
from tomatic.i18n import t
from tomatic.i18n.formats import localised_params
from tomatic.services import Services

log = structlog.get_logger("tomatic.slack")


def error_text(lang: str, error: Exception) -> str:
    """A failure as the sentence a user reads."""
    if isinstance(error, TomaticError):
        return ":warning: " + t(lang, error.key, **localised_params(lang, error.params))
    return t(lang, "error.unexpected")


async def handle_error(
    error: Exception, body: dict[str, Any], context: Any, client: Any, respond: Any = None
) -> None:
    """Bolt's error handler: log, then tell the user what went wrong."""
    user = (body.get("user") or {}).get("id") or body.get("user_id", "")
    if isinstance(error, PbxUnreachableError):  # the host is for the log, not for people
        log.warning("pbx unreachable", user=user, **error.params)
    elif isinstance(error, TomaticError):
        log.info("refused", user=user, reason=error.key)
    else:
        log.error("listener failed", user=user, error=type(error).__name__, exc_info=error)
    services: Services | None = context.get("services")
    if services is None or not user:
        return
    text = error_text(await services.identity.language_of(user), error)
    if on_home(body):
        await publish_home(services, client, user, text)
    elif respond is not None and (body.get("response_url") or body.get("response_urls")):
        await respond(text=text, response_type="ephemeral", replace_original=False)
    elif body.get("type") == "view_submission":
        await client.chat_postMessage(channel=user, text=text)
