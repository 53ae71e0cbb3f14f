"""Records kept by the Slack sandbox, each able to render itself the way Slack's API does."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import BaseModel

JsonDict = dict[str, Any]


class SandboxUser(BaseModel):
    """A person in the sandbox workspace."""

    id: str
    name: str
    real_name: str
    email: str
    locale: str = "en-US"
    is_admin: bool = False
    tz: str = "Europe/Madrid"
    deleted: bool = False  # a deactivated account: still found, with `deleted: true`


@dataclass(frozen=True)
class DemoAction:
    """A page button running a handler provided by the bot (e.g. "Simulate incoming call")."""

    id: str
    label: str
    handler: Callable[[str], Awaitable[str | None]]


class BotReply(NamedTuple):
    """Status and raw body of the bot's answer to a request the sandbox sent."""

    status: int
    body: str

    def json(self) -> JsonDict:
        """The body parsed as JSON, or {} when it is empty or not JSON."""
        try:
            parsed = json.loads(self.body) if self.body else {}
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}


@dataclass
class Channel:
    id: str
    name: str
    is_im: bool = False
    user: str | None = None  # the human member of a DM

    def to_slack(self) -> JsonDict:
        data: JsonDict = {"id": self.id, "name": self.name, "is_im": self.is_im}
        data |= {"is_channel": not self.is_im, "is_private": self.is_im, "is_member": True}
        if self.user:
            data["user"] = self.user
        return data


@dataclass
class StoredFile:
    id: str
    name: str
    length: int
    title: str = ""
    alt_txt: str = ""
    content: bytes | None = None
    mimetype: str = "application/octet-stream"
    url: str = ""  # relative to the sandbox root

    def to_slack(self, base_url: str) -> JsonDict:
        data: JsonDict = {"id": self.id, "name": self.name, "title": self.title or self.name}
        data |= {
            "mimetype": self.mimetype,
            "size": len(self.content or b""),
            "alt_txt": self.alt_txt,
        }
        data["url_private"] = base_url + self.url
        data["filetype"] = self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""
        return data


@dataclass
class Message:
    channel: str
    ts: str
    user: str
    text: str = ""
    blocks: list[JsonDict] = field(default_factory=list)
    attachments: list[JsonDict] = field(default_factory=list)
    thread_ts: str | None = None
    files: list[StoredFile] = field(default_factory=list)
    bot_id: str | None = None
    edited: bool = False
    ephemeral_for: str | None = None  # user id when only that user sees it

    @property
    def is_ephemeral(self) -> bool:
        return self.ephemeral_for is not None

    def to_slack(self, base_url: str = "") -> JsonDict:
        data: JsonDict = {"type": "message", "user": self.user, "text": self.text, "ts": self.ts}
        if self.bot_id:
            data["bot_id"] = self.bot_id
        if self.blocks:
            data["blocks"] = self.blocks
        if self.attachments:
            data["attachments"] = self.attachments
        if self.thread_ts:
            data["thread_ts"] = self.thread_ts
        if self.files:
            data["files"] = [f.to_slack(base_url) for f in self.files]
        if self.edited:
            data["edited"] = {"user": self.user, "ts": self.ts}
        return data


@dataclass
class View:
    id: str
    type: str  # "modal" or "home"
    user: str
    body: JsonDict  # what the bot sent: title, blocks, callback_id, private_metadata...
    hash: str
    root_view_id: str | None = None
    previous_view_id: str | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def blocks(self) -> list[JsonDict]:
        return self.body.get("blocks", [])

    @property
    def external_id(self) -> str:
        return self.body.get("external_id", "")

    def to_slack(
        self, team_id: str, app_id: str, bot_id: str, state: JsonDict | None = None
    ) -> JsonDict:
        data: JsonDict = {"id": self.id, "team_id": team_id, "type": self.type}
        data |= {
            key: self.body.get(key, "")
            for key in ("callback_id", "private_metadata", "external_id")
        }
        data |= {key: self.body.get(key) for key in ("title", "submit", "close")}
        data |= {"blocks": self.blocks, "hash": self.hash, "state": {"values": state or {}}}
        data |= {"clear_on_close": bool(self.body.get("clear_on_close"))}
        data |= {"notify_on_close": bool(self.body.get("notify_on_close"))}
        data |= {
            "root_view_id": self.root_view_id or self.id,
            "previous_view_id": self.previous_view_id,
        }
        data |= {"app_id": app_id, "app_installed_team_id": team_id, "bot_id": bot_id}
        return data


@dataclass
class Trigger:
    id: str
    user: str
    issued_at: float
    used: bool = False


@dataclass
class ResponseHook:
    """Where a response_url posts: the user and channel, and the message it came from (if any)."""

    id: str
    user: str
    channel: str
    source_ts: str | None = None
    uses: int = 0


class ApiError(Exception):
    """A Web API failure, reported as {"ok": false, "error": code, **extra} with HTTP 200."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra
