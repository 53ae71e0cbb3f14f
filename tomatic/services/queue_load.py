"""Loading a turn into the queue: who could not be loaded and why, and telling coordinators."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from tomatic.domain.errors import TomaticError
from tomatic.domain.model import Person
from tomatic.domain.queue import MemberRefusal
from tomatic.ports import Notifier, PersonStore

MISSING_KIND = "queue.missing"
"""The message kind of the notice about members who could not be loaded."""
LOAD_FAILED = "turn-load-failed"
"""The job-state name of a turn whose load the PBX failed (coordinators told, to try again)."""


class Missing(BaseModel):
    """Someone who should be in the queue and is not: `key` names the catalogue sentence
    saying why, which `params` fill in."""

    person: str = ""
    name: str
    extension: str = ""
    key: str
    params: dict[str, str] = {}


def unresolved(item: Person | str, error: TomaticError) -> Missing:
    """Someone of the turn who could not even be sent to the PBX (unknown, no extension)."""
    person = item if isinstance(item, Person) else None
    return Missing(
        person=person.id if person else str(item),
        name=person.display_name if person else str(item),
        extension=person.extension if person else "",
        key=error.key,
        params={key: str(value) for key, value in error.params.items()},
    )


def refused_member(refusal: MemberRefusal, person: str, name: str) -> Missing:
    """A member the PBX refused, named as the team knows them."""
    return Missing(
        person=person,
        name=name,
        extension=refusal.extension,
        key=refusal.key,
        params=refusal.params,
    )


def missing_payload(missing: list[Missing], **context: str) -> dict[str, Any]:
    """The notice's data: who is missing and why, and where (`label`, `date`...)."""
    return {**context, "missing": [item.model_dump() for item in missing]}


async def tell_coordinators(
    persons: PersonStore, notifier: Notifier, kind: str, payload: dict[str, Any]
) -> int:
    """DM every coordinator (each in their language); when none can be reached, post to the
    team channel instead. Returns how many messages went out."""
    sent = 0
    for person in await persons.all():
        if person.is_admin and await notifier.to_person(person, kind, payload):
            sent += 1
    if not sent and await notifier.to_channel(kind, payload):
        sent = 1
    return sent
