"""Blocks of `/tomatic timetable` and `/tomatic calendar`."""

from __future__ import annotations

from handlers import ids
from handlers.blocks.common import Block, actions, button, context, header, section
from tomatic.i18n import t
from tomatic.services.views import WeekSnapshot

MAX_CODE = 2900


def code_block(text: str) -> str:
    """A mrkdwn code block that fits in one section (whole rows are dropped if too long)."""
    rows = text.splitlines()
    while rows and sum(len(r) + 1 for r in rows) > MAX_CODE:
        rows.pop()
    return "```" + "\n".join(rows) + "```"


def timetable_blocks(snapshot: WeekSnapshot, lang: str) -> list[Block]:
    """The ephemeral answer next to the uploaded image: the grid as text and the page link."""
    return [
        section(code_block(snapshot.text)),
        context(t(lang, "views.page_link", url=snapshot.page_url)),
    ]


def calendar_blocks(url: str, lang: str, renewed: bool = False) -> list[Block]:
    """The private calendar address, how to use it, and the New link button."""
    blocks = [header(t(lang, "views.calendar.title"))]
    if renewed:
        blocks.append(section(":white_check_mark: " + t(lang, "views.calendar.renewed")))
    blocks += [
        section(t(lang, "views.calendar.text")),
        section(f"`{url}`"),
        context(":lock: " + t(lang, "views.calendar.warning")),
        actions(button(t(lang, "views.calendar.new_link"), ids.CALENDAR_RENEW, "renew")),
    ]
    return blocks
