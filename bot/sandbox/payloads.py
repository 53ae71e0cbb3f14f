"""The bodies Slack sends to an app: slash commands, block_actions, view_submission, events."""

from __future__ import annotations

import time

from bot.sandbox.models import JsonDict, Message, View
from bot.sandbox.state import Workspace

VERIFICATION_TOKEN = "sandbox-verification-token"


def user_ref(workspace: Workspace, user_id: str) -> JsonDict:
    user = workspace.users[user_id]
    return {
        "id": user.id,
        "username": user.name,
        "name": user.name,
        "team_id": workspace.identity.team_id,
    }


def team_ref(workspace: Workspace) -> JsonDict:
    return {"id": workspace.identity.team_id, "domain": workspace.identity.team_domain}


def slash_command_form(
    workspace: Workspace, user_id: str, channel_id: str, command: str, text: str, response_url: str
) -> dict[str, str]:
    identity = workspace.identity
    channel = workspace.channels[channel_id]
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": identity.team_id,
        "team_domain": identity.team_domain,
        "channel_id": channel.id,
        "channel_name": "directmessage" if channel.is_im else channel.name,
        "user_id": user_id,
        "user_name": workspace.users[user_id].name,
        "command": command,
        "text": text,
        "api_app_id": identity.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": workspace.issue_trigger(user_id),
    }


def _interaction_base(workspace: Workspace, kind: str, user_id: str) -> JsonDict:
    return {
        "type": kind,
        "user": user_ref(workspace, user_id),
        "api_app_id": workspace.identity.app_id,
        "token": VERIFICATION_TOKEN,
        "team": team_ref(workspace),
        "enterprise": None,
        "is_enterprise_install": False,
    }


def message_actions_payload(
    workspace: Workspace,
    user_id: str,
    message: Message,
    actions: list[JsonDict],
    state_values: JsonDict,
    response_url: str,
    message_json: JsonDict,
) -> JsonDict:
    """block_actions from a message; Slack leaves `message` out for ephemeral ones."""
    channel = workspace.channels[message.channel]
    container: JsonDict = {"type": "message", "message_ts": message.ts, "channel_id": channel.id}
    container["is_ephemeral"] = message.is_ephemeral
    payload = _interaction_base(workspace, "block_actions", user_id)
    payload |= {"container": container, "trigger_id": workspace.issue_trigger(user_id)}
    payload["channel"] = {
        "id": channel.id,
        "name": "directmessage" if channel.is_im else channel.name,
    }
    if not message.is_ephemeral:
        payload["message"] = message_json
    payload |= {"state": {"values": state_values}, "response_url": response_url, "actions": actions}
    return payload


def view_actions_payload(
    workspace: Workspace, user_id: str, view_json: JsonDict, actions: list[JsonDict]
) -> JsonDict:
    payload = _interaction_base(workspace, "block_actions", user_id)
    container = {"type": "view", "view_id": view_json["id"]}
    payload |= {"container": container, "trigger_id": workspace.issue_trigger(user_id)}
    return payload | {"view": view_json, "actions": actions}


def view_submission_payload(workspace: Workspace, user_id: str, view_json: JsonDict) -> JsonDict:
    payload = _interaction_base(workspace, "view_submission", user_id)
    payload |= {"trigger_id": workspace.issue_trigger(user_id), "view": view_json}
    return payload | {"response_urls": []}


def view_closed_payload(workspace: Workspace, user_id: str, view_json: JsonDict) -> JsonDict:
    payload = _interaction_base(workspace, "view_closed", user_id)
    return payload | {"view": view_json, "is_cleared": False}


def event_envelope(workspace: Workspace, event: JsonDict) -> JsonDict:
    identity = workspace.identity
    now = time.time()
    authorization: JsonDict = {"enterprise_id": None, "team_id": identity.team_id}
    authorization |= {
        "user_id": identity.bot_user_id,
        "is_bot": True,
        "is_enterprise_install": False,
    }
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": identity.team_id,
        "api_app_id": identity.app_id,
        "event": event | {"event_ts": f"{now:.6f}"},
        "type": "event_callback",
        "event_id": workspace.new_id("Ev"),
        "event_time": int(now),
        "authorizations": [authorization],
        "is_ext_shared_channel": False,
    }


def app_home_opened_event(
    workspace: Workspace, user_id: str, view: View | None, view_json: JsonDict | None
) -> JsonDict:
    event: JsonDict = {"type": "app_home_opened", "user": user_id, "tab": "home"}
    event["channel"] = workspace.resolve_channel(user_id).id  # type: ignore[union-attr]
    if view is not None:
        event["view"] = view_json
    return event


def message_event(workspace: Workspace, message: Message) -> JsonDict:
    channel = workspace.channels[message.channel]
    event: JsonDict = {"type": "message", "channel": channel.id, "user": message.user}
    event |= {"text": message.text, "ts": message.ts, "team": workspace.identity.team_id}
    event["channel_type"] = "im" if channel.is_im else "channel"
    return event


def app_mention_event(workspace: Workspace, message: Message) -> JsonDict:
    event = message_event(workspace, message) | {"type": "app_mention"}
    event.pop("channel_type")
    return event
