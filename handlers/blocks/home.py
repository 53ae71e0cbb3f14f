"""The App Home tab: my next turns, the live queue, my busy entries, my calls to annotate,
and (for coordinators only) their shortcuts, offered as the next week's state allows.

Slack refuses a Home of more than 100 blocks, so each part has a budget: long parts show
their first items and "… and N more", naming the command that lists them all. The
coordinators' shortcuts come before the long parts, so nothing can push them out.
"""

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
from handlers.blocks.limits import CONFIRM_TEXT, shorten, split_text
from handlers.blocks.queue import member_line
from tomatic.domain.config import PlanningConfig
from tomatic.i18n import t
from tomatic.i18n.formats import date_text
from tomatic.services.availability import BusyListing
from tomatic.services.home import Dashboard, WeekStatus

HOME_QUEUE_ROWS = 15
HOME_BUSY_ENTRIES = 10
HOME_PENDING_CALLS = 5


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
    if dashboard.next_week is not None:
        blocks += [divider(), *admin_blocks(dashboard.next_week, lang)]
    blocks += [divider(), *turns_blocks(dashboard, lang), divider(), *queue_blocks(dashboard, lang)]
    blocks += [divider(), *busy_blocks(dashboard, config, lang)]
    blocks += [divider(), *pending_blocks(dashboard, lang)]
    blocks.append(context(t(lang, "home.footer")))
    return {"type": "home", "blocks": blocks}


def more(count: int, key: str, lang: str) -> list[Block]:
    """ "… and N more: `/tomatic …` lists them all", when some were left out."""
    return [context(t(lang, key, count=count))] if count > 0 else []


def turns_blocks(dashboard: Dashboard, lang: str) -> list[Block]:
    """My next turns, the running one marked."""
    lines = [
        t(
            lang,
            "home.turn_line",
            day=t(lang, f"day.{turn.day}"),
            date=date_text(lang, turn.date),
            label=turn.label,
            line=turn.line,
        )
        + (t(lang, "home.running") if turn.running else "")
        for turn in dashboard.turns
    ]
    body = "\n".join(lines) if lines else t(lang, "home.no_turns")
    return [header(t(lang, "home.next_turns")), section(body)]


def queue_blocks(dashboard: Dashboard, lang: str) -> list[Block]:
    """The live queue as lines (the first HOME_QUEUE_ROWS), with Pause/Resume for me only."""
    blocks: list[Block] = [header(t(lang, "queue.title"))]
    if dashboard.board is None:
        return [*blocks, section(t(lang, "home.queue_unavailable"))]
    shown = [member_line(entry, lang) for entry in dashboard.board[:HOME_QUEUE_ROWS]]
    blocks += [section(text) for text in split_text(shown)]
    blocks += more(len(dashboard.board) - HOME_QUEUE_ROWS, "home.more_queue", lang)
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


def busy_blocks(dashboard: Dashboard, config: PlanningConfig, lang: str) -> list[Block]:
    """My first busy entries (weekly first, as the busy list orders them), each with Remove,
    how many more there are, then Add."""
    mine = BusyListing(dashboard.person, dashboard.busy, reasons_visible=True, can_edit=True)
    return busy_list_blocks(mine, config, lang, paged=False, size=HOME_BUSY_ENTRIES)


def pending_blocks(dashboard: Dashboard, lang: str) -> list[Block]:
    """My newest calls waiting for annotation, each with its Annotate button."""
    calls = dashboard.pending_calls
    if not calls:
        return [header(t(lang, "home.pending_title")), section(t(lang, "home.no_pending"))]
    listed = calls_list_blocks(calls[:HOME_PENDING_CALLS], lang)
    extra = more(len(calls) - HOME_PENDING_CALLS, "home.more_calls", lang)
    return [header(t(lang, "home.pending_title")), *listed[1:], *extra]


def admin_blocks(week: WeekStatus, lang: str) -> list[Block]:
    """What next week needs (plan it, publish its draft) and reloading the queue."""
    monday, shown = week.week.isoformat(), date_text(lang, week.week)
    buttons = []
    if week.draft is not None:
        label = t(lang, "home.publish", version=week.draft)
        buttons.append(publish_button(week, label, lang))
    if week.plannable:
        key = "home.plan" if week.draft is None else "home.plan_again"
        buttons.append(button(t(lang, key, week=shown), ids.HOME_PLAN, monday))
    careful = confirm_dialog(
        t(lang, "home.confirm_title"),
        t(lang, "home.reload_confirm"),
        t(lang, "home.confirm_yes"),
        t(lang, "home.confirm_no"),
    )
    buttons.append(button(t(lang, "home.reload"), ids.HOME_RELOAD_QUEUE, "reload", None, careful))
    blocks: list[Block] = [header(t(lang, "home.admin_title"))]
    if week.published is not None:
        blocks.append(context(t(lang, "home.published", week=shown, version=week.published)))
    return [*blocks, actions(*buttons)]


def publish_button(week: WeekStatus, label: str, lang: str) -> dict[str, Any]:
    """Publish the week's draft; over a published version, after asking, and naming that
    version (`2026-11-30|1`) so that only the one the coordinator agreed to is replaced."""
    monday = week.week.isoformat()
    if week.published is None:
        return button(label, ids.HOME_PUBLISH, monday, "primary")
    params = {"week": date_text(lang, week.week), "version": week.published, "new": week.draft}
    text = t(lang, "timetable.already_published", **params)
    careful = confirm_dialog(
        t(lang, "plan.confirm_title"),
        shorten(text, CONFIRM_TEXT),
        t(lang, "plan.publish_anyway"),
        t(lang, "common.cancel"),
    )
    return button(label, ids.HOME_PUBLISH, f"{monday}|{week.published}", "primary", careful)


def fallback_home_view(text: str) -> dict[str, Any]:
    """A Home tab of one plain sentence, when Slack refused the real one."""
    return {"type": "home", "blocks": [{"type": "section", "text": plain(text)}]}
