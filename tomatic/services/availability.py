"""Busy entries: listing, adding and removing, with ownership and privacy rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tomatic.domain.availability import parse_optional, parse_turns
from tomatic.domain.config import PlanningConfig
from tomatic.domain.dates import is_every_day, read_day
from tomatic.domain.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from tomatic.domain.fields import FieldErrors
from tomatic.domain.model import WEEKDAYS, BusyEntry, Person
from tomatic.ports import BusyStore, PersonStore
from tomatic.services.identity import IdentityService

MAX_REASON = 200
ONE_DATE = "date"
"""The day choice of the busy form that means "the date picked below"."""


def calendar_order(entry: BusyEntry) -> tuple[bool, dt.date, int, int, str]:
    """Weekly entries first, Monday to Friday (every day before them), then one-off ones by
    date; within a day by their first turn."""
    day = -1 if entry.weekday not in WEEKDAYS else WEEKDAYS.index(entry.weekday)
    first = entry.turns.find("1")
    return (not entry.is_weekly, entry.date or dt.date.min, day, first, entry.id)


@dataclass(frozen=True)
class BusyListing:
    """A person's entries as one viewer may see them.

    When `reasons_visible` is False (an operator looking at someone else's entries) every
    reason is blank: what the entries are about stays between their owner and coordinators.
    """

    subject: Person
    entries: list[BusyEntry]
    reasons_visible: bool
    can_edit: bool


@dataclass(frozen=True)
class BusyForm:
    """What the busy form sends, unchecked: `day` is "all", a weekday code or ONE_DATE,
    `date` an ISO date (or ""), `turns` 0-based turn indices as text."""

    day: str
    date: str
    turns: list[str]
    optional: bool
    reason: str


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
        """A person's entries, one-off ones in the past left out (their own view)."""
        today = self.today()
        entries = await self.busy.for_person(person.id)
        return sorted((e for e in entries if e.date is None or e.date >= today), key=calendar_order)

    async def listing(self, viewer: Person, subject: Person) -> BusyListing:
        """`subject`'s entries as `viewer` may see them: reasons only for their owner and
        coordinators, and editable by the same people."""
        allowed = viewer.may_act_for(subject.id)
        entries = await self.entries(subject)
        if not allowed:
            entries = [e.model_copy(update={"reason": ""}) for e in entries]
        return BusyListing(subject, entries, reasons_visible=allowed, can_edit=allowed)

    async def add(self, actor: Person, subject: Person, entry: BusyEntry) -> BusyEntry:
        """Store a validated entry for `subject` (not a repeat of one they have)."""
        self.identity.require_self_or_admin(actor, subject, "busy.refused_other")
        entry = entry.model_copy(update={"person": subject.id, "reason": entry.reason.strip()})
        errors = FieldErrors()
        self._check(entry, errors)
        errors.raise_if_any()
        await self._refuse_repeat(entry)
        return await self.busy.add(entry, actor.id)

    async def add_from_form(self, actor: Person, subject: Person, form: BusyForm) -> BusyEntry:
        """The busy form's values, every field checked at once (InvalidFieldsError)."""
        self.identity.require_self_or_admin(actor, subject, "busy.refused_other")
        errors = FieldErrors()
        weekday, date = self._form_day(form, errors)
        turns = errors.check("turns", lambda: self._form_turns(form.turns))
        entry = BusyEntry(
            person=subject.id,
            weekday=weekday,
            date=date,
            turns=turns or "1" * self.config.turns,
            optional=form.optional,
            reason=form.reason.strip(),
        )
        self._check(entry, errors)
        errors.raise_if_any()
        await self._refuse_repeat(entry)
        return await self.busy.add(entry, actor.id)

    async def add_from_words(self, actor: Person, subject: Person, words: list[str]) -> BusyEntry:
        """`<day> <turns> <optional|required> <reason…>` as typed in Slack; the day as every
        command reads days (`dt`, `dimecres`, `next wed`, `2026-12-09`…) or `all`."""
        if len(words) < 4:
            raise ValidationError("busy.usage")
        weekday, date, used = self._typed_day(words)
        rest = words[used:]
        if len(rest) < 3:
            raise ValidationError("busy.usage")
        entry = BusyEntry(
            person=subject.id,
            weekday=weekday,
            date=date,
            turns=parse_turns(rest[0], self.config.turns),
            optional=parse_optional(rest[1]),
            reason=" ".join(rest[2:]),
        )
        return await self.add(actor, subject, entry)

    async def remove(self, actor: Person, entry_id: str) -> BusyEntry:
        """Delete an entry by its short id, if the actor may."""
        entry = await self.busy.get(entry_id.strip().lower())
        if entry is None:
            raise NotFoundError("busy.unknown", id=entry_id[:12])
        if not actor.may_act_for(entry.person):
            raise PermissionDeniedError("busy.refused_remove")
        removed = await self.busy.remove(entry.id, actor.id)
        if removed is None:
            raise NotFoundError("busy.unknown", id=entry_id[:12])
        return removed

    def _typed_day(self, words: list[str]) -> tuple[str | None, dt.date | None, int]:
        """(weekday, date, words used): a bare weekday repeats every week; `next wed`,
        `today` or a date is that one day."""
        if is_every_day(words[0]):
            return None, None, 1
        day, used = read_day(words, self.today())
        if day.date is None and day.week_shift is None:
            return day.weekday, None, used
        return None, day.next_from(self.today()), used

    def _form_day(self, form: BusyForm, errors: FieldErrors) -> tuple[str | None, dt.date | None]:
        if form.day == ONE_DATE:
            if not form.date:
                errors.add("date", ValidationError("busy.need_date"))
                return None, None
            try:
                return None, dt.date.fromisoformat(form.date)
            except ValueError:
                errors.add("date", ValidationError("busy.bad_date", value=form.date[:12]))
                return None, None
        if form.day != "all" and form.day not in WEEKDAYS:
            errors.add("day", ValidationError("busy.bad_form_day"))
        return (form.day if form.day in WEEKDAYS else None), None

    def _form_turns(self, picked: list[str]) -> str:
        count = self.config.turns
        if not picked:
            raise ValidationError("busy.no_turns", value="")
        if not all(p.isascii() and p.isdigit() and int(p) < count for p in picked):
            raise ValidationError("busy.no_turns", value=",".join(picked)[:20])
        indices = {int(p) for p in picked}
        return "".join("1" if i in indices else "0" for i in range(count))

    def _check(self, entry: BusyEntry, errors: FieldErrors) -> None:
        """Record what is wrong with an entry, field by field."""
        if not entry.reason:
            errors.add("reason", ValidationError("busy.no_reason"))
        elif len(entry.reason) > MAX_REASON:
            errors.add("reason", ValidationError("busy.long_reason", max=MAX_REASON))
        if len(entry.turns) != self.config.turns or "1" not in entry.turns:
            errors.add("turns", ValidationError("busy.no_turns", value=entry.turns))
        if entry.date is not None and entry.date.weekday() > 4:
            errors.add("date", ValidationError("busy.weekend_date", value=entry.date.isoformat()))
        elif entry.date is not None and entry.date < self.today():
            errors.add("date", ValidationError("busy.past_date", value=entry.date.isoformat()))
        if entry.date is not None and entry.weekday is not None:
            errors.add("day", ValidationError("busy.day_and_date"))

    async def _refuse_repeat(self, entry: BusyEntry) -> None:
        """An entry on the same day and turns as one the person has is a repeat."""
        for other in await self.busy.for_person(entry.person):
            same_day = (other.weekday, other.date) == (entry.weekday, entry.date)
            if same_day and other.turns == entry.turns and other.kind == entry.kind:
                raise ConflictError("busy.duplicate", id=other.id)
