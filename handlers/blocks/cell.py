"""The modal coordinators use to change one cell of a timetable."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, input_block, modal, option
from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import WEEKDAYS, Person
from tomatic.i18n import t

NOBODY_VALUE = "nobody"


def cell_modal(
    weeks: list[dt.date], config: PlanningConfig, people: list[Person], lang: str
) -> dict[str, Any]:
    """Week, day, turn, line and who (or nobody): every choice a select, nothing to mistype."""
    week_options = [
        option(t(lang, "cell.week_of", date=f"{w:%d/%m/%Y}"), w.isoformat()) for w in weeks
    ]
    day_options = [option(t(lang, f"day.{d}"), d) for d in WEEKDAYS]
    turn_options = [option(config.turn_label(i), config.hours[i]) for i in range(config.turns)]
    line_options = [option(str(n), str(n)) for n in range(1, config.lines + 1)]
    who_options = [option(t(lang, "timetable.nobody"), NOBODY_VALUE)] + [
        option(p.display_name[:75], p.id) for p in sorted(people, key=lambda p: p.display_name)
    ]
    blocks: list[Block] = [
        _select(ids.CELL_WEEK, t(lang, "cell.week"), week_options, week_options[0]),
        _select(ids.CELL_DAY, t(lang, "cell.day"), day_options, None),
        _select(ids.CELL_TURN, t(lang, "cell.turn"), turn_options, None),
        _select(ids.CELL_LINE, t(lang, "cell.line"), line_options, line_options[0]),
        _select(ids.CELL_WHO, t(lang, "cell.who"), who_options[:100], None),
    ]
    return modal(
        ids.CELL_VIEW,
        t(lang, "cell.title"),
        blocks,
        t(lang, "common.save"),
        t(lang, "common.cancel"),
    )


def _select(
    block_id: str, label: str, options: list[dict[str, Any]], initial: dict[str, Any] | None
) -> Block:
    element: dict[str, Any] = {"type": "static_select", "action_id": block_id, "options": options}
    if initial is not None:
        element["initial_option"] = initial
    return input_block(block_id, label, element)
