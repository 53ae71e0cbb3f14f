"""Who is talking: Slack users, mentions and person ids resolved to persons."""

from __future__ import annotations

import re

from tomatic.domain.errors import NotFoundError, NotRegisteredError, PermissionDeniedError
from tomatic.domain.model import Person
from tomatic.i18n import normalise_language
from tomatic.ports import PersonStore, UserDirectory, UserInfo

MENTION_RE = re.compile(r"^<@([A-Z0-9]+)(\|[^>]*)?>$")
SLACK_ID_RE = re.compile(r"^[UW][A-Z0-9]{2,}$")


class IdentityService:
    """Binds Slack users to persons (by stored Slack id, else by e-mail) and checks roles."""

    def __init__(
        self, persons: PersonStore, directory: UserDirectory | None, default_language: str
    ) -> None:
        self.persons = persons
        self.directory = directory
        self.default_language = default_language
        self._locales: dict[str, str] = {}

    async def resolve(self, slack_user_id: str) -> Person:
        """The person behind a Slack user, remembered on first sight; NotRegisteredError if none."""
        person = await self.find(slack_user_id)
        if person is None:
            raise NotRegisteredError()
        return person

    async def find(self, slack_user_id: str) -> Person | None:
        """Like `resolve`, but None for unknown users."""
        person = await self.persons.by_slack_id(slack_user_id)
        info = await self._info(slack_user_id) if person is None or not person.language else None
        if person is None and info is not None and info.email:
            person = await self.persons.by_email(info.email)
            if person is not None and person.slack_user_id:
                person = None  # that e-mail already belongs to another Slack user
        if person is None:
            return None
        language = normalise_language(info.locale, "") if info else ""
        if person.slack_user_id != slack_user_id or (language and language != person.language):
            person = person.model_copy(
                update={"slack_user_id": slack_user_id, "language": language or person.language}
            )
            await self.persons.save(person, "slack")
        return person

    async def language_of(self, slack_user_id: str) -> str:
        """The user's language: their Slack locale, else the team's default."""
        if slack_user_id not in self._locales:
            info = await self._info(slack_user_id)
            self._locales[slack_user_id] = normalise_language(
                info.locale if info else None, self.default_language
            )
        return self._locales[slack_user_id]

    async def target(self, token: str | None, actor: Person) -> Person:
        """A mention `<@U…>`, a Slack id or a person id → that person (default: the actor)."""
        if not token:
            return actor
        match = MENTION_RE.match(token.strip())
        if match or SLACK_ID_RE.match(token.strip()):
            user_id = match.group(1) if match else token.strip()
            person = await self.find(user_id)
        else:
            person = await self.persons.get(token.strip().lower().lstrip("@"))
        if person is None:
            raise NotFoundError("person.unknown", who=token)
        return person

    @staticmethod
    def require_admin(actor: Person, refusal: str = "error.admins_only") -> None:
        """Raise unless the actor is a coordinator; `refusal` names the action refused."""
        if not actor.is_admin:
            raise PermissionDeniedError(refusal)

    @staticmethod
    def require_self_or_admin(
        actor: Person, subject: Person, refusal: str = "error.self_or_admin"
    ) -> None:
        """Raise unless the actor acts on themselves or is a coordinator."""
        if not actor.may_act_for(subject.id):
            raise PermissionDeniedError(refusal)

    async def _info(self, slack_user_id: str) -> UserInfo | None:
        if self.directory is None:
            return None
        info = await self.directory.lookup(slack_user_id)
        if info is not None:
            self._locales[slack_user_id] = normalise_language(info.locale, self.default_language)
        return info
