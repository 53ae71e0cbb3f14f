"""Notifier over the Slack Web API; renders with handlers.blocks.messages."""

from __future__ import annotations

from typing import Any

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from handlers.blocks.messages import render
from tomatic.domain.model import Person
from tomatic.i18n import normalise_language
from tomatic.ports import UserDirectory

log = structlog.get_logger("tomatic.notifier")


class SlackNotifier:
    """DMs, team-channel posts, in-place updates and file uploads."""

    def __init__(
        self,
        client: AsyncWebClient,
        team_channel: str | None,
        directory: UserDirectory,
        default_language: str,
    ) -> None:
        self.client = client
        self.team_channel = team_channel
        self.directory = directory
        self.default_language = default_language
        self._emails: dict[str, str] = {}

    async def to_person(self, person: Person, kind: str, payload: dict[str, Any]) -> str | None:
        """DM a person in their language; None when Slack does not know them."""
        user_id = person.slack_user_id or await self._by_email(person)
        if not user_id:
            log.info("not reachable on Slack", person=person.id, kind=kind)
            return None
        lang = person.language or await self._language_of(user_id)
        return await self._post(user_id, kind, payload, lang)

    async def _language_of(self, user_id: str) -> str:
        """The user's Slack locale as one of our languages, else the team's."""
        info = await self.directory.lookup(user_id)
        return normalise_language(info.locale if info else None, self.default_language)

    async def _by_email(self, person: Person) -> str:
        """People who never talked to the bot are found by their e-mail (cached)."""
        email = person.email
        if not email:
            return ""
        if email not in self._emails:
            try:
                response = await self.client.users_lookupByEmail(email=email)
                self._emails[email] = response["user"]["id"]
            except SlackApiError:
                self._emails[email] = ""
        return self._emails[email]

    async def to_channel(self, kind: str, payload: dict[str, Any]) -> str | None:
        """Post to the team channel in the team's language."""
        if not self.team_channel:
            log.info("no team channel configured", kind=kind)
            return None
        return await self._post(self.team_channel, kind, payload, self.default_language)

    async def update(self, ref: str, kind: str, payload: dict[str, Any], lang: str) -> None:
        """chat.update of a message sent before."""
        channel, _, ts = ref.partition(":")
        text, blocks = render(kind, payload, lang)
        try:
            await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks or [])
        except SlackApiError as error:
            log.warning("chat.update failed", kind=kind, error=error.response.get("error"))

    async def upload(
        self, where: str, filename: str, content: bytes, title: str, comment: str
    ) -> None:
        """files.getUploadURLExternal + upload + files.completeUploadExternal."""
        channel = where
        if where.startswith(("U", "W")):
            opened = await self.client.conversations_open(users=where)
            channel = opened["channel"]["id"]
        await self.client.files_upload_v2(
            channel=channel,
            filename=filename,
            content=content,
            title=title,
            initial_comment=comment,
        )

    async def _post(
        self, channel: str, kind: str, payload: dict[str, Any], lang: str
    ) -> str | None:
        text, blocks = render(kind, payload, lang)
        try:
            response = await self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)
        except SlackApiError as error:
            log.warning("chat.postMessage failed", kind=kind, error=error.response.get("error"))
            return None
        return f"{response['channel']}:{response['ts']}"
