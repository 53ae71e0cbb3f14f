"""The App Home tab: my next turns, the live queue, my busy entries, my calls to annotate,
and the coordinators' shortcuts."""

from __future__ import annotations

from typing import Any

from handlers import ids
from handlers.blocks.busy import busy_list_blocks
from handlers.blocks.calls import calls_list_blocks
from handlers.blocks.common import (
    Block,
    actions,
    button,
    confirm_dialog,
    context,
    divider,
    header,
    plain,
    section,
)
from handlers.blocks.queue import member_line
from tomatic.domain.config import PlanningConfig
from tomatic.i18n import t
from tomatic.services.home import Dashboard

MAX_BLOCKS = 100
MAX_QUEUE_LINES = 20
MAX_PENDING = 8


def home_view(
    dashboard: Dashboard | None, config: PlanningConfig, lang: str, notice: str = ""
) -> dict[str, Any]:
    """Each person's dashboard; strangers get the registration notice."""
    if dashboard is None:
        return {"type": "home", "blocks": [section(t(lang, "error.not_registered"))]}
    person = dashboard.person
    blocks: list[Block] = [
        header(t(lang, "home.title", name=person.display_name)),
        actions(button(t(lang, "home.refresh"), ids.HOME_REFRESH, person.id)),
    ]
    if notice:
        blocks.append(context(notice))
    blocks += [divider(), *turns_blocks(dashboard, lang), divider(), *queue_blocks(dashboard, lang)]
    blocks += [divider(), *busy_list_blocks(person, dashboard.busy, config, lang)]
    blocks += [divider(), *pending_blocks(dashboard, lang)]
    if person.is_admin:
        blocks += [divider(), *admin_blocks(dashboard, lang)]
    blocks.append(context(t(lang, "help.footer")))
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}


def turns_blocks(dashboard: Dashboard, lang: str) -> list[Block]:
    """My next turns, the running one marked."""
    lines = [
        t(
            lang,
            "home.turn_line",
            day=t(lang, f"day.{turn.day}"),
            date=turn.date.isoformat(),
            label=turn.label,
            line=turn.line,
        )
        + (t(lang, "home.running") if turn.running else "")
        for turn in dashboard.turns
    ]
    body = "\n".join(lines) if lines else t(lang, "home.no_turns")
    return [header(t(lang, "home.next_turns")), section(body)]


def queue_blocks(dashboard: Dashboard, lang: str) -> list[Block]:
    """The live queue, with a Pause/Resume button for me."""
    blocks: list[Block] = [header(t(lang, "queue.title"))]
    if dashboard.board is None:
        return [*blocks, section(t(lang, "home.queue_unavailable"))]
    for entry in dashboard.board[:MAX_QUEUE_LINES]:
        blocks.append(section(member_line(entry, lang)))
    if not dashboard.board:
        blocks.append(section(t(lang, "queue.empty")))
    mine = dashboard.me_in_queue
    if mine is None:
        return [*blocks, context(t(lang, "home.me_not_in_queue"))]
    if mine.paused:
        toggle = button(t(lang, "home.resume_me"), ids.HOME_RESUME, mine.extension, "primary")
    else:
        toggle = button(t(lang, "home.pause_me"), ids.HOME_PAUSE, mine.extension)
    return [*blocks, section(t(lang, "home.me_in_queue"), toggle)]


def pending_blocks(dashboard: Dashboard, lang: str) -> list[Block]:
    """My calls waiting for annotation, each with its Annotate button."""
    if not dashboard.pending_calls:
        return [header(t(lang, "home.pending_title")), section(t(lang, "home.no_pending"))]
    listed = calls_list_blocks(dashboard.pending_calls[:MAX_PENDING], lang)
    return [header(t(lang, "home.pending_title")), *listed[1:]]


def admin_blocks(dashboard: Dashboard, lang: str) -> list[Block]:
    """Plan next week, publish its draft, reload the queue from the timetable."""
    week = dashboard.next_week.isoformat()
    buttons = [button(t(lang, "home.plan", week=week), ids.HOME_PLAN, week)]
    if dashboard.draft_version is not None:
        label = t(lang, "home.publish", version=dashboard.draft_version)
        buttons.append(button(label, ids.HOME_PUBLISH, week, "primary"))
    careful = confirm_dialog(
        t(lang, "home.confirm_title"),
        t(lang, "home.reload_confirm"),
        t(lang, "home.confirm_yes"),
        t(lang, "home.confirm_no"),
    )
    buttons.append(button(t(lang, "home.reload"), ids.HOME_RELOAD_QUEUE, "reload", None, careful))
    return [header(t(lang, "home.admin_title")), actions(*buttons)]


def fallback_home_view(text: str) -> dict[str, Any]:
    """A Home tab of one plain sentence, when Slack refused the real one."""
    return {"type": "home", "blocks": [{"type": "section", "text": plain(text)}]}
