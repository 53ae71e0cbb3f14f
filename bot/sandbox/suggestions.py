"""Type-ahead menus (`external_select`): asking the app for options as Slack does, and choosing
one of the options it offered.

Slack sends a `block_suggestion` request each time the person types in such a menu (once at
least `min_query_length` characters, 3 by default, are typed); the app answers with up to 100
`options` (or `option_groups`). Only an offered option (or the element's initial one) can then
be chosen, so the sandbox remembers what was offered, per menu.
"""

from __future__ import annotations

import copy
from typing import Any

from bot.sandbox.blocks import element_problems
from bot.sandbox.elements import iter_elements
from bot.sandbox.models import ApiError, JsonDict, Message, View
from bot.sandbox.payloads import team_ref, user_ref
from bot.sandbox.state import Workspace

EXTERNAL = {"external_select", "multi_external_select"}
DEFAULT_MIN_QUERY = 3
MAX_OPTIONS = 100


def suggestion_payload(
    workspace: Workspace,
    user_id: str,
    source: Message | View,
    source_json: JsonDict,
    block: JsonDict,
    element: JsonDict,
    value: str,
) -> JsonDict:
    """The `block_suggestion` body for what the person typed in a menu of a view or message."""
    payload: JsonDict = {
        "type": "block_suggestion",
        "user": user_ref(workspace, user_id),
        "api_app_id": workspace.identity.app_id,
        "token": "sandbox-verification-token",
        "team": team_ref(workspace),
        "enterprise": None,
        "is_enterprise_install": False,
        "action_id": element.get("action_id"),
        "block_id": block.get("block_id"),
        "value": value,
        "action_ts": workspace.next_ts(),
    }
    if isinstance(source, View):
        return payload | {"container": {"type": "view", "view_id": source.id}, "view": source_json}
    container = {"type": "message", "message_ts": source.ts, "channel_id": source.channel}
    channel = {"id": source.channel, "name": workspace.channels[source.channel].name}
    return payload | {"container": container, "channel": channel, "message": source_json}


def wants_query(element: JsonDict, value: str) -> bool:
    """Whether Slack would ask the app already: enough characters are typed."""
    return len(value) >= int(element.get("min_query_length", DEFAULT_MIN_QUERY))


def offered_options(answer: JsonDict) -> list[JsonDict]:
    """The options of the app's answer, checked as Slack checks them (ApiError otherwise)."""
    groups = answer.get("option_groups")
    options = answer.get("options")
    if groups is not None:
        if not isinstance(groups, list):
            raise ApiError("invalid_options", detail="option_groups must be an array")
        options = [o for g in groups if isinstance(g, dict) for o in g.get("options") or []]
    if options is None:
        options = []
    probe = {"type": "static_select", "action_id": "probe", "options": options}
    problems = element_problems(probe) if options else []
    if not isinstance(options, list) or len(options) > MAX_OPTIONS or problems:
        raise ApiError("invalid_options", detail=problems or "at most 100 options")
    return [copy.deepcopy(o) for o in options]


def remember(workspace: Workspace, source_id: str, action_id: str, options: list[Any]) -> None:
    """Keep what a menu offered (earlier offers stay choosable, as in a real menu)."""
    known = workspace.offered.setdefault((source_id, action_id), [])
    values = {o.get("value") for o in known}
    known += [o for o in options if o.get("value") not in values]


def with_offers(workspace: Workspace, source_id: str, blocks: list[JsonDict]) -> list[JsonDict]:
    """A copy of `blocks` whose type-ahead menus list what they offered (and their initial
    options), so that a choice among them reads like a static menu's."""
    copied = copy.deepcopy(blocks)
    for _block, element in iter_elements(copied):
        if element.get("type") in EXTERNAL:
            initial = element.get("initial_options") or [element.get("initial_option")]
            offered = workspace.offered.get((source_id, element.get("action_id", "")), [])
            element["options"] = [o for o in initial if o] + offered
    return copied
