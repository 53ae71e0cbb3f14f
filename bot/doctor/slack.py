"""Slack checks over the Web API: the token (`auth.test`), its scopes, the team channel."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import yaml
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.doctor.report import Check, failed, passed
from bot.settings import Settings
from bot.slack_client import build_client

MANIFEST = Path(__file__).resolve().parents[2] / "manifests" / "tomatic.yaml"
NETWORK_ERRORS = (aiohttp.ClientError, TimeoutError, OSError)


def manifest_scopes(path: Path = MANIFEST) -> set[str]:
    """The bot scopes the app manifest asks for."""
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    return set(manifest["oauth_config"]["scopes"]["bot"])


async def check_slack(settings: Settings) -> list[Check]:
    """Three lines: the token, the granted scopes, the team channel."""
    if settings.slack_bot_token is None:
        return [failed("slack_token", "sandbox"), *_not_checked()]
    client = build_client(settings.slack_bot_token.get_secret_value(), settings.slack_api_url)
    client.timeout = 10
    try:
        answer = await client.auth_test()
    except SlackApiError as error:
        if not isinstance(error.response.data, dict):  # not Slack's JSON: a wrong address
            reason = _error(error)
            token = failed("slack_token", "unreachable", url=settings.slack_api_url, reason=reason)
            return [token, *_not_checked()]
        return [failed("slack_token", "refused", error=_error(error)), *_not_checked()]
    except NETWORK_ERRORS as error:
        reason = str(error) or type(error).__name__
        token = failed("slack_token", "unreachable", url=settings.slack_api_url, reason=reason)
        return [token, *_not_checked()]
    token = passed("slack_token", team=answer.get("team", "?"), user=answer.get("user", "?"))
    granted = _scopes(answer.headers)
    return [token, _scopes_check(granted), await _channel_check(client, settings.team_channel)]


def _error(error: SlackApiError) -> str:
    """Slack's error code, or the HTTP status when the answer was not Slack's JSON."""
    data = error.response.data
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return f"HTTP {error.response.status_code}"


def _not_checked() -> list[Check]:
    return [failed("slack_scopes", "unknown"), failed("team_channel", "unknown")]


def _scopes(headers: dict) -> set[str]:
    value = next((v for k, v in headers.items() if k.lower() == "x-oauth-scopes"), "")
    text = value[0] if isinstance(value, list) else str(value)
    return {scope.strip() for scope in text.split(",") if scope.strip()}


def _scopes_check(granted: set[str]) -> Check:
    missing = sorted(manifest_scopes() - granted)
    if missing:
        return failed("slack_scopes", "missing", scopes=", ".join(missing))
    return passed("slack_scopes")


async def _channel_check(client: AsyncWebClient, channel: str | None) -> Check:
    if not channel:
        return failed("team_channel", "unset")
    try:
        info = (await client.conversations_info(channel=channel))["channel"]
    except SlackApiError as error:
        return failed("team_channel", "not_found", channel=channel, error=_error(error))
    except NETWORK_ERRORS as error:
        return failed("team_channel", "not_found", channel=channel, error=type(error).__name__)
    if not info.get("is_member"):
        return failed("team_channel", "not_member", name=info.get("name", channel))
    return passed("team_channel", name=info.get("name", channel))
