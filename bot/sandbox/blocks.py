"""Structural checks of Block Kit, close to the limits Slack enforces, so bugs show up locally."""

from __future__ import annotations

import copy
import itertools
from typing import Any

from bot.sandbox.models import ApiError, JsonDict

BLOCK_TYPES = {
    "section", "header", "context", "divider", "image", "actions", "input",
    "rich_text", "file", "video", "markdown",
}  # fmt: skip
TEXT_TYPES = {"plain_text", "mrkdwn"}
_block_ids = itertools.count(1)


def checked_blocks(blocks: Any, *, limit: int, field: str = "blocks") -> list[JsonDict]:
    """A copy of `blocks` with a block_id on each block; ApiError("invalid_blocks") when malformed."""
    problems = block_problems(blocks, limit)
    if problems:
        raise ApiError(
            "invalid_blocks", errors=[f"{p} [json-pointer:/{field}{at}]" for at, p in problems]
        )
    result = copy.deepcopy(blocks)
    for block in result:
        block.setdefault("block_id", f"sbx{next(_block_ids)}")
    return result


def block_problems(blocks: Any, limit: int) -> list[tuple[str, str]]:
    """(json pointer, message) pairs describing what Slack would reject."""
    if not isinstance(blocks, list):
        return [("", "must be an array")]
    if len(blocks) > limit:
        return [("", f"must contain at most {limit} items")]
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, block in enumerate(blocks):
        problems += [(f"/{index}{at}", p) for at, p in _block_problems(block, seen)]
    return problems


def _block_problems(block: Any, seen_ids: set[str]) -> list[tuple[str, str]]:
    if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
        return [("/type", "unknown or missing block type")]
    block_id = block.get("block_id")
    if too_long := _id_problems(block, "block_id"):
        return too_long
    if block_id is not None:
        if block_id in seen_ids:
            return [("/block_id", f"duplicate block_id {block_id!r}")]
        seen_ids.add(block_id)
    checker = _CHECKERS.get(block["type"])
    return checker(block) if checker else []


def _text_problems(
    text: Any, at: str, max_len: int, plain_only: bool = False
) -> list[tuple[str, str]]:
    allowed = {"plain_text"} if plain_only else TEXT_TYPES
    if not isinstance(text, dict) or text.get("type") not in allowed:
        return [(at, f"must be a text object of type {' or '.join(sorted(allowed))}")]
    content = text.get("text")
    if not isinstance(content, str) or not content:
        return [(f"{at}/text", "must be a non-empty string")]
    if len(content) > max_len:
        return [(f"{at}/text", f"must be at most {max_len} characters")]
    return []


def _section(block: JsonDict) -> list[tuple[str, str]]:
    if "text" not in block and "fields" not in block:
        return [("", "section needs text or fields")]
    problems = _text_problems(block["text"], "/text", 3000) if "text" in block else []
    fields = block.get("fields", [])
    if not isinstance(fields, list) or len(fields) > 10:
        return [*problems, ("/fields", "must be an array of at most 10 items")]
    for index, field in enumerate(fields):
        problems += _text_problems(field, f"/fields/{index}", 2000)
    if accessory := block.get("accessory"):
        problems += [(f"/accessory{at}", p) for at, p in element_problems(accessory)]
    return problems


def _header(block: JsonDict) -> list[tuple[str, str]]:
    return _text_problems(block.get("text"), "/text", 150, plain_only=True)


def _actions(block: JsonDict) -> list[tuple[str, str]]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
        return [("/elements", "must be an array of 1 to 25 elements")]
    problems = _duplicate_action_ids(elements)
    for index, element in enumerate(elements):
        problems += [(f"/elements/{index}{at}", p) for at, p in element_problems(element)]
    return problems


def _context(block: JsonDict) -> list[tuple[str, str]]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
        return [("/elements", "must be an array of 1 to 10 elements")]
    problems: list[tuple[str, str]] = []
    for index, element in enumerate(elements):
        if isinstance(element, dict) and element.get("type") in TEXT_TYPES:
            problems += _text_problems(element, f"/elements/{index}", 3000)
    return problems


