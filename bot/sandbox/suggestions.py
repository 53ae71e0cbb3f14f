"""Type-ahead menus (external selects): what Slack sends as someone types, and the options the
bot answers with, held to Slack's limits.

Slack posts a signed `block_suggestion` with the typed `value`; the bot must answer within 3 s
with `{"options": [...]}` (at most 100) or `{"option_groups": [...]}` (at most 100 groups of
100, each with a plain-text label of at most 75 characters). Option texts are at most 75
characters and values 150. An option the bot suggested can then be chosen: pass it (the
dict) as the select's value to `click` or `submit_view`.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox import payloads
from bot.sandbox.api_views import view_json
from bot.sandbox.driver import BotDriver
from bot.sandbox.elements import find_element, state_values
from bot.sandbox.models import JsonDict

EXTERNAL = {"external_select", "multi_external_select"}
MAX_OPTIONS = 100
MAX_TEXT = 75
MAX_VALUE = 150


def block_suggestion_payload(
    driver: BotDriver, user_id: str, view: JsonDict, block_id: str, action_id: str, typed: str
) -> JsonDict:
    """The body Slack posts while `user_id` types `typed` into an external select of a view."""
    workspace = driver.workspace
    payload = payloads.user_ref(workspace, user_id)
    return {
        "type": "block_suggestion",
        "user": payload,
        "container": {"type": "view", "view_id": view["id"]},
        "api_app_id": workspace.identity.app_id,
        "token": payloads.VERIFICATION_TOKEN,
        "action_id": action_id,
        "block_id": block_id,
        "value": typed,
        "team": payloads.team_ref(workspace),
        "enterprise": None,
        "is_enterprise_install": False,
        "view": view,
    }


async def suggest(
    driver: BotDriver, user_id: str, action_id: str, typed: str, *, block_id: str | None = None
) -> list[JsonDict]:
    """Type `typed` into the external select `action_id` of the modal `user_id` sees; the
    options the bot answers (groups flattened). A malformed answer is one of the driver's
    `problems` and shows no options, as in Slack."""
    view = driver.workspace.modal(user_id)
    if view is None:
        raise LookupError(f"{user_id} sees no modal")
    found = find_element(view.blocks, action_id, block_id)
    if found is None or found[1].get("type") not in EXTERNAL:
        raise LookupError(f"no external select {action_id!r} in {view.id}")
    block, _ = found
    state = state_values(view.blocks, {}, inputs_only=False)
    data = view_json(driver.workspace, view) | {"state": {"values": state}}
    payload = block_suggestion_payload(driver, user_id, data, block["block_id"], action_id, typed)
    reply = await driver._send(f"block_suggestion {action_id}", driver.sender.send_payload(payload))
    answer = reply.json()
    problems = options_problems(answer)
    if problems:
        driver.problems += [f"block_suggestion {action_id}: {p}" for p in problems]
        return []
    groups = answer.get("option_groups")
    return [o for g in groups for o in g["options"]] if groups else list(answer["options"])


def options_problems(answer: Any) -> list[str]:
    """Why Slack would show no options for this answer (empty when it is fine)."""
    if not isinstance(answer, dict):
        return ["the answer is not a JSON object"]
    if "option_groups" in answer:
        groups = answer["option_groups"]
        if not isinstance(groups, list) or not 1 <= len(groups) <= MAX_OPTIONS:
            return [f"option_groups must hold 1 to {MAX_OPTIONS} groups"]
        problems = []
        for index, group in enumerate(groups):
            label = (group.get("label") or {}) if isinstance(group, dict) else {}
            if label.get("type") != "plain_text" or not 0 < len(label.get("text", "")) <= MAX_TEXT:
                problems.append(f"group {index}: label must be plain_text of 1 to {MAX_TEXT}")
            options = group.get("options") if isinstance(group, dict) else None
            problems += [f"group {index}: {p}" for p in _list_problems(options)]
        return problems
    return _list_problems(answer.get("options"))


def _list_problems(options: Any) -> list[str]:
    if not isinstance(options, list) or len(options) > MAX_OPTIONS:
        return [f"options must be a list of at most {MAX_OPTIONS}"]
    problems = []
    for index, option in enumerate(options):
        text = (option.get("text") or {}) if isinstance(option, dict) else {}
        value = option.get("value") if isinstance(option, dict) else None
        if not 0 < len(str(text.get("text", ""))) <= MAX_TEXT:
            problems.append(f"option {index}: text must be 1 to {MAX_TEXT} characters")
        if not isinstance(value, str) or not 0 < len(value) <= MAX_VALUE:
            problems.append(f"option {index}: value must be 1 to {MAX_VALUE} characters")
    return problems
