"""Telling people their turns changed, whatever changed them.

`NoticedTimetables` wraps the timetable store: whenever the published version of a week is
rewritten (a coordinator's edit, a swap) or replaced (a re-plan or any other version published
over it), it compares the old and the new published timetable and `ChangeNotices` DMs each
person whose turns changed, and notes changes to today's and tomorrow's turns in the team
channel. Every service writes through the wrapper, so no change path can forget to tell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import structlog

from tomatic.domain.model import Person
from tomatic.domain.timetable import Timetable, TimetableState
from tomatic.domain.timetable_diff import CellDiff, TurnDiff, cell_diffs, turn_diffs
from tomatic.ports import Notifier, PersonStore, TimetableStore

log = structlog.get_logger("tomatic.notices")

Ref = dict[str, str]


class ChangeNotices:
    """DMs about changed turns and the team channel's note about today's and tomorrow's."""

    def __init__(
        self, persons: PersonStore, notifier: Notifier, now: Callable[[], dt.datetime]
    ) -> None:
        self.persons = persons
        self.notifier = notifier
        self.now = now

    async def published_changed(self, before: Timetable, after: Timetable, actor: str) -> int:
        """Tell everyone whose turns differ between two published versions of a week; how
        many were told by DM."""
        changed = turn_diffs(before, after)
        if not changed:
            return 0
        people = {p.id: p for p in await self.persons.all()}

        def ref(person_id: str | None) -> Ref | None:
            if person_id is None:
                return None
            return (people.get(person_id) or Person(id=person_id)).ref()

        messages = [
            (
                people[person_id],
                {
                    "week": after.week.isoformat(),
                    "by": ref(actor),
                    "turns": [_turn(after, turn, ref) for turn in turns],
                },
            )
            for person_id, turns in changed.items()
            if person_id in people
        ]
        told = await self._send(messages)
        await self._note_soon(cell_diffs(before, after), after, ref(actor), ref)
        return told

    async def _send(self, messages: list[tuple[Person, dict[str, Any]]]) -> int:
        """The DMs, paced as a bulk send; how many were delivered."""
        try:
            return await self.notifier.to_people("timetable.changed", messages)
        except Exception as error:  # the change is stored already: lost DMs are only logged
            log.warning("change notices not sent", people=len(messages), error=type(error).__name__)
            return 0

    async def _note_soon(
        self,
        cells: list[CellDiff],
        after: Timetable,
        by: Ref | None,
        ref: Callable[[str | None], Ref | None],
    ) -> None:
        today = self.now().date()
        soon = [c for c in cells if today <= c.date <= today + dt.timedelta(days=1)]
        if not soon:
            return
        payload = {"by": by, "cells": [_cell(after, cell, ref) for cell in soon]}
        try:
            await self.notifier.to_channel("timetable.changed_soon", payload)
        except Exception as error:  # as above: the change stands
            log.warning("change note not posted", week=after.week.isoformat(), error=str(error))


def _turn(
    table: Timetable, turn: TurnDiff, ref: Callable[[str | None], Ref | None]
) -> dict[str, Any]:
    return {
        "date": turn.date.isoformat(),
        "start": table.hours[turn.hour],
        "end": table.hours[turn.hour + 1],
        "kind": turn.kind,
        "old_line": None if turn.old_line is None else turn.old_line + 1,
        "new_line": None if turn.new_line is None else turn.new_line + 1,
        "other": ref(turn.other),
    }


def _cell(
    table: Timetable, cell: CellDiff, ref: Callable[[str | None], Ref | None]
) -> dict[str, Any]:
    return {
        "date": cell.date.isoformat(),
        "start": table.hours[cell.hour],
        "end": table.hours[cell.hour + 1],
        "line": cell.line + 1,
        "old": ref(cell.old),
        "new": ref(cell.new),
    }


class NoticedTimetables:
    """A `TimetableStore` that tells people when a week's published timetable changes."""

    def __init__(self, inner: TimetableStore, notices: ChangeNotices) -> None:
        self.inner = inner
        self.notices = notices

    async def save(self, timetable: Timetable, state: TimetableState, actor: str) -> int:
        """Store a version; published over a published week, its changes are told."""
        before = await self.inner.published(timetable.week) if state == "published" else None
        version = await self.inner.save(timetable, state, actor)
        if before is not None:
            await self.notices.published_changed(before[1], timetable, actor)
        return version

    async def publish(self, week: dt.date, version: int, actor: str) -> None:
        """Publish a version; over a published one, its changes are told."""
        before = await self.inner.published(week)
        await self.inner.publish(week, version, actor)
        after = await self.inner.version(week, version)
        if before is not None and after is not None and before[0] != version:
            await self.notices.published_changed(before[1], after[1], actor)

    async def discard(self, week: dt.date, version: int, actor: str) -> None:
        """Discard a draft."""
        await self.inner.discard(week, version, actor)

    async def replace(
        self, timetable: Timetable, version: int, actor: str, change: dict[str, Any]
    ) -> None:
        """Overwrite a version; when it is the published one, its changes are told."""
        before = await self.inner.published(timetable.week)
        await self.inner.replace(timetable, version, actor, change)
        if before is not None and before[0] == version:
            await self.notices.published_changed(before[1], timetable, actor)

    async def published(self, week: dt.date) -> tuple[int, Timetable] | None:
        """The published version of a week."""
        return await self.inner.published(week)

    async def version(self, week: dt.date, version: int) -> tuple[int, Timetable] | None:
        """One version of a week."""
        return await self.inner.version(week, version)

    async def latest(self, week: dt.date) -> tuple[int, Timetable, TimetableState] | None:
        """The newest version of a week, with its state."""
        return await self.inner.latest(week)

    async def published_weeks(self) -> list[dt.date]:
        """The weeks with a published version, oldest first."""
        return await self.inner.published_weeks()
