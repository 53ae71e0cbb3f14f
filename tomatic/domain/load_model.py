"""Inputs and results of the weekly shift-load computation (see `load.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from tomatic.domain.model import NOBODY, BusyEntry

DEFAULT_HOURS_PER_DAY = 4
DEFAULT_DAILY_MAX = 2


class LoadInputs(BaseModel):
    """Everything the weekly load of one week depends on.

    `ideal_loads` decides who enters the distribution: only its keys get load.
    `busy` holds every busy entry (weekly, one-off and `kind="vacation"` days off);
    entries of other weeks, of persons outside the distribution or on holidays are
    ignored. Only unavoidable entries (`optional=False`) limit capacity; every
    vacation entry counts as a day off.
    """

    week: dt.date
    line_count: int = Field(ge=0)
    ideal_loads: dict[str, int]
    holidays: list[dt.date] = Field(default_factory=list)
    busy: list[BusyEntry] = Field(default_factory=list)
    leaves: list[str] = Field(default_factory=list)
    credit: dict[str, float] = Field(default_factory=dict)
    hours_per_day: int = Field(default=DEFAULT_HOURS_PER_DAY, ge=1)
    daily_max_general: int = DEFAULT_DAILY_MAX
    daily_max: dict[str, int] = Field(default_factory=dict)
    max_overload: float = 0
    adjust_lines: bool = False
    forgive: bool = False


class PersonLoad(BaseModel):
    """Every intermediate value of one person's load, in computation order."""

    person: str
    ideal: int
    working_days: int
    ponderated: float
    rounded: int
    capacity: int
    augmented: float
    upper_bound: int
    bounded: int
    complete: int = 0
    compensated: int = 0
    final: int = 0
    overload: float = 0.0
    loaded_credit: float = 0.0
    initial_credit: float = 0.0
    final_credit: float = 0.0

    @property
    def credit_used(self) -> float:
        """How much working credit this week's adjustments consumed (+) or created (-)."""
        return round(self.initial_credit - self.final_credit, 6)


class LoadNote(BaseModel):
    """One explained step of the computation: a message key, its parameters and English text."""

    key: str
    params: dict[str, Any] = Field(default_factory=dict)
    text: str


class LoadResult(BaseModel):
    """The outcome of `compute_load`.

    `persons` is keyed and ordered by person id. `nobody` is the padding given to
    the pseudo-person `ningu`; `padded` tells whether padding was needed at all
    (the original only writes a `ningu` entry then). `line_count` is the number of
    lines after `adjust_lines`; `cells` = business days × hours × line_count.
    """

    week: dt.date
    business_days: list[str]
    hours_per_day: int
    requested_line_count: int
    line_count: int
    cells: int
    persons: dict[str, PersonLoad]
    nobody: int = 0
    padded: bool = False
    trace: list[LoadNote] = Field(default_factory=list)

    def ponderated(self) -> dict[str, float]:
        """Ponderated load per person (the original `ponderatedideal-M.yaml`)."""
        return {p: row.ponderated for p, row in self.persons.items()}

    def overloads(self) -> dict[str, float]:
        """Overload per person, one decimal (the original `overload-M.yaml`)."""
        return {p: row.overload for p, row in self.persons.items()}

    def final_loads(self) -> dict[str, int]:
        """Final load per person plus `ningu` padding (the original `carrega-M.yaml`)."""
        loads = {p: row.final for p, row in self.persons.items()}
        if self.padded:
            loads[NOBODY] = loads.get(NOBODY, 0) + self.nobody
        return loads

    def final_credit(self) -> dict[str, float]:
        """Working credit per person after the week's adjustments (report only)."""
        return {p: row.final_credit for p, row in self.persons.items()}
