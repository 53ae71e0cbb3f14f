"""Everyone reachable from day one: persons linked to their chat account by e-mail.

The link (the chat user id, with the account's language) is stored on the person when they
are added, imported or change e-mail, by `sync` for everybody (the `tomatic slack sync`
command and a daily job), and when someone types a command. A lookup that fails changes
nothing and is tried again at the next sync.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import structlog

from tomatic.domain.directory import LinkOutcome, LinkReport, LinkState
from tomatic.domain.errors import DirectoryUnavailableError, ValidationError
from tomatic.domain.model import Person
from tomatic.i18n import normalise_language
from tomatic.ports import PersonStore, UserDirectory

log = structlog.get_logger("tomatic.linking")
ACTOR = "slack-link"
QUIET_TIMEOUT_S = 1.5
"""How long adding a person waits for Slack: a modal submission must be answered in 3 s."""

Progress = Callable[[int, int, LinkOutcome], Any]


class LinkService:
    """Finds each person's chat account by e-mail and stores its id on them."""

    def __init__(
        self,
        persons: PersonStore,
        directory: UserDirectory | None,
        quiet_timeout_s: float = QUIET_TIMEOUT_S,
    ) -> None:
        self.persons = persons
        self.directory = directory
        self.quiet_timeout_s = quiet_timeout_s

    @property
    def enabled(self) -> bool:
        """Whether there is a chat directory to ask (none from a command line without Slack)."""
        return self.directory is not None

    async def link(self, person: Person, dry_run: bool = False) -> tuple[LinkOutcome, Person]:
        """Look the person's e-mail up and store the account found; what happened, and the
        person as stored after it."""
        if self.directory is None:
            raise ValidationError("slack.not_configured")
        if not person.email:
            return LinkOutcome(person.id, "", "no_email", person.slack_user_id), person
        try:
            match = await self.directory.by_email(person.email)
        except DirectoryUnavailableError as error:
            reason = str(error.params.get("reason") or "unavailable")
            log.warning("slack lookup failed", person=person.id, reason=reason)
            return LinkOutcome(person.id, person.email, "failed", detail=reason), person
        outcome = LinkOutcome(person.id, person.email, "unknown", person.slack_user_id)
        if match.found == "unknown":
            return outcome, person  # a link made before (a command typed) stays
        if match.found == "deactivated":
            outcome = LinkOutcome(person.id, person.email, "deactivated", match.user_id)
            return outcome, await self._store(person, "", person.language, dry_run)
        other = await self.persons.by_slack_id(match.user_id)
        if other is not None and other.id != person.id:
            detail = other.id
            return LinkOutcome(person.id, person.email, "taken", match.user_id, detail), person
        state: LinkState = "unchanged" if person.slack_user_id == match.user_id else "linked"
        language = normalise_language(match.locale, "") or person.language
        stored = await self._store(person, match.user_id, language, dry_run)
        return LinkOutcome(person.id, person.email, state, match.user_id), stored

    async def link_quietly(self, person: Person) -> Person:
        """Link a person just added or given a new e-mail, if Slack is at hand and answers
        within `quiet_timeout_s` (a modal is waiting); failures and delays only log (the next
        sync tries again). The person as stored after it."""
        if self.directory is None:
            return person
        try:
            outcome, stored = await asyncio.wait_for(self.link(person), self.quiet_timeout_s)
        except TimeoutError:
            log.warning("slack link timed out", person=person.id)
            return person
        log.info("slack link", person=person.id, state=outcome.state)
        return stored

    async def sync(
        self,
        dry_run: bool = False,
        only_unlinked: bool = False,
        on_progress: Progress | None = None,
    ) -> LinkReport:
        """Link everybody (or only those without a link), one lookup each, in id order."""
        if self.directory is None:
            raise ValidationError("slack.not_configured")
        everyone = await self.persons.all()
        if only_unlinked:
            everyone = [p for p in everyone if not p.slack_user_id]
        report = LinkReport(dry_run=dry_run)
        for index, person in enumerate(everyone, start=1):
            outcome, _ = await self.link(person, dry_run)
            report.outcomes.append(outcome)
            if on_progress is not None:
                on_progress(index, len(everyone), outcome)
        log.info("slack sync", dry_run=dry_run, people=len(everyone), **report.counts)
        return report

    async def _store(self, person: Person, user_id: str, language: str, dry_run: bool) -> Person:
        if (person.slack_user_id, person.language) == (user_id, language):
            return person
        changed = person.model_copy(update={"slack_user_id": user_id, "language": language})
        if not dry_run:
            await self.persons.save(changed, ACTOR)
        return changed
