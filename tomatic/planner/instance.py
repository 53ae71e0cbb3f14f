"""Planner instance and solution models: the JSON exchange format of `spec/problem-format.md`.

`Problem` mirrors the problem JSON (camelCase aliases, snake_case attributes) and refuses
malformed problems with a `ProblemError` naming the JSON path of the bad field.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field, model_validator

from tomatic.domain.timetable import Grid
from tomatic.planner.problem_checks import problem_errors

DEFAULT_WEIGHTS: dict[str, int] = {
    "holes": 100,
    "unforced": 50,
    "undesired": 5,
    "concentrated": 10,
    "shape": 10,
    "fairness": 100,
}
"""Unit weights reproducing the original cost model.

holes: × k² per turn; unforced and undesired: per entry; concentrated: × n(n−1) per person-day;
shape: × 1 (`.xx.`), 2 (`x..x`), 3 (`x.x.` / `.x.x`, or a gap when H ≠ 4), 4 (three in a row).
fairness: % of a person-day's discomfort added (or taken) per unit of fairness share, only when
the problem carries `discomfort` (`fairness.py`); 0 switches it off.
`table` and `group` have no default: giving them a weight makes that rule soft (per person over).
"""

Entry = tuple[int, int, str]
Status = Literal["optimal", "feasible", "infeasible", "unknown"]


class ProblemError(ValueError):
    """A problem is malformed. `path` is the JSON path of the bad field, `reason` says why."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by its fields, so that a worker process can raise it to the service."""
        return ProblemError, (self.path, self.reason)


class Problem(BaseModel):
    """One week to plan: grid size, people, loads and availability (0-based indices)."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    name: str = ""
    days: list[str]
    n_hours: int = Field(alias="nHours")
    n_lines: int = Field(alias="nLines")
    max_per_day: int = Field(alias="maxPerDay")
    persons: list[str]
    max_load: dict[str, int] = Field(alias="maxLoad")
    busy: list[Entry] = Field(default_factory=list)
    undesired: list[Entry] = Field(default_factory=list)
    forced: list[Entry] = Field(default_factory=list)
    max_per_day_by_person: dict[str, int] | None = Field(default=None, alias="maxPerDayByPerson")
    tables: dict[str, int | str] | None = None
    max_per_table: int | None = Field(default=None, alias="maxPerTable")
    groups: dict[str, list[str]] | None = None
    max_phoning_in_group: dict[str, int] | None = Field(default=None, alias="maxPhoningInGroup")
    min_idle_in_group: dict[str, int] | None = Field(default=None, alias="minIdleInGroup")
    weights: dict[str, int] | None = None
    discomfort: dict[str, int] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Problem:
        errors = problem_errors(self.model_dump(by_alias=True))
        if errors:
            path, reason = errors[0]
            raise ValueError(f"{path}: {reason}")
        return self

    @property
    def n_days(self) -> int:
        """Number of days to fill (D)."""
        return len(self.days)

    def weight(self, rule: str) -> int | None:
        """Unit weight of `rule`: the override in `weights`, else the default (None if hard)."""
        if self.weights and rule in self.weights:
            return self.weights[rule]
        return DEFAULT_WEIGHTS.get(rule)

    def daily_max(self, person: str) -> int:
        """Most turns `person` may take in one day."""
        if self.max_per_day_by_person and person in self.max_per_day_by_person:
            return self.max_per_day_by_person[person]
        return self.max_per_day

    def busy_set(self) -> frozenset[Entry]:
        """The unavoidable busy entries as a set of (day, hour, person)."""
        return self._busy

    def undesired_set(self) -> frozenset[Entry]:
        """The optional busy entries as a set of (day, hour, person)."""
        return self._undesired

    def forced_set(self) -> frozenset[Entry]:
        """The forced turns that count: duplicates merged, those on a busy person dropped."""
        return frozenset(entry for entry in self._forced if entry not in self._busy)

    @functools.cached_property
    def _busy(self) -> frozenset[Entry]:
        return frozenset((day, hour, person) for day, hour, person in self.busy)

    @functools.cached_property
    def _undesired(self) -> frozenset[Entry]:
        return frozenset((day, hour, person) for day, hour, person in self.undesired)

    @functools.cached_property
    def _forced(self) -> frozenset[Entry]:
        return frozenset((day, hour, person) for day, hour, person in self.forced)

    def to_json(self) -> str:
        """The problem as JSON in the exchange format."""
        return self.model_dump_json(by_alias=True, exclude_none=True)


def load_problem(data: str | bytes | dict[str, Any]) -> Problem:
    """Parse and validate a problem from JSON text or a decoded dict.

    Raises:
        ProblemError: naming the JSON path of the first bad field and why.
    """
    if not isinstance(data, dict):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise ProblemError("", f"not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise ProblemError("", "the problem must be a JSON object")
    try:
        return Problem.model_validate(data)
    except pydantic.ValidationError as error:
        raise _first_error(error) from error


def _first_error(error: pydantic.ValidationError) -> ProblemError:
    detail = error.errors()[0]
    message = str(detail["msg"]).removeprefix("Value error, ")
    path = _json_path(detail["loc"])
    if not path and ": " in message:
        path, message = message.split(": ", 1)
    return ProblemError(path, message)


def _json_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


class Penalty(BaseModel):
    """One cost term of a solution."""

    rule: str
    day: int
    hour: int | None = None
    person: str | None = None
    cost: int
    text: str = ""


class Progress(BaseModel):
    """An improving solution found during the search."""

    t: float
    cost: int
    bound: int


class Solution(BaseModel):
    """A solved (or given up) week; `timetable[d][h]` holds nLines persons or None."""

    status: Status
    cost: int | None = None
    bound: int | None = None
    timetable: Grid | None = None
    penalties: list[Penalty] = Field(default_factory=list)
    wall_s: float = 0.0
    diagnosis: dict[str, Any] | None = None
    progress: list[Progress] = Field(default_factory=list)
