"""Planner-run messages (live progress, the result, then what became of it) and the publish
and re-plan prompts. Every list is bounded by design: long ones are split over sections at
line boundaries, paged, or end in "… and N more"; user-supplied text is escaped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, actions, button, confirm_dialog, context, section
from handlers.blocks.limits import CONFIRM_TEXT, SECTION_TEXT, escape, paginate, shorten, split_text
from handlers.blocks.mentions import name
from handlers.blocks.messages import Rendered, message
from handlers.blocks.paging import pager_blocks
from handlers.blocks.planning_summary import summary_blocks
from handlers.blocks.turns import change_line
from tomatic.i18n import t
from tomatic.i18n.formats import date_text, localised_params, moment_text, monday_text
from tomatic.services.plan_watch import PlanStarted
from tomatic.services.replan import ReplanResult
from tomatic.services.timetable import PublishResult

CHANGES_PER_PAGE = 40
"""40 change lines, each at most one section, with the header, pager and buttons: < 50."""


def version_ref(week: dt.date, version: Any) -> str:
    """The value of a button acting on a version: `2026-11-30|3` (ISO: read back by
    `handlers.actions.plan.week_version`, never shown)."""
    return f"{week.isoformat()}|{version}"


def started_text(started: PlanStarted, lang: str, *, already: str = "plan.already") -> str:
    """What a coordinator reads on starting a run: followed by DM, or not (no DM); for a
    week being planned already, `already`."""
    key = "plan.started_dm" if started.followed else "plan.started"
    key = already if started.already else key
    return t(lang, key, week=date_text(lang, started.run.week), run=started.run.id)


def published_text(done: PublishResult, lang: str) -> str:
    """A version published (over the previous one, or first), and who was told."""
    key = "timetable.republished_reply" if done.replaced else "timetable.published_reply"
    week = date_text(lang, done.week)
    return t(lang, key, week=week, version=done.version, notified=done.notified)


def discard_button(week: dt.date, version: Any, lang: str) -> dict[str, Any]:
    """Discard, behind Slack's confirmation dialog."""
    question = t(lang, "plan.discard_question", week=date_text(lang, week), version=version)
    confirm = confirm_dialog(
        t(lang, "plan.discard_title"),
        shorten(question, CONFIRM_TEXT),
        t(lang, "plan.discard"),
        t(lang, "common.cancel"),
    )
    value = version_ref(week, version)
    return button(t(lang, "plan.discard"), ids.PLAN_DISCARD, value, "danger", confirm)


def _result_buttons(payload: dict[str, Any], lang: str) -> Block:
    week, version = dt.date.fromisoformat(payload["week"]), payload["version"]
    value = version_ref(week, version)
    return actions(
        button(t(lang, "plan.publish"), ids.PLAN_PUBLISH, value, "primary"),
        discard_button(week, version, lang),
        button(t(lang, "plan.show"), ids.PLAN_SHOW, value),
    )


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
    params = localised_params(
        lang, {**(payload.get("error_params") or {}), "week": payload["week"]}
    )
    return shorten(escape(t(lang, payload.get("error") or "error.generic", **params)), SECTION_TEXT)


@message("plan.progress")
def plan_progress_message(payload: dict[str, Any], lang: str) -> Rendered:
    """A run's DM: elapsed time, best cost and the best timetable so far, with Stop; then
    the summary with Publish / Discard / Show; once published or discarded, who did it."""
    state = payload["state"]
    week = monday_text(lang, payload["week"])
    text = t(lang, f"plan.state.{state}", **{"cost": None, "holes": None, **payload, "week": week})
    if state == "done" and payload.get("holes") is None:
        why = t(lang, f"plan.search.{payload.get('status') or 'unknown'}")
        text = t(lang, "plan.state.empty", week=week, why=why)
    blocks: list[Block] = [section(text)]
    if state in ("queued", "running"):
        return text, blocks + _progress(payload, lang)
    if state in ("failed", "interrupted"):
        return text, blocks + [context(_error(payload, lang))]
    blocks += summary_blocks(payload, lang)
    if payload.get("closed"):
        by = name(payload.get("by"))
        at = moment_text(lang, dt.datetime.fromisoformat(payload["at"]))
        blocks.append(context(t(lang, f"plan.closed.{payload['closed']}", by=by, at=at)))
    elif payload.get("version"):
        blocks.append(_result_buttons(payload, lang))
    return text, blocks


def publish_prompt_blocks(week: dt.date, version: int, published: int, lang: str) -> list[Block]:
    """Asks before publishing over a published week."""
    shown = date_text(lang, week)
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
                f"{version_ref(week, version)}|{published}",
                "danger",
                confirm,
            )
        ),
    ]


def replan_blocks(
    result: ReplanResult, hours: list[str], names: dict[str, str], lang: str, page: int = 0
) -> list[Block]:
    """A re-plan's changes, a page at a time, with Publish (over the published week),
    Discard and Show."""
    week = result.week
    text = replan_text(result, lang)
    if not result.changes:
        return [section(text)]
    shown = paginate(result.changes, page, CHANGES_PER_PAGE)
    lines = [
        change_line(c, hours, names, lang, week=result.week, key="replan.change")
        for c in shown.items
    ]
    state = f"{week.isoformat()}|{result.version}|{result.published}"
    value = version_ref(week, result.version)
    replacing = f"{value}|{result.published}"
    return [
        section(text),
        *(section(chunk) for chunk in split_text(lines)),
        *pager_blocks(shown, lang, ids.REPLAN_PAGE, state),
        actions(
            button(t(lang, "plan.publish"), ids.PLAN_PUBLISH_CONFIRM, replacing, "primary"),
            discard_button(week, result.version, lang),
            button(t(lang, "plan.show"), ids.PLAN_SHOW, value),
        ),
    ]


def replan_text(result: ReplanResult, lang: str) -> str:
    """How many cells a re-plan changes and leaves empty."""
    week = date_text(lang, result.week)
    if not result.changes:
        return t(lang, "replan.nothing", week=week, version=result.published, holes=result.holes)
    return t(lang, "replan.result", week=week, n=len(result.changes), holes=result.holes)


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
