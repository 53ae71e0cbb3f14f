"""Storage ports: what the services ask of the stores, whatever keeps the data.

Two implementations keep every one of them: SQLite (`tomatic/adapters/sqlite`, production)
and memory (`tomatic/adapters/memory`, tests and demos). `tests/contract/` runs one suite of
behaviours against both. `actor` arguments name who made a change, for the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from tomatic.domain.calls import Annotation, Call, Candidate, Category
from tomatic.domain.fairness import LedgerWeek
from tomatic.domain.model import BusyEntry, Holiday, Person
from tomatic.domain.runs import PlannerRun
from tomatic.domain.stats import QueueSample
from tomatic.domain.swaps import SwapRequest
from tomatic.domain.timetable import ForcedTurn, Timetable, TimetableState


class PersonStore(Protocol):
    """Person profiles with their groups."""

    async def all(self) -> list[Person]:
        """Every person, ordered by id."""

    async def get(self, person_id: str) -> Person | None:
        """One person by id."""

    async def by_slack_id(self, slack_user_id: str) -> Person | None:
        """The person bound to a Slack user id (None for an empty id)."""

    async def by_email(self, email: str) -> Person | None:
        """The person with that e-mail, case-insensitively (None for an empty e-mail)."""

    async def by_extension(self, extension: str) -> Person | None:
        """The person with that PBX extension (None for an empty extension)."""

    async def save(self, person: Person, actor: str) -> None:
        """Create or replace a person; groups are kept sorted and without repeats."""

    async def delete(self, person_id: str, actor: str) -> bool:
        """Remove a person and, in the same change, their tokens (private links); False
        when there was none."""


class BusyStore(Protocol):
    """Busy entries, and what else makes people unavailable: holidays, leaves, credit."""

    async def for_person(self, person: str) -> list[BusyEntry]:
        """A person's entries: weekly ones first (by weekday), then one-off ones by date."""

    async def all(self) -> list[BusyEntry]:
        """Every entry of everybody, by person."""

    async def get(self, entry_id: str) -> BusyEntry | None:
        """One entry by its short id."""

    async def add(self, entry: BusyEntry, actor: str) -> BusyEntry:
        """Store a new entry; returns it with its id (a new short one unless given)."""

    async def add_many(self, entries: list[BusyEntry], actor: str) -> int:
        """Store the entries not already stored with the same fields; how many were new."""

    async def remove(self, entry_id: str, actor: str) -> BusyEntry | None:
        """Delete an entry; returns what was removed (None: no such entry)."""

    async def holidays(self) -> list[Holiday]:
        """Every holiday, by date."""

    async def save_holidays(self, holidays: list[Holiday], actor: str) -> int:
        """Add or rename holidays; how many changed."""

    async def leaves(self, week: dt.date) -> list[str]:
        """The persons on leave the whole week of Monday `week`, sorted."""

    async def save_leaves(self, week: dt.date, persons: list[str], actor: str) -> int:
        """Add persons on leave for a week; how many were new."""

    async def credit_baseline(self) -> tuple[dict[str, float], dt.date | None]:
        """The imported shift credit and the week from which it counts."""

    async def save_credit_baseline(
        self, credit: dict[str, float], as_of: dt.date | None, actor: str
    ) -> int:
        """Replace the credit baseline; 0 when nothing changed."""


class TimetableStore(Protocol):
    """Every version of every week; at most one of them published per week."""

    async def save(self, timetable: Timetable, state: TimetableState, actor: str) -> int:
        """Store a new version of its week (published: the old published one is superseded);
        returns its version number, one more than the week's last."""

    async def publish(self, week: dt.date, version: int, actor: str) -> None:
        """Make a stored version the published one; the previous one becomes superseded."""

    async def discard(self, week: dt.date, version: int, actor: str) -> None:
        """Mark a draft as discarded (versions in other states are left alone)."""

    async def replace(
        self, timetable: Timetable, version: int, actor: str, change: dict[str, Any]
    ) -> None:
        """Overwrite one version in place (a cell edit); `change` goes to the audit log."""

    async def published(self, week: dt.date) -> tuple[int, Timetable] | None:
        """The published version of a week."""

    async def version(self, week: dt.date, version: int) -> tuple[int, Timetable] | None:
        """One version of a week."""

    async def latest(self, week: dt.date) -> tuple[int, Timetable, TimetableState] | None:
        """The newest version of a week, with its state."""

    async def published_weeks(self) -> list[dt.date]:
        """The weeks with a published version, oldest first."""


class ForcedTurnStore(Protocol):
    """The fixed-turns template the planner tries to honour."""

    async def forced_turns(self) -> list[ForcedTurn]:
        """Every (day, hour, line, person), sorted."""

    async def save_forced_turns(self, turns: list[ForcedTurn], actor: str) -> bool:
        """Replace the template; False when it is the same."""


