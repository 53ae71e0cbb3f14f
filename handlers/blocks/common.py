"""Small Block Kit builders shared by every view."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]


def plain(text: str) -> dict[str, Any]:
    """A plain_text object."""
    return {"type": "plain_text", "text": text[:3000], "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object."""
    return {"type": "mrkdwn", "text": text[:3000]}


def header(text: str) -> Block:
    """A header block."""
    return {"type": "header", "text": plain(text[:150])}


def section(text: str, accessory: dict[str, Any] | None = None) -> Block:
    """A section with mrkdwn text and an optional accessory."""
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory:
        block["accessory"] = accessory
    return block


def fields(pairs: list[tuple[str, str]]) -> Block:
    """A section of up to 10 `*label*\\nvalue` fields."""
    return {"type": "section", "fields": [mrkdwn(f"*{k}*\n{v or '—'}") for k, v in pairs[:10]]}


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
        "text": mrkdwn(text),
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
        "title": plain(title[:24]),
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
