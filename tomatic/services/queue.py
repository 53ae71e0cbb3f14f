"""The live PBX queue: who is taking calls right now, and changing that."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from pydantic import BaseModel

from tomatic.domain.errors import (
    NotFoundError,
    PbxUnreachableError,
    PermissionDeniedError,
    ValidationError,
)
from tomatic.domain.model import Person
from tomatic.domain.names import pbx_name
from tomatic.domain.queue import MemberState, QueueMember
from tomatic.ports import PbxQueue, PersonStore
from tomatic.services.identity import IdentityService
from tomatic.services.queue_load import Missing, refused_member, unresolved

EXTENSION_TOKEN = re.compile(r"^[0-9]{1,10}$")
DEFAULT_DEADLINE = 4.5  # seconds: a Slack user must hear back within 5 s, even when the PBX hangs
LOAD_DEADLINE = 90.0
"""Seconds a whole turn load or clear may take: one PBX command per member (two when a member
changes line), each bounded by the adapter, so 40 lines take longer than one person's change."""

T = TypeVar("T")


class BoardEntry(BaseModel):
    """One queue member as people see it: the PBX state joined with our persons."""

    person: str = ""
    name: str
    extension: str
    state: MemberState
    paused: bool = False
    reason: str = ""
    calls: int = 0
    seconds_since_last: int | None = None

    @property
    def disconnected(self) -> bool:
        """True when the PBX cannot reach the member's phone."""
        return self.state == MemberState.UNAVAILABLE


class Subject(BaseModel):
    """Who a queue change is about: an extension, and the person owning it if known."""

    extension: str
    name: str
    person: Person | None = None


class QueueChange(BaseModel):
    """The outcome of a change: whom it was about, and the board afterwards."""

    subject: Subject
    board: list[BoardEntry]


class QueueLoad(BaseModel):
    """The outcome of loading a turn: the board afterwards, and who could not be loaded."""

    board: list[BoardEntry]
    missing: list[Missing] = []


