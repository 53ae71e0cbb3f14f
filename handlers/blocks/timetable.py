"""Timetable blocks: who is on, my turns, changes, forced turns, the grid as text, swaps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, actions, button, context, header, section
from handlers.blocks.mentions import mention, mentions
from handlers.blocks.messages import Rendered, message
from tomatic.domain.model import NOBODY, WEEKDAYS
from tomatic.domain.timetable import CellChange, Timetable
from tomatic.i18n import t
from tomatic.services.timetable import MyTurn, TurnPeople, WhoIsOn

NAME_WIDTH = 10


def _date(lang: str, day: str, date: dt.date | str) -> str:
    text = date if isinstance(date, str) else date.isoformat()
    return f"{t(lang, f'day.{day}')} {text}"


def _turn_text(turn: TurnPeople | None, lang: str, key: str) -> str:
    if turn is None:
        return f"*{t(lang, key)}*\n{t(lang, 'timetable.who_none')}"
    names = ", ".join(
        p.display_name + (f" ({p.extension})" if p.extension else "") for p in turn.people
    ) or t(lang, "timetable.nobody")
    return f"*{t(lang, key)}* — {_date(lang, turn.day, turn.date)} {turn.label}\n{names}"


def who_blocks(found: WhoIsOn, lang: str) -> list[Block]:
    """Who is on the phones now and in the next turn."""
    return [
        section(_turn_text(found.now, lang, "timetable.who_now")),
        section(_turn_text(found.next, lang, "timetable.who_next")),
    ]


def mine_blocks(turns: list[MyTurn], lang: str) -> list[Block]:
    """My turns of this week and the next."""
    if not turns:
        return [section(t(lang, "timetable.mine_none"))]
    lines = []
    for turn in turns:
        text = f"{_date(lang, turn.day, turn.date)} {turn.label} · {t(lang, 'timetable.line', n=turn.line)}"
        lines.append(f"~{text}~" if turn.past else f"• {text}")
    return [header(t(lang, "timetable.mine_title")), section("\n".join(lines))]


def change_line(change: CellChange, hours: list[str], names: dict[str, str], lang: str) -> str:
    """`Tuesday 09:00–10:15 line 2: Anna → Bernat (by carla)`."""
    return t(
        lang,
        "timetable.change",
        day=t(lang, f"day.{change.day}"),
        turn=f"{hours[change.hour]}–{hours[change.hour + 1]}",
        line=change.line + 1,
        old=_name(change.old, names, lang),
        new=_name(change.new, names, lang),
        actor=names.get(change.actor, change.actor),
    )


def _name(person: str | None, names: dict[str, str], lang: str) -> str:
    if person is None or person == NOBODY:  # the forced-turns template keeps `ningu` turns
        return t(lang, "timetable.nobody")
    return names.get(person, person)


def changes_blocks(
    week: dt.date, changes: list[CellChange], hours: list[str], names: dict[str, str], lang: str
) -> list[Block]:
    """A week's change log, newest last."""
    title = header(t(lang, "timetable.changes_title", week=week.isoformat()))
    if not changes:
        return [title, section(t(lang, "timetable.changes_none"))]
    lines = [f"`{c.at:%Y-%m-%d %H:%M}` " + change_line(c, hours, names, lang) for c in changes]
    return [title, *(section("\n".join(lines[i : i + 20])) for i in range(0, len(lines), 20))]


def grid_text(timetable: Timetable, names: dict[str, str], lang: str) -> str:
    """The grid as fixed-width text, one block of turns per day."""
    out = [t(lang, "timetable.week", week=timetable.week.isoformat())]
    for day in WEEKDAYS:
        if day not in timetable.cells:
            out.append(f"{day}  {t(lang, 'timetable.holiday_cell')}")
            continue
        out.append(day)
        for hour, turn in enumerate(timetable.cells[day]):
            cells = [_name(p, names, lang)[:NAME_WIDTH].ljust(NAME_WIDTH) for p in turn]
            out.append(f"  {timetable.turn_label(hour)}  " + " ".join(cells).rstrip())
    return "\n".join(out)


