"""The in-memory workspace: users, channels, messages, views, files, triggers and response URLs."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from dataclasses import dataclass

from bot.sandbox.faults import Faults
from bot.sandbox.models import (
    Channel,
    JsonDict,
    Message,
    ResponseHook,
    SandboxUser,
    StoredFile,
    Trigger,
    View,
)

TRIGGER_LIFETIME_S = 3.0
MAX_MODAL_STACK = 3


@dataclass(frozen=True)
class Identity:
    team_id: str
    team_domain: str
    bot_user_id: str
    bot_id: str
    app_id: str
    team_channel: str


class Workspace:
    """Everything Slack would remember, with a version bumped on each change for the page to poll."""

    def __init__(
        self, identity: Identity, users: list[SandboxUser], team_channel_name: str
    ) -> None:
        self.identity = identity
        self.users: dict[str, SandboxUser] = {user.id: user for user in users}
        self.channels: dict[str, Channel] = {
            identity.team_channel: Channel(identity.team_channel, team_channel_name)
        }
        for user in users:
            self.channels[dm_channel_id(user.id)] = Channel(
                dm_channel_id(user.id), user.id, True, user.id
            )
        self.messages: list[Message] = []
        self.views: dict[str, View] = {}
        self.modal_stacks: dict[str, list[str]] = {}
        self.homes: dict[str, str] = {}
        self.files: dict[str, StoredFile] = {}
        self.triggers: dict[str, Trigger] = {}
        self.hooks: dict[str, ResponseHook] = {}
        self.calls: list[tuple[str, JsonDict]] = []
        self.refusals: list[tuple[str, JsonDict]] = []  # (method, Slack's answer) of each ok: false
        self.offered: dict[tuple[str, str], list[JsonDict]] = {}  # type-ahead menus' options
        self.faults = Faults()
        self.version = 0
        self.closing = False  # set at shutdown so long polls return at once
        self._changed = asyncio.Event()
        self._counter = itertools.count(1)
        self._last_ts = 0.0

    # ids and change notification

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter):08X}"

    def next_ts(self) -> str:
        now = max(time.time(), self._last_ts + 0.000001)
        self._last_ts = now
        return f"{now:.6f}"

    def touch(self) -> None:
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_changed(self, since: int, timeout: float) -> None:
        """Return once the version is past `since`, or after `timeout` seconds."""
        if self.version > since:
            return
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)

    # channels and users

    def resolve_channel(self, channel_or_user: str) -> Channel | None:
        """A channel by id or name, or the bot DM of a user id (as chat.postMessage does)."""
        if channel_or_user in self.users:
            return self.channels[dm_channel_id(channel_or_user)]
        name = channel_or_user.lstrip("#")
        if found := self.channels.get(channel_or_user):
            return found
        return next((c for c in self.channels.values() if c.name == name and not c.is_im), None)

    def add_user(self, user: SandboxUser) -> None:
        """Someone joins the workspace (or an account is created for them), with their DM."""
        self.users[user.id] = user
        channel = dm_channel_id(user.id)
        self.channels.setdefault(channel, Channel(channel, user.id, True, user.id))
        self.touch()

    def is_member(self, channel: Channel, user_id: str) -> bool:
        return not channel.is_im or channel.user == user_id

    def user_by_email(self, email: str) -> SandboxUser | None:
        wanted = email.strip().lower()
        return next((u for u in self.users.values() if u.email.lower() == wanted), None)

    # messages

    def add_message(self, message: Message) -> Message:
        self.messages.append(message)
        self.touch()
        return message

    def find_message(self, channel: str, ts: str) -> Message | None:
        return next((m for m in self.messages if m.channel == channel and m.ts == ts), None)

    def remove_message(self, message: Message) -> None:
        self.messages.remove(message)
        self.touch()

    def channel_messages(self, channel: str) -> list[Message]:
        return [m for m in self.messages if m.channel == channel and not m.is_ephemeral]

    def ephemerals(self, user: str, channel: str | None = None) -> list[Message]:
        return [
            m
            for m in self.messages
            if m.ephemeral_for == user and (channel is None or m.channel == channel)
        ]

    def visible_messages(self, user: str, channel: str) -> list[Message]:
        return [
            m for m in self.messages if m.channel == channel and m.ephemeral_for in (None, user)
        ]

    # views

    def modal(self, user: str) -> View | None:
        stack = self.modal_stacks.get(user) or []
        return self.views[stack[-1]] if stack else None

    def home(self, user: str) -> View | None:
        view_id = self.homes.get(user)
        return self.views[view_id] if view_id else None

    def view_by_external_id(self, external_id: str) -> View | None:
        return next((v for v in self.views.values() if v.external_id == external_id), None)

    def is_open(self, view: View) -> bool:
        if view.type == "home":
            return self.homes.get(view.user) == view.id
        return view.id in self.modal_stacks.get(view.user, [])

    def push_modal(self, view: View) -> None:
        stack = self.modal_stacks.setdefault(view.user, [])
        if stack:
            view.previous_view_id = stack[-1]
            view.root_view_id = stack[0]
        stack.append(view.id)
        self.views[view.id] = view
        self.touch()

    def pop_modal(self, user: str) -> View | None:
        stack = self.modal_stacks.get(user) or []
        view = self.views.get(stack.pop()) if stack else None
        self.touch()
        return view

    def clear_modals(self, user: str) -> None:
        self.modal_stacks[user] = []
        self.touch()

    # triggers and response URLs

    def issue_trigger(self, user: str) -> str:
        trigger = Trigger(self.new_id("13345224609.0."), user, time.monotonic())
        self.triggers[trigger.id] = trigger
        return trigger.id

    def use_trigger(self, trigger_id: str) -> tuple[Trigger | None, str]:
        """The trigger and "" when it may be exchanged now, else None and Slack's error code."""
        trigger = self.triggers.get(trigger_id)
        if trigger is None:
            return None, "invalid_trigger_id"
        if trigger.used:
            return None, "exchanged_trigger_id"
        if time.monotonic() - trigger.issued_at > TRIGGER_LIFETIME_S:
            return None, "expired_trigger_id"
        trigger.used = True
        return trigger, ""

    def issue_hook(self, user: str, channel: str, source_ts: str | None = None) -> ResponseHook:
        hook = ResponseHook(self.new_id("H"), user, channel, source_ts)
        self.hooks[hook.id] = hook
        return hook


def dm_channel_id(user_id: str) -> str:
    """The id of the DM between a user and the bot."""
    return f"D{user_id}"
