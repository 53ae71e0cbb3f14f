"""The summary of a planner run's result: cost and empty cells, the penalties (paged: every
one of them a Next away), why turns cannot be filled, and who carries the most unpleasant
turns. Planner texts and names are escaped; nothing is cut."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.common import Block, section
from handlers.blocks.limits import SECTION_TEXT, escape, paginate, split_text
from handlers.blocks.paging import more_line, pager_blocks
from tomatic.i18n import t

PENALTY_LINES = 25
"""Penalty lines on a page. Each line fits in one section (a person's penalties that do not
are spread over several lines), so a page is at most 26 sections: with the state, summary,
pager, diagnosis, most and buttons, a run's message stays < 50 blocks."""
DIAGNOSIS_SECTIONS = 10
SEPARATOR = "; "


def summary_blocks(payload: dict[str, Any], lang: str) -> list[Block]:
    """Cost, empty cells and search status; the first page of penalties with its pager;
    the diagnosis; who carries the most."""
    blocks: list[Block] = []
    if payload.get("holes") is not None:  # a timetable was found
        status = t(lang, f"plan.status.{payload.get('status') or 'unknown'}")
        params = {"cost": payload.get("cost"), "holes": payload["holes"], "status": status}
        blocks.append(section(t(lang, "plan.summary", **params)))
    blocks += penalty_blocks(payload, lang)
    if payload.get("diagnosis"):
        lines = [t(lang, "plan.diagnosis"), *(escape(x) for x in payload["diagnosis"])]
        blocks += _sections(lines, DIAGNOSIS_SECTIONS, lang)
    most = [_most_line(row, lang) for row in payload.get("most") or []]
    if most:
        blocks += _sections([t(lang, "plan.most"), *most], 1, lang)
    return blocks


def penalty_blocks(payload: dict[str, Any], lang: str, page: int = 0) -> list[Block]:
    """A page of a run's penalties, with Previous/Next (their state: the run) when there
    are more; nothing when the run has none."""
    lines = penalty_lines(payload.get("penalties") or [], lang)
    if not lines:
        return []
    shown = paginate(lines, page, PENALTY_LINES)
    texts = split_text([t(lang, "plan.penalties"), *shown.items])
    pager = pager_blocks(shown, lang, ids.PLAN_PENALTIES_PAGE, str(payload.get("run_id") or ""))
    return [*(section(text) for text in texts), *pager]


def penalty_lines(penalties: list[list[Any]], lang: str) -> list[str]:
    """`*Name*: penalty; penalty…` for each person (the turns' own first, unnamed); the
    penalties of one person that do not fit in a section go on further lines of theirs."""
    lines = []
    for who, texts in penalties:
        prefix = f"*{escape(who) if who else t(lang, 'plan.turns')}*: "
        lines += _packed(prefix, [escape(text) for text in texts])
    return lines


def _packed(prefix: str, texts: list[str]) -> list[str]:
    lines: list[str] = []
    current = ""
    for text in texts:
        if current and len(prefix) + len(current) + len(SEPARATOR) + len(text) > SECTION_TEXT:
            lines.append(prefix + current)
            current = ""
        current = f"{current}{SEPARATOR}{text}" if current else text
    return [*lines, prefix + current] if current else lines


def _sections(lines: list[str], most: int, lang: str) -> list[Block]:
    """`lines` as sections (at most `most`), then how many lines did not fit."""
    chunks = split_text(lines)
    blocks = [section(chunk) for chunk in chunks[:most]]
    left = sum(chunk.count("\n") + 1 for chunk in chunks[most:])
    more = more_line(left, lang)
    return blocks + ([more] if more else [])


def _most_line(row: list[Any], lang: str) -> str:
    who, points, recent = row
    if recent is None:
        return t(lang, "plan.most_line", name=escape(who), points=points)
    return t(lang, "plan.most_line_recent", name=escape(who), points=points, recent=recent)