class RunStore(Protocol):
    """Planner runs: parameters, state, progress and result."""

    async def create(self, run: PlannerRun) -> PlannerRun:
        """Store a new run; returns it with its creation time."""

    async def get(self, run_id: str) -> PlannerRun | None:
        """One run."""

    async def update(self, run_id: str, **fields: Any) -> None:
        """Change fields of a run; `running` sets the start time, an end state the end time."""

    async def add_progress(self, run_id: str, point: dict[str, Any]) -> None:
        """Append one improving solution to a run's progress."""

    async def unfinished(self) -> list[PlannerRun]:
        """The runs still queued or running, oldest first."""

    async def of_week(self, week: dt.date) -> list[PlannerRun]:
        """Every run of a week, newest first."""


class SwapStore(Protocol):
    """Requests to swap a turn."""

    async def save(self, request: SwapRequest, actor: str) -> SwapRequest:
        """Insert or replace a request."""

    async def get(self, request_id: str) -> SwapRequest | None:
        """One request."""

    async def open_requests(self) -> list[SwapRequest]:
        """Requests pending approval or waiting for a taker, soonest turn first."""


class TokenStore(Protocol):
    """Secret per-person tokens: at most one live token per kind and person."""

    async def active(self, kind: str, person: str) -> str | None:
        """The person's live token of that kind."""

    async def person_of(self, kind: str, token: str) -> str | None:
        """Whose live token this is (None: unknown or revoked)."""

    async def replace(self, kind: str, person: str, token: str, actor: str) -> None:
        """Revoke the person's live token of that kind and store `token` as the new one."""

    async def revoke(self, kind: str, person: str, actor: str) -> bool:
        """Revoke the person's live token of that kind; False when there was none."""


class CallStore(Protocol):
    """Incoming calls, their annotations and the annotation categories."""

    async def add(self, call: Call) -> bool:
        """Record a new call; False (nothing changed) when its call id is known."""

    async def get(self, call_id: str) -> Call | None:
        """One call with its annotation."""

    async def recent(self, operator: str, limit: int = 20) -> list[Call]:
        """An operator's latest calls, newest first."""

    async def set_candidates(self, call_id: str, candidates: list[Candidate]) -> None:
        """Remember whom the call's customer search found."""

    async def annotate(self, call_id: str, annotation: Annotation) -> None:
        """Store (or replace) the annotation of a recorded call."""

    async def purge(self, before: dt.datetime) -> int:
        """Delete the calls made before `before`, their annotations and the audit of them;
        how many calls were deleted."""

    async def categories(self) -> list[Category]:
        """The stored categories in their order (empty when none were imported)."""

    async def replace_categories(self, categories: list[Category], actor: str) -> int:
        """Replace every category; how many there are now."""


class JobStateStore(Protocol):
    """What the automated jobs remember across restarts."""

    async def claim(self, job: str, occurrence: str) -> bool:
        """Record an occurrence of a job as done; False when it already was."""

    async def done(self, job: str, occurrence: str) -> bool:
        """Whether an occurrence of a job was done."""

    async def alerted(self) -> set[str]:
        """The extensions alerted as disconnected and not reconnected since."""

    async def set_alerted(self, extensions: set[str]) -> None:
        """Make `extensions` the alerted set."""


class QueueSampleStore(Protocol):
    """Samples of the PBX's queue counters, from which call statistics are computed."""

    async def add(self, sample: QueueSample) -> None:
        """Keep one sample."""

    async def between(self, start: dt.datetime, end: dt.datetime) -> list[QueueSample]:
        """The samples taken at `start` or later and before `end`, oldest first."""

    async def latest(self) -> QueueSample | None:
        """The most recent sample, if any."""


class DiscomfortStore(Protocol):
    """The fairness ledger: each published week's discomfort per person."""

    async def weeks(self, first: dt.date, last: dt.date) -> list[LedgerWeek]:
        """The recorded weeks from Monday `first` to Monday `last` (both in), oldest first."""

    async def record(self, entry: LedgerWeek, actor: str) -> None:
        """Store a week's entry, replacing whatever that week had."""


@dataclass(frozen=True)
class Stores:
    """One implementation of every store, as the composition root hands them out."""

    persons: PersonStore
    busy: BusyStore
    timetables: TimetableStore
    forced: ForcedTurnStore
    runs: RunStore
    swaps: SwapStore
    tokens: TokenStore
    calls: CallStore
    jobs: JobStateStore
    samples: QueueSampleStore
    discomfort: DiscomfortStore
