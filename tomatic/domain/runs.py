"""Planner runs: one record per attempt at planning a week."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

RunState = Literal["queued", "running", "done", "failed", "cancelled", "interrupted"]
ACTIVE_STATES: tuple[RunState, ...] = ("queued", "running")
ENDED_STATES: tuple[RunState, ...] = ("done", "failed", "cancelled", "interrupted")


class PlannerRun(BaseModel):
    """A planner run: parameters, state, every improving solution, problem and result.

    `interrupted`: the process running it stopped (a crash, a restart) before it ended.
    `error` is a message key and `error_params` its parameters, translated where shown.
    `message` is the reference of the live message that follows the run, if any.
    """

    id: str
    week: dt.date
    params: dict[str, Any] = Field(default_factory=dict)
    state: RunState = "queued"
    created_by: str = ""
    created_at: str = ""
    started_at: str | None = None
    finished_at: str | None = None
    problem: dict[str, Any] | None = None
    solution: dict[str, Any] | None = None
    progress: list[dict[str, Any]] = Field(default_factory=list)
    error: str | None = None
    error_params: dict[str, Any] = Field(default_factory=dict)
    version: int | None = None
    message: str | None = None

    @property
    def best_cost(self) -> int | None:
        """The cost of the best solution found so far."""
        if self.solution and self.solution.get("cost") is not None:
            return int(self.solution["cost"])
        return int(self.progress[-1]["cost"]) if self.progress else None

    @property
    def finished(self) -> bool:
        """No longer queued or running."""
        return self.state in ENDED_STATES
