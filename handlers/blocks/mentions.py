"""Naming people in mrkdwn: a Slack mention when they have a Slack account, so that they are
notified; otherwise their name made inert (names are free text: `<!channel>` in one must never
reach a channel as markup)."""

from __future__ import annotations

import re
from typing import Any

from handlers.blocks.limits import escape

_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


def mention(person: dict[str, Any] | None) -> str:
    """`<@U…>` for a person ref (`{"id", "name", "slack_user_id"}`) with a Slack id, else the
    escaped name; `—` for nobody."""
    if not person:
        return "—"
    slack_id = str(person.get("slack_user_id") or "")
    return f"<@{slack_id}>" if _USER_ID.fullmatch(slack_id) else name(person)


def mentions(people: list[dict[str, Any]]) -> str:
    """Several people, comma separated; `—` for nobody."""
    return ", ".join(mention(person) for person in people) or "—"


def name(person: dict[str, Any] | None) -> str:
    """A person ref's name, escaped: shown, never a mention."""
    if not person:
        return "—"
    return escape(str(person.get("name") or person.get("id") or "?"))
