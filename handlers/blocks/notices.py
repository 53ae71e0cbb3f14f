"""Messages about changed turns: the DM to each person whose turns changed, and the team
channel's note about changes to today's and tomorrow's turns (with mentions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers.blocks.common import Block, section
from handlers.blocks.limits import split_text
from handlers.blocks.mentions import mention, name
from handlers.blocks.messages import Rendered, message
from handlers.blocks.paging import more_line
from tomatic.i18n import t
from tomatic.i18n.formats import day_text

SOON_LINES = 100
"""Cells listed in the channel note; a re-plan of a big team can change many more."""


def _turn(lang: str, item: dict[str, Any]) -> str:
    date = dt.date.fromisoformat(item["date"])
    return f"{day_text(lang, date)} {item['start']}–{item['end']}"


def _change(lang: str, item: dict[str, Any]) -> str:
    turn = _turn(lang, item)
    if item["kind"] == "moved":
        return t(lang, "notice.moved", turn=turn, old=item["old_line"], new=item["new_line"])
    line = item["new_line"] if item["kind"] == "added" else item["old_line"]
    other = name(item["other"]) if item["other"] else t(lang, "timetable.nobody")
    return t(lang, f"notice.{item['kind']}", turn=turn, line=line, other=other)


@message("timetable.changed")
def changed_message(payload: dict[str, Any], lang: str) -> Rendered:
    """DM: what was added to or removed from your turns, with dates and times."""
    text = t(lang, "notice.changed", by=name(payload["by"]))
    lines = [_change(lang, item) for item in payload["turns"]]
    return text, [section(text), *(section(chunk) for chunk in split_text(lines))]


@message("timetable.changed_soon")
def changed_soon_message(payload: dict[str, Any], lang: str) -> Rendered:
    """Team channel: cells of today and tomorrow that changed hands, people mentioned."""
    text = t(lang, "notice.soon", by=mention(payload["by"]))
    cells = payload["cells"]
    lines = [
        t(
            lang,
            "notice.soon_cell",
            turn=_turn(lang, cell),
            line=cell["line"],
            old=mention(cell["old"]) if cell["old"] else t(lang, "timetable.nobody"),
            new=mention(cell["new"]) if cell["new"] else t(lang, "timetable.nobody"),
        )
        for cell in cells[:SOON_LINES]
    ]
    blocks: list[Block] = [section(text), *(section(chunk) for chunk in split_text(lines))]
    more = more_line(len(cells) - SOON_LINES, lang)
    return text, blocks + ([more] if more else [])
