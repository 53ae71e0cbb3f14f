"""Timetable blocks: a version's grid as text, publication messages, swap requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, actions, button, context, section
from handlers.blocks.mentions import mention, mentions
from handlers.blocks.messages import Rendered, message
from handlers.blocks.views import grid_text_blocks
from tomatic.domain.render_grid import build_grid, text_rows
from tomatic.domain.timetable import Timetable
from tomatic.i18n import t
from tomatic.i18n.formats import day_text, monday_text
from tomatic.services.views import grid_labels

CANDIDATES_SHOWN = 20
"""Candidates named in a swap request; the rest are counted."""


def grid_blocks(timetable: Timetable, names: dict[str, str], lang: str) -> list[Block]:
    """Any version's grid as text (full names, localised days, holidays) in code blocks, or
    a sentence when it is too big to read that way."""
    grid = build_grid(timetable, names, {}, grid_labels(lang, timetable.week))
    return grid_text_blocks(text_rows(grid), lang, image=False)


def _date(lang: str, date: str) -> str:
    return day_text(lang, dt.date.fromisoformat(date))


@message("timetable.published")
def published_message(payload: dict[str, Any], lang: str) -> Rendered:
    """Team channel: a week's timetable is published."""
    key = "timetable.published_again" if payload.get("replaced") else "timetable.published"
    week = monday_text(lang, payload["week"])
    text = t(lang, key, **{**payload, "by": mention(payload["by"]), "week": week})
    return text, [section(text)]


@message("timetable.your_turns")
def your_turns_message(payload: dict[str, Any], lang: str) -> Rendered:
    """DM: your turns in a newly published week."""
    text = t(lang, "timetable.your_turns", week=monday_text(lang, payload["week"]))
    lines = [
        f"• {_date(lang, x['date'])} {x['start']}–{x['end']} · "
        f"{t(lang, 'timetable.line', n=x['line'])}"
        for x in payload["turns"]
    ]
    return text, [section(text), section("\n".join(lines))]


def _swap_turn(payload: dict[str, Any], lang: str) -> str:
    return f"{_date(lang, payload['date'])} {payload['start']}–{payload['end']}"


@message("swap.request")
def swap_request_message(payload: dict[str, Any], lang: str) -> Rendered:
    """Team channel: a turn offered, its state and the button that fits it (Take, or Approve
    for coordinators); the requester withdraws from their own reply, not from here."""
    state = payload["state"]
    people = {"requester": mention(payload["requester"]), "taken_by": mention(payload["taken_by"])}
    params = {**payload, **people, "turn": _swap_turn(payload, lang)}
    text = t(lang, f"swap.message.{state}", **params)
    blocks: list[Block] = [section(text)]
    if state in ("pending", "open"):
        blocks.append(context(_candidates(payload["candidates"], lang)))
        main = (
            button(t(lang, "swap.approve"), ids.SWAP_APPROVE, payload["id"], "primary")
            if state == "pending"
            else button(t(lang, "swap.take"), ids.SWAP_TAKE, payload["id"], "primary")
        )
        blocks.append(actions(main))
    return text, blocks


def _candidates(people: list[dict[str, Any]], lang: str) -> str:
    """Who can take it: the first few mentioned (a big team would be a wall of pings)."""
    if not people:
        return t(lang, "swap.candidates", names=t(lang, "swap.no_candidates"))
    names = mentions(people[:CANDIDATES_SHOWN])
    if len(people) > CANDIDATES_SHOWN:
        names += " " + t(lang, "swap.more_candidates", n=len(people) - CANDIDATES_SHOWN)
    return t(lang, "swap.candidates", names=names)


def swap_offered_blocks(request_id: str, text: str, lang: str) -> list[Block]:
    """The requester's own reply: what is offered, and Withdraw (only they see it)."""
    withdraw = button(t(lang, "swap.withdraw"), ids.SWAP_WITHDRAW, request_id)
    return [section(text), context(t(lang, "swap.withdraw_hint")), actions(withdraw)]
