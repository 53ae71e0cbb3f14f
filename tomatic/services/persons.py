"""Managing the team: profiles, groups and ideal loads."""

from __future__ import annotations

import re
from typing import Any

from tomatic.domain.errors import ConflictError, NotFoundError, ValidationError
from tomatic.domain.model import COLOR_RE, EXTENSION_RE, PERSON_ID_RE, Person
from tomatic.ports import PersonStore
from tomatic.services.identity import IdentityService
from tomatic.services.linking import LinkService

ADMIN_ONLY_FIELDS = {"ideal_load", "groups"}
EDITABLE_FIELDS = {"name", "email", "extension", "table", "color", "erp_user"} | ADMIN_ONLY_FIELDS
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GROUP_RE = re.compile(r"^[a-z0-9_-]{2,20}$")


class PersonService:
    """Use cases on person profiles, with the permission rules enforced here."""

    def __init__(
        self, persons: PersonStore, identity: IdentityService, linking: LinkService
    ) -> None:
        self.persons = persons
        self.identity = identity
        self.linking = linking

    async def list(self) -> list[Person]:
        """The whole team."""
        return await self.persons.all()

    async def get(self, person_id: str) -> Person:
        """One person, or NotFoundError."""
        person = await self.persons.get(person_id)
        if person is None:
            raise NotFoundError("person.unknown", who=person_id)
        return person

    async def create(self, actor: Person | None, person_id: str, fields: dict[str, Any]) -> Person:
        """Add a person (coordinators only; `actor` None means the command line)."""
        if actor is not None:
            self.identity.require_admin(actor)
        if not PERSON_ID_RE.match(person_id):
            raise ValidationError("person.bad_id", value=person_id)
        if await self.persons.get(person_id) is not None:
            raise ConflictError("person.exists", who=person_id)
        person = await self._validated(Person(id=person_id), fields)
        await self.persons.save(person, actor.id if actor else "cli")
        return await self._linked(person)

    async def update(self, actor: Person, person_id: str, fields: dict[str, Any]) -> Person:
        """Change some fields of a profile; only coordinators edit others, groups or loads."""
        subject = await self.get(person_id)
        self.identity.require_self_or_admin(actor, subject)
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError("person.bad_field", field=sorted(unknown)[0])
        changing_admin_fields = {
            f for f in ADMIN_ONLY_FIELDS & set(fields) if fields[f] != getattr(subject, f)
        }
        if changing_admin_fields:
            self.identity.require_admin(actor)
        person = await self._validated(subject, fields)
        await self.persons.save(person, actor.id)
        if person.email.lower() != subject.email.lower():
            return await self._linked(person)
        return person

    async def remove(self, actor: Person, person_id: str) -> Person:
        """Delete a person (coordinators only; never yourself)."""
        self.identity.require_admin(actor)
        subject = await self.get(person_id)
        if subject.id == actor.id:
            raise ValidationError("person.remove_self")
        await self.persons.delete(person_id, actor.id)
        return subject

    async def _linked(self, person: Person) -> Person:
        """Reachable on Slack at once when the e-mail is known there (else at the next sync)."""
        if not person.email:
            return person
        return await self.linking.link_quietly(person)

    async def _validated(self, base: Person, fields: dict[str, Any]) -> Person:
        values = {k: _clean(v) for k, v in fields.items()}
        _check_formats(values)
        extension = values.get("extension")
        if extension:
            other = await self.persons.by_extension(extension)
            if other is not None and other.id != base.id:
                raise ConflictError("person.extension_taken", extension=extension, who=other.id)
        email = values.get("email")
        if email:
            other = await self.persons.by_email(email)
            if other is not None and other.id != base.id:
                raise ConflictError("person.email_taken", email=email, who=other.id)
        return base.model_copy(update=values)


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _check_formats(values: dict[str, Any]) -> None:
    if values.get("color"):
        values["color"] = str(values["color"]).lstrip("#").lower()
    checks = {
        "email": (EMAIL_RE, "person.bad_email"),
        "extension": (EXTENSION_RE, "person.bad_extension"),
        "color": (COLOR_RE, "person.bad_color"),
    }
    for field, (pattern, key) in checks.items():
        value = values.get(field)
        if value and not pattern.match(str(value)):
            raise ValidationError(key, value=value)
    load = values.get("ideal_load")
    if load is not None and (not isinstance(load, int) or not 0 <= load <= 40):
        raise ValidationError("person.bad_load", value=load)
    for group in values.get("groups") or []:
        if not GROUP_RE.match(group):
            raise ValidationError("person.bad_group", value=group)
    table = values.get("table")
    if table is not None and (not isinstance(table, int) or table < -1):
        raise ValidationError("person.bad_table", value=table)
