"""Planner run records."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlite_utils

from tomatic.adapters.sqlite.db import now_iso
from tomatic.domain.runs import ACTIVE_STATES, ENDED_STATES, PlannerRun

_JSON = ("params", "problem", "solution", "progress", "error_params")


class SqliteRuns:
    """Each run a row; progress appended as solutions improve."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def create(self, run: PlannerRun) -> PlannerRun:
        """Store a new queued run."""
        stored = run.model_copy(update={"created_at": now_iso()})
        self.db.table("planner_runs").insert(_row(stored))
        return stored

    def get(self, run_id: str) -> PlannerRun | None:
        """One run."""
        rows = list(self.db.table("planner_runs").rows_where("id = ?", [run_id]))
        return _run(rows[0]) if rows else None

    def update(self, run_id: str, **fields: Any) -> None:
        """Change some fields of a run (state, timestamps, solution, error, version)."""
        if fields.get("state") == "running" and "started_at" not in fields:
            fields["started_at"] = now_iso()
        if fields.get("state") in ENDED_STATES:
            fields.setdefault("finished_at", now_iso())
        row = {k: json.dumps(v) if k in _JSON else v for k, v in fields.items()}
        self.db.table("planner_runs").update(run_id, row)

    def add_progress(self, run_id: str, point: dict[str, Any]) -> None:
        """Append one improving solution."""
        run = self.get(run_id)
        if run is not None:
            self.update(run_id, progress=[*run.progress, point])

    def unfinished(self) -> list[PlannerRun]:
        """Queued or running runs, oldest first."""
        rows = self.db.table("planner_runs").rows_where(
            "state IN (?, ?)", list(ACTIVE_STATES), order_by="created_at, rowid"
        )
        return [_run(row) for row in rows]

    def of_week(self, week: dt.date) -> list[PlannerRun]:
        """A week's runs, newest first."""
        rows = self.db.table("planner_runs").rows_where(
            "week = ?", [week.isoformat()], order_by="created_at DESC, rowid DESC"
        )
        return [_run(row) for row in rows]


def _row(run: PlannerRun) -> dict[str, Any]:
    data = run.model_dump(mode="json")
    return {k: json.dumps(v) if k in _JSON else v for k, v in data.items()}


def _run(row: dict[str, Any]) -> PlannerRun:
    data = {k: json.loads(v) if k in _JSON and v is not None else v for k, v in row.items()}
    data["progress"] = data.get("progress") or []
    data["error_params"] = data.get("error_params") or {}
    return PlannerRun.model_validate(data)
