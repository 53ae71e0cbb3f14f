"""Swap requests, and the refusal of a cell change that would break a hard rule.

A swap request is a person offering one of their turns to the team; a colleague who may take it
(the candidates) takes it, and the cell changes hands under the same rules as a coordinator's
edit (timetable.md §6.3, plus the planner's hard rules).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from tomatic.domain.errors import ValidationError

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