class QueueService:
    """Use cases on the live queue.

    Anyone may pause, resume, add or remove themselves; coordinators may do it for
    anyone. `actor=None` means the command line, which is trusted. An extension typed
    by someone must be a person's (or, to pause, resume or remove, a member of the queue);
    a phone of nobody is added only when asked for explicitly (`any_extension`), by a
    coordinator or the command line. Every change returns a `QueueChange` with the new
    board. The PBX gets each name in its safe form (`pbx_name`). PBX failures propagate as
    `PbxError` subclasses; an operation taking longer than `deadline` seconds (loading or
    clearing the whole queue: `load_deadline`) fails with `PbxUnreachableError`.
    """

    def __init__(
        self,
        pbx: PbxQueue,
        persons: PersonStore,
        identity: IdentityService,
        *,
        deadline: float = DEFAULT_DEADLINE,
        load_deadline: float = LOAD_DEADLINE,
    ) -> None:
        self.pbx = pbx
        self.persons = persons
        self.identity = identity
        self.deadline = deadline
        self.load_deadline = load_deadline

    async def board(self) -> list[BoardEntry]:
        """The members in line order, with person ids and display names where known."""
        return await self._bounded(self._board)

    async def pause(
        self, actor: Person | None, target: str | None, reason: str = ""
    ) -> QueueChange:
        """Pause `target` (default: the actor) with an optional reason; returns the change."""

        async def go() -> QueueChange:
            subject = await self.subject(actor, target, "pause")
            await self.pbx.pause(subject.extension, reason.strip())
            return QueueChange(subject=subject, board=await self._board())

        return await self._bounded(go)

    async def resume(self, actor: Person | None, target: str | None) -> QueueChange:
        """Unpause `target` (default: the actor); returns the change."""

        async def go() -> QueueChange:
            subject = await self.subject(actor, target, "resume")
            await self.pbx.resume(subject.extension)
            return QueueChange(subject=subject, board=await self._board())

        return await self._bounded(go)

    async def add(
        self, actor: Person | None, target: str | None, *, any_extension: bool = False
    ) -> QueueChange:
        """Put `target` (default: the actor) at the end of the queue; returns the change.

        With `any_extension`, `target` is an extension added even if it is nobody's
        (coordinators and the command line only)."""

        async def go() -> QueueChange:
            if any_extension:
                subject = self._any_extension(actor, target)
            else:
                subject = await self.subject(actor, target, "add")
            await self.pbx.add(subject.extension, pbx_name(subject.name))
            return QueueChange(subject=subject, board=await self._board())

        return await self._bounded(go)

    async def remove(self, actor: Person | None, target: str | None) -> QueueChange:
        """Take `target` (default: the actor) out of the queue; returns the change."""

        async def go() -> QueueChange:
            subject = await self.subject(actor, target, "remove")
            await self.pbx.remove(subject.extension)
            return QueueChange(subject=subject, board=await self._board())

        return await self._bounded(go)

    async def load(
        self, persons_in_line_order: Iterable[Person | str], *, strict: bool = False
    ) -> QueueLoad:
        """Make exactly these persons the queue, in line order, keeping pauses of those who stay.

        Items are persons, person ids or extensions of persons. Whoever cannot be loaded
        (unknown, without an extension, or refused by the PBX) is left out and reported in
        `missing`; the others are loaded all the same. With `strict`, unknown items and
        persons without an extension raise instead, before the PBX is touched.
        """

        async def go() -> QueueLoad:
            members, missing = await self._members(persons_in_line_order, strict)
            refused = await self.pbx.set_members(
                [(ext, pbx_name(name)) for ext, name, _ in members]
            )
            owners = {ext: (person, name) for ext, name, person in members}
            missing += [
                refused_member(refusal, *owners.get(refusal.extension, ("", refusal.name)))
                for refusal in refused
            ]
            return QueueLoad(board=await self._board(), missing=missing)

        return await self._bounded(go, self.load_deadline)

    async def clear(self) -> None:
        """Remove every member of the queue."""
        await self._bounded(self.pbx.clear, self.load_deadline)

    async def subject(
        self, actor: Person | None, target: str | None, action: str = "change"
    ) -> Subject:
        """Resolve `target` (mention, Slack id, person id or extension; default the actor)
        and check that the actor may `action` it (`pause`, `resume`, `add`, `remove`)."""
        subject = await self._resolve(actor, target, in_queue_ok=action != "add")
        owner = subject.person.id if subject.person else None
        if actor is not None and not actor.may_act_for(owner):
            raise PermissionDeniedError(f"queue.denied.{action}")
        return subject

    def _any_extension(self, actor: Person | None, target: str | None) -> Subject:
        if actor is not None and not actor.is_admin:
            raise PermissionDeniedError("queue.denied.any_extension")
        token = (target or "").strip()
        if not EXTENSION_TOKEN.match(token):
            raise ValidationError("queue.bad_extension", value=token)
        return Subject(extension=token, name=token)

    async def _resolve(
        self, actor: Person | None, target: str | None, in_queue_ok: bool
    ) -> Subject:
        token = (target or "").strip()
        if not token:
            if actor is None:
                raise ValidationError("queue.target_required")
            return _subject_of(actor)
        if not EXTENSION_TOKEN.match(token):
            return _subject_of(await self._person(actor, token))
        owner = await self.persons.by_extension(token)
        if owner is not None:
            return Subject(extension=token, name=owner.display_name, person=owner)
        if in_queue_ok and token in {m.extension for m in await self.pbx.status()}:
            return Subject(extension=token, name=token)
        raise NotFoundError("queue.unknown_extension", extension=token)

    async def _person(self, actor: Person | None, token: str) -> Person:
        if actor is not None:
            return await self.identity.target(token, actor)
        person = await self.persons.get(token.lower().lstrip("@"))
        if person is None:
            raise NotFoundError("person.unknown", who=token)
        return person

    async def _members(
        self, items: Iterable[Person | str], strict: bool
    ) -> tuple[list[tuple[str, str, str]], list[Missing]]:
        members: list[tuple[str, str, str]] = []
        missing: list[Missing] = []
        for item in items:
            token = item if isinstance(item, str) else item.id
            try:
                subject = await self._resolve(None, token, in_queue_ok=False)
            except (NotFoundError, ValidationError) as error:
                if strict:
                    raise
                missing.append(unresolved(item, error))
                continue
            if subject.extension not in {ext for ext, _, _ in members}:
                person = subject.person.id if subject.person else ""
                members.append((subject.extension, subject.name, person))
        return members, missing

    async def _board(self) -> list[BoardEntry]:
        members = await self.pbx.status()
        by_extension = {p.extension: p for p in await self.persons.all() if p.extension}
        return [_entry(member, by_extension.get(member.extension)) for member in members]

    async def _bounded(
        self, operation: Callable[[], Awaitable[T]], seconds: float | None = None
    ) -> T:
        seconds = self.deadline if seconds is None else seconds
        try:
            async with asyncio.timeout(seconds):
                return await operation()
        except TimeoutError as exc:
            raise PbxUnreachableError("queue.timeout", seconds=seconds) from exc


def _subject_of(person: Person) -> Subject:
    if not person.extension:
        raise ValidationError("queue.no_extension", name=person.display_name, who=person.id)
    return Subject(extension=person.extension, name=person.display_name, person=person)


def _entry(member: QueueMember, person: Person | None) -> BoardEntry:
    return BoardEntry(
        person=person.id if person else member.person,
        name=person.display_name if person else (member.name or member.extension),
        extension=member.extension,
        state=member.state,
        paused=member.paused,
        reason=member.pause_reason,
        calls=member.calls_taken,
        seconds_since_last=member.seconds_since_last_call,
    )
