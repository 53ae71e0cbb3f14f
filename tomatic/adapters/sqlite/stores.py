"""The SQLite stores as the core's async ports: every call runs on the one database thread.

Each class wraps the synchronous store of the same table (which bulk imports and the demo
seeding use directly) and implements one port of `tomatic.ports.stores`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from tomatic.adapters.sqlite.busy import SqliteBusy
from tomatic.adapters.sqlite.calls import SqliteCalls
from tomatic.adapters.sqlite.db import DatabaseThread
from tomatic.adapters.sqlite.jobstate import SqliteJobState
from tomatic.adapters.sqlite.persons import SqlitePersons
from tomatic.adapters.sqlite.runs import SqliteRuns
from tomatic.adapters.sqlite.swaps import SqliteSwaps
from tomatic.adapters.sqlite.timetables import SqliteTimetables
from tomatic.adapters.sqlite.tokens import SqliteTokens
from tomatic.domain.calls import Annotation, Call, Candidate, Category
from tomatic.domain.model import BusyEntry, Holiday, Person
from tomatic.domain.runs import PlannerRun
from tomatic.domain.swaps import SwapRequest
from tomatic.domain.timetable import ForcedTurn, Timetable, TimetableState

P = ParamSpec("P")
T = TypeVar("T")


class _OnDbThread:
    def __init__(self, thread: DatabaseThread) -> None:
        self._thread = thread

    async def _run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return await self._thread.run(functools.partial(fn, *args, **kwargs))


class SqlitePersonStore(_OnDbThread):
    """`PersonStore` over the persons and memberships tables."""

    def __init__(self, thread: DatabaseThread) -> None:
        super().__init__(thread)
        self._sync = SqlitePersons(thread.db)

    async def all(self) -> list[Person]:
        return await self._run(self._sync.all)

    async def get(self, person_id: str) -> Person | None:
        return await self._run(self._sync.get, person_id)

    async def by_slack_id(self, slack_user_id: str) -> Person | None:
        return await self._run(self._sync.by_slack_id, slack_user_id)

    async def by_email(self, email: str) -> Person | None:
        return await self._run(self._sync.by_email, email)

    async def by_extension(self, extension: str) -> Person | None:
        return await self._run(self._sync.by_extension, extension)

    async def save(self, person: Person, actor: str) -> None:
        await self._run(self._sync.save, person, actor)

    async def delete(self, person_id: str, actor: str) -> bool:
        return await self._run(self._sync.delete, person_id, actor)


class SqliteBusyStore(_OnDbThread):
    """`BusyStore` over the busy, holidays, leaves and credit tables."""

    def __init__(self, thread: DatabaseThread) -> None:
        super().__init__(thread)
        self._sync = SqliteBusy(thread.db)

    async def for_person(self, person: str) -> list[BusyEntry]:
        return await self._run(self._sync.for_person, person)

    async def all(self) -> list[BusyEntry]:
        return await self._run(self._sync.all)

    async def get(self, entry_id: str) -> BusyEntry | None:
        return await self._run(self._sync.get, entry_id)

    async def add(self, entry: BusyEntry, actor: str) -> BusyEntry:
        return await self._run(self._sync.add, entry, actor)

    async def add_many(self, entries: list[BusyEntry], actor: str) -> int:
        return await self._run(self._sync.add_many, entries, actor)

    async def remove(self, entry_id: str, actor: str) -> BusyEntry | None:
        return await self._run(self._sync.remove, entry_id, actor)

    async def holidays(self) -> list[Holiday]:
        return await self._run(self._sync.holidays)

    async def save_holidays(self, holidays: list[Holiday], actor: str) -> int:
        return await self._run(self._sync.save_holidays, holidays, actor)

    async def leaves(self, week: dt.date) -> list[str]:
        return await self._run(self._sync.leaves, week)

    async def save_leaves(self, week: dt.date, persons: list[str], actor: str) -> int:
        return await self._run(self._sync.save_leaves, week, persons, actor)

    async def credit_baseline(self) -> tuple[dict[str, float], dt.date | None]:
        return await self._run(self._sync.credit_baseline)

    async def save_credit_baseline(
        self, credit: dict[str, float], as_of: dt.date | None, actor: str
    ) -> int:
        return await self._run(self._sync.save_credit_baseline, credit, as_of, actor)


class SqliteTimetableStore(_OnDbThread):
    """`TimetableStore` and `ForcedTurnStore` over the timetables and forced_turns tables."""

    def __init__(self, thread: DatabaseThread) -> None:
        super().__init__(thread)
        self._sync = SqliteTimetables(thread.db)

    async def save(self, timetable: Timetable, state: TimetableState, actor: str) -> int:
        return await self._run(self._sync.save, timetable, state, actor)

    async def publish(self, week: dt.date, version: int, actor: str) -> None:
        await self._run(self._sync.publish, week, version, actor)

    async def discard(self, week: dt.date, version: int, actor: str) -> None:
        await self._run(self._sync.discard, week, version, actor)

    async def replace(
        self, timetable: Timetable, version: int, actor: str, change: dict[str, Any]
    ) -> None:
        await self._run(self._sync.replace, timetable, version, actor, change)

    async def published(self, week: dt.date) -> tuple[int, Timetable] | None:
        return await self._run(self._sync.published, week)

    async def version(self, week: dt.date, version: int) -> tuple[int, Timetable] | None:
        return await self._run(self._sync.version, week, version)

    async def latest(self, week: dt.date) -> tuple[int, Timetable, TimetableState] | None:
        return await self._run(self._sync.latest, week)

    async def published_weeks(self) -> list[dt.date]:
        return await self._run(self._sync.published_weeks)

    async def forced_turns(self) -> list[ForcedTurn]:
        return await self._run(self._sync.forced_turns)

    async def save_forced_turns(self, turns: list[ForcedTurn], actor: str) -> bool:
        return await self._run(self._sync.save_forced_turns, turns, actor)


class SqliteRunStore(_OnDbThread):
    """`RunStore` over the planner_runs table."""

    def __init__(self, thread: DatabaseThread) -> None:
        super().__init__(thread)
        self._sync = SqliteRuns(thread.db)

    async def create(self, run: PlannerRun) -> PlannerRun:
        return await self._run(self._sync.create, run)

    async def get(self, run_id: str) -> PlannerRun | None:
        return await self._run(self._sync.get, run_id)

    async def update(self, run_id: str, **fields: Any) -> None:
        await self._run(self._sync.update, run_id, **fields)

    async def add_progress(self, run_id: str, point: dict[str, Any]) -> None:
        await self._run(self._sync.add_progress, run_id, point)

    async def unfinished(self) -> list[PlannerRun]:
        return await self._run(self._sync.unfinished)

    async def of_week(self, week: dt.date) -> list[PlannerRun]:
        return await self._run(self._sync.of_week, week)


class SqliteSwapStore(_OnDbThread):
    """`SwapStore` over the swap_requests table."""

    def __init__(self, thread: DatabaseThread) -> None:
        super().__init__(thread)
        self._sync = SqliteSwaps(thread.db)

    async def save(self, request: SwapRequest, actor: str) -> SwapRequest:
        return await self._run(self._sync.save, request, actor)

    async def get(self, request_id: str) -> SwapRequest | None:
        return await self._run(self._sync.get, request_id)

    async def open_requests(self) -> list[SwapRequest]:
        return await self._run(self._sync.open_requests)


class SqliteTokenStore(_OnDbThread):
    """`TokenStore` over the tokens table."""

    def __init__(self, thread: DatabaseThread) -> None:
        super().__init__(thread)
        self._sync = SqliteTokens(thread.db)

    async def active(self, kind: str, person: str) -> str | None:
        return await self._run(self._sync.active, kind, person)

    async def person_of(self, kind: str, token: str) -> str | None:
        return await self._run(self._sync.person_of, kind, token)

    async def replace(self, kind: str, person: str, token: str, actor: str) -> None:
        await self._run(self._sync.replace, kind, person, token, actor)

    async def revoke(self, kind: str, person: str, actor: str) -> bool:
        return await self._run(self._sync.revoke, kind, person, actor)


class SqliteCallStore(_OnDbThread):
    """`CallStore` over the calls, call_annotations and call_categories tables."""

    def __init__(self, thread: DatabaseThread) -> None:
        super().__init__(thread)
        self._sync = SqliteCalls(thread.db)

    async def add(self, call: Call) -> bool:
        return await self._run(self._sync.add, call)

    async def get(self, call_id: str) -> Call | None:
        return await self._run(self._sync.get, call_id)

    async def recent(self, operator: str, limit: int = 20) -> list[Call]:
        return await self._run(self._sync.recent, operator, limit)

    async def set_candidates(self, call_id: str, candidates: list[Candidate]) -> None:
        await self._run(self._sync.set_candidates, call_id, candidates)

    async def annotate(self, call_id: str, annotation: Annotation) -> None:
        await self._run(self._sync.annotate, call_id, annotation)

    async def purge(self, before: dt.datetime) -> int:
        return await self._run(self._sync.purge, before)

    async def categories(self) -> list[Category]:
        return await self._run(self._sync.categories)

    async def replace_categories(self, categories: list[Category], actor: str) -> int:
        return await self._run(self._sync.replace_categories, categories, actor)


class SqliteJobStateStore(_OnDbThread):
    """`JobStateStore` over the job_runs and monitor_alerts tables."""

    def __init__(self, thread: DatabaseThread) -> None:
        super().__init__(thread)
        self._sync = SqliteJobState(thread.db)

    async def claim(self, job: str, occurrence: str) -> bool:
        return await self._run(self._sync.claim, job, occurrence)

    async def done(self, job: str, occurrence: str) -> bool:
        return await self._run(self._sync.done, job, occurrence)

    async def alerted(self) -> set[str]:
        return await self._run(self._sync.alerted)

    async def set_alerted(self, extensions: set[str]) -> None:
        await self._run(self._sync.set_alerted, extensions)
