"""Conformance checks of Block Kit payloads: what real Slack would refuse.

Two independent judges: the sandbox's validator (the limits of `shared/spec/slack-platform.md`)
and slack_sdk's own models. A payload passes only when both accept it.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.sandbox.blocks import checked_blocks, checked_view
from bot.sandbox.models import ApiError


def message_problems(blocks: list[dict[str, Any]]) -> list[str]:
    """Why Slack would refuse a message with these blocks (empty when it would accept it)."""
    problems = _sandbox(lambda: checked_blocks(blocks, limit=50))
    return problems + _sdk_blocks(blocks)


def view_problems(view: dict[str, Any]) -> list[str]:
    """Why Slack would refuse this modal or Home view (empty when it would accept it)."""
    problems = _sandbox(lambda: checked_view(view, expected_type=view.get("type", "")))
    try:
        View(**view).validate_json()
    except (SlackObjectFormationError, TypeError) as error:
        problems.append(f"slack_sdk: {error}")
    return problems + _sdk_blocks(view.get("blocks", []))


def assert_message_ok(blocks: list[dict[str, Any]], what: str = "message") -> None:
    """Fail naming every limit the message's blocks cross."""
    problems = message_problems(blocks)
    assert not problems, f"{what}: {len(blocks)} blocks refused: {problems[:5]}"


def assert_view_ok(view: dict[str, Any], what: str = "view") -> None:
    """Fail naming every limit the view crosses."""
    problems = view_problems(view)
    assert not problems, f"{what}: refused: {problems[:5]}"


def _sandbox(check: Any) -> list[str]:
    try:
        check()
    except ApiError as error:
        return [f"sandbox: {error.code} {error.extra}"]
    return []


def _sdk_blocks(blocks: list[dict[str, Any]]) -> list[str]:
    problems = []
    for index, block in enumerate(blocks):
        try:
            parsed = Block.parse(block)
            if parsed is None:
                problems.append(f"slack_sdk: block {index} has an unknown type")
            else:
                parsed.validate_json()
        except SlackObjectFormationError as error:
            problems.append(f"slack_sdk: block {index}: {error}")
    return problems
