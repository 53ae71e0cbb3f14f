"""Driving the bot as people would: commands, clicks, modal submissions, the App Home, messages."""

from __future__ import annotations

import re
import time
from typing import Any

from bot.sandbox import payloads
from bot.sandbox.api_views import new_hash, view_json
from bot.sandbox.blocks import checked_view
from bot.sandbox.elements import action_entry, find_element, state_values
from bot.sandbox.hooks import apply_response
from bot.sandbox.models import ApiError, BotReply, JsonDict, Message, View
from bot.sandbox.sender import SignedSender
from bot.sandbox.state import MAX_MODAL_STACK, Workspace
from bot.sandbox.suggestions import (
    EXTERNAL,
    offered_options,
    remember,
    suggestion_payload,
    wants_query,
    with_offers,
)

ACK_DEADLINE_S = 3.0
SLACKBOT = "USLACKBOT"


class BotDriver:
    """Sends the bot what Slack would send, and applies the bot's synchronous answers."""

    workspace: Workspace
    sender: SignedSender
    problems: list[str]  # protocol mistakes of the bot, as Slack would have shown them

    def response_url_base(self) -> str:
        raise NotImplementedError

    async def _send(self, kind: str, send: Any) -> BotReply:
        started = time.monotonic()
        reply: BotReply = await send
        elapsed = time.monotonic() - started
        if elapsed > ACK_DEADLINE_S:
            self.problems.append(
                f"{kind}: acknowledged after {elapsed:.1f}s (Slack gives up at 3s)"
            )
        if not 200 <= reply.status < 300:
            self.problems.append(f"{kind}: bot answered HTTP {reply.status}: {reply.body[:200]}")
        return reply

    def _hook_url(self, user_id: str, channel_id: str, source_ts: str | None = None) -> str:
        hook = self.workspace.issue_hook(user_id, channel_id, source_ts)
        return f"{self.response_url_base()}hooks/response/{hook.id}"

    async def slash_command(
        self, user_id: str, command: str, text: str = "", channel_id: str | None = None
    ) -> BotReply:
        """Run `/command text` as the user (in the bot DM unless a channel is given)."""
        channel = channel_id or self.workspace.resolve_channel(user_id).id  # type: ignore[union-attr]
        url = self._hook_url(user_id, channel)
        text = self.escape_mentions(text)
        form = payloads.slash_command_form(self.workspace, user_id, channel, command, text, url)
        reply = await self._send(f"{command} {text}".strip(), self.sender.send_form(form))
        self._apply_command_reply(user_id, channel, command, reply, url)
        return reply

    def escape_mentions(self, text: str) -> str:
        """`@anna` → `<@U0ANNA|anna>` and `@here` → `<!here>` (also `@channel`, `@everyone`),
        as Slack does for commands with `should_escape`."""

        def swap(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in ("here", "channel", "everyone"):
                return f"<!{name}>"
            user = next((u for u in self.workspace.users.values() if u.name == name), None)
            return f"<@{user.id}|{name}>" if user else match.group(0)

        return re.sub(r"(?<![<\w])@([a-z0-9._-]+)", swap, text)

    def _apply_command_reply(
        self, user_id: str, channel: str, command: str, reply: BotReply, url: str
    ) -> None:
        if not 200 <= reply.status < 300:
            self._slackbot_says(
                user_id, channel, f'{command} failed with the error "dispatch_failed"'
            )
            return
        if not reply.body.strip():
            return
        body = reply.json() or {"text": reply.body}
        hook = self.workspace.hooks[url.rsplit("/", 1)[-1]]
        hook.uses -= 1  # the synchronous answer does not use up the response_url
        status, answer = apply_response(self.workspace, hook, body)
        if status != 200:
            self.problems.append(f"{command}: invalid command response: {answer}")

    def _slackbot_says(self, user_id: str, channel: str, text: str) -> None:
        ts = self.workspace.next_ts()
        self.workspace.add_message(Message(channel, ts, SLACKBOT, text, ephemeral_for=user_id))

    async def click(
        self,
        user_id: str,
        target: Message | View | str,
        action_id: str,
        value: str | None = None,
        selected: Any = None,
        *,
        block_id: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> BotReply:
        """Use an element of a message or view: press a button (value overrides its value), or pick
        `selected` (option value(s), user id or date) in a select, overflow, datepicker or checkboxes.
        `values` gives the other inputs' current values (see `elements.state_values`)."""
        source = self._resolve_target(user_id, target)
        found = find_element(source.blocks, action_id, block_id)
        if found is None:
            raise LookupError(f"no element with action_id {action_id!r} in {target!r}")
        block, element = found
        blocks = with_offers(self.workspace, _source_id(source), source.blocks)
        block, element = find_element(blocks, action_id, block_id) or found
        raw = (
            value
            if element.get("type") == "button"
            else (selected if selected is not None else value)
        )
        given = dict(values or {}) | ({} if element.get("type") == "button" else {action_id: raw})
        action = action_entry(block, element, raw)
        if isinstance(source, View):
            state = state_values(blocks, given, inputs_only=False)
            view = view_json(self.workspace, source) | {"state": {"values": state}}
            payload = payloads.view_actions_payload(self.workspace, user_id, view, [action])
        else:
            payload = self._message_payload(user_id, source, action, given)
        return await self._send(f"block_actions {action_id}", self.sender.send_payload(payload))

    def _message_payload(
        self, user_id: str, message: Message, action: JsonDict, given: dict[str, Any]
    ) -> JsonDict:
        url = self._hook_url(user_id, message.channel, message.ts)
        blocks = with_offers(self.workspace, message.ts, message.blocks)
        state = state_values(blocks, given, inputs_only=False)
        identity = self.workspace.identity
        data = message.to_slack(self.response_url_base()) | {
            "team": identity.team_id,
            "app_id": identity.app_id,
        }
        return payloads.message_actions_payload(
            self.workspace, user_id, message, [action], state, url, data
        )

    def _resolve_target(self, user_id: str, target: Message | View | str) -> Message | View:
        if isinstance(target, str):
            view = self.workspace.views.get(target)
            message = next((m for m in self.workspace.messages if m.ts == target), None)
            resolved: Message | View | None = view or message
        else:
            resolved = target
        if (
            isinstance(resolved, View)
            and resolved.user == user_id
            and self.workspace.is_open(resolved)
        ):
            return resolved
        visible = isinstance(resolved, Message) and resolved.ephemeral_for in (None, user_id)
        if visible and any(m is resolved for m in self.workspace.messages):
            return resolved  # type: ignore[return-value]
        raise LookupError(f"{user_id} cannot see {target!r}")

    async def suggest(
        self, user_id: str, target: Message | View | str, action_id: str, typed: str
    ) -> list[JsonDict]:
        """Type `typed` in a type-ahead menu: the options the bot offers (none until enough
        characters are typed); any of them can then be chosen with `click` or `submit_view`."""
        source = self._resolve_target(user_id, target)
        found = find_element(source.blocks, action_id)
        if found is None or found[1].get("type") not in EXTERNAL:
            raise LookupError(f"no type-ahead menu {action_id!r} in {target!r}")
        if not wants_query(found[1], typed):
            return []
        data = self._json_of(source)
        payload = suggestion_payload(self.workspace, user_id, source, data, *found, typed)
        reply = await self._send(f"block_suggestion {action_id}", self.sender.send_payload(payload))
        try:
            options = offered_options(reply.json())
        except ApiError as error:
            self.problems.append(f"block_suggestion {action_id}: {error.code} {error.extra}")
            return []
        remember(self.workspace, _source_id(source), action_id, options)
        return options

    def _json_of(self, source: Message | View) -> JsonDict:
        if isinstance(source, View):
            return view_json(self.workspace, source)
        return source.to_slack(self.response_url_base())

    async def submit_view(
        self, user_id: str, view_id: str | None = None, values: dict[str, Any] | None = None
    ) -> BotReply:
        """Press the modal's submit button with these input values (unset inputs keep their initial ones)."""
        view = self.workspace.modal(user_id)
        if view is None or view_id not in (None, view.id):
            raise LookupError(f"{view_id or 'no modal'} is not the modal {user_id} sees")
        blocks = with_offers(self.workspace, view.id, view.blocks)
        state = state_values(blocks, values or {}, inputs_only=False)
        data = view_json(self.workspace, view) | {"state": {"values": state}}
        payload = payloads.view_submission_payload(self.workspace, user_id, data)
        reply = await self._send(
            f"view_submission {view.body.get('callback_id')}", self.sender.send_payload(payload)
        )
        if 200 <= reply.status < 300:
            self._apply_submission_reply(user_id, view, reply)
        return reply

    def _apply_submission_reply(self, user_id: str, view: View, reply: BotReply) -> None:
        answer = reply.json()
        action = answer.get("response_action")
        try:
            if not reply.body.strip() or action is None:
                self.workspace.pop_modal(user_id)
            elif action == "errors":
                view.errors = {str(k): str(v) for k, v in (answer.get("errors") or {}).items()}
                self.workspace.touch()
            elif action == "update":
                view.body = checked_view(answer.get("view"), expected_type="modal")
                view.hash, view.errors = new_hash(self.workspace), {}
                self.workspace.touch()
            elif action == "push":
                self._push_from_answer(user_id, answer)
            elif action == "clear":
                self.workspace.clear_modals(user_id)
            else:
                self.problems.append(f"view_submission: unknown response_action {action!r}")
        except ApiError as error:
            self.problems.append(
                f"view_submission: invalid {action} view: {error.code} {error.extra}"
            )

    def _push_from_answer(self, user_id: str, answer: JsonDict) -> None:
        if len(self.workspace.modal_stacks.get(user_id) or []) >= MAX_MODAL_STACK:
            raise ApiError("push_limit_reached")
        body = checked_view(answer.get("view"), expected_type="modal")
        self.workspace.push_modal(
            View(self.workspace.new_id("V"), "modal", user_id, body, new_hash(self.workspace))
        )

    async def close_view(self, user_id: str, *, all_views: bool = False) -> BotReply | None:
        """Cancel the modal on top (or the whole stack); sends view_closed when the bot asked for it."""
        view = self.workspace.modal(user_id)
        if view is None:
            return None
        if all_views:
            self.workspace.clear_modals(user_id)
        else:
            self.workspace.pop_modal(user_id)
        if not view.body.get("notify_on_close"):
            return None
        payload = payloads.view_closed_payload(
            self.workspace, user_id, view_json(self.workspace, view)
        )
        return await self._send("view_closed", self.sender.send_payload(payload))

    async def open_home(self, user_id: str) -> BotReply:
        """The user opens the bot's Home tab: an app_home_opened event."""
        view = self.workspace.home(user_id)
        data = view_json(self.workspace, view) if view else None
        event = payloads.app_home_opened_event(self.workspace, user_id, view, data)
        return await self.sender.send_event(payloads.event_envelope(self.workspace, event))

    async def post_message(self, user_id: str, channel_id: str, text: str) -> BotReply:
        """The user writes a plain message: it is shown, and message/app_mention events are sent."""
        message = Message(channel_id, self.workspace.next_ts(), user_id, text)
        self.workspace.add_message(message)
        envelope = payloads.event_envelope(
            self.workspace, payloads.message_event(self.workspace, message)
        )
        reply = await self.sender.send_event(envelope)
        if (
            f"<@{self.workspace.identity.bot_user_id}>" in text
            and not self.workspace.channels[channel_id].is_im
        ):
            mention = payloads.app_mention_event(self.workspace, message)
            reply = await self.sender.send_event(payloads.event_envelope(self.workspace, mention))
        return reply

    async def send_raw(self, body: str | bytes, headers: dict[str, str]) -> BotReply:
        """POST an arbitrary body and headers to the bot (e.g. with a forged signature)."""
        return await self.sender.send_raw(body, headers)


def _source_id(source: Message | View) -> str:
    return source.id if isinstance(source, View) else source.ts
