"""Busy entries: listing, adding and removing, with ownership rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tomatic.domain.availability import parse_day, parse_optional, parse_turns
from tomatic.domain.config import PlanningConfig
from tomatic.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from tomatic.domain.model import BusyEntry, Person
from tomatic.ports import BusyStore, PersonStore
from tomatic.services.identity import IdentityService

MAX_REASON = 200


class AvailabilityService:
    """Use cases on busy entries; people edit their own, coordinators anyone's."""

    def __init__(
        self,
        busy: BusyStore,
        persons: PersonStore,
        identity: IdentityService,
        config: PlanningConfig,
        today: Callable[[], dt.date],
    ) -> None:
        self.busy = busy
        self.persons = persons
        self.identity = identity
        self.config = config
        self.today = today

    async def entries(self, person: Person) -> list[BusyEntry]:
        """A person's entries, one-off ones in the past left out."""
        today = self.today()
        entries = await self.busy.for_person(person.id)
        return [e for e in entries if e.date is None or e.date >= today]

    async def add(self, actor: Person, subject: Person, entry: BusyEntry) -> BusyEntry:
        """Store a validated entry for `subject`."""
        self.identity.require_self_or_admin(actor, subject)
        self._validate(entry)
        return await self.busy.add(entry.model_copy(update={"person": subject.id}), actor.id)

    async def add_from_words(self, actor: Person, subject: Person, words: list[str]) -> BusyEntry:
        """`<day> <turns> <optional|required> <reason…>` as typed in Slack."""
        if len(words) < 4:
            raise ValidationError("busy.usage")
        weekday, date = parse_day(words[0])
        turns = parse_turns(words[1], self.config.turns)
        optional = parse_optional(words[2])
        entry = BusyEntry(
            person=subject.id,
            weekday=weekday,
            date=date,
            turns=turns,
            optional=optional,
            reason=" ".join(words[3:]),
        )
        return await self.add(actor, subject, entry)

    async def remove(self, actor: Person, entry_id: str) -> BusyEntry:
        """Delete an entry by its short id, if the actor may."""
        entry = await self.busy.get(entry_id.strip().lower())
        if entry is None:
            raise NotFoundError("busy.unknown", id=entry_id)
        owner = await self.persons.get(entry.person)
        if not actor.may_act_for(owner.id if owner else None):
            raise PermissionDeniedError()
        removed = await self.busy.remove(entry.id, actor.id)
        if removed is None:
            raise NotFoundError("busy.unknown", id=entry_id)
        return removed

    def _validate(self, entry: BusyEntry) -> None:
        reason = entry.reason.strip()
        if not reason:
            raise ValidationError("busy.no_reason")
        if len(reason) > MAX_REASON:
            raise ValidationError("busy.long_reason", max=MAX_REASON)
        if len(entry.turns) != self.config.turns or "1" not in entry.turns:
            raise ValidationError("busy.no_turns", value=entry.turns)
        if entry.date is not None and entry.date < self.today():
            raise ValidationError("busy.past_date", value=entry.date.isoformat())
        if entry.date is not None and entry.weekday is not None:
            raise ValidationError("busy.day_and_date")