def grid_blocks(timetable: Timetable, names: dict[str, str], lang: str) -> list[Block]:
    """The grid in code blocks (split to stay under Slack's text limit)."""
    text = grid_text(timetable, names, lang)
    chunks, current = [], ""
    for line in text.splitlines():
        if len(current) + len(line) > 2800:
            chunks.append(current)
            current = ""
        current += line + "\n"
    chunks.append(current)
    return [section(f"```{chunk}```") for chunk in chunks if chunk]


def forced_blocks(
    rows: list[tuple[str, int, int, str]], hours: list[str], names: dict[str, str], lang: str
) -> list[Block]:
    """The forced-turns template."""
    title = header(t(lang, "forced.title"))
    if not rows:
        return [title, section(t(lang, "forced.none")), context(t(lang, "forced.usage"))]
    lines = [
        f"{t(lang, f'day.{d}')} {hours[h]}–{hours[h + 1]} · "
        f"{t(lang, 'timetable.line', n=line + 1)}: {_name(p, names, lang)}"
        for d, h, line, p in rows
    ]
    return [title, section("\n".join(lines)), context(t(lang, "forced.usage"))]


@message("timetable.published")
def published_message(payload: dict[str, Any], lang: str) -> Rendered:
    """Team channel: a week's timetable is published."""
    key = "timetable.published_again" if payload.get("replaced") else "timetable.published"
    text = t(lang, key, **{**payload, "by": mention(payload["by"])})
    return text, [section(text)]


@message("timetable.your_turns")
def your_turns_message(payload: dict[str, Any], lang: str) -> Rendered:
    """DM: your turns in a newly published week."""
    text = t(lang, "timetable.your_turns", week=payload["week"])
    lines = [
        f"• {_date(lang, x['day'], x['date'])} {x['start']}–{x['end']} · "
        f"{t(lang, 'timetable.line', n=x['line'])}"
        for x in payload["turns"]
    ]
    return text, [section(text), section("\n".join(lines))]


def _swap_turn(payload: dict[str, Any], lang: str) -> str:
    return f"{_date(lang, payload['day'], payload['date'])} {payload['start']}–{payload['end']}"


@message("swap.request")
def swap_request_message(payload: dict[str, Any], lang: str) -> Rendered:
    """Team channel: a turn offered, its state and the buttons that fit it."""
    state = payload["state"]
    people = {"requester": mention(payload["requester"])}
    people["taken_by"] = mention(payload.get("taken_by"))
    params = {**payload, "turn": _swap_turn(payload, lang), **people}
    text = t(lang, f"swap.message.{state}", **params)
    blocks: list[Block] = [section(text)]
    if state in ("pending", "open"):
        who = mentions(payload["candidates"]) if payload["candidates"] else ""
        who = who or t(lang, "swap.no_candidates")
        blocks.append(context(t(lang, "swap.candidates", names=who)))
        main = (
            button(t(lang, "swap.approve"), ids.SWAP_APPROVE, payload["id"], "primary")
            if state == "pending"
            else button(t(lang, "swap.take"), ids.SWAP_TAKE, payload["id"], "primary")
        )
        blocks.append(
            actions(main, button(t(lang, "swap.withdraw"), ids.SWAP_WITHDRAW, payload["id"]))
        )
    return text, blocks


@message("swap.given")
def swap_given_message(payload: dict[str, Any], lang: str) -> Rendered:
    """DM to the requester: someone took the turn."""
    text = t(lang, "swap.given", turn=_swap_turn(payload, lang), taker=mention(payload["taken_by"]))
    return text, [section(text)]


@message("swap.got")
def swap_got_message(payload: dict[str, Any], lang: str) -> Rendered:
    """DM to the taker: the turn is theirs."""
    text = t(
        lang, "swap.got", turn=_swap_turn(payload, lang), requester=mention(payload["requester"])
    )
    return text, [section(text)]
