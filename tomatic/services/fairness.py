"""The fairness ledger: measured on published weeks, fed to the planner, shown to coordinators.

Each published week's entry is its discomfort per person, measured by the planner's
`discomfort_of` (injected by the composition root: services never load the solver). An entry
remembers the version and a fingerprint of the cells it was measured on, so a week whose
published timetable changed since (a new version, a cell edit, a swap) is measured again
before it is used: the ledger is right whenever the planner or a coordinator reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import structlog

from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import TomaticError, ValidationError
from tomatic.domain.fairness import (
    MAX_WEEKS,
    FairnessReport,
    LedgerWeek,
    fingerprint,
    ledger_rows,
    totals,
    weeks_before,
)
from tomatic.domain.model import Person, monday_of
from tomatic.domain.timetable import Grid, Timetable
from tomatic.planner.instance import DEFAULT_WEIGHTS, Problem
from tomatic.ports import DiscomfortStore, PersonStore, TimetableStore
from tomatic.services.identity import IdentityService
from tomatic.services.timetable_types import VersionEvent
from tomatic.services.week_problems import WeekProblems

log = structlog.get_logger("tomatic.fairness")
Measure = Callable[[Problem, Grid], dict[str, int]]
"""A week's discomfort per person in a timetable of its problem (the planner's)."""
LEDGER_ACTOR = "tomatic"


class FairnessService:
    """Keeps the ledger in step with the published weeks and reads it back."""

    def __init__(
        self,
        problems: WeekProblems,
        timetables: TimetableStore,
        ledger: DiscomfortStore,
        persons: PersonStore,
        identity: IdentityService,
        measure: Measure,
        config: PlanningConfig,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.problems = problems
        self.timetables = timetables
        self.ledger = ledger
        self.persons = persons
        self.identity = identity
        self.measure = measure
        self.config = config
        self.now = now

    @property
    def enabled(self) -> bool:
        """Whether the planner weighs the ledger (`weights.fairness` above 0)."""
        return self.config.weights.get("fairness", DEFAULT_WEIGHTS["fairness"]) > 0

    async def history(self, week: dt.date, persons: list[str]) -> dict[str, int]:
        """What `persons` carried over the configured weeks before `week`. People never
        measured in those weeks are left out (the planner counts them as the mean)."""
        entries = await self.sync(weeks_before(week, self.config.fairness_weeks))
        wanted = set(persons)
        return {person: points for person, points in totals(entries).items() if person in wanted}

    async def record(self, week: dt.date) -> LedgerWeek | None:
        """Measure a week's published timetable now (after it is published or changed)."""
        found = await self.sync([week])
        return found[0] if found else None

    async def sync(self, weeks: list[dt.date]) -> list[LedgerWeek]:
        """The entries of the published weeks among `weeks` (oldest first), measured again
        where the published timetable is not the one they were measured on."""
        if not weeks:
            return []
        stored = {e.week: e for e in await self.ledger.weeks(min(weeks), max(weeks))}
        found = []
        for week in sorted(weeks):
            published = await self.timetables.published(week)
            if published is None:
                continue
            entry = stored.get(week)
            version, table = published
            if entry is None or (entry.version, entry.fingerprint) != (version, fingerprint(table)):
                entry = await self._measure(version, table)
            if entry is not None:
                found.append(entry)
        return found

    async def on_version(self, event: VersionEvent) -> None:
        """`TimetableService` listener: a week just published is measured at once."""
        if event.what == "published":
            await self.record(event.week)

    async def report(self, actor: Person, weeks: int | None = None) -> FairnessReport:
        """Each person's discomfort over the last `weeks` weeks up to this one (coordinators)."""
        self.identity.require_admin(actor, "fairness.refused")
        count = self.config.fairness_weeks if weeks is None else weeks
        if not 1 <= count <= MAX_WEEKS:
            raise ValidationError("fairness.bad_weeks", value=count, max=MAX_WEEKS)
        span = weeks_before(monday_of(self.now().date()) + dt.timedelta(days=7), count)
        entries = await self.sync(span)
        names = {p.id: p.display_name for p in await self.persons.all()}
        rows = ledger_rows(span, entries, names)
        return FairnessReport(span, len(entries), rows, self.enabled)

    async def _measure(self, version: int, table: Timetable) -> LedgerWeek | None:
        try:
            problem = await self.problems.problem_for(table)
        except TomaticError as error:  # e.g. nobody has an ideal load any more
            log.warning("week not measured", week=str(table.week), reason=error.key)
            return None
        points = self.measure(problem, table.grid(problem.days))
        entry = LedgerWeek(
            week=table.week, version=version, fingerprint=fingerprint(table), points=points
        )
        await self.ledger.record(entry, LEDGER_ACTOR)
        return entry
