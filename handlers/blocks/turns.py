"""Blocks of `who`, `mine`, `set`, the change log and the forced turns: names escaped, dates
in the reader's format, long lists split at line boundaries and paged."""

from __future__ import annotations

import datetime as dt

from handlers import ids
from handlers.blocks.common import Block, context, header, section
from handlers.blocks.limits import escape, paginate, split_text
from handlers.blocks.paging import pager_blocks
from tomatic.domain.model import NOBODY, Person, date_of
from tomatic.domain.timetable import CellChange, ForcedTurn
from tomatic.i18n import t
from tomatic.i18n.formats import day_text, moment_text, week_text
from tomatic.services.timetable import MyTurn, TurnPeople, WhoIsOn

CHANGES_PAGE = 40
FORCED_PAGE = 60
"""Lines per page: a page stays a few sections, far inside a message's 50 blocks."""


def person_name(person: str | None, names: dict[str, str], lang: str) -> str:
    """A person id as their escaped name; `nobody` for a hole."""
    if person is None or person == NOBODY:  # the forced-turns template keeps `ningu` turns
        return t(lang, "timetable.nobody")
    return escape(names.get(person, person))


def _sections(lines: list[str]) -> list[Block]:
    return [section(chunk) for chunk in split_text(lines)]


def _turn_blocks(turn: TurnPeople | None, lang: str, key: str) -> list[Block]:
    title = f"*{t(lang, key)}*"
    if turn is None:
        return [section(f"{title}\n{t(lang, 'timetable.who_none')}")]
    title += f" — {day_text(lang, turn.date)} {turn.label}"
    people = [f"• {escape(p.display_name)}" + _extension(p) for p in turn.people]
    return _sections([title, *(people or [t(lang, "timetable.nobody")])])


def _extension(person: Person) -> str:
    return f" ({person.extension})" if person.extension else ""


def who_blocks(found: WhoIsOn, lang: str) -> list[Block]:
    """Who is on the phones now and in the next turn, one person a line."""
    now = _turn_blocks(found.now, lang, "timetable.who_now")
    return now + _turn_blocks(found.next, lang, "timetable.who_next")


def mine_blocks(turns: list[MyTurn], lang: str) -> list[Block]:
    """My turns of this week and the next (past ones struck through)."""
    if not turns:
        return [section(t(lang, "timetable.mine_none"))]
    lines = []
    for turn in turns:
        text = (
            f"{day_text(lang, turn.date)} {turn.label} · {t(lang, 'timetable.line', n=turn.line)}"
        )
        lines.append(f"~{text}~" if turn.past else f"• {text}")
    return [header(t(lang, "timetable.mine_title")), *_sections(lines)]


def change_line(
    change: CellChange,
    hours: list[str],
    names: dict[str, str],
    lang: str,
    *,
    week: dt.date,
    key: str = "timetable.change",
) -> str:
    """`Wednesday 2/12/2026 10:15–11:30, line 2: Gemma → Bernat (by Anna)` (names escaped);
    `key="replan.change"` leaves out who made it (a re-plan's proposal)."""
    return t(
        lang,
        key,
        day=day_text(lang, date_of(week, change.day)),
        turn=f"{hours[change.hour]}–{hours[change.hour + 1]}",
        line=change.line + 1,
        old=person_name(change.old, names, lang),
        new=person_name(change.new, names, lang),
        actor=escape(names.get(change.actor, change.actor)),
    )


def changes_blocks(
    week: dt.date,
    changes: list[CellChange],
    hours: list[str],
    names: dict[str, str],
    lang: str,
    page: int = 0,
) -> list[Block]:
    """A page of a week's change log, newest first, with Previous/Next when it is long."""
    title = header(t(lang, "timetable.changes_title", week=week_text(lang, week)))
    if not changes:
        return [title, section(t(lang, "timetable.changes_none"))]
    shown = paginate(list(reversed(changes)), page, CHANGES_PAGE)
    lines = [
        f"`{moment_text(lang, c.at)}` " + change_line(c, hours, names, lang, week=week)
        for c in shown.items
    ]
    pager = pager_blocks(shown, lang, ids.CHANGES_PAGE, week.isoformat())
    return [title, *_sections(lines), *pager]


def _turn(hours: list[str], hour: int) -> str:
    """A turn's label; a template kept from a configuration with more turns shows its number."""
    return f"{hours[hour]}–{hours[hour + 1]}" if hour + 1 < len(hours) else f"#{hour + 1}"


def forced_blocks(
    rows: list[ForcedTurn], hours: list[str], names: dict[str, str], lang: str, page: int = 0
) -> list[Block]:
    """A page of the forced-turns template, with Previous/Next when it is long."""
    title = header(t(lang, "forced.title"))
    if not rows:
        return [title, section(t(lang, "forced.none")), context(t(lang, "forced.usage"))]
    shown = paginate(rows, page, FORCED_PAGE)
    lines = [
        f"{t(lang, f'day.{d}')} {_turn(hours, h)} · "
        f"{t(lang, 'timetable.line', n=line + 1)}: {person_name(p, names, lang)}"
        for d, h, line, p in shown.items
    ]
    pager = pager_blocks(shown, lang, ids.FORCED_PAGE, "")
    return [title, *_sections(lines), *pager, context(t(lang, "forced.usage"))]
