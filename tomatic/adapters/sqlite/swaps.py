"""Swap requests in SQLite: one row per request, the record as JSON."""

from __future__ import annotations

import sqlite_utils

from tomatic.adapters.sqlite.db import audit, now_iso, transaction
from tomatic.domain.swaps import OPEN_STATES, SwapRequest


class SqliteSwaps:
    """Swap requests, findable by id and by state."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def save(self, request: SwapRequest, actor: str) -> SwapRequest:
        """Insert or replace a request."""
        with transaction(self.db):
            self.db.table("swap_requests").upsert(
                {
                    "id": request.id,
                    "week": request.week.isoformat(),
                    "state": request.state,
                    "starts_at": request.starts_at.isoformat(),
                    "data": request.model_dump_json(),
                    "updated_at": now_iso(),
                },
                pk="id",
            )
            audit(self.db, actor, f"swap-{request.state}", "swap", request.id)
        return request

    def get(self, request_id: str) -> SwapRequest | None:
        """One request."""
        row = self.db.execute(
            "SELECT data FROM swap_requests WHERE id = ?", [request_id]
        ).fetchone()
        return SwapRequest.model_validate_json(row[0]) if row else None

    def open_requests(self) -> list[SwapRequest]:
        """Requests still pending approval or waiting for a taker, soonest turn first."""
        marks = ", ".join("?" for _ in OPEN_STATES)
        rows = self.db.execute(
            f"SELECT data FROM swap_requests WHERE state IN ({marks}) ORDER BY starts_at",
            list(OPEN_STATES),
        )
        return [SwapRequest.model_validate_json(r[0]) for r in rows]
