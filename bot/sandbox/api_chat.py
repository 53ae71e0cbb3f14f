"""chat.* and conversations.* Web API methods."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bot.sandbox.blocks import checked_blocks
from bot.sandbox.models import ApiError, Channel, JsonDict, Message
from bot.sandbox.state import Workspace

MAX_TEXT = 40000


@dataclass(frozen=True)
class Call:
    """One Web API call: the workspace, the arguments, and the URL the sandbox is served at."""

    workspace: Workspace
    args: JsonDict
    base_url: str

    def str_arg(self, name: str, default: str = "") -> str:
        value = self.args.get(name, default)
        return "" if value is None else str(value)

    def json_arg(self, name: str) -> Any:
        """An argument that slack_sdk JSON-encodes in form bodies (blocks, view, files...)."""
        value = self.args.get(name)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                return json.loads(value)
            except ValueError as error:
                raise ApiError("invalid_arguments", detail=f"{name} is not valid JSON") from error
        return value

    def flag(self, name: str) -> bool:
        return str(self.args.get(name, "")).lower() in {"1", "true"}

    def required(self, name: str) -> str:
        value = self.str_arg(name)
        if not value:
            raise ApiError("invalid_arguments", detail=f"missing required argument {name}")
        return value


def channel_arg(call: Call) -> Channel:
    channel = call.workspace.resolve_channel(call.str_arg("channel"))
    if channel is None:
        raise ApiError("channel_not_found")
    return channel


def message_content(call: Call, *, required: bool) -> JsonDict:
    """text/blocks/attachments given in the call, checked like Slack does."""
    content: JsonDict = {}
    if "text" in call.args:
        content["text"] = call.str_arg("text")
    if call.args.get("blocks") not in (None, ""):
        content["blocks"] = checked_blocks(call.json_arg("blocks"), limit=50)
    if call.args.get("attachments") not in (None, ""):
        content["attachments"] = call.json_arg("attachments") or []
    if required and not any(content.get(k) for k in ("text", "blocks", "attachments")):
        raise ApiError("no_text")
    if len(content.get("text", "")) > MAX_TEXT:
        raise ApiError("msg_too_long")
    return content


def bot_message(call: Call, channel: Channel, content: JsonDict, **extra: Any) -> Message:
    identity = call.workspace.identity
    return Message(
        channel=channel.id,
        ts=call.workspace.next_ts(),
        user=identity.bot_user_id,
        bot_id=identity.bot_id,
        text=content.get("text", ""),
        blocks=content.get("blocks", []),
        attachments=content.get("attachments", []),
        **extra,
    )


def message_json(call: Call, message: Message) -> JsonDict:
    identity = call.workspace.identity
    data = message.to_slack(call.base_url)
    return data | {"app_id": identity.app_id, "team": identity.team_id}


async def chat_post_message(call: Call) -> JsonDict:
    channel = channel_arg(call)
    content = message_content(call, required=True)
    thread_ts = call.str_arg("thread_ts") or None
    if thread_ts and not call.workspace.find_message(channel.id, thread_ts):
        raise ApiError("thread_not_found")
    message = call.workspace.add_message(bot_message(call, channel, content, thread_ts=thread_ts))
    return {"channel": channel.id, "ts": message.ts, "message": message_json(call, message)}


async def chat_post_ephemeral(call: Call) -> JsonDict:
    channel = channel_arg(call)
    user = call.str_arg("user")
    if user not in call.workspace.users:
        raise ApiError("user_not_found")
    if not call.workspace.is_member(channel, user):
        raise ApiError("user_not_in_channel")
    content = message_content(call, required=True)
    message = bot_message(call, channel, content, ephemeral_for=user)
    call.workspace.add_message(message)
    return {"message_ts": message.ts}


def own_message(call: Call, refused: str) -> Message:
    channel = channel_arg(call)
    message = call.workspace.find_message(channel.id, call.str_arg("ts"))
    if message is None or message.is_ephemeral:
        raise ApiError("message_not_found")
    if message.user != call.workspace.identity.bot_user_id:
        raise ApiError(refused)
    return message


async def chat_update(call: Call) -> JsonDict:
    message = own_message(call, "cant_update_message")
    content = message_content(call, required=False)
    message.text = content.get("text", message.text)
    message.blocks = content.get("blocks", message.blocks)
    message.attachments = content.get("attachments", message.attachments)
    message.edited = True
    call.workspace.touch()
    data = message_json(call, message)
    return {"channel": message.channel, "ts": message.ts, "text": message.text, "message": data}


async def chat_delete(call: Call) -> JsonDict:
    message = own_message(call, "cant_delete_message")
    call.workspace.remove_message(message)
    return {"channel": message.channel, "ts": message.ts}


async def chat_get_permalink(call: Call) -> JsonDict:
    channel = channel_arg(call)
    message = call.workspace.find_message(channel.id, call.str_arg("message_ts"))
    if message is None:
        raise ApiError("message_not_found")
    return {"channel": channel.id, "permalink": f"{call.base_url}#{channel.id}/{message.ts}"}


async def conversations_open(call: Call) -> JsonDict:
    users = call.args.get("users") or ""
    ids = users if isinstance(users, list) else [u for u in str(users).split(",") if u]
    if not ids and call.str_arg("channel"):
        return {"channel": channel_arg(call).to_slack(), "no_op": True, "already_open": True}
    if not ids:
        raise ApiError("users_list_not_supplied")
    if len(ids) > 1:
        raise ApiError("not_supported_in_sandbox", detail="group DMs are not simulated")
    if ids[0] not in call.workspace.users:
        raise ApiError("user_not_found")
    channel = call.workspace.resolve_channel(ids[0])
    assert channel is not None
    if call.flag("return_im"):
        return {"channel": channel.to_slack(), "no_op": True, "already_open": True}
    return {"channel": {"id": channel.id}}


async def conversations_info(call: Call) -> JsonDict:
    return {"channel": channel_arg(call).to_slack()}


async def conversations_members(call: Call) -> JsonDict:
    channel = channel_arg(call)
    members = [channel.user] if channel.is_im else list(call.workspace.users)
    members.append(call.workspace.identity.bot_user_id)
    return {"members": members, "response_metadata": {"next_cursor": ""}}


async def conversations_history(call: Call) -> JsonDict:
    messages = call.workspace.channel_messages(channel_arg(call).id)
    newest_first = [message_json(call, m) for m in reversed(messages)]
    return {"messages": newest_first, "has_more": False, "response_metadata": {"next_cursor": ""}}


METHODS = {
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.getPermalink": chat_get_permalink,
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.history": conversations_history,
}