def _image(block: JsonDict) -> list[tuple[str, str]]:
    if not block.get("alt_text") or not (block.get("image_url") or block.get("slack_file")):
        return [("", "image needs image_url and alt_text")]
    return []


def _input(block: JsonDict) -> list[tuple[str, str]]:
    problems = _text_problems(block.get("label"), "/label", 2000, plain_only=True)
    element = block.get("element")
    if not isinstance(element, dict):
        return [*problems, ("/element", "input needs an element")]
    return problems + [(f"/element{at}", p) for at, p in element_problems(element)]


def element_problems(element: Any) -> list[tuple[str, str]]:
    """Problems of one interactive element (button, select, datepicker...)."""
    if not isinstance(element, dict) or not isinstance(element.get("type"), str):
        return [("/type", "element needs a type")]
    kind = element["type"]
    problems = _id_problems(element, "action_id")
    if kind == "button":
        problems += _text_problems(element.get("text"), "/text", 75, plain_only=True)
        if len(str(element.get("value", ""))) > 2000:
            problems.append(("/value", "must be at most 2000 characters"))
        return problems
    return problems + _selection_problems(kind, element)


def _selection_problems(kind: str, element: JsonDict) -> list[tuple[str, str]]:
    if kind in {"static_select", "multi_static_select"}:
        return _options_problems(element, 100, need_options=not element.get("option_groups"))
    if kind == "overflow":
        return _options_problems(element, 5, need_options=True)
    if kind in {"checkboxes", "radio_buttons"}:
        return _options_problems(element, 10, need_options=True)
    return []


def _id_problems(item: JsonDict, key: str) -> list[tuple[str, str]]:
    value = item.get(key)
    if value is not None and (not isinstance(value, str) or len(value) > 255):
        return [(f"/{key}", "must be a string of at most 255 characters")]
    return []


def _options_problems(element: JsonDict, limit: int, need_options: bool) -> list[tuple[str, str]]:
    options = element.get("options")
    if options is None and not need_options:
        return []
    if not isinstance(options, list) or not 1 <= len(options) <= limit:
        return [("/options", f"must be an array of 1 to {limit} options")]
    problems: list[tuple[str, str]] = []
    for index, option in enumerate(options):
        if not isinstance(option, dict) or "value" not in option:
            problems.append((f"/options/{index}", "option needs text and value"))
            continue
        problems += _text_problems(option.get("text"), f"/options/{index}/text", 75)
        if len(str(option["value"])) > 150:
            problems.append((f"/options/{index}/value", "must be at most 150 characters"))
    return problems


def _duplicate_action_ids(elements: list[Any]) -> list[tuple[str, str]]:
    ids = [e["action_id"] for e in elements if isinstance(e, dict) and e.get("action_id")]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    return [("/elements", f"duplicate action_id {d!r}") for d in dupes]


_CHECKERS = {
    "section": _section,
    "header": _header,
    "actions": _actions,
    "context": _context,
    "image": _image,
    "input": _input,
}


def checked_view(view: Any, *, expected_type: str) -> JsonDict:
    """A copy of a view payload with checked blocks; ApiError when Slack would refuse it."""
    if not isinstance(view, dict) or view.get("type") != expected_type:
        raise _invalid_view(f"view type must be {expected_type!r}")
    if expected_type == "modal":
        if _text_problems(view.get("title"), "/title", 24, plain_only=True):
            raise _invalid_view("modal title must be plain_text of at most 24 characters")
        has_input = any(
            b.get("type") == "input" for b in view.get("blocks", []) if isinstance(b, dict)
        )
        if has_input and not view.get("submit"):
            raise _invalid_view("a modal with input blocks needs a submit button")
    if len(view.get("private_metadata") or "") > 3000:
        raise _invalid_view("private_metadata must be at most 3000 characters")
    checked = copy.deepcopy(view)
    checked["blocks"] = checked_blocks(view.get("blocks", []), limit=100, field="view/blocks")
    return checked


def _invalid_view(message: str) -> ApiError:
    return ApiError("invalid_arguments", response_metadata={"messages": [f"[ERROR] {message}"]})
