"""The one place where a failed interaction becomes a sentence for the user.

Listeners let errors go: bolt hands them to `handle_error`. Domain errors (`TomaticError`) are
the user's sentence in their language; a Web API call Slack refused (`invalid_blocks`…) is an
error in the log naming the view, and a short plain-text sentence for the user; anything else
is logged with its traceback and apologised for. The sentence goes where the user is looking:
a private reply to a command or a button, the App Home for its buttons, a DM otherwise.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from slack_sdk.errors import SlackApiError

from handlers.blocks.home import fallback_home_view
from handlers.events.app_home import on_home, publish_home
from handlers.refusals import api_error_code, interaction_name, refusal, user_of
from tomatic.domain.errors import PbxUnreachableError, TomaticError
from tomatic.i18n import t
from tomatic.i18n.formats import localised_params
from tomatic.services import Services

log = structlog.get_logger("tomatic.slack")


def error_text(lang: str, error: Exception) -> str:
    """A failure as the sentence a user reads."""
    if isinstance(error, TomaticError):
        return ":warning: " + t(lang, error.key, **localised_params(lang, error.params))
    if isinstance(error, SlackApiError):
        return ":warning: " + t(lang, "slack.refused", error=api_error_code(error))
    return t(lang, "error.unexpected")


def refused_sentence(services: Services, user: str) -> Callable[[str], Awaitable[str]]:
    """What `user` reads when Slack refused to show them something (for `CheckedRespond`)."""

    async def sentence(code: str) -> str:
        lang = await services.identity.language_of(user) if user else services.language
        return ":warning: " + t(lang, "slack.refused", error=code)

    return sentence


async def handle_error(
    error: Exception, body: dict[str, Any], context: Any, client: Any, respond: Any = None
) -> None:
    """Bolt's error handler: log, then tell the user what went wrong."""
    user = user_of(body)
    if isinstance(error, SlackApiError):
        log.error("slack refused", user=user, **{"view": interaction_name(body), **refusal(error)})
    elif isinstance(error, PbxUnreachableError):  # the host is for the log, not for people
        log.warning("pbx unreachable", user=user, **error.params)
    elif isinstance(error, TomaticError):
        log.info("refused", user=user, reason=error.key)
    else:
        log.error("listener failed", user=user, error=type(error).__name__, exc_info=error)
    services: Services | None = context.get("services")
    if services is None or not user:
        return
    text = error_text(await services.identity.language_of(user), error)
    try:
        await _tell(error, body, client, respond, services, user, text)
    except Exception as failure:  # telling failed too: the log line above is all there is
        log.error("could not tell the user", user=user, error=type(failure).__name__)


async def _tell(
    error: Exception,
    body: dict[str, Any],
    client: Any,
    respond: Any,
    services: Services,
    user: str,
    text: str,
) -> None:
    refused_home = isinstance(error, SlackApiError) and refusal(error)["method"] == "views.publish"
    if refused_home:
        await client.views_publish(user_id=user, view=fallback_home_view(text))
    elif on_home(body):
        await publish_home(services, client, user, text)
    elif respond is not None and (body.get("response_url") or body.get("response_urls")):
        await respond(text=text, response_type="ephemeral", replace_original=False)
    elif body.get("type") == "view_submission" or isinstance(error, SlackApiError):
        await client.chat_postMessage(channel=user, text=text)
