"""Small Block Kit builders shared by every view.

They never cut what they are given: builders make their texts and lists fit Slack's limits
by design (`handlers.blocks.limits`: paging, "N more", split sections, visible "…" on
labels). Should a builder still hand one of them too long a text, it is shortened with a
visible "…", logged, and warned about as `TextShortened`, which the test suite turns into
an error: the conformance tests prove the real screens never get there.
"""

from __future__ import annotations

import warnings
from typing import Any

import structlog

from handlers.blocks.limits import (
    CONFIRM_TEXT,
    FIELD_TEXT,
    HEADER_TEXT,
    MODAL_TITLE,
    SECTION_FIELDS,
    SECTION_TEXT,
    shorten,
)

Block = dict[str, Any]
log = structlog.get_logger("tomatic.blocks")


class TextShortened(UserWarning):
    """A builder gave a common helper more text than Slack takes (a bug of that builder)."""


def fitted(text: str, limit: int, where: str) -> str:
    """`text`, or, past `limit`, shortened with a visible "…" (logged and warned about)."""
    if len(text) <= limit:
        return text
    log.warning("block text shortened", where=where, length=len(text), limit=limit)
    warnings.warn(f"{where}: {len(text)} characters, {limit} fit", TextShortened, stacklevel=3)
    return shorten(text, limit)


def plain(text: str) -> dict[str, Any]:
    """A plain_text object (how long it may be depends on where it goes: the caller fits it)."""
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_TEXT) -> dict[str, Any]:
    """A mrkdwn text object."""
    return {"type": "mrkdwn", "text": fitted(text, limit, "mrkdwn")}


def header(text: str) -> Block:
    """A header block."""
    return {"type": "header", "text": plain(fitted(text, HEADER_TEXT, "header"))}


def section(text: str, accessory: dict[str, Any] | None = None) -> Block:
    """A section with mrkdwn text and an optional accessory."""
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory:
        block["accessory"] = accessory
    return block


def fields(pairs: list[tuple[str, str]]) -> Block:
    """A section of `*label*\\nvalue` fields (at most 10: more is a builder's mistake)."""
    if len(pairs) > SECTION_FIELDS:
        raise ValueError(f"{len(pairs)} fields: a section holds {SECTION_FIELDS}")
    return {
        "type": "section",
        "fields": [mrkdwn(f"*{k}*\n{v or '—'}", FIELD_TEXT) for k, v in pairs],
    }


def context(text: str) -> Block:
    """A context line."""
    return {"type": "context", "elements": [mrkdwn(text)]}


def divider() -> Block:
    """A divider."""
    return {"type": "divider"}


def button(
    text: str,
    action_id: str,
    value: str = "",
    style: str | None = None,
    confirm: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A button element."""
    element: dict[str, Any] = {"type": "button", "text": plain(text), "action_id": action_id}
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def confirm_dialog(title: str, text: str, yes: str, no: str) -> dict[str, Any]:
    """A confirm object for dangerous buttons."""
    return {
        "title": plain(title),
        "text": mrkdwn(text, CONFIRM_TEXT),
        "confirm": plain(yes),
        "deny": plain(no),
        "style": "danger",
    }


def actions(*elements: dict[str, Any], block_id: str | None = None) -> Block:
    """An actions block."""
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def option(text: str, value: str) -> dict[str, Any]:
    """An option for selects, checkboxes and radio buttons."""
    return {"text": plain(text), "value": value}


def text_input(
    block_id: str,
    label: str,
    initial: str = "",
    optional: bool = False,
    hint: str | None = None,
    multiline: bool = False,
) -> Block:
    """An input block with a plain text field (action_id = block_id)."""
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": block_id}
    if initial:
        element["initial_value"] = initial
    if multiline:
        element["multiline"] = True
    return input_block(block_id, label, element, optional, hint)


def input_block(
    block_id: str,
    label: str,
    element: dict[str, Any],
    optional: bool = False,
    hint: str | None = None,
) -> Block:
    """An input block around any element."""
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block


def modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    submit: str | None,
    close: str,
    private_metadata: str = "",
) -> dict[str, Any]:
    """A modal view."""
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(fitted(title, MODAL_TITLE, "modal title")),
        "close": plain(close),
        "blocks": blocks,
        "private_metadata": private_metadata,
    }
    if submit:
        view["submit"] = plain(submit)
    return view


def values_of(view: dict[str, Any]) -> dict[str, Any]:
    """Flatten `view.state.values` to {block_id: value} for the element types we use."""
    flat: dict[str, Any] = {}
    for block_id, elements in view.get("state", {}).get("values", {}).items():
        for element in elements.values():
            flat[block_id] = _element_value(element)
    return flat


def _element_value(element: dict[str, Any]) -> Any:
    kind = element.get("type")
    if kind in ("static_select", "radio_buttons", "external_select"):
        selected = element.get("selected_option")
        return selected["value"] if selected else None
    if kind in ("multi_static_select", "multi_external_select", "checkboxes"):
        return [o["value"] for o in element.get("selected_options") or []]
    if kind == "users_select":
        return element.get("selected_user")
    if kind == "datepicker":
        return element.get("selected_date")
    return element.get("value")
