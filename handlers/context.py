"""What every listener needs: the services, the user, their language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tomatic.domain.model import Person
from tomatic.i18n import t
from tomatic.i18n.formats import localised_params
from tomatic.services import Services


@dataclass
class Reply:
    """An ephemeral answer: text (the notification fallback) and optional blocks."""

    text: str
    blocks: list[dict[str, Any]] | None = None


@dataclass
class Ctx:
    """One user interaction."""

    services: Services
    user_id: str
    lang: str
    args: list[str] = field(default_factory=list)
    rest: str = ""  # the text after the subcommand, line breaks kept
    trigger_id: str = ""
    channel_id: str = ""
    client: Any = None
    person: Person | None = None

    def t(self, key: str, **params: Any) -> str:
        """Translate into the user's language (dates and codes among the parameters as the
        language writes them: `tomatic.i18n.formats.localised_params`)."""
        return t(self.lang, key, **localised_params(self.lang, params))

    async def me(self) -> Person:
        """The acting person (NotRegisteredError for strangers)."""
        if self.person is None:
            self.person = await self.services.identity.resolve(self.user_id)
        return self.person
