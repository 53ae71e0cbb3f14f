"""What the automated jobs remember across restarts: occurrences done, alerts raised."""

from __future__ import annotations

import json

import sqlite_utils

from tomatic.adapters.sqlite.db import now_iso, transaction


class SqliteJobState:
    """Job occurrences already done, and the extensions currently alerted as disconnected."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def claim(self, job: str, occurrence: str) -> bool:
        """Record `occurrence` of `job` as done; False when it already was (do nothing then)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO job_runs (job, occurrence, done_at) VALUES (?, ?, ?)",
            [job, occurrence, now_iso()],
        )
        return cursor.rowcount == 1

    def done(self, job: str, occurrence: str) -> bool:
        """Whether `occurrence` of `job` has been done."""
        row = self.db.execute(
            "SELECT 1 FROM job_runs WHERE job = ? AND occurrence = ?", [job, occurrence]
        ).fetchone()
        return row is not None

    def alerted(self) -> set[str]:
        """Extensions alerted as disconnected and not reconnected since."""
        return {row[0] for row in self.db.execute("SELECT extension FROM monitor_alerts")}

    def set_alerted(self, extensions: set[str]) -> None:
        """Make `extensions` the alerted set (reconnected ones leave it)."""
        with transaction(self.db):
            self.db.execute(
                "DELETE FROM monitor_alerts WHERE extension NOT IN (SELECT value FROM json_each(?))",
                [json.dumps(sorted(extensions))],
            )
            for extension in sorted(extensions):
                self.db.execute(
                    "INSERT OR IGNORE INTO monitor_alerts (extension, since) VALUES (?, ?)",
                    [extension, now_iso()],
                )
