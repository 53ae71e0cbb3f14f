"""What a POST to a response_url does: a new (ephemeral or in-channel) message, or a replacement."""

from __future__ import annotations

from typing import Any

from bot.sandbox.blocks import checked_blocks
from bot.sandbox.models import ApiError, JsonDict, Message, ResponseHook
from bot.sandbox.state import Workspace

MAX_USES = 5


def apply_response(
    workspace: Workspace, hook: ResponseHook | None, body: Any
) -> tuple[int, JsonDict]:
    """(HTTP status, body) of Slack's answer to a response_url POST, after applying it."""
    if hook is None:
        return 404, {"ok": False, "error": "expired_url"}
    if hook.uses >= MAX_USES:
        return 404, {"ok": False, "error": "used_url"}
    if not isinstance(body, dict):
        return 400, {"ok": False, "error": "invalid_payload"}
    hook.uses += 1
    workspace.calls.append(("response_url", body))
    original = _original(workspace, hook)
    try:
        if _is_true(body.get("delete_original")):
            return _delete(workspace, original)
        if _is_true(body.get("replace_original")) and original is not None:
            _replace(workspace, original, body)
        else:
            _post(workspace, hook, body)
    except ApiError as error:
        return 400, {"ok": False, "error": error.code} | error.extra
    return 200, {"ok": True}


def _is_true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _original(workspace: Workspace, hook: ResponseHook) -> Message | None:
    if hook.source_ts is None:
        return None
    return workspace.find_message(hook.channel, hook.source_ts)


def _content(body: JsonDict) -> JsonDict:
    blocks = checked_blocks(body["blocks"], limit=50) if body.get("blocks") else []
    content = {"text": str(body.get("text") or ""), "blocks": blocks}
    content["attachments"] = body.get("attachments") or []
    if not (content["text"] or content["blocks"] or content["attachments"]):
        raise ApiError("no_text")
    return content


def _delete(workspace: Workspace, original: Message | None) -> tuple[int, JsonDict]:
    if original is None:
        return 404, {"ok": False, "error": "message_not_found"}
    workspace.remove_message(original)
    return 200, {"ok": True}


def _replace(workspace: Workspace, original: Message, body: JsonDict) -> None:
    content = _content(body)
    original.text, original.blocks = content["text"], content["blocks"]
    original.attachments = content["attachments"]
    original.edited = not original.is_ephemeral
    workspace.touch()


def _post(workspace: Workspace, hook: ResponseHook, body: JsonDict) -> None:
    content = _content(body)
    identity = workspace.identity
    in_channel = body.get("response_type") == "in_channel"
    message = Message(
        channel=hook.channel,
        ts=workspace.next_ts(),
        user=identity.bot_user_id,
        bot_id=identity.bot_id,
        thread_ts=body.get("thread_ts"),
        ephemeral_for=None if in_channel else hook.user,
        **content,
    )
    workspace.add_message(message)
