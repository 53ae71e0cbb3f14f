"""The live queue board: a page of members, the controls the reader may use, and paging.

Operators see Pause/Resume on their own row only; coordinators on every row, and the
"Add someone" menu. Queues longer than a page are paged (Previous/Next), never cut.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from handlers import ids
from handlers.blocks.common import Block, actions, button, context, header, plain, section
from handlers.blocks.limits import escape, paginate
from handlers.blocks.paging import pager_blocks
from tomatic.domain.model import Person
from tomatic.domain.queue import MemberState
from tomatic.i18n import t
from tomatic.services.queue import BoardEntry

PAGE_SIZE = 40
"""Rows per page: with the header, notice, summary, pager, controls and time, 47 blocks."""
EMOJI = {
    MemberState.AVAILABLE: ":large_green_circle:",
    MemberState.RINGING: ":bell:",
    MemberState.IN_CALL: ":telephone_receiver:",
    MemberState.PAUSED: ":double_vertical_bar:",
    MemberState.UNAVAILABLE: ":red_circle:",
}


@dataclass(frozen=True)
class Viewer:
    """Who reads the board: their person id, extension, and whether they coordinate."""

    person: str = ""
    extension: str = ""
    admin: bool = False

    @classmethod
    def of(cls, person: Person) -> Viewer:
        """The viewer a person is."""
        return cls(person.id, person.extension, person.is_admin)

    def can_toggle(self, entry: BoardEntry) -> bool:
        """Whether this reader may pause or resume that member."""
        own = (self.person and entry.person == self.person) or (
            self.extension and entry.extension == self.extension
        )
        return self.admin or bool(own)


def state_emoji(entry: BoardEntry) -> str:
    """The emoji of a member: paused beats available, disconnected beats everything."""
    if entry.paused and entry.state in (MemberState.AVAILABLE, MemberState.PAUSED):
        return EMOJI[MemberState.PAUSED]
    return EMOJI[entry.state]


def state_text(entry: BoardEntry, lang: str) -> str:
    """What the member is doing, in words (with the pause reason when there is one)."""
    paused = (
        t(lang, "queue.state.paused_reason", reason=escape(entry.reason))
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
        name=escape(entry.name),
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


def summary_line(entries: Sequence[BoardEntry], lang: str) -> str:
    """How many members there are and what they are doing, in one line."""
    states = Counter(
        MemberState.PAUSED if entry.paused and not entry.disconnected else entry.state
        for entry in entries
    )
    return t(
        lang,
        "queue.summary",
        count=len(entries),
        available=states[MemberState.AVAILABLE],
        busy=states[MemberState.IN_CALL] + states[MemberState.RINGING],
        paused=states[MemberState.PAUSED],
        down=states[MemberState.UNAVAILABLE],
    )


def page_with(entries: Sequence[BoardEntry], extension: str) -> int:
    """The page (0-based) where `extension` is listed; the first page when it is not."""
    for index, entry in enumerate(entries):
        if extension and entry.extension == extension:
            return index // PAGE_SIZE
    return 0


def queue_board_blocks(
    entries: Sequence[BoardEntry],
    lang: str,
    viewer: Viewer,
    *,
    page: int | None = None,
    focus: str = "",
    updated: dt.datetime | None = None,
    notice: str = "",
) -> list[Block]:
    """One page of the board, in line order: `page`, or else the page where `focus` (by
    default the viewer's own extension) is listed. `notice` is mrkdwn, already escaped."""
    number = page if page is not None else page_with(entries, focus or viewer.extension)
    shown = paginate(entries, number, PAGE_SIZE)
    blocks: list[Block] = [header(t(lang, "queue.title"))]
    if notice:
        blocks.append(context(notice))
    if entries:
        blocks.append(context(summary_line(entries, lang)))
    for entry in shown.items:
        toggle = pause_button(entry, lang) if viewer.can_toggle(entry) else None
        blocks.append(section(member_line(entry, lang), toggle))
    if not entries:
        blocks.append(section(t(lang, "queue.empty")))
    blocks += pager_blocks(shown, lang, ids.QUEUE_PAGE, "")
    blocks.append(board_controls(lang, viewer, shown.number))
    if updated is not None:
        blocks.append(context(t(lang, "queue.updated", time=updated.strftime("%H:%M:%S"))))
    return blocks


def board_controls(lang: str, viewer: Viewer, page: int = 0) -> Block:
    """Refresh (keeping the page), and for coordinators the "Add someone" users menu."""
    refresh = button(t(lang, "queue.refresh"), ids.QUEUE_REFRESH, str(page))
    if not viewer.admin:
        return actions(refresh, block_id=ids.QUEUE_CONTROLS)
    add = {
        "type": "users_select",
        "action_id": ids.QUEUE_ADD,
        "placeholder": plain(t(lang, "queue.add_placeholder")),
    }
    return actions(add, refresh, block_id=ids.QUEUE_CONTROLS)
