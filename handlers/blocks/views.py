"""Blocks of `/tomatic timetable` (the grid as text) and `/tomatic calendar`."""

from __future__ import annotations

from handlers import ids
from handlers.blocks.common import (
    Block,
    actions,
    button,
    confirm_dialog,
    context,
    header,
    section,
)
from handlers.blocks.limits import SECTION_TEXT, escape, split_text
from tomatic.i18n import t
from tomatic.services.views import WeekSnapshot

GRID_SECTIONS = 4
"""Code blocks a text grid may take; a bigger week is read on the image and the page."""
FENCE = "```"


def grid_text_blocks(rows: list[str], lang: str, image: bool) -> list[Block]:
    """The grid's rows in code blocks, never cut: when they would take more than
    `GRID_SECTIONS` sections (or a row alone would not fit), a sentence saying where to read
    the grid instead (on the image, when there is one, and the page)."""
    room = SECTION_TEXT - 2 * len(FENCE)
    lines = [escape(row) for row in rows]
    chunks = split_text(lines, room)
    if len(chunks) <= GRID_SECTIONS and all(len(line) <= room for line in lines):
        return [section(FENCE + chunk + FENCE) for chunk in chunks]
    key = "views.grid_too_big" if image else "views.grid_too_big_no_image"
    return [section(t(lang, key))]


def timetable_blocks(snapshot: WeekSnapshot, lang: str, image_shared: bool = True) -> list[Block]:
    """The ephemeral answer next to the uploaded image: the grid as text and the page link
    (and, when Slack refused the image, a line saying so)."""
    image = bool(snapshot.png) and image_shared
    refused = [context(t(lang, "views.image_not_shared"))] if snapshot.png and not image else []
    return [
        *refused,
        *grid_text_blocks(snapshot.rows, lang, image=image),
        context(t(lang, "views.page_link", url=snapshot.page_url)),
    ]


def calendar_blocks(url: str, lang: str, renewed: bool = False) -> list[Block]:
    """The private calendar address, how to use it, and the New link button (which asks
    first: it revokes the address in use)."""
    blocks = [header(t(lang, "views.calendar.title"))]
    if renewed:
        blocks.append(section(":white_check_mark: " + t(lang, "views.calendar.renewed")))
    confirm = confirm_dialog(
        t(lang, "views.calendar.confirm_title"),
        t(lang, "views.calendar.confirm_text"),
        t(lang, "views.calendar.confirm_yes"),
        t(lang, "views.calendar.confirm_no"),
    )
    renew = button(t(lang, "views.calendar.new_link"), ids.CALENDAR_RENEW, "renew", None, confirm)
    blocks += [
        section(t(lang, "views.calendar.text")),
        section(f"`{url}`"),
        context(":lock: " + t(lang, "views.calendar.warning")),
        actions(renew),
    ]
    return blocks
