"""The live queue board: one line per member, a Pause/Resume button each, add and refresh."""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, actions, button, context, header, plain, section
from tomatic.domain.queue import MemberState
from tomatic.i18n import t
from tomatic.services.queue import BoardEntry

MAX_MEMBERS = 45  # Slack allows 50 blocks per message
EMOJI = {
    MemberState.AVAILABLE: ":large_green_circle:",
    MemberState.RINGING: ":bell:",
    MemberState.IN_CALL: ":telephone_receiver:",
    MemberState.PAUSED: ":double_vertical_bar:",
    MemberState.UNAVAILABLE: ":red_circle:",
}


def state_emoji(entry: BoardEntry) -> str:
    """The emoji of a member: paused beats available, disconnected beats everything."""
    if entry.paused and entry.state in (MemberState.AVAILABLE, MemberState.PAUSED):
        return EMOJI[MemberState.PAUSED]
    return EMOJI[entry.state]


def state_text(entry: BoardEntry, lang: str) -> str:
    """What the member is doing, in words (with the pause reason when there is one)."""
    paused = (
        t(lang, "queue.state.paused_reason", reason=entry.reason)
        if entry.reason
        else t(lang, "queue.state.paused")
    )
    if entry.state == MemberState.PAUSED:
        return paused
    words = t(lang, f"queue.state.{entry.state.value}")
    return f"{words}, {paused}" if entry.paused else words


def member_line(entry: BoardEntry, lang: str) -> str:
    """One member as mrkdwn: emoji, name, extension, calls taken and state."""
    line = t(
        lang,
        "queue.line",
        emoji=state_emoji(entry),
        name=entry.name,
        extension=entry.extension,
        calls=entry.calls,
    )
    details = [state_text(entry, lang)]
    if entry.seconds_since_last is not None:
        details.append(t(lang, "queue.last_call", minutes=entry.seconds_since_last // 60))
    return f"{line}\n_{' · '.join(details)}_"


def pause_button(entry: BoardEntry, lang: str) -> dict[str, Any]:
    """Resume for paused members, Pause for the others; the value is the extension."""
    if entry.paused:
        return button(t(lang, "queue.resume"), ids.QUEUE_RESUME, entry.extension, "primary")
    return button(t(lang, "queue.pause"), ids.QUEUE_PAUSE, entry.extension)


def queue_board_blocks(
    entries: list[BoardEntry], lang: str, updated: dt.datetime | None = None, notice: str = ""
) -> list[Block]:
    """The whole board, in line order, with the add-someone menu and a Refresh button."""
    blocks: list[Block] = [header(t(lang, "queue.title"))]
    if notice:
        blocks.append(context(notice))
    for entry in entries[:MAX_MEMBERS]:
        blocks.append(section(member_line(entry, lang), pause_button(entry, lang)))
    if not entries:
        blocks.append(section(t(lang, "queue.empty")))
    blocks.append(board_controls(lang))
    if updated is not None:
        blocks.append(context(t(lang, "queue.updated", time=updated.strftime("%H:%M:%S"))))
    return blocks


def board_controls(lang: str) -> Block:
    """The "Add someone" users menu and the Refresh button."""
    add = {
        "type": "users_select",
        "action_id": ids.QUEUE_ADD,
        "placeholder": plain(t(lang, "queue.add_placeholder")),
    }
    refresh = button(t(lang, "queue.refresh"), ids.QUEUE_REFRESH)
    return actions(add, refresh, block_id=ids.QUEUE_CONTROLS)
