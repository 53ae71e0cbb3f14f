"""Persons and their availability, in memory (same behaviour as the SQLite stores)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from tomatic.adapters.memory.records import InMemoryTokenStore
from tomatic.domain.model import BusyEntry, Holiday, Person

SHORT_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class InMemoryPersonStore:
    """`PersonStore` in a dict; copies in and out, like rows. Deleting a person also drops
    their private links from `tokens` (the token store of the same set of stores)."""

    def __init__(self, tokens: InMemoryTokenStore | None = None) -> None:
        self._persons: dict[str, Person] = {}
        self._tokens = tokens

    async def all(self) -> list[Person]:
        return [self._persons[key].model_copy(deep=True) for key in sorted(self._persons)]

    async def get(self, person_id: str) -> Person | None:
        found = self._persons.get(person_id)
        return found.model_copy(deep=True) if found else None

    async def by_slack_id(self, slack_user_id: str) -> Person | None:
        return self._first(lambda p: bool(slack_user_id) and p.slack_user_id == slack_user_id)

    async def by_email(self, email: str) -> Person | None:
        return self._first(lambda p: bool(email) and p.email.lower() == email.lower())

    async def by_extension(self, extension: str) -> Person | None:
        return self._first(lambda p: bool(extension) and p.extension == extension)

    async def save(self, person: Person, actor: str) -> None:
        stored = person.model_copy(deep=True, update={"groups": sorted(set(person.groups))})
        self._persons[person.id] = stored

    async def delete(self, person_id: str, actor: str) -> bool:
        if person_id not in self._persons:
            return False
        if self._tokens is not None:
            self._tokens.drop_person(person_id)
        del self._persons[person_id]
        return True

    def _first(self, matches: Callable[[Person], bool]) -> Person | None:
        found = [p for key, p in sorted(self._persons.items()) if matches(p)]
        return found[0].model_copy(deep=True) if found else None


class InMemoryBusyStore:
    """`BusyStore` in lists and dicts."""

    def __init__(self) -> None:
        self._entries: dict[str, BusyEntry] = {}
        self._holidays: dict[dt.date, str] = {}
        self._leaves: set[tuple[dt.date, str]] = set()
        self._credit: dict[str, float] = {}
        self._credit_as_of: dt.date | None = None

    async def for_person(self, person: str) -> list[BusyEntry]:
        mine = [e.model_copy() for e in self._entries.values() if e.person == person]
        return sorted(mine, key=lambda e: (e.date is not None, *_date_day_id(e)))

    async def all(self) -> list[BusyEntry]:
        entries = [e.model_copy() for e in self._entries.values()]
        return sorted(entries, key=lambda e: (e.person, *_date_day_id(e)))

    async def get(self, entry_id: str) -> BusyEntry | None:
        found = self._entries.get(entry_id)
        return found.model_copy() if found else None

    async def add(self, entry: BusyEntry, actor: str) -> BusyEntry:
        entry_id = entry.id or self._new_id()
        if entry_id in self._entries:
            raise ValueError(f"busy entry {entry_id!r} exists")
        stored = entry.model_copy(update={"id": entry_id})
        self._entries[entry_id] = stored
        return stored.model_copy()

    async def add_many(self, entries: list[BusyEntry], actor: str) -> int:
        added = 0
        for entry in entries:
            fields = entry.model_dump(exclude={"id"})
            if not any(e.model_dump(exclude={"id"}) == fields for e in self._entries.values()):
                await self.add(entry, actor)
                added += 1
        return added

    async def remove(self, entry_id: str, actor: str) -> BusyEntry | None:
        return self._entries.pop(entry_id, None)

    async def holidays(self) -> list[Holiday]:
        return [Holiday(date=day, name=name) for day, name in sorted(self._holidays.items())]

    async def save_holidays(self, holidays: list[Holiday], actor: str) -> int:
        changed = 0
        for holiday in holidays:
            if self._holidays.get(holiday.date) != holiday.name:
                self._holidays[holiday.date] = holiday.name
                changed += 1
        return changed

    async def leaves(self, week: dt.date) -> list[str]:
        return sorted(person for when, person in self._leaves if when == week)

    async def save_leaves(self, week: dt.date, persons: list[str], actor: str) -> int:
        fresh = {(week, person) for person in persons} - self._leaves
        self._leaves |= fresh
        return len(fresh)

    async def credit_baseline(self) -> tuple[dict[str, float], dt.date | None]:
        return dict(self._credit), self._credit_as_of if self._credit else None

    async def save_credit_baseline(
        self, credit: dict[str, float], as_of: dt.date | None, actor: str
    ) -> int:
        old, old_as_of = await self.credit_baseline()
        if old == credit and old_as_of == as_of:
            return 0
        self._credit, self._credit_as_of = dict(credit), as_of
        return len(set(old.items()) ^ set(credit.items())) or 1

    def _new_id(self) -> str:
        while True:
            candidate = "".join(secrets.choice(SHORT_ID_ALPHABET) for _ in range(4))
            if candidate not in self._entries:
                return candidate


def _date_day_id(entry: BusyEntry) -> tuple[tuple[bool, str], tuple[bool, str], str]:
    """Sort keys like SQL's `ORDER BY date, weekday, id` (NULLs first)."""
    date = entry.date.isoformat() if entry.date else ""
    return (
        (entry.date is not None, date),
        (entry.weekday is not None, entry.weekday or ""),
        entry.id,
    )
