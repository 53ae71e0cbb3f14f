"""The modal coordinators use to change one cell of a timetable."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, input_block, modal, option, plain
from handlers.blocks.limits import OPTION_TEXT, SELECT_OPTIONS, fold, matches, shorten
from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import WEEKDAYS, Person
from tomatic.i18n import t
from tomatic.i18n.formats import date_text

NOBODY_VALUE = "nobody"


def cell_modal(
    weeks: list[dt.date], config: PlanningConfig, people: list[Person], lang: str
) -> dict[str, Any]:
    """Week, day, turn, line and who (or nobody): every choice a menu, nothing to mistype.
    With more people than a menu holds, Who is a type-ahead (`who_options` answers it)."""
    week_options = [
        option(t(lang, "cell.week_of", date=date_text(lang, w)), w.isoformat()) for w in weeks
    ]
    day_options = [option(t(lang, f"day.{d}"), d) for d in WEEKDAYS]
    turn_options = [option(config.turn_label(i), config.hours[i]) for i in range(config.turns)]
    line_options = [option(str(n), str(n)) for n in range(1, config.lines + 1)]
    blocks: list[Block] = [
        _select(ids.CELL_WEEK, t(lang, "cell.week"), week_options, week_options[0]),
        _select(ids.CELL_DAY, t(lang, "cell.day"), day_options, None),
        _select(ids.CELL_TURN, t(lang, "cell.turn"), turn_options, None),
        _select(ids.CELL_LINE, t(lang, "cell.line"), line_options, line_options[0]),
        input_block(ids.CELL_WHO, t(lang, "cell.who"), _who_element(people, lang)),
    ]
    return modal(
        ids.CELL_VIEW,
        t(lang, "cell.title"),
        blocks,
        t(lang, "common.save"),
        t(lang, "common.cancel"),
    )


def _who_element(people: list[Person], lang: str) -> dict[str, Any]:
    if len(people) + 1 <= SELECT_OPTIONS:  # everyone and "nobody" fit in one menu
        options = who_options(people, "", lang)
        return {"type": "static_select", "action_id": ids.CELL_WHO, "options": options}
    return {
        "type": "external_select",
        "action_id": ids.CELL_WHO,
        "min_query_length": 1,
        "placeholder": plain(t(lang, "cell.who_search")),
    }


def who_options(people: list[Person], query: str, lang: str) -> list[dict[str, Any]]:
    """ "Nobody" and the people whose name or id matches `query` (accents and case aside),
    alphabetically (`paging.menu_answer` puts them in a type-ahead's answer)."""
    nobody = t(lang, "timetable.nobody")
    found = [option(nobody, NOBODY_VALUE)] if matches(query, nobody, NOBODY_VALUE) else []
    chosen = sorted(
        (p for p in people if matches(query, p.display_name, p.id)),
        key=lambda p: (fold(p.display_name), p.id),
    )
    labels = [_who_label(p) for p in chosen]
    twice = {label for label in labels if labels.count(label) > 1}
    found += [
        option(label if label not in twice else _who_label(p, with_id=True), p.id)
        for p, label in zip(chosen, labels, strict=True)
    ]
    return found


def _who_label(person: Person, with_id: bool = False) -> str:
    """The person's name as an option shows it; a name too long for it (cut, it could read
    like another's) or one the menu shows twice also gets the person's id."""
    name = person.display_name
    if len(name) <= OPTION_TEXT and not with_id:
        return name
    suffix = f" · {person.id}"
    return shorten(name, OPTION_TEXT - len(suffix)) + suffix


def _select(
    block_id: str, label: str, options: list[dict[str, Any]], initial: dict[str, Any] | None
) -> Block:
    element: dict[str, Any] = {"type": "static_select", "action_id": block_id, "options": options}
    if initial is not None:
        element["initial_option"] = initial
    return input_block(block_id, label, element)
