"""Planner runs, swap requests, tokens, calls and job state, in memory (as the SQLite stores)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tomatic.domain.calls import Annotation, Call, Candidate, Category
from tomatic.domain.runs import ACTIVE_STATES, ENDED_STATES, PlannerRun
from tomatic.domain.swaps import SwapRequest


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class InMemoryRunStore:
    """`RunStore`: each run kept as the JSON of its fields."""

    def __init__(self) -> None:
        self._runs: dict[str, str] = {}

    async def create(self, run: PlannerRun) -> PlannerRun:
        stored = run.model_copy(update={"created_at": _now()})
        self._runs[run.id] = stored.model_dump_json()
        return stored

    async def get(self, run_id: str) -> PlannerRun | None:
        data = self._runs.get(run_id)
        return PlannerRun.model_validate_json(data) if data else None

    async def update(self, run_id: str, **fields: Any) -> None:
        if run_id not in self._runs:
            return
        if fields.get("state") == "running" and "started_at" not in fields:
            fields["started_at"] = _now()
        if fields.get("state") in ENDED_STATES:
            fields.setdefault("finished_at", _now())
        data = json.loads(self._runs[run_id]) | json.loads(json.dumps(fields, default=str))
        self._runs[run_id] = PlannerRun.model_validate(data).model_dump_json()

    async def add_progress(self, run_id: str, point: dict[str, Any]) -> None:
        run = await self.get(run_id)
        if run is not None:
            await self.update(run_id, progress=[*run.progress, point])

    async def unfinished(self) -> list[PlannerRun]:
        runs = [PlannerRun.model_validate_json(data) for data in self._runs.values()]
        return [run for run in runs if run.state in ACTIVE_STATES]

    async def of_week(self, week: dt.date) -> list[PlannerRun]:
        runs = [PlannerRun.model_validate_json(data) for data in self._runs.values()]
        return [run for run in reversed(runs) if run.week == week]


class InMemorySwapStore:
    """`SwapStore`: requests kept as JSON."""

    def __init__(self) -> None:
        self._requests: dict[str, str] = {}

    async def save(self, request: SwapRequest, actor: str) -> SwapRequest:
        self._requests[request.id] = request.model_dump_json()
        return request

    async def get(self, request_id: str) -> SwapRequest | None:
        data = self._requests.get(request_id)
        return SwapRequest.model_validate_json(data) if data else None

    async def open_requests(self) -> list[SwapRequest]:
        requests = [SwapRequest.model_validate_json(d) for d in self._requests.values()]
        found = [r for r in requests if r.is_open]
        return sorted(found, key=lambda r: r.starts_at.isoformat())


class InMemoryTokenStore:
    """`TokenStore`: (kind, token, person, revoked) rows in issue order."""

    def __init__(self) -> None:
        self._rows: list[tuple[str, str, str, bool]] = []

    async def active(self, kind: str, person: str) -> str | None:
        live = [t for k, t, p, revoked in self._rows if (k, p) == (kind, person) and not revoked]
        return live[-1] if live else None

    async def person_of(self, kind: str, token: str) -> str | None:
        for k, t, person, revoked in self._rows:
            if (k, t) == (kind, token) and not revoked:
                return person
        return None

    async def replace(self, kind: str, person: str, token: str, actor: str) -> None:
        if any(t == token for _, t, _, _ in self._rows):
            raise ValueError("token already issued")
        await self.revoke(kind, person, actor)
        self._rows.append((kind, token, person, False))

    def drop_person(self, person: str) -> None:
        """Forget every token of a person (deleted with them)."""
        self._rows = [row for row in self._rows if row[2] != person]

    async def revoke(self, kind: str, person: str, actor: str) -> bool:
        changed = False
        for index, (k, t, p, revoked) in enumerate(self._rows):
            if (k, p) == (kind, person) and not revoked:
                self._rows[index] = (k, t, p, True)
                changed = True
        return changed


class InMemoryCallStore:
    """`CallStore`: calls in arrival order, categories in their imported order."""

    def __init__(self) -> None:
        self._calls: dict[str, str] = {}
        self._categories: list[Category] = []

    async def add(self, call: Call) -> bool:
        if call.call_id in self._calls:
            return False
        self._calls[call.call_id] = call.model_copy(update={"annotation": None}).model_dump_json()
        return True

    async def get(self, call_id: str) -> Call | None:
        data = self._calls.get(call_id)
        return Call.model_validate_json(data) if data else None

    async def recent(self, operator: str, limit: int = 20) -> list[Call]:
        calls = [Call.model_validate_json(data) for data in reversed(self._calls.values())]
        return [call for call in calls if call.operator == operator][:limit]

    async def set_candidates(self, call_id: str, candidates: list[Candidate]) -> None:
        await self._change(call_id, {"candidates": candidates})

    async def annotate(self, call_id: str, annotation: Annotation) -> None:
        if call_id not in self._calls:
            raise ValueError(f"no call {call_id!r} to annotate")
        await self._change(call_id, {"annotation": annotation})

    async def purge(self, before: dt.datetime) -> int:
        old = [
            cid for cid, data in self._calls.items() if Call.model_validate_json(data).at < before
        ]
        for call_id in old:
            del self._calls[call_id]
        return len(old)

    async def categories(self) -> list[Category]:
        return [category.model_copy(deep=True) for category in self._categories]

    async def replace_categories(self, categories: list[Category], actor: str) -> int:
        self._categories = [category.model_copy(deep=True) for category in categories]
        return len(categories)

    async def _change(self, call_id: str, fields: dict[str, Any]) -> None:
        call = await self.get(call_id)
        if call is not None:
            self._calls[call_id] = call.model_copy(update=fields).model_dump_json()


class InMemoryJobStateStore:
    """`JobStateStore` in sets."""

    def __init__(self) -> None:
        self._done: set[tuple[str, str]] = set()
        self._alerted: set[str] = set()

    async def claim(self, job: str, occurrence: str) -> bool:
        if (job, occurrence) in self._done:
            return False
        self._done.add((job, occurrence))
        return True

    async def done(self, job: str, occurrence: str) -> bool:
        return (job, occurrence) in self._done

    async def alerted(self) -> set[str]:
        return set(self._alerted)

    async def set_alerted(self, extensions: set[str]) -> None:
        self._alerted = set(extensions)
