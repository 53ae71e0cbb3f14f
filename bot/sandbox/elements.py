"""Interactive elements inside blocks: finding them, and turning a chosen value into Slack's shapes.

A "raw" value is what a person picks: a string for text inputs, buttons, single selects, users
and dates, a list of strings (option values or user ids) for multi selects and checkboxes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from bot.sandbox.models import JsonDict

SINGLE_OPTION = {"static_select", "external_select", "radio_buttons", "overflow"}
MULTI_OPTION = {"multi_static_select", "multi_external_select", "checkboxes"}
TEXT_VALUE = {"plain_text_input", "number_input", "email_text_input", "url_text_input"}
KEYED = {
    "users_select": ("selected_user", "initial_user"),
    "multi_users_select": ("selected_users", "initial_users"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "multi_conversations_select": ("selected_conversations", "initial_conversations"),
    "channels_select": ("selected_channel", "initial_channel"),
    "multi_channels_select": ("selected_channels", "initial_channels"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
}


def iter_elements(blocks: list[JsonDict]) -> Iterator[tuple[JsonDict, JsonDict]]:
    """(block, element) for every interactive element of the blocks."""
    for block in blocks:
        if block.get("type") == "actions":
            for element in block.get("elements", []):
                yield block, element
        elif block.get("type") == "section" and isinstance(block.get("accessory"), dict):
            yield block, block["accessory"]
        elif block.get("type") == "input" and isinstance(block.get("element"), dict):
            yield block, block["element"]


def find_element(
    blocks: list[JsonDict], action_id: str, block_id: str | None = None
) -> tuple[JsonDict, JsonDict] | None:
    """The first element with this action_id (in this block, when given)."""
    for block, element in iter_elements(blocks):
        if element.get("action_id") == action_id and block_id in (None, block.get("block_id")):
            return block, element
    return None


def all_options(element: JsonDict) -> list[JsonDict]:
    groups = element.get("option_groups") or []
    return list(element.get("options") or []) + [o for g in groups for o in g.get("options", [])]


def option_for(element: JsonDict, value: str) -> JsonDict:
    """The element's option with this value (its text/value pair, as Slack sends it)."""
    for option in all_options(element):
        if option.get("value") == value:
            return {k: option[k] for k in ("text", "value", "description") if k in option}
    raise ValueError(f"{element.get('action_id')!r} has no option with value {value!r}")


def initial_raw(element: JsonDict) -> Any:
    """The raw value an element shows before anyone touches it."""
    kind = element.get("type", "")
    if kind in TEXT_VALUE:
        return element.get("initial_value")
    if kind in SINGLE_OPTION:
        return (element.get("initial_option") or {}).get("value")
    if kind in MULTI_OPTION:
        return [o.get("value") for o in element.get("initial_options") or []]
    if kind in KEYED:
        return element.get(KEYED[kind][1])
    return None


def selection(element: JsonDict, raw: Any) -> JsonDict:
    """The keys Slack uses to report the element's value (`value`, `selected_option`...)."""
    kind = element.get("type", "")
    if kind in TEXT_VALUE:
        return {"value": raw}
    if kind in SINGLE_OPTION:
        return {"selected_option": option_for(element, raw) if raw is not None else None}
    if kind in MULTI_OPTION:
        return {"selected_options": [option_for(element, v) for v in _as_list(raw)]}
    if kind in KEYED:
        key = KEYED[kind][0]
        return {key: _as_list(raw) if key.endswith("s") else raw}
    return {}


def state_entry(element: JsonDict, raw: Any) -> JsonDict:
    """One `state.values[block_id][action_id]` entry."""
    return {"type": element.get("type")} | selection(element, raw)


def action_entry(block: JsonDict, element: JsonDict, raw: Any) -> JsonDict:
    """One `actions[]` entry of a block_actions payload."""
    entry: JsonDict = {"type": element.get("type"), "block_id": block.get("block_id")}
    entry |= {"action_id": element.get("action_id"), "action_ts": f"{time.time():.6f}"}
    if element.get("type") == "button":
        entry |= {
            "text": element.get("text"),
            "value": raw if raw is not None else element.get("value"),
        }
        if "style" in element:
            entry["style"] = element["style"]
        return entry
    return entry | selection(element, raw)


def state_values(blocks: list[JsonDict], given: dict[str, Any], inputs_only: bool) -> JsonDict:
    """`state.values` for these blocks: given raw values, else each element's initial value.

    `given` is keyed by action_id or block_id (raw value), or block_id → {action_id: raw}.
    """
    values: JsonDict = {}
    for block, element in iter_elements(blocks):
        if inputs_only and block.get("type") != "input":
            continue
        if element.get("type") in {"button", "overflow"} or not element.get("action_id"):
            continue
        raw = _given_raw(given, block, element)
        entry = state_entry(element, raw)
        values.setdefault(block["block_id"], {})[element["action_id"]] = entry
    return values


def _given_raw(given: dict[str, Any], block: JsonDict, element: JsonDict) -> Any:
    action_id, block_id = element["action_id"], block.get("block_id")
    nested = given.get(block_id or "")
    if isinstance(nested, dict) and action_id in nested:
        return nested[action_id]
    if action_id in given:
        return given[action_id]
    if block_id in given and not isinstance(nested, dict):
        return nested
    return initial_raw(element)


def _as_list(raw: Any) -> list[Any]:
    if raw is None:
        return []
    return list(raw) if isinstance(raw, list | tuple) else [raw]
