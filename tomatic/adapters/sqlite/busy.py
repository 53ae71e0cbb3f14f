"""Busy entries, holidays, leaves and shift-credit baselines in SQLite."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import sqlite_utils

from tomatic.adapters.sqlite.db import audit, now_iso, transaction
from tomatic.domain.model import BusyEntry, Holiday

_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_busy_id(db: sqlite_utils.Database) -> str:
    """A short id people can type (`k3f9`), unique in the table."""
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(4))
        if not db.execute("SELECT 1 FROM busy WHERE id = ?", [candidate]).fetchone():
            return candidate


class SqliteBusy:
    """Weekly and one-off busy entries, holidays, leaves and credit baselines."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def for_person(self, person: str) -> list[BusyEntry]:
        """A person's entries: weekly first (by weekday), then one-off by date."""
        rows = self.db.execute(
            "SELECT * FROM busy WHERE person = ? ORDER BY date IS NOT NULL, date, weekday, id",
            [person],
        )
        return [_entry(row) for row in _dicts(rows)]

    def all(self) -> list[BusyEntry]:
        """Every entry of everybody."""
        rows = self.db.execute("SELECT * FROM busy ORDER BY person, date, weekday, id")
        return [_entry(row) for row in _dicts(rows)]

    def get(self, entry_id: str) -> BusyEntry | None:
        """One entry by its short id."""
        rows = _dicts(self.db.execute("SELECT * FROM busy WHERE id = ?", [entry_id]))
        return _entry(rows[0]) if rows else None

    def add(self, entry: BusyEntry, actor: str) -> BusyEntry:
        """Store a new entry and return it with its id."""
        with transaction(self.db):
            stored = entry.model_copy(update={"id": entry.id or new_busy_id(self.db)})
            self.db.table("busy").insert({**_row(stored), "created_at": now_iso()})
            audit(self.db, actor, "create", "busy", stored.id, None, stored.model_dump())
            return stored

    def add_many(self, entries: list[BusyEntry], actor: str) -> int:
        """Store entries that are not already stored (same fields); return how many were new."""
        added = 0
        with transaction(self.db):
            for entry in entries:
                if not self._exists(entry):
                    self.add(entry, actor)
                    added += 1
        return added

    def remove(self, entry_id: str, actor: str) -> BusyEntry | None:
        """Delete an entry; returns what was removed."""
        with transaction(self.db):
            before = self.get(entry_id)
            if before is None:
                return None
            self.db.execute("DELETE FROM busy WHERE id = ?", [entry_id])
            audit(self.db, actor, "delete", "busy", entry_id, before.model_dump(), None)
            return before

    def _exists(self, entry: BusyEntry) -> bool:
        row = _row(entry)
        found = self.db.execute(
            "SELECT 1 FROM busy WHERE person = ? AND weekday IS ? AND date IS ? AND turns = ?"
            " AND optional = ? AND reason = ? AND kind = ?",
            [row[k] for k in ("person", "weekday", "date", "turns", "optional", "reason", "kind")],
        ).fetchone()
        return found is not None

    def holidays(self) -> list[Holiday]:
        """Every holiday by date."""
        rows = self.db.execute("SELECT date, name FROM holidays ORDER BY date").fetchall()
        return [Holiday(date=dt.date.fromisoformat(d), name=n) for d, n in rows]

    def save_holidays(self, holidays: list[Holiday], actor: str) -> int:
        """Add or rename holidays; returns how many rows changed."""
        changed = 0
        with transaction(self.db):
            for holiday in holidays:
                key = holiday.date.isoformat()
                old = self.db.execute("SELECT name FROM holidays WHERE date = ?", [key]).fetchone()
                if old and old[0] == holiday.name:
                    continue
                self.db.table("holidays").upsert({"date": key, "name": holiday.name}, pk="date")
                audit(self.db, actor, "upsert", "holiday", key, old and old[0], holiday.name)
                changed += 1
        return changed

    def leaves(self, week: dt.date) -> list[str]:
        """Persons on leave the whole week."""
        rows = self.db.execute("SELECT person FROM leaves WHERE week = ?", [week.isoformat()])
        return sorted(r[0] for r in rows)

    def save_leaves(self, week: dt.date, persons: list[str], actor: str) -> int:
        """Add persons on leave for a week; returns how many were new."""
        added = 0
        with transaction(self.db):
            for person in persons:
                row = {"week": week.isoformat(), "person": person}
                if self.db.execute(
                    "SELECT 1 FROM leaves WHERE week = ? AND person = ?", list(row.values())
                ).fetchone():
                    continue
                self.db.table("leaves").insert(row)
                audit(self.db, actor, "create", "leave", f"{week}:{person}", None, row)
                added += 1
        return added

    def credit_baseline(self) -> tuple[dict[str, float], dt.date | None]:
        """The imported shift credit and the week it is valid for (credit before that week)."""
        rows = self.db.execute("SELECT person, credit, as_of FROM credit_baseline").fetchall()
        as_of = next((r[2] for r in rows if r[2]), None)
        return {r[0]: r[1] for r in rows}, dt.date.fromisoformat(as_of) if as_of else None

    def save_credit_baseline(
        self, credit: dict[str, float], as_of: dt.date | None, actor: str
    ) -> int:
        """Replace the credit baseline; returns how many values changed."""
        old, old_as_of = self.credit_baseline()
        if old == credit and old_as_of == as_of:
            return 0
        with transaction(self.db):
            self.db.execute("DELETE FROM credit_baseline")
            for person, value in credit.items():
                self.db.table("credit_baseline").insert(
                    {"person": person, "credit": value, "as_of": as_of and as_of.isoformat()}
                )
            audit(self.db, actor, "replace", "credit", "baseline", old, credit)
        return len(set(old.items()) ^ set(credit.items())) or 1


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _row(entry: BusyEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "person": entry.person,
        "weekday": entry.weekday,
        "date": entry.date.isoformat() if entry.date else None,
        "turns": entry.turns,
        "optional": int(entry.optional),
        "reason": entry.reason,
        "kind": entry.kind,
    }


def _entry(row: dict[str, Any]) -> BusyEntry:
    return BusyEntry(
        id=row["id"],
        person=row["person"],
        weekday=row["weekday"],
        date=dt.date.fromisoformat(row["date"]) if row["date"] else None,
        turns=row["turns"],
        optional=bool(row["optional"]),
        reason=row["reason"],
        kind=row["kind"],
    )
