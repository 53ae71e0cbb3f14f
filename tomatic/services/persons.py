"""Managing the team: profiles, groups and ideal loads."""

from __future__ import annotations

import re
from typing import Any

from tomatic.domain.errors import ConflictError, NotFoundError, ValidationError
from tomatic.domain.fields import FieldErrors
from tomatic.domain.model import COLOR_RE, EXTENSION_RE, PERSON_ID_RE, Person
from tomatic.domain.names import clean_name
from tomatic.ports import PersonStore
from tomatic.services.identity import IdentityService
from tomatic.services.linking import LinkService

ADMIN_ONLY_FIELDS = {"ideal_load", "groups", "extension"}
"""Fields only coordinators change: an extension decides whose calls (and customer cards)
reach someone and as whom they join the queue; groups make coordinators."""
EDITABLE_FIELDS = {"name", "email", "table", "color", "erp_user"} | ADMIN_ONLY_FIELDS
EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
MAX_EMAIL = 254
GROUP_RE = re.compile(r"^[a-z0-9_-]{2,20}$")
MAX_LOAD = 40


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

    async def check_new_id(self, person_id: str) -> str:
        """`person_id` if a new person may take it; else the error about it."""
        if not PERSON_ID_RE.match(person_id):
            raise ValidationError("person.bad_id", value=_echo(person_id))
        if await self.persons.get(person_id) is not None:
            raise ConflictError("person.exists", who=person_id)
        return person_id

    async def create(self, actor: Person | None, person_id: str, fields: dict[str, Any]) -> Person:
        """Add a person (coordinators only; `actor` None means the command line).

        Every field is checked; InvalidFieldsError names each wrong one."""
        if actor is not None:
            self.identity.require_admin(actor, "person.refused.create")
        errors = FieldErrors()
        try:
            await self.check_new_id(person_id)
        except (ValidationError, ConflictError) as error:
            errors.add("id", error)
        person = await self._validated(Person(id=person_id), fields, errors)
        errors.raise_if_any()
        await self.persons.save(person, actor.id if actor else "cli")
        return await self._linked(person)

    async def update(self, actor: Person, person_id: str, fields: dict[str, Any]) -> Person:
        """Change some fields of a profile; only coordinators edit others, extensions, groups
        or loads. Every field is checked; InvalidFieldsError names each wrong one."""
        subject = await self.get(person_id)
        self.identity.require_self_or_admin(actor, subject, "person.refused.other")
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError("person.bad_field", field=sorted(unknown)[0])
        for field in sorted(ADMIN_ONLY_FIELDS & set(fields)):
            if _cleaned(fields[field]) != getattr(subject, field):
                self.identity.require_admin(actor, f"person.refused.{field}")
        errors = FieldErrors()
        person = await self._validated(subject, fields, errors)
        errors.raise_if_any()
        await self.persons.save(person, actor.id)
        if person.email.lower() != subject.email.lower():
            return await self._linked(person)
        return person

    async def remove(self, actor: Person, person_id: str) -> Person:
        """Delete a person and their private links (coordinators only; never yourself)."""
        self.identity.require_admin(actor, "person.refused.remove")
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

    async def _validated(self, base: Person, fields: dict[str, Any], errors: FieldErrors) -> Person:
        values = {k: _cleaned(v) for k, v in fields.items()}
        if "name" in values:
            values["name"] = errors.check("name", lambda: clean_name(str(values["name"] or "")))
        if values.get("color"):
            values["color"] = str(values["color"]).lstrip("#").lower()
        for field, error in _format_errors(values):
            errors.add(field, error)
        await self._check_unique(base, values, errors)
        kept = {k: v for k, v in values.items() if k not in errors}
        return base.model_copy(update=kept)

    async def _check_unique(
        self, base: Person, values: dict[str, Any], errors: FieldErrors
    ) -> None:
        extension = values.get("extension")
        if extension and "extension" not in errors:
            other = await self.persons.by_extension(extension)
            if other is not None and other.id != base.id:
                errors.add(
                    "extension",
                    ConflictError("person.extension_taken", extension=extension, who=other.id),
                )
        email = values.get("email")
        if email and "email" not in errors:
            other = await self.persons.by_email(email)
            if other is not None and other.id != base.id:
                errors.add("email", ConflictError("person.email_taken", email=email, who=other.id))


def _cleaned(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _format_errors(values: dict[str, Any]) -> list[tuple[str, ValidationError]]:
    """Each field whose value has the wrong shape, with its error."""
    found = []
    checks = {
        "email": (EMAIL_RE, "person.bad_email"),
        "extension": (EXTENSION_RE, "person.bad_extension"),
        "color": (COLOR_RE, "person.bad_color"),
    }
    for field, (pattern, key) in checks.items():
        value = values.get(field)
        text = str(value or "")
        if text and (len(text) > MAX_EMAIL or not pattern.match(text)):
            found.append((field, ValidationError(key, value=_echo(text))))
    load = values.get("ideal_load")
    if load is not None and not (_is_int(load) and 0 <= load <= MAX_LOAD):
        found.append(("ideal_load", ValidationError("person.bad_load", value=_echo(load))))
    bad_groups = [g for g in values.get("groups") or [] if not GROUP_RE.match(str(g))]
    if bad_groups:
        found.append(("groups", ValidationError("person.bad_group", value=_echo(bad_groups[0]))))
    table = values.get("table")
    if table is not None and not (_is_int(table) and table >= -1):
        found.append(("table", ValidationError("person.bad_table", value=_echo(table))))
    return found


def _echo(value: Any, limit: int = 40) -> str:
    """A wrong value as an error message repeats it: long ones end in "…"."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
