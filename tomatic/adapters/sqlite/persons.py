"""Persons and group memberships in SQLite."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from tomatic.adapters.sqlite.db import audit, transaction
from tomatic.domain.model import Person

_COLUMNS = {
    "id": "id",
    "name": "name",
    "email": "email",
    "extension": "extension",
    "erp_user": "erp_user",
    "table": "table_id",
    "color": "color",
    "ideal_load": "ideal_load",
    "slack_user_id": "slack_user_id",
    "language": "language",
}


class SqlitePersons:
    """Person profiles; every change is audited and atomic."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def all(self) -> list[Person]:
        """Every person, ordered by id."""
        groups = self._groups()
        rows = self.db.execute(f"SELECT {self._select()} FROM persons ORDER BY id").fetchall()
        return [self._person(row, groups) for row in rows]

    def get(self, person_id: str) -> Person | None:
        """One person by id."""
        return self._one("id = ?", person_id)

    def by_slack_id(self, slack_user_id: str) -> Person | None:
        """The person bound to a Slack user id."""
        return self._one("slack_user_id = ?", slack_user_id) if slack_user_id else None

    def by_email(self, email: str) -> Person | None:
        """The person with that e-mail (case-insensitive)."""
        return self._one("lower(email) = lower(?)", email) if email else None

    def by_extension(self, extension: str) -> Person | None:
        """The person with that PBX extension."""
        return self._one("extension = ?", extension) if extension else None

    def save(self, person: Person, actor: str) -> None:
        """Create or replace a person and their memberships."""
        with transaction(self.db):
            before = self.get(person.id)
            row = {column: getattr(person, field) for field, column in _COLUMNS.items()}
            self.db.table("persons").upsert(row, pk="id")
            self.db.execute("DELETE FROM memberships WHERE person = ?", [person.id])
            for group in sorted(set(person.groups)):
                self.db.execute(
                    "INSERT INTO memberships (person, grp) VALUES (?, ?)", [person.id, group]
                )
            action = "update" if before else "create"
            audit(self.db, actor, action, "person", person.id, _dump(before), person.model_dump())

    def delete(self, person_id: str, actor: str) -> bool:
        """Remove a person (memberships cascade) and their private links, at once: a link
        must not outlive its person, nor come back if the id is given to someone new.
        True if the person existed."""
        with transaction(self.db):
            before = self.get(person_id)
            if before is None:
                return False
            self.db.execute("DELETE FROM tokens WHERE person = ?", [person_id])
            self.db.execute("DELETE FROM persons WHERE id = ?", [person_id])
            audit(self.db, actor, "delete", "person", person_id, before.model_dump(), None)
            return True

    def _one(self, where: str, value: str) -> Person | None:
        row = self.db.execute(
            f"SELECT {self._select()} FROM persons WHERE {where} LIMIT 1", [value]
        ).fetchone()
        return self._person(row, self._groups()) if row else None

    def _groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for person, group in self.db.execute("SELECT person, grp FROM memberships ORDER BY grp"):
            groups.setdefault(person, []).append(group)
        return groups

    @staticmethod
    def _select() -> str:
        return ", ".join(_COLUMNS.values())

    @staticmethod
    def _person(row: tuple[Any, ...], groups: dict[str, list[str]]) -> Person:
        values = dict(zip(_COLUMNS.keys(), row, strict=True))
        return Person(**values, groups=groups.get(values["id"], []))


def _dump(person: Person | None) -> dict[str, Any] | None:
    return person.model_dump() if person else None
