"""Notifier over the Slack Web API; renders with handlers.blocks.messages.

People are reached by the Slack id stored on them (see tomatic.services.linking), never
looked up at send time. A message Slack refuses for its content goes again as its plain
text; a send that still fails (after the client's 429 and connection retries) is an error
in the log naming the person and the kind of message, and is counted in `failures`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable
from typing import Any

import aiohttp
import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_pacing import bulk_sending
from handlers.blocks.messages import render
from handlers.refusals import api_error_code, content_refused
from tomatic.domain.model import Person
from tomatic.i18n import normalise_language
from tomatic.ports import UserDirectory

log = structlog.get_logger("tomatic.notifier")
SEND_ERRORS = (SlackApiError, aiohttp.ClientError, TimeoutError)


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
        self.failures: Counter[str] = Counter()
        """Messages Slack did not take, by kind."""
        self.unreachable: Counter[str] = Counter()
        """DMs not sent because the person is not linked to Slack, by kind."""

    async def to_person(self, person: Person, kind: str, payload: dict[str, Any]) -> str | None:
        """DM a person in their language; None when they are not linked to Slack or the
        message could not be delivered."""
        if not person.slack_user_id:
            self.unreachable[kind] += 1
            log.warning("not linked to slack", person=person.id, kind=kind)
            return None
        lang = person.language or await self._language_of(person.slack_user_id)
        return await self._post(person.slack_user_id, kind, payload, lang, person.id)

    async def _language_of(self, user_id: str) -> str:
        """The user's Slack locale as one of our languages, else the team's."""
        info = await self.directory.lookup(user_id)
        return normalise_language(info.locale if info else None, self.default_language)

    async def to_people(self, kind: str, messages: list[tuple[Person, dict[str, Any]]]) -> int:
        """DM many people (a publish, turn reminders), paced as bulk so that other messages
        are not held up; how many were delivered."""
        delivered = 0
        with bulk_sending():
            for person, payload in messages:
                if await self.to_person(person, kind, payload):
                    delivered += 1
        return delivered

    async def to_channel(self, kind: str, payload: dict[str, Any]) -> str | None:
        """Post to the team channel in the team's language."""
        if not self.team_channel:
            log.info("no team channel configured", kind=kind)
            return None
        return await self._post(self.team_channel, kind, payload, self.default_language, "#team")

    async def update(self, ref: str, kind: str, payload: dict[str, Any], lang: str) -> None:
        """chat.update of a message sent before (as plain text if Slack refuses the blocks)."""
        channel, _, ts = ref.partition(":")
        text, blocks = render(kind, payload, lang)
        try:
            await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks or [])
            return
        except SEND_ERRORS as error:
            code = self._failed("chat.update", error, channel, kind)
        if blocks and content_refused(code):
            plain = self.client.chat_update(channel=channel, ts=ts, text=text, blocks=[])
            if await self._try("chat.update", channel, kind, plain) is not None:
                return
        self.failures[kind] += 1

    async def upload(
        self, where: str, filename: str, content: bytes, title: str, comment: str
    ) -> bool:
        """files.getUploadURLExternal + upload + files.completeUploadExternal; False (logged)
        when Slack refuses (`not_in_channel`…) or does not answer."""
        try:
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
        except SEND_ERRORS as error:
            self._failed("files.upload", error, where, filename.split("-", 1)[0])
            self.failures["file"] += 1
            return False
        return True

    async def _post(
        self, channel: str, kind: str, payload: dict[str, Any], lang: str, who: str
    ) -> str | None:
        text, blocks = render(kind, payload, lang)
        try:
            response = await self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)
        except SEND_ERRORS as error:
            code = self._failed("chat.postMessage", error, who, kind)
            fallback = None
            if blocks and content_refused(code):
                plain = self.client.chat_postMessage(channel=channel, text=text)
                fallback = await self._try("chat.postMessage", who, kind, plain)
            if fallback is None:
                self.failures[kind] += 1
                return None
            response = fallback
        return f"{response['channel']}:{response['ts']}"

    async def _try(self, method: str, who: str, kind: str, call: Awaitable[Any]) -> Any:
        """The plain-text fallback; None (logged) if Slack refuses it too."""
        try:
            return await call
        except SEND_ERRORS as error:
            self._failed(method, error, who, kind)
            return None

    def _failed(self, method: str, error: Exception, who: str, kind: str) -> str:
        code = error_code(error)
        log.error("slack send failed", method=method, person=who, kind=kind, error=code)
        return code


def error_code(error: Exception) -> str:
    """Slack's error code, or the kind of network failure."""
    return api_error_code(error) if isinstance(error, SlackApiError) else type(error).__name__
