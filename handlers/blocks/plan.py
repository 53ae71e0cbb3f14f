"""Planner-run messages (live progress, then the result) and the publish/replan prompts."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.common import Block, actions, button, confirm_dialog, context, section
from handlers.blocks.limits import escape
from handlers.blocks.messages import Rendered, message
from handlers.blocks.turns import change_line
from tomatic.i18n import t
from tomatic.services.replan import ReplanResult


def _ref(week: str, version: Any) -> str:
    return f"{week}|{version}"


def _result_buttons(payload: dict[str, Any], lang: str) -> Block:
    value = _ref(payload["week"], payload["version"])
    return actions(
        button(t(lang, "plan.publish"), ids.PLAN_PUBLISH, value, "primary"),
        button(t(lang, "plan.discard"), ids.PLAN_DISCARD, value, "danger"),
        button(t(lang, "plan.show"), ids.PLAN_SHOW, value),
    )


def _summary(payload: dict[str, Any], lang: str) -> list[Block]:
    blocks = [
        section(
            t(
                lang,
                "plan.summary",
                cost=payload.get("cost"),
                holes=payload.get("holes"),
                status=payload.get("status"),
            )
        )
    ]
    penalties = [
        f"*{escape(who) if who else t(lang, 'plan.turns')}*: " + "; ".join(texts)
        for who, texts in payload.get("penalties") or []
    ]
    if penalties:
        blocks.append(section(t(lang, "plan.penalties") + "\n" + "\n".join(penalties)[:2800]))
    if payload.get("diagnosis"):
        blocks.append(section(t(lang, "plan.diagnosis") + "\n" + "\n".join(payload["diagnosis"])))
    return blocks


@message("plan.progress")
def plan_progress_message(payload: dict[str, Any], lang: str) -> Rendered:
    """A run's DM: elapsed time and best cost with Stop; then the summary with the buttons."""
    state = payload["state"]
    text = t(lang, f"plan.state.{state}", **{"cost": None, "holes": None, **payload})
    blocks: list[Block] = [section(text)]
    if state in ("queued", "running"):
        blocks.append(
            context(
                t(
                    lang,
                    "plan.progress",
                    elapsed=payload.get("elapsed", 0),
                    cost=payload.get("cost") if payload.get("cost") is not None else "—",
                )
            )
        )
        if payload.get("run_id"):
            blocks.append(actions(button(t(lang, "plan.stop"), ids.PLAN_STOP, payload["run_id"])))
        return text, blocks
    if state == "failed":
        blocks.append(context(t(lang, payload.get("error") or "error.generic")))
        return text, blocks
    blocks += _summary(payload, lang)
    if payload.get("version"):
        blocks.append(_result_buttons(payload, lang))
    return text, blocks


def publish_prompt_blocks(week: str, version: int, published: int, lang: str) -> list[Block]:
    """Asks before publishing over a published week."""
    text = t(lang, "timetable.already_published", week=week, version=published, new=version)
    confirm = confirm_dialog(
        t(lang, "plan.confirm_title"),
        text,
        t(lang, "plan.publish_anyway"),
        t(lang, "common.cancel"),
    )
    return [
        section(text),
        actions(
            button(
                t(lang, "plan.publish_anyway"),
                ids.PLAN_PUBLISH_CONFIRM,
                _ref(week, version),
                "danger",
                confirm,
            )
        ),
    ]


def replan_blocks(
    result: ReplanResult, hours: list[str], names: dict[str, str], lang: str
) -> list[Block]:
    """The cell changes of a re-plan, with Publish (over the published week) and Discard."""
    week = result.week.isoformat()
    text = t(lang, "replan.result", week=week, n=len(result.changes), holes=result.holes)
    lines = [change_line(c, hours, names, lang, week=result.week) for c in result.changes] or [
        t(lang, "replan.no_changes")
    ]
    value = _ref(week, result.version)
    return [
        section(text),
        section("\n".join(lines)[:2900]),
        actions(
            button(t(lang, "plan.publish"), ids.PLAN_PUBLISH_CONFIRM, value, "primary"),
            button(t(lang, "plan.discard"), ids.PLAN_DISCARD, value, "danger"),
            button(t(lang, "plan.show"), ids.PLAN_SHOW, value),
        ),
    ]
