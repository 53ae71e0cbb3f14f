"""Planner-run messages (live progress, the result, then what became of it) and the publish
and re-plan prompts. Every list is bounded by design: long ones are split over sections at
line boundaries, paged, or end in "… and N more"; user-supplied text is escaped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, actions, button, confirm_dialog, context, section
from handlers.blocks.limits import (
    CONFIRM_TEXT,
    SECTION_TEXT,
    escape,
    paginate,
    shorten,
    split_text,
)
from handlers.blocks.mentions import name
from handlers.blocks.messages import Rendered, message
from handlers.blocks.paging import more_line, pager_blocks
from handlers.blocks.turns import person_name
from tomatic.domain.model import date_of
from tomatic.domain.timetable import CellChange
from tomatic.i18n import t
from tomatic.i18n.formats import date_text, day_text, localised_params
from tomatic.services.replan import ReplanResult

PENALTY_SECTIONS = 20
DIAGNOSIS_SECTIONS = 10
CHANGES_PER_PAGE = 40
"""40 change lines, each at most one section, with the header, pager and buttons: < 50."""


def week_text(lang: str, week: str) -> str:
    """A week's Monday (`2026-11-30`) as the language writes dates."""
    return date_text(lang, dt.date.fromisoformat(week))


def version_ref(week: str, version: Any) -> str:
    """The value of a button acting on a version: `2026-11-30|3`."""
    return f"{week}|{version}"


def discard_button(week: str, version: Any, lang: str) -> dict[str, Any]:
    """Discard, behind Slack's confirmation dialog."""
    question = t(lang, "plan.discard_question", week=week_text(lang, week), version=version)
    confirm = confirm_dialog(
        t(lang, "plan.discard_title"),
        shorten(question, CONFIRM_TEXT),
        t(lang, "plan.discard"),
        t(lang, "common.cancel"),
    )
    value = version_ref(week, version)
    return button(t(lang, "plan.discard"), ids.PLAN_DISCARD, value, "danger", confirm)


def _result_buttons(payload: dict[str, Any], lang: str) -> Block:
    week, version = payload["week"], payload["version"]
    value = version_ref(week, version)
    return actions(
        button(t(lang, "plan.publish"), ids.PLAN_PUBLISH, value, "primary"),
        discard_button(week, version, lang),
        button(t(lang, "plan.show"), ids.PLAN_SHOW, value),
    )


def _sections(lines: list[str], most: int, lang: str) -> list[Block]:
    """`lines` as sections (at most `most`), then how many lines did not fit."""
    chunks = split_text(lines)
    blocks = [section(chunk) for chunk in chunks[:most]]
    left = sum(chunk.count("\n") + 1 for chunk in chunks[most:])
    more = more_line(left, lang)
    return blocks + ([more] if more else [])


def _summary(payload: dict[str, Any], lang: str) -> list[Block]:
    blocks: list[Block] = []
    if payload.get("holes") is not None:  # a timetable was found
        status = t(lang, f"plan.status.{payload.get('status') or 'unknown'}")
        params = {"cost": payload.get("cost"), "holes": payload["holes"], "status": status}
        blocks.append(section(t(lang, "plan.summary", **params)))
    penalties = [
        f"*{escape(who) if who else t(lang, 'plan.turns')}*: " + escape("; ".join(texts))
        for who, texts in payload.get("penalties") or []
    ]
    if penalties:
        blocks += _sections([t(lang, "plan.penalties"), *penalties], PENALTY_SECTIONS, lang)
    if payload.get("diagnosis"):
        lines = [t(lang, "plan.diagnosis"), *(escape(x) for x in payload["diagnosis"])]
        blocks += _sections(lines, DIAGNOSIS_SECTIONS, lang)
    most = [_most_line(row, lang) for row in payload.get("most") or []]
    if most:
        blocks += _sections([t(lang, "plan.most"), *most], 1, lang)
    return blocks


def _most_line(row: list[Any], lang: str) -> str:
    who, points, recent = row
    if recent is None:
        return t(lang, "plan.most_line", name=escape(who), points=points)
    return t(lang, "plan.most_line_recent", name=escape(who), points=points, recent=recent)


def _progress(payload: dict[str, Any], lang: str) -> list[Block]:
    cost = payload.get("cost") if payload.get("cost") is not None else "—"
    elapsed = payload.get("elapsed", 0)
    if payload.get("holes") is None:
        line = t(lang, "plan.progress", elapsed=elapsed, cost=cost)
    else:
        line = t(lang, "plan.progress_best", elapsed=elapsed, cost=cost, holes=payload["holes"])
    blocks = [context(line)]
    run = payload.get("run_id")
    if run:
        buttons = [button(t(lang, "plan.stop"), ids.PLAN_STOP, run)]
        if payload.get("holes") is not None:
            buttons.insert(0, button(t(lang, "plan.show_best"), ids.PLAN_SHOW_BEST, run))
        blocks.append(actions(*buttons))
    return blocks


