"""Swap requests and the hard rules every hand-made cell change must keep.

A swap request is a person offering one of their turns to the team; a colleague who may take it
(the candidates) takes it, and the cell changes hands under the same rules as a coordinator's
edit (timetable.md §6.3, plus the planner's hard rules).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from tomatic.domain.errors import ValidationError
from tomatic.domain.timetable import CellChange, Timetable

SwapState = Literal["pending", "open", "taken", "withdrawn", "expired"]
OPEN_STATES: tuple[str, ...] = ("pending", "open")


class CellRuleError(ValidationError):
    """A cell change would break a hard rule; `key` says which (timetable.rule.*)."""

    key = "timetable.rule.generic"


class SwapRequest(BaseModel):
    """One offered turn. `pending` waits for a coordinator's approval, `open` for a taker."""

    id: str
    week: dt.date
    day: str
    hour: int
    line: int
    requester: str
    starts_at: dt.datetime
    state: SwapState = "open"
    candidates: list[str] = Field(default_factory=list)
    taken_by: str | None = None
    approved_by: str | None = None
    closed_by: str | None = None
    ref: str | None = None

    @property
    def is_open(self) -> bool:
        """Still waiting for approval or for someone to take it."""
        return self.state in OPEN_STATES


def check_cell_change(
    timetable: Timetable,
    cell: tuple[str, int, int],
    new: str | None,
    busy_reason: str | None,
    daily_max: int,
    max_holes: int,
    name: str | None = None,
) -> None:
    """Refuse a change of `cell` (day, hour, line) to `new` (None: nobody) that breaks a rule.

    Args:
        timetable: the timetable before the change.
        cell: day code, 0-based hour and line.
        new: the person to place, or None for an empty cell.
        busy_reason: why `new` is unavoidably busy at that turn, None if free.
        daily_max: most turns `new` may take that day.
        max_holes: most empty lines a turn may have after an edit.
        name: how to call `new` in the refusal (default: its id).

    Raises:
        CellRuleError: with key timetable.rule.{unchanged,busy,twice,daily_max,too_many_holes}.
    """
    day, hour, line = cell
    people = timetable.turn(day, hour)
    if people[line] == new:
        raise CellRuleError("timetable.rule.unchanged")
    if new is None:
        holes = sum(p is None for i, p in enumerate(people) if i != line)
        if holes >= max_holes:
            raise CellRuleError("timetable.rule.too_many_holes", limit=max_holes)
        return
    who = name or new
    if busy_reason is not None:
        raise CellRuleError("timetable.rule.busy", who=who, reason=busy_reason)
    if new in people:
        raise CellRuleError("timetable.rule.twice", who=who)
    today = sum(new in row for row in timetable.cells.get(day, []))
    if today + 1 > daily_max:
        raise CellRuleError("timetable.rule.daily_max", who=who, limit=daily_max)


def apply_cell_change(
    timetable: Timetable, cell: tuple[str, int, int], new: str | None, actor: str, at: dt.datetime
) -> Timetable:
    """A copy of `timetable` with the cell changed, overloads adjusted and the change logged.

    `overload[old] -= 1` and `overload[new] += 1`, as the original's edits (timetable.md §6.2).
    """
    day, hour, line = cell
    changed = timetable.model_copy(deep=True)
    old = changed.cells[day][hour][line]
    changed.cells[day][hour][line] = new
    for person, step in ((old, -1), (new, 1)):
        if person is not None:
            changed.overload[person] = round(changed.overload.get(person, 0.0) + step, 6)
    changed.log.append(
        CellChange(at=at, actor=actor, day=day, hour=hour, line=line, old=old, new=new)
    )
    return changed
