"""The Slack side of call info: the operator's DM, sent at once and filled in when ready."""

from __future__ import annotations

from collections import Counter

import structlog
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_notifier import SEND_ERRORS, error_code
from handlers.blocks.callinfo import call_card_blocks, call_ringing_blocks, call_title
from handlers.refusals import content_refused
from tomatic.domain.calls import Call
from tomatic.domain.customer import SearchResult
from tomatic.i18n import t

log = structlog.get_logger("tomatic.callinfo")


class SlackCallNotifier:
    """Implements tomatic.ports.CallNotifier with `chat.postMessage` and `chat.update`."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self.failures: Counter[str] = Counter()
        """Call DMs Slack did not take: `call.ringing`, `call.card`."""

    async def send_call_dm(self, slack_user_id: str, lang: str, call: Call) -> str:
        """Post "call from … at …" in the operator's DM; `channel|ts`, or "" if Slack did
        not take it (logged and counted)."""
        title = call_title(call, lang)
        try:
            posted = await self.client.chat_postMessage(
                channel=slack_user_id, text=title, blocks=call_ringing_blocks(call, lang)
            )
        except SEND_ERRORS as error:
            code = self._failed("call.ringing", "chat.postMessage", error, call, slack_user_id)
            if not content_refused(code):
                return ""
            try:
                posted = await self.client.chat_postMessage(channel=slack_user_id, text=title)
            except SEND_ERRORS as again:
                self._failed("call.ringing", "chat.postMessage", again, call, slack_user_id)
                return ""
        return f"{posted['channel']}|{posted['ts']}"

    async def update_call_dm(
        self, ref: str, lang: str, call: Call, result: SearchResult | None
    ) -> None:
        """Replace that DM with the customer card (its title and a sentence if Slack
        refuses the card)."""
        channel, _, ts = ref.partition("|")
        title = call_title(call, lang)
        try:
            await self.client.chat_update(
                channel=channel, ts=ts, text=title, blocks=call_card_blocks(call, result, lang)
            )
            return
        except SEND_ERRORS as error:
            code = self._failed("call.card", "chat.update", error, call, channel)
        if content_refused(code):
            text = f"{title}\n{t(lang, 'slack.refused', error=code)}"
            try:
                await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=[])
            except SEND_ERRORS as again:
                self._failed("call.card", "chat.update", again, call, channel)

    def _failed(self, kind: str, method: str, error: Exception, call: Call, to: str) -> str:
        code = error_code(error)
        self.failures[kind] += 1
        log.error(
            "slack send failed",
            method=method,
            kind=kind,
            call_id=call.call_id,
            person=call.operator,
            to=to,
            error=code,
        )
        return code
