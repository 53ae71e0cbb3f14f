"""Secret per-person tokens (calendar feeds, private pages) in SQLite."""

from __future__ import annotations

import sqlite_utils

from tomatic.adapters.sqlite.db import audit, now_iso, transaction


class SqliteTokens:
    """At most one live token per kind and person; revoked ones are kept, dead."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def active(self, kind: str, person: str) -> str | None:
        """The person's live token of that kind."""
        row = self.db.execute(
            "SELECT token FROM tokens WHERE kind = ? AND person = ? AND revoked = 0"
            " ORDER BY created_at DESC LIMIT 1",
            [kind, person],
        ).fetchone()
        return row[0] if row else None

    def person_of(self, kind: str, token: str) -> str | None:
        """Whose live token this is; None for unknown or revoked tokens."""
        row = self.db.execute(
            "SELECT person FROM tokens WHERE kind = ? AND token = ? AND revoked = 0",
            [kind, token],
        ).fetchone()
        return row[0] if row else None

    def replace(self, kind: str, person: str, token: str, actor: str) -> None:
        """Revoke the person's live tokens of that kind and store `token` as the new one."""
        with transaction(self.db):
            self._revoke(kind, person)
            self.db.table("tokens").insert(
                {
                    "kind": kind,
                    "token": token,
                    "person": person,
                    "created_at": now_iso(),
                    "revoked": 0,
                }
            )
            audit(self.db, actor, "issue", f"token:{kind}", person)

    def revoke(self, kind: str, person: str, actor: str) -> bool:
        """Revoke the person's live tokens of that kind; False when there were none."""
        with transaction(self.db):
            changed = self._revoke(kind, person)
            if changed:
                audit(self.db, actor, "revoke", f"token:{kind}", person)
            return changed

    def _revoke(self, kind: str, person: str) -> bool:
        cursor = self.db.execute(
            "UPDATE tokens SET revoked = 1 WHERE kind = ? AND person = ? AND revoked = 0",
            [kind, person],
        )
        return cursor.rowcount > 0
