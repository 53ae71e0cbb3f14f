"""Planner runs reported to the metrics as they end (an observer of `RunEvents`)."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.runs import ENDED_STATES, PlannerRun
from tomatic.ports import Metrics


class RunMetrics:
    """Counts each ended run once, by its final state, with its start-to-end time."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics
        self._counted: set[str] = set()

    async def on_run(self, run: PlannerRun) -> None:
        """`RunEvents` listener: report a run the first time it is seen ended."""
        if run.state not in ENDED_STATES or run.id in self._counted:
            return
        self._counted.add(run.id)
        self.metrics.planner_run(run.state, run_seconds(run))


def run_seconds(run: PlannerRun) -> float | None:
    """Seconds from a run's start to its end, when both were recorded."""
    if not run.started_at or not run.finished_at:
        return None
    try:
        started = dt.datetime.fromisoformat(run.started_at)
        finished = dt.datetime.fromisoformat(run.finished_at)
    except ValueError:
        return None
    return max(0.0, (finished - started).total_seconds())
