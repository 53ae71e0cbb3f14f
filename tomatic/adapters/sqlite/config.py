"""Planning settings stored in the database, layered over the YAML file."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from tomatic.adapters.sqlite.db import audit, transaction


class SqliteConfigOverrides:
    """Key → JSON value; what `import-legacy` brings in, for example."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def all(self) -> dict[str, Any]:
        """Every override."""
        rows = self.db.execute("SELECT key, value FROM config_overrides ORDER BY key")
        return {key: json.loads(value) for key, value in rows}

    def save(self, values: dict[str, Any], actor: str) -> int:
        """Set overrides; returns how many changed."""
        current = self.all()
        changed = {k: v for k, v in values.items() if current.get(k) != v}
        if not changed:
            return 0
        with transaction(self.db):
            for key, value in changed.items():
                self.db.table("config_overrides").upsert(
                    {"key": key, "value": json.dumps(value)}, pk="key"
                )
            audit(self.db, actor, "set", "config", ",".join(sorted(changed)), None, changed)
        return len(changed)
