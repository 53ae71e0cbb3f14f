"""What the automated jobs report: outcomes, and people in messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tomatic.domain.model import Person


@dataclass
class Outcome:
    """What one run of a use case did: a catalogue key (`operations.outcome.*`) and its
    parameters, plus the people concerned."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        """True when nothing was done (holiday, no turn, already done...)."""
        return self.key.rsplit(".", 1)[-1] in SKIPS


SKIPS = {"not_working_day", "no_turn", "no_timetable", "nobody", "already_done", "plan_exists"}


def outcome(
    what: str, at: dt.datetime, people: list[Person] | None = None, **params: Any
) -> Outcome:
    """The outcome `operations.outcome.<what>` at `at` (its date and time are parameters)."""
    params = {"date": at.date().isoformat(), "time": at.strftime("%H:%M"), **params}
    return Outcome(f"operations.outcome.{what}", params, people or [])
