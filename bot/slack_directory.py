"""Slack's user directory: who a Slack user is (`users.info`) and who has an e-mail
(`users.lookupByEmail`); implements tomatic.ports.UserDirectory."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tomatic.domain.directory import DirectoryMatch
from tomatic.domain.errors import DirectoryUnavailableError

log = structlog.get_logger("tomatic.slack")


@dataclass
class SlackUser:
    """What `users.info` tells about a user."""

    user_id: str
    email: str
    locale: str
    real_name: str


class SlackUserDirectory:
    """`users.info` (with locale, cached per user for the life of the process) and
    `users.lookupByEmail` (never cached: the result is stored on the person)."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._cache: dict[str, SlackUser | None] = {}

    async def lookup(self, user_id: str) -> SlackUser | None:
        """The user's e-mail, locale and name; None if Slack does not know them."""
        if user_id in self._cache:
            return self._cache[user_id]
        return await self._fetch(user_id)

    async def by_email(self, email: str) -> DirectoryMatch:
        """The member with that e-mail and their locale; DirectoryUnavailableError when
        Slack does not answer (after its retries) or refuses (e.g. a missing scope)."""
        try:
            response = await self.client.users_lookupByEmail(email=email)
        except SlackApiError as error:
            code = str(error.response.get("error") or "")
            if code == "users_not_found":
                return DirectoryMatch("unknown")
            raise DirectoryUnavailableError(reason=code or "slack_error") from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DirectoryUnavailableError(reason=type(error).__name__) from error
        user = response["user"]
        if user.get("deleted"):
            return DirectoryMatch("deactivated", user["id"])
        info = await self._fetch(user["id"])
        return DirectoryMatch("member", user["id"], info.locale if info else "")

    async def _fetch(self, user_id: str) -> SlackUser | None:
        try:
            response = await self.client.users_info(user=user_id, include_locale=True)
        except SlackApiError as error:
            log.warning("users.info failed", user=user_id, error=error.response.get("error"))
            return None
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("users.info failed", user=user_id, error=type(error).__name__)
            return None
        user = response["user"]
        info = SlackUser(
            user_id=user_id,
            email=(user.get("profile") or {}).get("email", ""),
            locale=user.get("locale", ""),
            real_name=user.get("real_name") or user.get("name", ""),
        )
        self._cache[user_id] = info
        return info
