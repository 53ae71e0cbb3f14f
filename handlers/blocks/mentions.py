"""People named in mrkdwn: a mention `<@U…>` when they are linked to Slack, so that they
are notified; else their name, escaped, since names are free text and must not become
markup (`<!channel>` in a name would ping everyone)."""

from __future__ import annotations

import re
from typing import Any

from handlers.blocks.limits import escape

SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


def mention(person: dict[str, Any] | None) -> str:
    """One person (a `Person.ref()` dict): `<@U…>`, else the escaped name, else `—`."""
    if not person:
        return "—"
    user_id = str(person.get("slack_user_id") or "")
    if SLACK_USER_ID.fullmatch(user_id):
        return f"<@{user_id}>"
    return name(person)


def mentions(people: list[dict[str, Any]]) -> str:
    """Everyone, comma separated (`—` for nobody)."""
    return ", ".join(mention(person) for person in people) or "—"


def name(person: dict[str, Any] | None) -> str:
    """The person's name as plain words in mrkdwn (escaped), never a mention."""
    if not person:
        return "—"
    return escape(str(person.get("name") or person.get("id") or "?"))
