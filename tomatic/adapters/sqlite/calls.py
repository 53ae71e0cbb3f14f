"""The call registry in SQLite: calls, their annotations and the annotation categories."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlite_utils

from tomatic.adapters.sqlite.db import audit, transaction
from tomatic.domain.calls import Annotation, Call, Candidate, Category

PURGE_BATCH = 500
"""Call ids per DELETE (SQLite caps the parameters of one statement)."""
_SELECT = (
    "SELECT c.call_id, c.at, c.phone, c.extension, c.operator, c.candidates,"
    " a.categories, a.partner_erp_id, a.partner_name, a.contract, a.comment,"
    " a.annotated_at, a.annotated_by"
    " FROM calls c LEFT JOIN call_annotations a ON a.call_id = c.call_id"
)


class SqliteCalls:
    """Calls are added once per call id; annotating replaces the call's annotation."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, call: Call) -> bool:
        """Record a new call; False (and nothing changed) if its call id is already known."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO calls (call_id, at, phone, extension, operator, candidates)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                call.call_id,
                call.at.isoformat(),
                call.phone,
                call.extension,
                call.operator,
                _candidates_json(call.candidates),
            ],
        )
        return cursor.rowcount == 1

    def get(self, call_id: str) -> Call | None:
        """One call with its annotation."""
        rows = self.db.execute(f"{_SELECT} WHERE c.call_id = ?", [call_id]).fetchall()
        return _call(rows[0]) if rows else None

    def recent(self, operator: str, limit: int = 20) -> list[Call]:
        """An operator's latest calls, newest first."""
        rows = self.db.execute(
            f"{_SELECT} WHERE c.operator = ? ORDER BY c.id DESC LIMIT ?",
            [operator, limit],
        ).fetchall()
        return [_call(row) for row in rows]

    def set_candidates(self, call_id: str, candidates: list[Candidate]) -> None:
        """Remember whom the call's search found."""
        self.db.execute(
            "UPDATE calls SET candidates = ? WHERE call_id = ?",
            [_candidates_json(candidates), call_id],
        )

    def annotate(self, call_id: str, annotation: Annotation) -> None:
        """Store (or replace) the annotation of a call, audited."""
        with transaction(self.db):
            before = self.get(call_id)
            self.db.table("call_annotations").upsert(
                {
                    "call_id": call_id,
                    **annotation.model_dump(mode="json", exclude={"categories"}),
                    "categories": json.dumps(annotation.categories),
                },
                pk="call_id",
            )
            old = (
                before.annotation.model_dump(mode="json") if before and before.annotation else None
            )
            audit(
                self.db,
                annotation.annotated_by,
                "annotate",
                "call",
                call_id,
                old,
                annotation.model_dump(mode="json"),
            )

    def purge(self, before: dt.datetime) -> int:
        """Delete the calls made before `before` (any time zone), their annotations and their
        audit rows (which hold comments); how many calls were deleted."""
        with transaction(self.db):
            rows = self.db.execute(
                "SELECT call_id FROM calls WHERE julianday(at) < julianday(?)",
                [before.isoformat()],
            ).fetchall()
            ids = [row[0] for row in rows]
            for start in range(0, len(ids), PURGE_BATCH):
                batch = ids[start : start + PURGE_BATCH]
                marks = ",".join("?" * len(batch))
                self.db.execute(
                    f"DELETE FROM audit WHERE entity = 'call' AND entity_id IN ({marks})", batch
                )
                self.db.execute(f"DELETE FROM call_annotations WHERE call_id IN ({marks})", batch)
                self.db.execute(f"DELETE FROM calls WHERE call_id IN ({marks})", batch)
        return len(ids)

    def categories(self) -> list[Category]:
        """The stored categories in their imported order (empty if never imported)."""
        rows = self.db.execute("SELECT data FROM call_categories ORDER BY position").fetchall()
        return [Category.model_validate_json(row[0]) for row in rows]

    def replace_categories(self, categories: list[Category], actor: str) -> int:
        """Replace every stored category; returns how many there are now."""
        with transaction(self.db):
            before = [c.code for c in self.categories()]
            self.db.execute("DELETE FROM call_categories")
            for position, category in enumerate(categories):
                self.db.execute(
                    "INSERT INTO call_categories (code, position, data) VALUES (?, ?, ?)",
                    [category.code, position, category.model_dump_json()],
                )
            audit(
                self.db,
                actor,
                "replace",
                "call_categories",
                "all",
                before,
                [c.code for c in categories],
            )
        return len(categories)


def _candidates_json(candidates: list[Candidate]) -> str:
    return json.dumps([c.model_dump(mode="json") for c in candidates], ensure_ascii=False)


def _call(row: Any) -> Call:
    (
        call_id,
        at,
        phone,
        extension,
        operator,
        candidates,
        categories,
        partner_erp_id,
        partner_name,
        contract,
        comment,
        annotated_at,
        annotated_by,
    ) = row
    annotation = None
    if categories is not None:
        annotation = Annotation(
            categories=json.loads(categories),
            partner_erp_id=partner_erp_id,
            partner_name=partner_name,
            contract=contract,
            comment=comment,
            annotated_at=dt.datetime.fromisoformat(annotated_at),
            annotated_by=annotated_by,
        )
    return Call(
        call_id=call_id,
        at=dt.datetime.fromisoformat(at),
        phone=phone,
        extension=extension,
        operator=operator,
        candidates=[Candidate.model_validate(c) for c in json.loads(candidates)],
        annotation=annotation,
    )
