"""The Slack side of call info: the operator's DM, sent at once and filled in when ready."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from handlers.blocks.callinfo import call_card_blocks, call_ringing_blocks, call_title
from tomatic.domain.calls import Call
from tomatic.domain.customer import SearchResult


class SlackCallNotifier:
    """Implements tomatic.ports.CallNotifier with `conversations.open`, `chat.postMessage`, `chat.update`."""

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def send_call_dm(self, slack_user_id: str, lang: str, call: Call) -> str:
        """Post "call from … at …" in the operator's DM; returns `channel|ts`."""
        opened = await self.client.conversations_open(users=slack_user_id)
        channel = opened["channel"]["id"]
        posted = await self.client.chat_postMessage(
            channel=channel, text=call_title(call, lang), blocks=call_ringing_blocks(call, lang)
        )
        return f"{channel}|{posted['ts']}"

    async def update_call_dm(
        self, ref: str, lang: str, call: Call, result: SearchResult | None
    ) -> None:
        """Replace that DM with the customer card."""
        channel, _, ts = ref.partition("|")
        blocks = call_card_blocks(call, result, lang)
        await self.client.chat_update(
            channel=channel, ts=ts, text=call_title(call, lang), blocks=blocks
        )