def _error(payload: dict[str, Any], lang: str) -> str:
    params = {"week": payload["week"], **(payload.get("error_params") or {})}
    params = localised_params(lang, params)
    return shorten(escape(t(lang, payload.get("error") or "error.generic", **params)), SECTION_TEXT)


@message("plan.progress")
def plan_progress_message(payload: dict[str, Any], lang: str) -> Rendered:
    """A run's DM: elapsed time, best cost and the best timetable so far, with Stop; then
    the summary with Publish / Discard / Show; once published or discarded, who did it."""
    state = payload["state"]
    week = week_text(lang, payload["week"])
    text = t(lang, f"plan.state.{state}", **{"cost": None, "holes": None, **payload, "week": week})
    if state == "done" and payload.get("holes") is None:
        why = t(lang, f"plan.search.{payload.get('status') or 'unknown'}")
        text = t(lang, "plan.state.empty", week=week, why=why)
    blocks: list[Block] = [section(text)]
    if state in ("queued", "running"):
        return text, blocks + _progress(payload, lang)
    if state in ("failed", "interrupted"):
        return text, blocks + [context(_error(payload, lang))]
    blocks += _summary(payload, lang)
    if payload.get("closed"):
        by = name(payload.get("by"))
        blocks.append(context(t(lang, f"plan.closed.{payload['closed']}", by=by, at=payload["at"])))
    elif payload.get("version"):
        blocks.append(_result_buttons(payload, lang))
    return text, blocks


def publish_prompt_blocks(week: str, version: int, published: int, lang: str) -> list[Block]:
    """Asks before publishing over a published week."""
    shown = week_text(lang, week)
    text = t(lang, "timetable.already_published", week=shown, version=published, new=version)
    confirm = confirm_dialog(
        t(lang, "plan.confirm_title"),
        shorten(text, CONFIRM_TEXT),
        t(lang, "plan.publish_anyway"),
        t(lang, "common.cancel"),
    )
    return [
        section(text),
        actions(
            button(
                t(lang, "plan.publish_anyway"),
                ids.PLAN_PUBLISH_CONFIRM,
                version_ref(week, version),
                "danger",
                confirm,
            )
        ),
    ]


def replan_change_line(
    change: CellChange, week: Any, hours: list[str], names: dict[str, str], lang: str
) -> str:
    """`Wednesday 2/12/2026 10:15–11:30, line 3: Anna → Bernat` (names escaped)."""
    return t(
        lang,
        "replan.change",
        day=day_text(lang, date_of(week, change.day)),
        turn=f"{hours[change.hour]}–{hours[change.hour + 1]}",
        line=change.line + 1,
        old=person_name(change.old, names, lang),
        new=person_name(change.new, names, lang),
    )


def replan_blocks(
    result: ReplanResult, hours: list[str], names: dict[str, str], lang: str, page: int = 0
) -> list[Block]:
    """A re-plan's changes, a page at a time, with Publish (over the published week),
    Discard and Show."""
    week = result.week.isoformat()
    monday = week_text(lang, week)
    text = t(lang, "replan.result", week=monday, n=len(result.changes), holes=result.holes)
    shown = paginate(result.changes, page, CHANGES_PER_PAGE)
    lines = [replan_change_line(c, result.week, hours, names, lang) for c in shown.items]
    state = f"{week}|{result.version}|{result.published}"
    value = version_ref(week, result.version)
    return [
        section(text),
        *(section(chunk) for chunk in split_text(lines or [t(lang, "replan.no_changes")])),
        *pager_blocks(shown, lang, ids.REPLAN_PAGE, state),
        actions(
            button(t(lang, "plan.publish"), ids.PLAN_PUBLISH_CONFIRM, value, "primary"),
            discard_button(week, result.version, lang),
            button(t(lang, "plan.show"), ids.PLAN_SHOW, value),
        ),
    ]


def replan_page_state(value: str) -> tuple[dt.date, int, int] | None:
    """(week, draft version, published version) of a re-plan pager's state; None if it is
    not one."""
    parts = value.split("|")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts[1:]):
        return None
    try:
        return dt.date.fromisoformat(parts[0]), int(parts[1]), int(parts[2])
    except ValueError:
        return None
